import Glibc

/// The name per-address limits count a client under: its IPv4 address, or the /64 network of its
/// IPv6 address. One subscriber or host is given a whole /64 and may use any address in it, so
/// counting IPv6 addresses one by one would give a single client billions of shares.
enum ClientAddress {
    /// The key for a peer's numeric address (as ``Socket/numericAddress(of:)`` gives it):
    /// `203.0.113.7` stays as it is, `::ffff:203.0.113.7` is `203.0.113.7`, and
    /// `2001:db8:1:2:a:b:c:d` is `2001:db8:1:2::/64`. Anything unreadable stays as it is.
    static func key(_ numeric: String) -> String {
        guard numeric.contains(":") else { return numeric }
        let address = numeric.split(separator: "%", maxSplits: 1).first.map(String.init) ?? numeric
        var bytes = in6_addr()
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return numeric }
        var raw = withUnsafeBytes(of: bytes) { Array($0) }
        // An IPv4 client reaching a dual-stack listener: count it by its IPv4 address.
        if raw[0..<10].allSatisfy({ $0 == 0 }), raw[10] == 0xFF, raw[11] == 0xFF {
            return raw[12..<16].map(String.init).joined(separator: ".")
        }
        for i in 8..<16 { raw[i] = 0 }
        var network = in6_addr()
        withUnsafeMutableBytes(of: &network) { $0.copyBytes(from: raw) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &network, &text, socklen_t(text.count)) != nil else { return numeric }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/64"
    }
}
