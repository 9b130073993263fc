import ConciergeKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One accepted TCP connection: reads requests within the bridge's size and time limits and
/// writes responses. Handed from the accepting thread to one worker thread, which alone uses it
/// (so it is not `Sendable`: it is sent, once, to the thread).
final class HTTPConnection {
    /// What reading the next request gave.
    enum Next {
        case request(HTTPRequest)
        /// The client closed the connection, or kept it idle past the limit, between requests.
        case closed
        /// The request broke a limit or could not be read: answer with the error, then close.
        case failed(HTTPError)
    }

    /// Sizes and times a request must keep to.
    struct Limits: Sendable {
        var maximumHeaderBytes: Int
        var maximumBodyBytes: Int
        /// How long a kept-alive connection may wait for the first byte of its next request.
        var idleTimeout: Double
        /// How long the request line and headers may take: from connecting for the first
        /// request, from its first byte for the next ones (slow clients are cut off).
        var headerTimeout: Double
        /// How long the body may take once the headers are in.
        var bodyTimeout: Double
    }

    let fd: Int32
    /// The client's address as per-address limits count it (see ``ClientAddress``).
    let peer: String
    /// The connection's slot in the bridge's ``ConnectionSlots``.
    let slot: Int
    /// When the connection was accepted (monotonic seconds): its first request is due within
    /// the header deadline of it.
    private let acceptedAt: Double
    private var requests = 0
    private var buffer: [UInt8] = []

    init(fd: Int32, peer: String, slot: Int, writeTimeout: Double) {
        self.fd = fd
        self.peer = peer
        self.slot = slot
        acceptedAt = MonotonicClock.seconds()
        var tv = timeval(tv_sec: Int(writeTimeout), tv_usec: Int((writeTimeout - Double(Int(writeTimeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads the next request, with its body.
    func next(_ limits: Limits) -> Next {
        // A connection's first request is due within the header deadline of connecting, so one
        // that says nothing, or starts late and then trickles, holds its slot no longer than
        // that; a kept-alive one may wait `idleTimeout` first.
        var headDeadline: Double? = requests == 0 ? acceptedAt + limits.headerTimeout : nil
        var headEnd: Int?
        while true {
            if let end = Self.find(buffer, [13, 10, 13, 10]) {
                headEnd = end
                break
            }
            if buffer.count > limits.maximumHeaderBytes { return .failed(.headersTooLarge(limit: limits.maximumHeaderBytes)) }
            if headDeadline == nil && !buffer.isEmpty { headDeadline = MonotonicClock.seconds() + limits.headerTimeout }
            let wait = headDeadline.map { $0 - MonotonicClock.seconds() } ?? limits.idleTimeout
            switch receive(timeout: wait) {
            case .data:
                continue
            case .closed:
                return buffer.isEmpty ? .closed : .failed(.badRequest("the connection closed mid-request"))
            case .timedOut:
                return buffer.isEmpty ? .closed : .failed(.headersTimedOut(seconds: limits.headerTimeout))
            }
        }
        guard let headEnd else { return .closed }
        if headEnd > limits.maximumHeaderBytes { return .failed(.headersTooLarge(limit: limits.maximumHeaderBytes)) }
        var request: HTTPRequest
        let length: Int
        do {
            request = try HTTPRequest.parseHead(buffer[0..<headEnd])
            length = try request.contentLength()
        } catch {
            return .failed(error)
        }
        if length > limits.maximumBodyBytes { return .failed(.bodyTooLarge(limit: limits.maximumBodyBytes)) }
        let bodyStart = headEnd + 4
        let bodyDeadline = MonotonicClock.seconds() + limits.bodyTimeout
        while buffer.count < bodyStart + length {
            switch receive(timeout: bodyDeadline - MonotonicClock.seconds()) {
            case .data: continue
            case .closed: return .failed(.badRequest("the connection closed before the body ended"))
            case .timedOut: return .failed(.bodyTimedOut(seconds: limits.bodyTimeout))
            }
        }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        requests += 1
        return .request(request)
    }

    /// Writes all of `bytes`; false when the client is gone or stopped reading.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        Socket.writeAll(fd, bytes)
    }

    /// Whether the client has closed its side (or sent something while none was expected),
    /// without blocking. Used by event streams between writes.
    func peerClosed() -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Closes after an error answer: stops sending, then reads and drops what the client is still
    /// sending for a moment, so the answer is not lost to a reset.
    func closeGracefully() {
        shutdown(fd, Int32(SHUT_WR))
        let until = MonotonicClock.seconds() + 1
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var drained = 0
        while drained < 1 << 20 {
            let left = until - MonotonicClock.seconds()
            guard left > 0 else { break }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000)) > 0 else { break }
            let n = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n <= 0 { break }
            drained += n
        }
        Glibc.close(fd)
    }

    func close() {
        Glibc.close(fd)
    }

    private enum Received { case data, closed, timedOut }

    private func receive(timeout: Double) -> Received {
        guard timeout > 0 else { return .timedOut }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Int32(min(timeout, 3600) * 1000))
        if ready < 0 { return errno == EINTR ? .data : .closed }
        if ready == 0 { return .timedOut }
        var chunk = [UInt8](repeating: 0, count: 8192)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if n < 0 && (errno == EINTR || errno == EAGAIN) { return .data }
        if n <= 0 { return .closed }
        buffer.append(contentsOf: chunk[0..<n])
        return .data
    }

    private static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i + 1] == needle[1] && haystack[i + 2] == needle[2] && haystack[i + 3] == needle[3] {
                return i
            }
            i += 1
        }
        return nil
    }
}
