import ConciergeKit
import Foundation
import CEpoll
import Glibc

/// One thread with its own epoll instance, owning a share of the server's connections.
///
/// Each turn of the loop reads what the ready connections sent (one read per connection, so a
/// busy client can't starve the others), cuts it into lines, decodes them and hands them to the
/// hub. The batch's turns are then committed once for all its lines (group commit): the loop
/// writes them to the journal and answers at once (``SessionHub/Durability/process``), or hands
/// the batch to the ``Committer``, which fsyncs it and hands it back while the loop reads on
/// (``SessionHub/Durability/disk``). Returned answers are queued on their connections and written
/// out, even between two lines of a long batch, so they don't wait for it to end. Answers for
/// connections another loop owns go to that loop's inbox, which an eventfd wakes it for.
///
/// A connection's state is touched only by its loop's thread; the inbox is the only thing other
/// threads reach, behind its own lock.
final class EventLoop: @unchecked Sendable {
    // @unchecked: the loop owns kernel handles (its epoll instance, its eventfd, its connections'
    // sockets) and the state about them, which only its own thread touches; other threads reach
    // only `post(_:)`, whose inbox is `Protected`.

    /// What other threads ask of a loop.
    enum Command {
        /// Take over a freshly accepted connection.
        case adopt(Int32, peer: String)
        /// Write these lines to connections this loop owns (already durable).
        case deliver([SessionHub.Delivery])
        /// A batch this loop handed to the committer, now durable.
        case committed(Committer.Batch)
        /// Stop reading, write what is queued, close every connection and end the thread.
        case stop
    }

    let index: Int
    private unowned let server: LineServer
    private let hub: SessionHub
    /// Where batches go to be fsynced before they are answered; nil when the loop commits them
    /// itself (``SessionHub/Durability/process``).
    private let committer: Committer?
    private let settings: LineServer.Settings
    private let epollFD: Int32
    private let wakeFD: Int32

    /// Commands from other threads, and whether the eventfd was written since the loop last took them.
    private struct Inbox {
        var commands: [Command] = []
        var wakePending = false
    }

    private let inbox = Protected(Inbox())
    private let worker: WorkerThread

    // Owned by the loop's thread.
    /// Every loop of the server, this one included (fixed once the server is built).
    private var peers: [EventLoop] = []
    private var listener: Int32 = -1
    private var nextLoop = 0
    private var acceptResumesAt: UInt64?
    private var byFD: [Int32: Connection] = [:]
    private var byID: [SessionHub.ConnectionID: Connection] = [:]
    private var flushQueue: [Connection] = []
    private var outgoing: [SessionHub.Delivery] = []
    /// The connections whose lines the current batch answers.
    private var answered: [SessionHub.ConnectionID] = []
    /// When the current batch's first line was handled (monotonic nanoseconds); 0 when empty.
    private var batchStarted: UInt64 = 0
    /// The most handling time (nanoseconds) a batch gathers before it is committed and answered.
    /// Each batch costs a journal `write` and a `send` per connection it answers (a loopback
    /// `send` some 20 µs on this development VM, the receiver's wake-up included). Slices of
    /// 150 µs took an eighth more CPU per message flat out (43,600–54,200 messages/s at 1,000
    /// sessions, against 54,600–60,000 at 500 µs), to answer the first lines of a long read at
    /// most 0.35 ms sooner.
    static let batchSlice: UInt64 = 500_000
    private var stopping = false
    private var stopDeadline: UInt64 = 0
    private let readBuffer: UnsafeMutableBufferPointer<UInt8>

    /// The most one read takes from a connection before the loop moves on to the next.
    static let readSize = 64 * 1024

    init(index: Int, server: LineServer, hub: SessionHub, committer: Committer?, settings: LineServer.Settings) throws(SocketError) {
        self.index = index
        self.server = server
        self.hub = hub
        self.committer = committer
        self.settings = settings
        worker = WorkerThread("concierge-loop-\(index)")
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let error = SocketError("eventfd")
            close(epollFD)
            throw error
        }
        readBuffer = .allocate(capacity: Self.readSize)
        watch(wakeFD, UInt32(EPOLLIN.rawValue), add: true)
    }

    deinit {
        // Descriptors handed over but never adopted, if the loop stopped first.
        for case .adopt(let fd, let peer) in inbox.withLock({ $0.commands }) {
            close(fd)
            server.release(peer)
        }
        close(wakeFD)
        close(epollFD)
        readBuffer.deallocate()
    }

    /// Makes this loop accept connections on `fd` and share them out among `server`'s loops.
    func takeListener(_ fd: Int32) {
        listener = fd
        watch(fd, UInt32(EPOLLIN.rawValue), add: true)
    }

    /// Starts the loop's thread.
    func start() {
        worker.start { [self] in run() }
    }

    /// Blocks until the loop's thread has ended.
    func waitUntilFinished() {
        worker.wait()
    }

    /// Queues a command for the loop and wakes it; callable from any thread.
    func post(_ command: Command) {
        let wake = inbox.withLock { inbox in
            inbox.commands.append(command)
            defer { inbox.wakePending = true }
            return !inbox.wakePending
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    // MARK: The loop

    private func run() {
        peers = server.loops
        var events = [epoll_event](repeating: epoll_event(), count: 512)
        // Often enough that a short idle timeout (in tests) is kept to within a quarter of itself.
        let sweepInterval = UInt64(min(1, settings.idleTimeout / 4) * 1e9)
        var nextSweep = MonotonicClock.nanoseconds() + sweepInterval
        while true {
            let start = MonotonicClock.nanoseconds()
            var deadline = nextSweep
            if let resume = acceptResumesAt { deadline = min(deadline, resume) }
            if stopping {
                if byFD.isEmpty || start >= stopDeadline { break }
                deadline = min(deadline, stopDeadline)
            }
            let timeout = Int32(clamping: (deadline > start ? deadline - start : 0) / 1_000_000 + 1)
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeout) }
            if count < 0 {
                if errno == EINTR { continue }
                server.log("concierge serve: epoll_wait: \(String(cString: strerror(errno)))")
                break
            }
            let date = Date()
            let now = MonotonicClock.nanoseconds()
            var woken = false
            for i in 0..<Int(count) {
                let flags = events[i].events
                let fd = events[i].data.fd
                if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    woken = true
                } else if fd == listener {
                    acceptWaiting(now)
                } else if let c = byFD[fd] {
                    if flags & UInt32(EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 && c.reading {
                        receive(c, date: date, now: now)
                    }
                    if flags & UInt32(EPOLLOUT.rawValue) != 0 || (!c.reading && !c.closed) {
                        flush(c)
                    }
                }
            }
            submitBatch()
            if woken { takeInbox() }
            if now >= nextSweep {
                sweep(now)
                nextSweep = now + sweepInterval
            }
            flushQueued()
            if let resume = acceptResumesAt, now >= resume, listener >= 0 {
                acceptResumesAt = nil
                watch(listener, UInt32(EPOLLIN.rawValue), add: true)
            }
        }
        for c in Array(byFD.values) { drop(c) }
        if listener >= 0 {
            close(listener)
            listener = -1
        }
    }

    /// Group commit: makes the turns behind the answers gathered so far as safe as the hub's
    /// durability promises before any of them is written. Written to the kernel here, with
    /// ``SessionHub/Durability/process``; handed to the committer, which fsyncs them and gives
    /// them back, with ``SessionHub/Durability/disk``.
    private func submitBatch() {
        guard !answered.isEmpty else { return }
        if let committer {
            for id in answered { byID[id]?.awaiting += 1 }
            committer.submit(Committer.Batch(loop: self, deliveries: outgoing, connections: answered))
        } else {
            hub.commit()
            dispatch(outgoing)
        }
        outgoing.removeAll(keepingCapacity: true)
        answered.removeAll(keepingCapacity: true)
        batchStarted = 0
    }

    /// Reads once from `c` and handles the lines it completes.
    private func receive(_ c: Connection, date: Date, now: UInt64) {
        let n = read(c.fd, readBuffer.baseAddress, readBuffer.count)
        if n > 0 {
            c.lastHeard = now
            let id = c.id
            c.framer.feed(UnsafeBufferPointer(rebasing: readBuffer[0..<n])) { piece in
                if answered.last != id { answered.append(id) }
                if batchStarted == 0 { batchStarted = MonotonicClock.nanoseconds() }
                defer {
                    // A long read (a backend's burst of many shoppers' lines) is committed in
                    // slices, so its first answers don't wait for its last lines to be handled.
                    if MonotonicClock.nanoseconds() &- batchStarted >= Self.batchSlice {
                        submitBatch()
                        if committer == nil { flushQueued() }
                    }
                    writeCommitted()
                }
                switch piece {
                case .line(let line):
                    let (requestID, decoded) = ProtocolCodec.decodeRequest(line)
                    switch decoded {
                    case .success(let message):
                        outgoing.append(contentsOf: hub.handle(message, from: id, at: date))
                    case .failure(let error):
                        outgoing.append(SessionHub.Delivery(connection: id, message: .error(error, id: requestID)))
                    }
                case .tooLong:
                    outgoing.append(SessionHub.Delivery(connection: id, message: .error(.lineTooLong(limit: ProtocolCodec.maximumLineBytes))))
                }
            }
            return
        }
        if n == 0 {
            // The client has finished sending (half a line left over is dropped): answer what
            // it sent, then close.
            endInput(c, now: now)
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            drop(c)
        }
    }

    /// Between lines: if earlier batches have come back durable, writes their answers now
    /// rather than after the rest of this batch, which may be long.
    private func writeCommitted() {
        guard inbox.withLock({ !$0.commands.isEmpty }) else { return }
        takeInbox()
        flushQueued()
    }

    /// Queues each delivery on its connection here, or sends it to the loop that owns it.
    private func dispatch(_ deliveries: [SessionHub.Delivery]) {
        guard !deliveries.isEmpty else { return }
        var elsewhere: [Int: [SessionHub.Delivery]] = [:]
        var unowned: [SessionHub.Delivery] = []
        for d in deliveries {
            if let c = byID[d.connection] {
                enqueue(ProtocolCodec.encode(d.message), on: c)
            } else if let owner = server.owner(of: d.connection) {
                if owner != index { elsewhere[owner, default: []].append(d) }
            } else {
                unowned.append(d)
            }
        }
        for (owner, list) in elsewhere { peers[owner].post(.deliver(list)) }
        // A browser's session (an agent here answered a shopper on the web widget, say).
        if !unowned.isEmpty, let web = server.web { web.route(unowned) }
    }

    private func takeInbox() {
        let commands = inbox.withLock { inbox in
            defer {
                inbox.commands.removeAll()
                inbox.wakePending = false
            }
            return inbox.commands
        }
        for command in commands {
            switch command {
            case .adopt(let fd, let peer):
                adopt(fd, peer: peer)
            case .deliver(let deliveries):
                for d in deliveries {
                    if let c = byID[d.connection] { enqueue(ProtocolCodec.encode(d.message), on: c) }
                }
            case .committed(let batch):
                dispatch(batch.deliveries)
                for id in batch.connections {
                    guard let c = byID[id] else { continue }
                    c.awaiting -= 1
                    // One that stopped sending and has nothing to write is done now.
                    if !c.reading && !c.queuedForFlush { updateInterest(c) }
                }
            case .stop:
                beginStopping()
            }
        }
    }

    // MARK: Connections

    private func acceptWaiting(_ now: UInt64) {
        while listener >= 0 {
            do {
                guard let (fd, peer) = try Socket.accept(listener) else { return }
                guard server.admit(peer) else {
                    // One address holds its share of connections already: say why, and close.
                    _ = Socket.writeAll(fd, ProtocolCodec.encode(.error(.tooManyConnections(limit: settings.connectionsPerAddress))))
                    close(fd)
                    continue
                }
                let target = peers[nextLoop % peers.count]
                nextLoop &+= 1
                if target === self { adopt(fd, peer: peer) } else { target.post(.adopt(fd, peer: peer)) }
            } catch {
                // Out of descriptors or memory: the listener stays readable, so stop watching
                // it for a moment instead of spinning.
                server.log("concierge serve: \(error); not accepting for 100 ms")
                epoll_ctl(epollFD, EPOLL_CTL_DEL, listener, nil)
                acceptResumesAt = now + 100_000_000
                return
            }
        }
    }

    private func adopt(_ fd: Int32, peer: String) {
        guard !stopping else {
            close(fd)
            server.release(peer)
            return
        }
        let id = hub.connect(address: peer)
        let c = Connection(fd: fd, id: id, peer: peer, lineLimit: ProtocolCodec.maximumLineBytes, now: MonotonicClock.nanoseconds())
        byFD[fd] = c
        byID[id] = c
        server.register(id, loop: index)
        c.interest = UInt32(EPOLLIN.rawValue)
        watch(fd, c.interest, add: true)
    }

    private func enqueue(_ line: [UInt8], on c: Connection) {
        guard !c.closed else { return }
        c.enqueue(line)
        if !c.queuedForFlush {
            c.queuedForFlush = true
            flushQueue.append(c)
        }
    }

    private func flushQueued() {
        for c in flushQueue {
            c.queuedForFlush = false
            flush(c)
        }
        flushQueue.removeAll(keepingCapacity: true)
    }

    /// Writes what the socket takes, then watches for writability only while output waits.
    private func flush(_ c: Connection) {
        guard !c.closed else { return }
        switch c.flush() {
        case .done, .blocked:
            // A client that doesn't read its answers can't make the server hold more than this.
            if c.pendingOutput > settings.writeLimit { return drop(c) }
            updateInterest(c)
        case .failed:
            drop(c)
        }
    }

    /// Watches `c` for what it needs: input unless it has ended, output while some waits.
    /// A connection that needs neither is done and is closed, unless answers to its last lines
    /// are still being committed: it then waits unwatched.
    private func updateInterest(_ c: Connection) {
        var wanted: UInt32 = 0
        if c.reading { wanted |= UInt32(EPOLLIN.rawValue) }
        if c.pendingOutput > 0 { wanted |= UInt32(EPOLLOUT.rawValue) }
        if wanted == 0 && c.awaiting == 0 { return drop(c) }
        guard wanted != c.interest else { return }
        if wanted == 0 {
            epoll_ctl(epollFD, EPOLL_CTL_DEL, c.fd, nil)
        } else {
            watch(c.fd, wanted, add: c.interest == 0)
        }
        c.interest = wanted
    }

    private func endInput(_ c: Connection, now: UInt64) {
        c.reading = false
        c.endedAt = now
        if !c.queuedForFlush { updateInterest(c) }
    }

    /// Closes `c` and forgets it; its sessions stay in the hub, to be resumed.
    private func drop(_ c: Connection) {
        guard !c.closed else { return }
        c.closed = true
        close(c.fd)
        byFD[c.fd] = nil
        byID[c.id] = nil
        server.unregister(c.id)
        server.release(c.peer)
        hub.disconnect(c.id, at: Date())
    }

    /// Closes connections that have been silent too long, and ones that stopped sending and
    /// won't take their last answers.
    private func sweep(_ now: UInt64) {
        let idle = UInt64(settings.idleTimeout * 1e9)
        for c in Array(byFD.values) {
            if c.reading {
                guard now &- c.lastHeard > idle else { continue }
                enqueue(ProtocolCodec.encode(.error(.idleTimeout(seconds: Int(settings.idleTimeout)))), on: c)
                endInput(c, now: now)
            } else if now &- c.endedAt > UInt64(settings.drainTimeout * 1e9) {
                drop(c)
            }
        }
    }

    private func beginStopping() {
        guard !stopping else { return }
        stopping = true
        stopDeadline = MonotonicClock.nanoseconds() + UInt64(settings.drainTimeout * 1e9)
        if listener >= 0 {
            close(listener)
            listener = -1
        }
        let now = MonotonicClock.nanoseconds()
        for c in Array(byFD.values) where c.reading { endInput(c, now: now) }
    }

    private func watch(_ fd: Int32, _ events: UInt32, add: Bool) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        epoll_ctl(epollFD, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event)
    }
}
