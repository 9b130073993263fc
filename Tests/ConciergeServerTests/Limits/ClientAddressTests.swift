@testable import ConciergeServer
import Testing

/// The names per-address limits count clients under.
struct ClientAddressTests {
    static let cases: [(numeric: String, key: String)] = [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:a:b:c:d", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::1", "::/64"),
        ("unknown", "unknown"),
    ]

    @Test(arguments: cases)
    func anIPv4ClientCountsByItsAddressAndAnIPv6ClientByItsSlash64(_ c: (numeric: String, key: String)) {
        #expect(ClientAddress.key(c.numeric) == c.key)
    }
}
