import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket to a server on this machine, for the tests' and the load generators'
/// clients: connected from a loopback address of the caller's choice (127.0.0.2, …), so the
/// server sees another client address, with Nagle's delay off.
public enum LoopbackSocket {
    /// Why a connection could not be made.
    public struct ConnectError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A socket connected to 127.0.0.1:`port` from `source`.
    /// - Parameter receiveBuffer: a small receive buffer (bytes), set before connecting so the
    ///   window the server sees is small from the start: a client that reads slowly or not at all.
    public static func connect(port: Int, from source: String = "127.0.0.1", receiveBuffer: Int32? = nil) throws(ConnectError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        let connected = bound == 0 && withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, size) }
        } == 0
        guard connected else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ConnectError(description: "can't connect to port \(port) from \(source): \(reason)")
        }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }
}
