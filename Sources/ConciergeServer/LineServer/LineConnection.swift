import ConciergeKit
import CEpoll
import Glibc

/// One client's line-protocol connection on an ``EventLoop``: its descriptor, the line it is in
/// the middle of sending, and the answers not yet taken by the kernel.
///
/// Only the owning loop touches a connection, so it needs no lock; deliveries from other threads
/// reach it through the loop's inbox. Reading lines, handing them to the hub and committing their
/// turns is its loop's ``LineService``'s job; the connection writes, times out and closes.
final class LineConnection: LoopChannel {
    let fd: Int32
    /// The hub's name for this connection, used in deliveries.
    let id: SessionHub.ConnectionID
    /// The client's IP address, counted towards its limit of connections while this one is open.
    let peer: String
    var registration = ChannelRegistration()
    var framer: LineFramer
    /// Answers waiting to be written.
    private var output = OutputQueue()
    /// When the client last sent anything (monotonic nanoseconds), for the idle timeout.
    var lastHeard: UInt64
    /// Whether lines are still read: false once the client finished sending, timed out, or the
    /// server is stopping; the connection then closes as soon as its answers are written.
    var reading = true
    /// When reading stopped (monotonic nanoseconds): answers not taken by then plus the drain
    /// time are given up.
    var endedAt: UInt64 = 0
    /// Batches with this client's lines that the committer hasn't handed back yet.
    var awaiting = 0
    /// Closed: deliveries and events still on their way are ignored.
    var closed = false
    private unowned let service: LineService

    init(fd: Int32, id: SessionHub.ConnectionID, peer: String, service: LineService, now: UInt64) {
        self.fd = fd
        self.id = id
        self.peer = peer
        self.service = service
        framer = LineFramer(limit: ProtocolCodec.maximumLineBytes)
        lastHeard = now
    }

    /// Bytes accepted for this client and not yet written.
    var pendingOutput: Int { output.count }

    /// Queues one encoded line, to be written at the end of the loop's turn.
    func enqueue(_ line: [UInt8], on loop: EventLoop) {
        guard !closed else { return }
        output.append(line)
        loop.flushSoon(self)
    }

    // MARK: LoopChannel

    func ready(_ events: UInt32, on loop: EventLoop) {
        if events & UInt32(EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 && reading {
            service.receive(self)
        }
        if events & UInt32(EPOLLOUT.rawValue) != 0 || (!reading && !closed) {
            flush(on: loop)
        }
    }

    /// Writes what the socket takes, then watches for writability only while output waits.
    func flush(on loop: EventLoop) {
        guard !closed else { return }
        switch output.flush(to: fd) {
        case .done, .blocked:
            // A client that doesn't read its answers can't make the server hold more than this.
            if output.count > service.settings.writeLimit { return service.drop(self) }
            updateInterest(on: loop)
        case .failed:
            service.drop(self)
        }
    }

    /// Closes a connection that has been silent too long, and one that stopped sending and
    /// won't take its last answers.
    func deadlinePassed(on loop: EventLoop) {
        let now = loop.now
        if reading {
            let idle = UInt64(service.settings.idleTimeout * 1e9)
            guard now &- lastHeard >= idle else { return loop.schedule(self, at: lastHeard + idle) }
            enqueue(ProtocolCodec.encode(.error(.idleTimeout(seconds: Int(service.settings.idleTimeout)))), on: loop)
            endInput(on: loop, at: now)
        } else {
            let drain = UInt64(service.settings.drainTimeout * 1e9)
            guard now &- endedAt >= drain else { return loop.schedule(self, at: endedAt + drain) }
            service.drop(self)
        }
    }

    func stop(on loop: EventLoop) {
        if reading { endInput(on: loop, at: MonotonicClock.nanoseconds()) }
    }

    func close(on loop: EventLoop) {
        service.drop(self)
    }

    // MARK: Reading and writing

    /// Stops reading: what was read is answered, then the connection closes.
    func endInput(on loop: EventLoop, at now: UInt64) {
        reading = false
        endedAt = now
        loop.schedule(self, at: now + UInt64(service.settings.drainTimeout * 1e9))
        if !registration.flushQueued { updateInterest(on: loop) }
    }

    /// Watches the connection for what it needs: input unless it has ended, output while some
    /// waits. A connection that needs neither is done and is closed, unless answers to its last
    /// lines are still being committed: it then waits unwatched.
    func updateInterest(on loop: EventLoop) {
        var wanted: UInt32 = 0
        if reading { wanted |= UInt32(EPOLLIN.rawValue) }
        if !output.isEmpty { wanted |= UInt32(EPOLLOUT.rawValue) }
        if wanted == 0 && awaiting == 0 { return service.drop(self) }
        loop.setInterest(self, wanted)
    }
}
