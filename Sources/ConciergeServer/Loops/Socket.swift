import Glibc

/// The few socket calls a server needs, over Glibc: listening, accepting, connecting, and the
/// options that matter for a line protocol (non-blocking descriptors, no Nagle delay).
///
/// Shared by the bridges that speak to sockets (`serve`, the browser bridge): each call either
/// does its job or throws a ``SocketError`` naming the call and the system's reason. Descriptors
/// are plain `Int32`s owned by the caller, who closes them with `close(_:)`.
enum Socket {
    /// Opens a TCP socket listening on `host`:`port`.
    /// - Parameters:
    ///   - host: a numeric address (`127.0.0.1`, `0.0.0.0`, `::1`, `::`) or a name such as `localhost`.
    ///   - port: the port; 0 picks a free one (read it back from the result).
    ///   - backlog: how many connections may wait to be accepted.
    /// - Returns: the non-blocking listening descriptor and the port it is bound to.
    /// - Throws: ``SocketError`` when the address can't be resolved, or the port is taken.
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws(SocketError) -> (fd: Int32, port: Int) {
        let address = try resolve(host: host, port: port, passive: true)
        let fd = socket(Int32(address.family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket", host: host, port: port) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.storage.withSockaddr { bind(fd, $0, address.length) }
        guard bound == 0 else {
            let error = SocketError("bind", host: host, port: port)
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError("listen", host: host, port: port)
            close(fd)
            throw error
        }
        return (fd, localPort(fd))
    }

    /// Accepts one waiting connection as a non-blocking descriptor with `TCP_NODELAY` set.
    /// - Returns: nil when none is waiting (or the one that was gave up before it was accepted).
    /// - Throws: ``SocketError`` on a failure that accepting again won't cure (such as running
    ///   out of descriptors), so the caller can log it and back off.
    static func accept(_ listener: Int32) throws(SocketError) -> (fd: Int32, peer: String)? {
        while true {
            // accept4 would save two calls, but the Glibc module doesn't expose it.
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
            }
            if fd >= 0 {
                do {
                    try setNonBlocking(fd)
                } catch {
                    close(fd)
                    continue
                }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                setNoDelay(fd)
                return (fd, numericAddress(of: &storage))
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO: return nil
            default: throw SocketError("accept")
            }
        }
    }

    /// The numeric address of a peer ("127.0.0.1", "::1"), for per-address limits.
    static func numericAddress(of address: inout sockaddr_storage) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, socklen_t(MemoryLayout<sockaddr_storage>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
            }
        }
        return rc == 0 ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
    }

    /// Writes all of `bytes` to a blocking `fd` (a socket or a pipe), retrying short writes and
    /// interruptions; false when the other side is gone. Never raises SIGPIPE on sockets.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], socket: Bool = true) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                socket ? Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                    : Glibc.write(fd, raw.baseAddress! + sent, raw.count - sent)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Connects to `host`:`port` (blocking), with `TCP_NODELAY` set; for clients, tests and benchmarks.
    static func connect(host: String, port: Int) throws(SocketError) -> Int32 {
        let address = try resolve(host: host, port: port, passive: false)
        let fd = socket(Int32(address.family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket", host: host, port: port) }
        while true {
            if address.storage.withSockaddr({ Glibc.connect(fd, $0, address.length) }) == 0 { break }
            if errno == EINTR { continue }
            let error = SocketError("connect", host: host, port: port)
            close(fd)
            throw error
        }
        setNoDelay(fd)
        return fd
    }

    /// Makes `fd` non-blocking: reads and writes return `EAGAIN` instead of waiting.
    static func setNonBlocking(_ fd: Int32) throws(SocketError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw SocketError("fcntl(O_NONBLOCK)") }
    }

    /// Sends small writes at once instead of waiting to fill a packet: a line protocol answers
    /// line by line, and Nagle's delay would add tens of milliseconds to each answer.
    static func setNoDelay(_ fd: Int32) {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The local port `fd` is bound to.
    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return 0 }
        return withUnsafeBytes(of: storage) { raw in
            // sin_port and sin6_port sit at the same offset, in network byte order.
            Int(UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self)))
        }
    }

    /// Writes to a socket without raising `SIGPIPE` if the peer has gone (the call fails with
    /// `EPIPE` instead).
    /// - Returns: the bytes written, or -1 with `errno` set (`EAGAIN` when the socket is full).
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
    }

    /// Ignores `SIGPIPE` process-wide, so a write to a closed pipe or socket fails with `EPIPE`
    /// instead of ending the process.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    private struct Address {
        var family: Int32
        var storage: sockaddr_storage
        var length: socklen_t
    }

    private static func resolve(host: String, port: Int, passive: Bool) throws(SocketError) -> Address {
        guard (0...65_535).contains(port) else { throw SocketError(message: "port \(port) is out of range; use 0 to 65535") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SocketError(message: "can't resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        let length = min(first.pointee.ai_addrlen, socklen_t(MemoryLayout<sockaddr_storage>.size))
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(length)))
        }
        return Address(family: first.pointee.ai_family, storage: storage, length: length)
    }
}

/// A socket call that failed, with the system's reason: `bind 127.0.0.1:8080: Address already in use`.
public struct SocketError: Error, CustomStringConvertible {
    public var description: String
    /// The system's reason alone (`Address already in use`).
    var reason: String

    /// Describes the failed `call` with the current `errno`.
    init(_ call: String, host: String? = nil, port: Int? = nil) {
        let reason = String(cString: strerror(errno))
        self.reason = reason
        if let host, let port {
            let hint = errno == EADDRINUSE ? "; pick another port with --port, or stop what is using it" : ""
            description = "\(call) \(host):\(port): \(reason)\(hint)"
        } else {
            description = "\(call): \(reason)"
        }
    }

    init(message: String) {
        description = message
        reason = message
    }
}

extension sockaddr_storage {
    /// Calls `body` with a pointer to this address as the generic `sockaddr` the socket calls take.
    fileprivate func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>) -> R) -> R {
        withUnsafePointer(to: self) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
    }
}
