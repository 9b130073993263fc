import ConciergeKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves the chat to browsers: the demo shop's page, the embeddable widget, a small JSON API on
/// the same ``SessionHub`` sessions as the line protocol, and a Server-Sent Events stream of each
/// session's messages.
///
/// Each browser session is one shopper connection on the hub, never trusted with an identity: a
/// shopper verifies an order with its number and e-mail as on any connection. The bridge keeps no
/// table of sessions: the hub's table holds each browser's ``WebSession`` on its connection. HTTP
/// connections run on event loops (``EventLoop``), the line protocol's when the bridge runs beside
/// it: a connection waiting for its client, or an idle event stream, holds a descriptor and a
/// small buffer, never a thread. Limits on sizes, times, rates and counts keep one client from
/// holding the rest up. The connection slots are shared fairly among addresses
/// (``ConnectionSlots``): a request must arrive within its deadlines, one address holds a bounded
/// number of connections and event streams, and when every slot is taken a newcomer takes one from
/// the address holding the most, so a flood from a few addresses can't keep a shopper out.
///
/// Pushes (an agent's reply, a place in the queue) come from ``SessionHub/poll(at:)``. Standing
/// alone, the bridge polls the hub itself every `pollInterval`; inside `concierge serve`, which
/// polls for its own connections, set `pollInterval` to nil and hand every delivery to
/// ``route(_:)``, which keeps the bridge's and returns the rest.
public final class HTTPBridge: Sendable {
    /// Where to listen and the limits to keep.
    public struct Configuration: Sendable {
        /// The address to listen on; the loopback interface unless told otherwise.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one (see ``HTTPBridge/port``).
        public var port = 8080
        public var maximumBodyBytes = 16 * 1024
        public var maximumHeaderBytes = 8 * 1024
        /// Seconds a kept-alive connection may wait for its next request.
        public var idleTimeout = 15.0
        /// Seconds the request line and headers may take (408 past it): counted from connecting
        /// for a connection's first request, so a connection that says nothing or trickles its
        /// head a byte at a time is let go, and from the first byte for the next ones.
        public var headerTimeout = 10.0
        /// Seconds a body may take once its headers are in (408 past it).
        public var bodyTimeout = 10.0
        /// Seconds a response, or an event, may wait for the client to take it.
        public var writeTimeout = 10.0
        /// Bytes of responses and events a connection may leave unread (past it, it is closed):
        /// a client that doesn't read can't make the bridge hold more.
        public var maximumUnsentBytes = 256 * 1024
        /// Connections open at once (503 past it). When they are all taken, a new connection
        /// from an address that holds fewer than the busiest takes one of that address's (see
        /// ``ConnectionSlots``), so a flood from a few addresses can't keep others out.
        public var maximumConnections = 256
        /// Connections one address may hold (429 past it). IPv6 clients count by their /64.
        public var maximumConnectionsPerAddress = 32
        /// Event streams one address may hold (429 past it).
        public var maximumStreamsPerAddress = 16
        /// Requests per second each client address earns back, and how many it may send at once.
        public var requestRate = 10.0, requestBurst = 40.0
        /// New sessions per second each client address earns back, and how many at once.
        public var sessionRate = 0.2, sessionBurst = 10.0
        /// Messages per second each session earns back, and how many at once.
        public var messageRate = 1.0, messageBurst = 8.0
        public var maximumSessions = 5_000
        /// Event streams a session may hold open; a new one ends the oldest. Two, so a reload
        /// or a duplicated tab doesn't end up with the two tabs ending each other's stream in turn.
        public var maximumStreamsPerSession = 2
        /// Messages each session keeps for replays.
        public var eventsKept = 100
        /// Seconds between keep-alive comments on an idle event stream.
        public var heartbeatInterval = 15.0
        /// Seconds a session may go without an event stream or a request before the bridge lets it
        /// go: the hub keeps it (a browser coming back takes it on again), and an agent working its
        /// ticket sees the shopper as gone. A page that is open keeps a stream, and one moving to
        /// another page of the shop opens the next within seconds.
        public var sessionIdleTimeout = 60.0
        /// How often to poll the hub for pushes; nil when the host polls and calls ``route(_:)``.
        public var pollInterval: Double? = 0.2
        /// Origins (`https://shop.example`) whose pages may call the API from another origin.
        public var allowedOrigins: Set<String> = []
        /// Event-loop threads when the bridge stands alone; beside the line protocol it shares
        /// the server's loops.
        public var loops = 1
        /// The agents' inbox at `/agent`: sign-ins, and how fast tokens may be guessed.
        public var agents = AgentLimits()
        /// The token that signs the support manager in to the dashboard at `/manager`; nil: nobody can.
        public var managerToken: String?

        public init() {}
    }

    /// Why the bridge could not start.
    public enum StartError: Error, CustomStringConvertible {
        case cantListen(host: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case .cantListen(let host, let port, let reason):
                return "can't listen on \(host):\(port) (\(reason)); pick another port with --http-port or another address with --host"
            }
        }
    }

    let hub: SessionHub
    let configuration: Configuration
    /// Deliveries for connections that are not the bridge's (another transport's shoppers in the same session).
    let forward: @Sendable ([SessionHub.Delivery]) -> Void
    let clock: @Sendable () -> Double
    let requestLimiter: RateLimiter
    let sessionLimiter: RateLimiter
    let messageLimiter: RateLimiter
    /// The sizes and times each connection keeps to.
    let limits: HTTPConnection.Limits
    /// The agents' inbox: who is signed in, and its limits.
    let inbox: AgentInbox

    /// What the bridge's loops and threads share.
    private struct State {
        /// The open HTTP connections, shared fairly among addresses.
        var slots: ConnectionSlots
        /// The listening socket and the loop that accepts on it.
        var listener: (fd: Int32, loop: EventLoop)?
        /// The loops the bridge started for itself when it stands alone.
        var ownLoops: EventLoopGroup?
        var stopping = false
        var boundPort = 0
    }

    private let state: Protected<State>
    private let poller = WorkerThread("http-poll")

    /// - Parameters:
    ///   - hub: the sessions, shared with any other transport.
    ///   - configuration: where to listen and the limits.
    ///   - clock: seconds on a monotonic clock (for rate limits and idle expiry).
    ///   - forward: receives deliveries for connections the bridge doesn't own.
    public init(hub: SessionHub, configuration: Configuration = Configuration(), clock: @escaping @Sendable () -> Double = MonotonicClock.seconds,
         forward: @escaping @Sendable ([SessionHub.Delivery]) -> Void = { _ in }) {
        self.hub = hub
        self.configuration = configuration
        self.clock = clock
        self.forward = forward
        requestLimiter = RateLimiter(rate: configuration.requestRate, burst: configuration.requestBurst, clock: clock)
        sessionLimiter = RateLimiter(rate: configuration.sessionRate, burst: configuration.sessionBurst, clock: clock)
        messageLimiter = RateLimiter(rate: configuration.messageRate, burst: configuration.messageBurst, clock: clock)
        limits = HTTPConnection.Limits(configuration)
        inbox = AgentInbox(limits: configuration.agents, clock: clock)
        state = Protected(State(slots: ConnectionSlots(capacity: configuration.maximumConnections,
                                                       perAddress: configuration.maximumConnectionsPerAddress,
                                                       streamsPerAddress: configuration.maximumStreamsPerAddress)))
    }

    /// The port listened on, once started.
    var port: Int {
        state.withLock { $0.boundPort }
    }

    /// Starts listening and serving on event loops of its own (``Configuration/loops``);
    /// returns once the socket is bound.
    /// - Returns: the port listened on.
    /// - Throws: ``StartError`` when the address can't be bound.
    @discardableResult
    public func start() throws -> Int {
        let group = try EventLoopGroup(count: configuration.loops, name: "http-loop", drainTimeout: 2, log: LineServer.standardError)
        let port = try start(on: group)
        state.withLock { $0.ownLoops = group }
        group.start()
        return port
    }

    /// Starts listening and serving on `group`'s loops (a ``LineServer``'s, say); the group's
    /// owner starts and stops them.
    /// - Returns: the port listened on.
    /// - Throws: ``StartError`` when the address can't be bound.
    func start(on group: EventLoopGroup) throws -> Int {
        let (fd, port): (Int32, Int)
        do {
            (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
        } catch {
            throw StartError.cantListen(host: configuration.host, port: configuration.port, reason: error.reason)
        }
        // The last loop accepts, so that beside the line protocol (accepted by the first) the
        // two listeners' work falls on different loops.
        let acceptor = group.loops[group.loops.count - 1]
        state.withLock { s in
            s.listener = (fd, acceptor)
            s.boundPort = port
        }
        acceptor.listen(fd, dealingTo: group.loops) { [self] fd, peer in accept(fd, peer: peer) }
        // Without a poll interval the host polls, but idle sessions are still the bridge's to let go.
        poller.start { [self] in pollLoop(configuration.pollInterval) }
        return port
    }

    /// Stops listening, closes every connection, ends every stream and lets the bridge's
    /// sessions go (the hub keeps them). Standing alone, it returns once its loops have ended.
    public func stop() {
        let stopped = state.withLock { s -> (listener: (fd: Int32, loop: EventLoop)?, loops: EventLoopGroup?)? in
            guard !s.stopping else { return nil }
            s.stopping = true
            // Under the lock: a connection frees its slot before closing its descriptor, so none
            // of these can have been closed and reused. Each connection's loop then sees it end.
            for c in s.slots.descriptors { shutdown(c, Int32(SHUT_RDWR)) }
            return (s.listener, s.ownLoops)
        }
        guard let stopped else { return }
        if let (fd, loop) = stopped.listener { loop.stopListening(fd) }
        let all = hub.browsers(in: ObjectIdentifier(self))
        poller.stopAndWait()
        for s in all {
            s.end()
            hub.disconnect(s.connection, at: Date())
        }
        if let loops = stopped.loops {
            loops.stop()
            loops.wait()
        }
    }

    var isStopping: Bool {
        state.withLock { $0.stopping }
    }

    // MARK: Sessions

    /// Keeps the deliveries for the bridge's connections (as events of their sessions) and
    /// returns the others. A host with a session journal syncs the hub before routing.
    @discardableResult
    func route(_ deliveries: [SessionHub.Delivery]) -> [SessionHub.Delivery] {
        var others: [SessionHub.Delivery] = []
        for d in deliveries {
            guard let session = hub.browser(of: d.connection, in: ObjectIdentifier(self)) else {
                others.append(d)
                continue
            }
            // Only messages with a seq are events; errors and `closed` answer the request that
            // caused them, but for a `closed` the server pushed (a chat ended for being silent
            // too long): the browser's streams end, and its next message finds the chat over.
            if let seq = d.message.seq { session.append(WebSession.Event(seq: seq, json: Self.json(d.message))) }
            if d.message.type == "closed", d.message.id == nil { detach(session) }
        }
        return others
    }

    /// The bridge's session with this id, taking it on from the hub if the bridge doesn't hold it
    /// (after a restart, or once it was let go for being idle).
    /// - Throws: ``HTTPError/hub(_:)`` with `unknownSession` when the hub doesn't know it either.
    func attach(_ id: String) throws(HTTPError) -> WebSession {
        guard Self.isSessionID(id) else { throw .hub(.unknownSession) }
        if let held = hub.browser(forSession: id, in: ObjectIdentifier(self)) { return held }
        if sessionCount >= configuration.maximumSessions { throw .busy }
        let connection = hub.connect()
        let answer = hub.handle(ClientMessage(.open(session: id, after: nil, customer: nil)), from: connection, at: Date()).first?.message
        guard let answer, answer.type == "opened", let seq = answer.seq else {
            hub.disconnect(connection, at: Date())
            throw .hub(.unknownSession)
        }
        return register(makeSession(id: id, connection: connection, seq: seq))
    }

    /// A browser's state for session `id` on hub connection `connection`, which has seen up to
    /// `seq`; the hub replays what its log doesn't keep.
    func makeSession(id: String, connection: SessionHub.ConnectionID, seq: Int) -> WebSession {
        WebSession(id: id, connection: connection, seq: seq, capacity: configuration.eventsKept, now: clock(),
                   backfill: { [weak self] after in self?.hubReplay(id, on: connection, after: after) })
    }

    /// Puts a session in the hub's table as a browser's, unless another request put the same
    /// one there first (then its connection is dropped, and the first is returned).
    func register(_ session: WebSession) -> WebSession {
        let held = hub.adopt(session, in: ObjectIdentifier(self))
        if held !== session { hub.disconnect(session.connection, at: Date()) }
        return held
    }

    /// Lets a session go: its streams end and its hub connection is dropped.
    func detach(_ session: WebSession) {
        session.end()
        hub.disconnect(session.connection, at: Date())
    }

    var sessionCount: Int {
        hub.browserCount(in: ObjectIdentifier(self))
    }

    /// Open connections, and how many of them are `address`'s event streams.
    func connections(streamsOf address: String = "") -> (open: Int, streams: Int) {
        state.withLock { ($0.slots.count, $0.slots.streams(of: address)) }
    }

    /// Hub session ids: 32 lower-case hex digits.
    static func isSessionID(_ s: String) -> Bool {
        s.utf8.count == 32 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A server message as one JSON object without the line protocol's newline.
    static func json(_ m: ServerMessage) -> [UInt8] {
        var bytes = ProtocolCodec.encode(m)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return bytes
    }

    // MARK: Polling

    /// How often idle sessions are looked for, in seconds.
    static let sweepInterval = 15.0

    /// Polls the hub every `interval` seconds (not at all when nil) and lets idle sessions go.
    private func pollLoop(_ interval: Double?) {
        var lastSweep = clock()
        while poller.sleep(until: Date(timeIntervalSinceNow: interval ?? Self.sweepInterval)) {
            if interval != nil {
                let pushes = hub.poll(at: Date())
                if !pushes.isEmpty { hub.commit() }
                let others = route(pushes)
                if !others.isEmpty { forward(others) }
            }
            let now = clock()
            if now - lastSweep >= Self.sweepInterval {
                lastSweep = now
                expireIdleSessions(at: now)
            }
        }
    }

    /// Lets go of sessions nobody has used for a while; a browser coming back takes them on again.
    func expireIdleSessions(at now: Double) {
        for s in hub.browsers(in: ObjectIdentifier(self)) where s.idle(at: now, timeout: configuration.sessionIdleTimeout) { detach(s) }
    }

    // MARK: Connections

    /// Gives a connection accepted on one of the loops a slot (taking one from the busiest
    /// address when they are all taken), or answers why not and closes it.
    private func accept(_ fd: Int32, peer numeric: String) -> Adoption? {
        let peer = ClientAddress.key(numeric)
        let now = clock()
        let admission = state.withLock { s -> ConnectionSlots.Admission in
            guard !s.stopping else { return .full }
            let admission = s.slots.admit(peer, descriptor: fd, at: now)
            // Under the lock, so the evicted connection's loop can't have closed it yet; that
            // loop sees it end and frees it.
            if case .admitted(_, let evicted?) = admission { shutdown(evicted, Int32(SHUT_RDWR)) }
            return admission
        }
        switch admission {
        case .admitted(let slot, _):
            let limits = self.limits
            return Adoption(fd: fd, make: { [self] loop in
                HTTPConnection(fd: fd, peer: peer, slot: slot, bridge: self, limits: limits, now: MonotonicClock.nanoseconds()).open(on: loop)
            }, abandon: { [self] in release(slot) })
        case .tooManyFromAddress:
            refuse(fd, .tooManyConnections(limit: configuration.maximumConnectionsPerAddress))
        case .full:
            refuse(fd, .busy)
        }
        return nil
    }

    /// Answers a connection that gets no slot, and closes it. The answer is small and the socket
    /// new, so it fits the socket's buffer: nothing waits.
    private func refuse(_ fd: Int32, _ error: HTTPError) {
        let bytes = HTTPResponse.error(error).serialized(keepAlive: false)
        _ = bytes.withUnsafeBytes { Socket.send(fd, $0) }
        Glibc.close(fd)
    }

    /// Moves connection `slot` to `phase`; false when it was evicted and should close.
    func enter(_ phase: ConnectionSlots.Phase, _ slot: Int) -> Bool {
        let now = clock()
        return state.withLock { $0.slots.enter(phase, slot, at: now) }
    }

    /// Makes connection `slot` an event stream, if its address may hold another.
    func startStream(_ slot: Int) -> ConnectionSlots.StreamAdmission {
        let now = clock()
        return state.withLock { $0.slots.startStream(slot, at: now) }
    }

    /// Frees connection `slot`'s slot; called before its descriptor is closed.
    func release(_ slot: Int) {
        state.withLock { $0.slots.release(slot) }
    }
}
