import ConciergeKit
import Foundation
import CEpoll
import Glibc

/// The line protocol's share of one ``EventLoop``: its connections by the hub's name, and the
/// answers gathered for the next group commit.
///
/// Each turn of the loop reads what the ready connections sent, cuts it into lines, decodes them
/// and hands them to the hub. The batch's turns are then committed once for all its lines (group
/// commit): the service writes them to the journal and answers at once
/// (``SessionHub/Durability/process``), or hands the batch to the ``Committer``, which fsyncs it
/// and hands it back while the loop reads on (``SessionHub/Durability/disk``). Answers are queued
/// on their connections and written out, even between two lines of a long batch, so they don't
/// wait for it to end. Answers for connections another loop owns go to that loop's inbox.
final class LineService: LoopService {
    let index: Int
    let settings: LineServer.Settings
    private unowned let server: LineServer
    private unowned let loop: EventLoop
    private let hub: SessionHub
    /// Where batches go to be fsynced before they are answered; nil when the service commits them
    /// itself (``SessionHub/Durability/process``).
    private let committer: Committer?
    private var byID: [SessionHub.ConnectionID: LineConnection] = [:]
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

    init(index: Int, loop: EventLoop, server: LineServer, hub: SessionHub, committer: Committer?, settings: LineServer.Settings) {
        self.index = index
        self.loop = loop
        self.server = server
        self.hub = hub
        self.committer = committer
        self.settings = settings
    }

    /// Takes over a freshly accepted connection from `peer`.
    func adopt(_ fd: Int32, peer: String) {
        let id = hub.connect(address: peer)
        let now = MonotonicClock.nanoseconds()
        let c = LineConnection(fd: fd, id: id, peer: peer, service: self, now: now)
        byID[id] = c
        server.register(id, loop: index)
        loop.register(c, interest: UInt32(EPOLLIN.rawValue))
        loop.schedule(c, at: now + UInt64(settings.idleTimeout * 1e9))
    }

    // MARK: Reading

    /// Reads once from `c` and handles the lines it completes.
    func receive(_ c: LineConnection) {
        let buffer = loop.readBuffer
        let n = read(c.fd, buffer.baseAddress, buffer.count)
        if n > 0 {
            c.lastHeard = loop.now
            let id = c.id
            let date = loop.date
            c.framer.feed(UnsafeBufferPointer(rebasing: buffer[0..<n])) { piece in
                if answered.last != id { answered.append(id) }
                if batchStarted == 0 { batchStarted = MonotonicClock.nanoseconds() }
                defer {
                    // A long read (a backend's burst of many shoppers' lines) is committed in
                    // slices, so its first answers don't wait for its last lines to be handled.
                    if MonotonicClock.nanoseconds() &- batchStarted >= Self.batchSlice {
                        submitBatch()
                        if committer == nil { loop.flushQueued() }
                    }
                    // Between lines: if earlier batches have come back durable, write their
                    // answers now rather than after the rest of this batch, which may be long.
                    if loop.takeInboxIfPosted() { loop.flushQueued() }
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
            c.endInput(on: loop, at: loop.now)
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            drop(c)
        }
    }

    // MARK: Committing and answering

    func endOfReads(on loop: EventLoop) {
        submitBatch()
    }

    /// Group commit: makes the turns behind the answers gathered so far as safe as the hub's
    /// durability promises before any of them is written. Written to the kernel here, with
    /// ``SessionHub/Durability/process``; handed to the committer, which fsyncs them and gives
    /// them back, with ``SessionHub/Durability/disk``.
    private func submitBatch() {
        guard !answered.isEmpty else { return }
        if let committer {
            for id in answered { byID[id]?.awaiting += 1 }
            committer.submit(Committer.Batch(loop: loop, deliveries: outgoing, connections: answered))
        } else {
            hub.commit()
            dispatch(outgoing)
        }
        outgoing.removeAll(keepingCapacity: true)
        answered.removeAll(keepingCapacity: true)
        batchStarted = 0
    }

    /// Queues each delivery on its connection here, or sends it to the loop that owns it.
    private func dispatch(_ deliveries: [SessionHub.Delivery]) {
        guard !deliveries.isEmpty else { return }
        var elsewhere: [Int: [SessionHub.Delivery]] = [:]
        var unowned: [SessionHub.Delivery] = []
        for d in deliveries {
            if let c = byID[d.connection] {
                c.enqueue(ProtocolCodec.encode(d.message), on: loop)
            } else if let owner = server.owner(of: d.connection) {
                if owner != index { elsewhere[owner, default: []].append(d) }
            } else {
                unowned.append(d)
            }
        }
        if !elsewhere.isEmpty {
            let loops = server.loops
            for (owner, list) in elsewhere { loops[owner].post(.run { $0.service(LineService.self)?.deliver(list) }) }
        }
        // A browser's session (an agent here answered a shopper on the web widget, say).
        if !unowned.isEmpty, let web = server.web { web.route(unowned) }
    }

    /// Writes lines (already durable) to connections this loop owns.
    func deliver(_ deliveries: [SessionHub.Delivery]) {
        for d in deliveries {
            if let c = byID[d.connection] { c.enqueue(ProtocolCodec.encode(d.message), on: loop) }
        }
    }

    /// A batch this loop handed to the committer, now durable: its answers go out.
    func committed(_ batch: Committer.Batch) {
        dispatch(batch.deliveries)
        for id in batch.connections {
            guard let c = byID[id] else { continue }
            c.awaiting -= 1
            // One that stopped sending and has nothing to write is done now.
            if !c.reading && !c.registration.flushQueued { c.updateInterest(on: loop) }
        }
    }

    /// Closes `c` and forgets it; its sessions stay in the hub, to be resumed.
    func drop(_ c: LineConnection) {
        guard !c.closed else { return }
        c.closed = true
        loop.close(c)
        byID[c.id] = nil
        server.unregister(c.id)
        server.release(c.peer)
        hub.disconnect(c.id, at: Date())
    }
}
