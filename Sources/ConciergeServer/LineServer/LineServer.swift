import ConciergeKit
import Foundation
import Glibc

/// `concierge serve --port`: the line protocol over TCP, for many connections at once.
///
/// A few ``EventLoop`` threads (one per core by default) each own a share of the connections;
/// each loop's ``LineService`` reads their lines and commits their turns. The first loop also
/// accepts, handing new connections out in turn. With ``startWeb(_:)``, the browser bridge's HTTP
/// connections run on the same loops. The loops write each batch's turns before answering, and a ``SyncTimer`` puts them on disk every few milliseconds;
/// or, when the hub's durability is ``SessionHub/Durability/disk``, a ``Committer`` thread fsyncs
/// the loops' batches before they are answered, so no loop waits for the disk. A ``PushTimer``
/// asks the hub for what agents did and routes the pushes to whichever loop owns each connection.
///
/// Build it, ``start()`` it, and ``stop()`` it from any thread; ``wait()`` returns once every
/// loop has written its last answers and closed its connections.
public final class LineServer: Sendable {
    /// How the server listens and how patient it is with clients.
    public struct Settings: Sendable {
        /// The address to listen on: loopback unless the shop says otherwise.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one (read it back from ``LineServer/port``).
        public var port = 0
        /// Event-loop threads.
        public var loops = 2
        /// A connection that sends nothing for this long is told so and closed.
        public var idleTimeout: TimeInterval = 300
        /// Answers a client may leave unread before it is disconnected.
        public var writeLimit = 1 << 20
        /// How often the hub is asked for agent messages and new tickets to push.
        public var pushInterval: TimeInterval = 0.15
        /// How long a closing connection (or a stopping server) may take to write its last answers.
        public var drainTimeout: TimeInterval = 2
        /// Connections one IP address may hold at once: past it, a new one is told so and closed,
        /// so that one client can't take every descriptor the process has.
        public var connectionsPerAddress = 256

        public init() {}
    }

    let hub: SessionHub
    let settings: Settings
    /// Where the loops report trouble (`epoll_wait` failing, descriptors running out).
    let log: @Sendable (String) -> Void
    /// The port the server listens on.
    public let port: Int
    /// The event loops, shared with the browser bridge when there is one.
    let group: EventLoopGroup
    private let committer: Committer?
    private let state = Protected(State())

    /// What the loops and the timers share.
    private struct State {
        /// The loop that owns each open connection.
        var owners: [SessionHub.ConnectionID: Int] = [:]
        /// Open connections by peer address.
        var perAddress: [String: Int] = [:]
        /// The browser bridge beside the line protocol (`--http-port`), which gets the deliveries
        /// for its own connections.
        var web: HTTPBridge?
        var pusher: PushTimer?
        var syncer: SyncTimer?
    }

    /// Binds the listening socket and prepares the loops; nothing runs until ``start()``.
    /// - Throws: ``SocketError`` when the address can't be bound (the port is taken, say).
    public init(hub: SessionHub, settings: Settings, log: @escaping @Sendable (String) -> Void = LineServer.standardError) throws(SocketError) {
        self.hub = hub
        self.settings = settings
        self.log = log
        committer = hub.durability == .disk ? Committer(hub: hub) : nil
        let (fd, port) = try Socket.listen(host: settings.host, port: settings.port)
        self.port = port
        do {
            group = try EventLoopGroup(count: settings.loops, name: "concierge-loop", drainTimeout: settings.drainTimeout, log: log)
        } catch {
            close(fd)
            throw error
        }
        for (i, loop) in group.loops.enumerated() {
            loop.install(LineService(index: i, loop: loop, server: self, hub: hub, committer: committer, settings: settings))
        }
        // The first loop accepts, and deals the connections out among all of them.
        group.loops[0].listen(fd, dealingTo: group.loops) { [self] fd, peer in accept(fd, peer: peer) }
    }

    /// Writes a line to standard error, flushed at once.
    public static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Serves the browser side (``HTTPBridge``) beside the line protocol, on the same hub: it
    /// gets the deliveries for its own connections, and the server gets the rest. Call before
    /// ``start()``.
    /// - Returns: the port it listens on.
    /// - Throws: ``HTTPBridge/StartError`` when its address can't be bound.
    public func startWeb(_ configuration: HTTPBridge.Configuration) throws -> Int {
        var configuration = configuration
        // The server polls the hub and routes every delivery, the browser bridge's included.
        configuration.pollInterval = nil
        let bridge = HTTPBridge(hub: hub, configuration: configuration, forward: { [weak self] in self?.route($0) })
        state.withLock { $0.web = bridge }
        return try bridge.start(on: group)
    }

    /// The event loops.
    var loops: [EventLoop] { group.loops }

    /// The browser bridge beside the line protocol, if there is one.
    var web: HTTPBridge? {
        state.withLock { $0.web }
    }

    /// Starts the loops and the push timer.
    public func start() {
        Socket.ignoreBrokenPipes()
        committer?.start()
        let syncer = hub.durability == .process ? SyncTimer(hub: hub) : nil
        group.start()
        let pusher = PushTimer(hub: hub, interval: settings.pushInterval) { [weak self] deliveries in
            self?.route(deliveries)
        }
        state.withLock { state in
            state.syncer = syncer
            state.pusher = pusher
        }
    }

    /// Stops accepting, lets each loop write the answers it owes, then closes every connection.
    /// Returns at once; ``wait()`` blocks until it is done.
    public func stop() {
        let (pusher, web) = state.withLock { ($0.pusher, $0.web) }
        pusher?.cancel()
        web?.stop()
        group.stop()
    }

    /// Blocks until every loop has stopped, then makes sure the journal is on disk and the
    /// tickets' files are written.
    public func wait() {
        group.wait()
        committer?.stop()
        state.withLock { $0.syncer }?.cancel()
        hub.sync()
        hub.runner.handoff?.waitForTicketFiles()
    }

    /// Sends each delivery (already durable) to the loop that owns its connection; callable
    /// from any thread.
    func route(_ deliveries: [SessionHub.Delivery]) {
        var byLoop: [Int: [SessionHub.Delivery]] = [:]
        var unowned: [SessionHub.Delivery] = []
        let web = state.withLock { state in
            for d in deliveries {
                if let owner = state.owners[d.connection] { byLoop[owner, default: []].append(d) } else { unowned.append(d) }
            }
            return state.web
        }
        for (owner, list) in byLoop { loops[owner].post(.run { $0.service(LineService.self)?.deliver(list) }) }
        if let web, !unowned.isEmpty { web.route(unowned) }
    }

    /// The loop that owns a connection, nil once it is closed.
    func owner(of connection: SessionHub.ConnectionID) -> Int? {
        state.withLock { $0.owners[connection] }
    }

    func register(_ connection: SessionHub.ConnectionID, loop: Int) {
        state.withLock { $0.owners[connection] = loop }
    }

    func unregister(_ connection: SessionHub.ConnectionID) {
        state.withLock { $0.owners[connection] = nil }
    }

    /// Admits a connection the first loop accepted, for the loop it is dealt to: one address
    /// past its share is told so and closed.
    private func accept(_ fd: Int32, peer: String) -> Adoption? {
        guard admit(peer) else {
            _ = Socket.writeAll(fd, ProtocolCodec.encode(.error(.tooManyConnections(limit: settings.connectionsPerAddress))))
            close(fd)
            return nil
        }
        return Adoption(fd: fd, make: { $0.service(LineService.self)?.adopt(fd, peer: peer) }, abandon: { [self] in release(peer) })
    }

    /// Counts a new connection from `address`; false when the address holds
    /// ``Settings/connectionsPerAddress`` already (then it is not counted).
    func admit(_ address: String) -> Bool {
        state.withLock { state in
            let held = state.perAddress[address, default: 0]
            guard held < settings.connectionsPerAddress else { return false }
            state.perAddress[address] = held + 1
            return true
        }
    }

    /// Counts a connection from `address` gone.
    func release(_ address: String) {
        state.withLock { state in
            let held = state.perAddress[address, default: 0]
            state.perAddress[address] = held > 1 ? held - 1 : nil
        }
    }
}
