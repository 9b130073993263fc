import ConciergeKit
@testable import ConciergeServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bounded flood for the bridge's tests: raw connections from a few loopback addresses, each
/// sent the same opening bytes and then, once ``dribble(every:)`` is called, one more byte at a
/// time (a slowloris). Loopback only, only as many connections as asked, and only until ``stop()``.
final class Flood: Sendable {
    /// The flood's connections, admitted or not (the bridge closes the ones it turns away).
    let descriptors: [Int32]
    private let dribbler = WorkerThread("flood-dribble")

    /// Loopback addresses other than 127.0.0.1 (the shopper's): 127.0.0.`first`, and on.
    static func addresses(_ count: Int, from first: Int = 2) -> [String] {
        (first..<(first + count)).map { "127.0.0.\($0)" }
    }

    /// Opens `perAddress` connections from each of `addresses` to the bridge on `port`, and
    /// sends `opening` on each.
    init(port: Int, addresses: [String], perAddress: Int, opening: String) throws {
        var descriptors: [Int32] = []
        for _ in 0..<perAddress {
            for address in addresses {
                let fd = try TestClient.connect(port: port, from: address)
                _ = Array(opening.utf8).withUnsafeBytes { Socket.send(fd, $0) }
                descriptors.append(fd)
            }
        }
        self.descriptors = descriptors
    }

    /// Sends one more byte on every connection each `interval` seconds, until ``stop()``.
    func dribble(every interval: Double = 1) {
        let descriptors = self.descriptors
        dribbler.start { [dribbler] in
            while dribbler.sleep(until: Date(timeIntervalSinceNow: interval)) {
                for fd in descriptors { _ = [UInt8(ascii: "x")].withUnsafeBytes { Socket.send(fd, $0) } }
            }
        }
    }

    /// How many of the flood's connections the bridge has neither answered nor closed.
    func held() -> Int {
        descriptors.filter { fd in
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            return poll(&p, 1, 0) == 0
        }.count
    }

    /// Ends the flood: stops dribbling and closes every connection.
    func stop() {
        dribbler.stopAndWait()
        for fd in descriptors { close(fd) }
    }
}
