import ConciergeKit
import CEpoll
import Foundation
import Glibc

/// One HTTP connection on an ``EventLoop``: it reads requests as their bytes arrive (within the
/// bridge's sizes and deadlines), answers them in the order they came, keeps a connection alive
/// between requests, and writes what the socket takes, keeping the rest until it is writable.
/// Once a request asks for an event stream, it sends the stream's events as its source wakes it,
/// and a keep-alive comment when it has been quiet for a while.
///
/// Waiting costs nothing but the descriptor and the buffers: each deadline (the head's, the
/// body's, the idle connection's, a stalled write's, the next heartbeat) is a timer on the loop.
/// Only the owning loop touches a connection, so it needs no lock.
final class HTTPConnection: LoopChannel {
    /// Sizes and times a connection keeps to.
    struct Limits: Sendable {
        var maximumHeaderBytes: Int
        var maximumBodyBytes: Int
        /// Seconds, as the errors quote them.
        var headerTimeout: Double
        var bodyTimeout: Double
        /// Nanoseconds on the loop's clock.
        var header: UInt64
        var body: UInt64
        var idle: UInt64
        var write: UInt64
        var heartbeat: UInt64
        var maximumUnsentBytes: Int
        var streamsPerSession: Int

        init(_ c: HTTPBridge.Configuration) {
            maximumHeaderBytes = c.maximumHeaderBytes
            maximumBodyBytes = c.maximumBodyBytes
            headerTimeout = c.headerTimeout
            bodyTimeout = c.bodyTimeout
            header = Self.nanoseconds(c.headerTimeout)
            body = Self.nanoseconds(c.bodyTimeout)
            idle = Self.nanoseconds(c.idleTimeout)
            write = Self.nanoseconds(c.writeTimeout)
            heartbeat = Self.nanoseconds(c.heartbeatInterval)
            maximumUnsentBytes = c.maximumUnsentBytes
            streamsPerSession = c.maximumStreamsPerSession
        }

        private static func nanoseconds(_ seconds: Double) -> UInt64 {
            UInt64(max(0, min(seconds, 1e9)) * 1e9)
        }
    }

    /// Unsent bytes past which a client's next pipelined request waits for it to read what it
    /// was sent: the answers to a client that pipelines but reads slowly pile up no further.
    static let pipelineWindow = 64 * 1024
    /// How long a connection closed after an error goes on reading what the client still sends,
    /// so the error isn't lost to a reset; and how much of it.
    static let linger: UInt64 = 1_000_000_000
    static let lingerBytes = 1 << 20

    let fd: Int32
    /// The client's address as per-address limits count it (see ``ClientAddress``).
    let peer: String
    /// The connection's slot in the bridge's ``ConnectionSlots``.
    let slot: Int
    var registration = ChannelRegistration()
    private let bridge: HTTPBridge
    private let limits: Limits
    private var reader: HTTPRequestReader
    private var output = OutputQueue()

    private enum Phase {
        /// Reading requests and answering them.
        case requests
        /// Sending an event stream.
        case streaming(Stream)
        /// Answered for the last time: closes once the output is written; `graceful` after an
        /// error, by stopping sending and reading what the client still sends for a moment.
        case closing(graceful: Bool)
        /// Output written and sending shut down after an error: reading until the client closes,
        /// `until` passes or it has sent `lingerBytes` more.
        case lingering(until: UInt64, drained: Int)
    }

    /// An open event stream.
    private struct Stream {
        let source: any EventSource
        var cursor: EventCursor
        /// When an event or a keep-alive comment was last sent (monotonic nanoseconds).
        var lastSent: UInt64
    }

    private var phase = Phase.requests
    /// Requests answered so far.
    private var answered = 0
    /// When the request being read began: on connecting for the first, at its first byte for
    /// the next ones (monotonic nanoseconds).
    private var requestStarted: UInt64
    /// When the head of the request being read was complete.
    private var bodyStarted: UInt64 = 0
    /// When the last answer was handed over: a kept-alive connection idles from then.
    private var idleSince: UInt64
    /// When the output last moved (or began to wait): a client that takes nothing for the write
    /// timeout is let go.
    private var lastWritten: UInt64 = 0
    /// The client has finished sending.
    private var peerDone = false

    init(fd: Int32, peer: String, slot: Int, bridge: HTTPBridge, limits: Limits, now: UInt64) {
        self.fd = fd
        self.peer = peer
        self.slot = slot
        self.bridge = bridge
        self.limits = limits
        reader = HTTPRequestReader(maximumHeaderBytes: limits.maximumHeaderBytes, maximumBodyBytes: limits.maximumBodyBytes)
        requestStarted = now
        idleSince = now
    }

    /// Starts serving on `loop`: a first request is due within the header deadline.
    func open(on loop: EventLoop) {
        loop.register(self, interest: UInt32(EPOLLIN.rawValue))
        scheduleNext(on: loop)
    }

    // MARK: LoopChannel

    func ready(_ events: UInt32, on loop: EventLoop) {
        if events & UInt32(EPOLLOUT.rawValue) != 0 { flush(on: loop) }
        if registration.isOpen && events & UInt32(EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            receive(on: loop)
        }
    }

    func flush(on loop: EventLoop) {
        guard registration.isOpen else { return }
        if !output.isEmpty {
            let before = output.count
            switch output.flush(to: fd) {
            case .failed: return shut(on: loop)
            case .blocked, .done: if output.count < before { lastWritten = loop.now }
            }
        }
        guard output.isEmpty else { return watch(on: loop) }
        switch phase {
        case .closing(let graceful):
            guard graceful else { return shut(on: loop) }
            // After an error the request may be unread: stop sending, and read on for a moment
            // so the client gets the answer instead of a reset.
            shutdown(fd, Int32(SHUT_WR))
            phase = .lingering(until: loop.now + Self.linger, drained: 0)
            watch(on: loop)
        case .requests:
            // Requests held back while the client caught up with its answers go on now.
            serveRequests(on: loop)
        case .streaming, .lingering:
            watch(on: loop)
        }
    }

    func deadlinePassed(on loop: EventLoop) {
        let now = loop.now
        // A client that takes nothing of what it was sent for the write timeout is let go.
        if !output.isEmpty && now &- lastWritten >= limits.write { return shut(on: loop) }
        switch phase {
        case .requests where output.count < Self.pipelineWindow && !peerDone:
            switch reader.progress {
            case .idle:
                // Nothing of a next request: a new connection that said nothing, or a kept-alive
                // one idle too long, is closed without an answer.
                if now >= (answered == 0 ? requestStarted + limits.header : idleSince + limits.idle) { return shut(on: loop) }
            case .head:
                if now >= requestStarted + limits.header { return fail(.headersTimedOut(seconds: limits.headerTimeout), on: loop) }
            case .body:
                if now >= bodyStarted + limits.body { return fail(.bodyTimedOut(seconds: limits.bodyTimeout), on: loop) }
            }
        case .streaming(let stream) where now >= stream.lastSent + limits.heartbeat:
            // Keeps proxies from timing the stream out, and finds clients that have gone. The
            // source is asked too, in case a wake-up was missed.
            streamWoken(on: loop)
            guard case .streaming(var stream) = phase, now >= stream.lastSent + limits.heartbeat else { return scheduleNext(on: loop) }
            stream.lastSent = now
            phase = .streaming(stream)
            send(Array(": keep-alive\n\n".utf8), on: loop)
        case .lingering(let until, _) where now >= until:
            return shut(on: loop)
        default:
            break
        }
        scheduleNext(on: loop)
    }

    func stop(on loop: EventLoop) {
        endStream()
        guard !output.isEmpty else { return shut(on: loop) }
        phase = .closing(graceful: false)
        watch(on: loop)
    }

    func close(on loop: EventLoop) {
        shut(on: loop)
    }

    // MARK: Reading requests

    private func receive(on loop: EventLoop) {
        let buffer = loop.readBuffer
        let n = read(fd, buffer.baseAddress, buffer.count)
        if n < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
            return shut(on: loop)
        }
        if n == 0 { return endOfInput(on: loop) }
        switch phase {
        case .requests:
            if reader.progress == .idle && answered > 0 { requestStarted = loop.now }
            reader.append(UnsafeBufferPointer(rebasing: buffer[0..<n]))
            serveRequests(on: loop)
        case .streaming, .closing:
            // A stream's client has nothing more to say, nor has one being let go: dropped.
            break
        case .lingering(let until, let drained):
            if drained + n > Self.lingerBytes { return shut(on: loop) }
            phase = .lingering(until: until, drained: drained + n)
        }
    }

    /// The client has finished sending: what it sent in full is answered, then the connection
    /// closes; a request cut off halfway is refused.
    private func endOfInput(on loop: EventLoop) {
        peerDone = true
        switch phase {
        case .requests: serveRequests(on: loop)
        case .streaming, .lingering: shut(on: loop)
        case .closing: watch(on: loop)
        }
    }

    /// Answers the complete requests received, in order, while the client keeps up with its
    /// answers; then waits for more bytes, or for the client to read.
    private func serveRequests(on loop: EventLoop) {
        while case .requests = phase, output.count < Self.pipelineWindow, registration.isOpen {
            switch reader.next() {
            case .request(let request):
                answer(request, on: loop)
            case .failed(let error):
                fail(error, on: loop)
            case .incomplete:
                if peerDone {
                    switch reader.progress {
                    case .idle: phase = .closing(graceful: false)
                    case .head: fail(.badRequest("the connection closed mid-request"), on: loop)
                    case .body: fail(.badRequest("the connection closed before the body ended"), on: loop)
                    }
                    if output.isEmpty { return flush(on: loop) }
                } else if reader.progress == .body && bodyStarted < requestStarted {
                    bodyStarted = loop.now
                }
                watch(on: loop)
                return scheduleNext(on: loop)
            }
        }
        guard registration.isOpen else { return }
        watch(on: loop)
        scheduleNext(on: loop)
    }

    private func answer(_ request: HTTPRequest, on loop: EventLoop) {
        guard bridge.enter(.answering, slot) else { return shut(on: loop) }
        let outcome = bridge.respond(to: request, peer: peer)
        guard bridge.enter(.waiting, slot) else { return shut(on: loop) }
        answered += 1
        let now = MonotonicClock.nanoseconds()
        idleSince = now
        // A pipelined request already (partly) here began now.
        requestStarted = now
        bodyStarted = 0
        switch outcome {
        case .response(let response):
            let keepAlive = request.keepAlive && !bridge.isStopping
            send(response.serialized(keepAlive: keepAlive, omitBody: request.method == "HEAD"), on: loop)
            if !keepAlive { phase = .closing(graceful: false) }
        case .stream(let source, let after, let headers):
            switch bridge.startStream(slot) {
            case .started:
                beginStream(source, after: after, headers: headers, on: loop)
            case .tooManyFromAddress:
                var refusal = HTTPResponse.error(.tooManyStreams(limit: bridge.configuration.maximumStreamsPerAddress))
                refusal.headers += headers
                send(refusal.serialized(keepAlive: request.keepAlive), on: loop)
                if !request.keepAlive { phase = .closing(graceful: false) }
            case .gone:
                shut(on: loop)
            }
        }
    }

    /// Answers with `error` and closes gracefully: the request may not have been read in full.
    private func fail(_ error: HTTPError, on loop: EventLoop) {
        send(HTTPResponse.error(error).serialized(keepAlive: false), on: loop)
        phase = .closing(graceful: true)
        watch(on: loop)
    }

    // MARK: Event streams

    private func beginStream(_ source: any EventSource, after: Int, headers: [(name: String, value: String)], on loop: EventLoop) {
        let token = loop.token(for: self)
        let wake: @Sendable () -> Void = { [loop] in
            loop.post(.run { loop in (loop.channel(for: token) as? HTTPConnection)?.streamWoken(on: loop) })
        }
        let (cursor, first) = source.openStream(after: after, limit: limits.streamsPerSession, wake: wake)
        var out = HTTPResponse.eventStreamHead(extraHeaders: headers)
        out += Array("retry: 2000\n\n".utf8)
        for event in first { out += HTTPBridge.frame(event) }
        phase = .streaming(Stream(source: source, cursor: cursor, lastSent: loop.now))
        send(out, on: loop)
        // The source may have ended meanwhile (the chat closed on another loop): it then has
        // no wake-up left to give, so ask it now.
        streamWoken(on: loop)
    }

    /// The stream's source has something new, or wants the stream to end.
    private func streamWoken(on loop: EventLoop) {
        guard case .streaming(var stream) = phase else { return }
        guard let (next, fresh) = stream.source.events(since: stream.cursor, at: bridge.clock()) else {
            // Ended by the source (the chat closed, a newer stream took its place): the client
            // gets what was sent, then the connection closes.
            endStream()
            phase = .closing(graceful: false)
            return flush(on: loop)
        }
        stream.cursor = next
        if !fresh.isEmpty { stream.lastSent = loop.now }
        phase = .streaming(stream)
        if !fresh.isEmpty { send(fresh.flatMap(HTTPBridge.frame), on: loop) }
        scheduleNext(on: loop)
    }

    /// Tells the source a stream is over, if one is open.
    private func endStream() {
        guard case .streaming(let stream) = phase else { return }
        stream.source.closeStream(stream.cursor, at: bridge.clock())
        phase = .closing(graceful: false)
    }

    // MARK: Writing and closing

    /// Queues `bytes`, to be written at the end of the loop's turn; a client that lets more than
    /// the limit pile up is let go.
    private func send(_ bytes: [UInt8], on loop: EventLoop) {
        if output.isEmpty { lastWritten = loop.now }
        output.append(bytes)
        if output.count > limits.maximumUnsentBytes { return shut(on: loop) }
        loop.flushSoon(self)
    }

    /// Watches for what the connection needs now: requests (unless held back while the client
    /// reads its answers), the client leaving a stream, the last bytes after an error, and
    /// writability while output waits.
    private func watch(on loop: EventLoop) {
        guard registration.isOpen else { return }
        var wanted: UInt32 = 0
        switch phase {
        case .requests: if !peerDone && output.count < Self.pipelineWindow { wanted |= UInt32(EPOLLIN.rawValue) }
        case .streaming, .lingering: wanted |= UInt32(EPOLLIN.rawValue)
        case .closing: break
        }
        if !output.isEmpty { wanted |= UInt32(EPOLLOUT.rawValue) }
        loop.setInterest(self, wanted)
    }

    /// Arms the connection's next deadline.
    private func scheduleNext(on loop: EventLoop) {
        guard registration.isOpen else { return }
        var next = UInt64.max
        if !output.isEmpty { next = lastWritten + limits.write }
        switch phase {
        case .requests where output.count < Self.pipelineWindow && !peerDone:
            switch reader.progress {
            case .idle: next = min(next, answered == 0 ? requestStarted + limits.header : idleSince + limits.idle)
            case .head: next = min(next, requestStarted + limits.header)
            case .body: next = min(next, bodyStarted + limits.body)
            }
        case .streaming(let stream):
            next = min(next, stream.lastSent + limits.heartbeat)
        case .lingering(let until, _):
            next = min(next, until)
        default:
            break
        }
        if next != .max { loop.schedule(self, at: next) }
    }

    /// Closes now: the stream (if any) is told, the slot freed, then the descriptor closed (in
    /// that order, so the bridge never shuts down a descriptor that was reused).
    private func shut(on loop: EventLoop) {
        guard registration.isOpen else { return }
        endStream()
        bridge.release(slot)
        loop.close(self)
    }
}
