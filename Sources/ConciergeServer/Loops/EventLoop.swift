import ConciergeKit
import Foundation
import CEpoll
import Glibc

/// One thread with its own epoll instance, serving a share of the server's connections, whatever
/// protocol they speak: the line protocol and HTTP run on the same loops.
///
/// What a loop watches are channels (``LoopChannel``): a listening socket, a line-protocol
/// connection, an HTTP connection. Each turn it waits until a descriptor is ready, another thread
/// posts something, or the next deadline a channel set comes; then it hands each ready channel its
/// events (one read each, so a busy client can't starve the others), lets the protocols finish
/// the turn (the line protocol commits its batch, see ``LoopService``), runs what other threads
/// posted, fires the deadlines that are due, and writes out what the turn queued. A connection
/// that waits for its client costs a descriptor and its buffers, never a thread.
///
/// A channel's state is touched only by its loop's thread. Other threads reach a loop only by
/// ``post(_:)``: commands go to an inbox behind its own lock, and an eventfd wakes the loop.
final class EventLoop: @unchecked Sendable {
    // @unchecked: the loop owns kernel handles (its epoll instance, its eventfd, its channels'
    // sockets) and the state about them, which only its own thread touches; other threads reach
    // only `post(_:)`, whose inbox is `Protected`.

    /// What other threads ask of a loop.
    enum Command: Sendable {
        /// Take over a connection another loop accepted.
        case adopt(Adoption)
        /// Run this on the loop's thread (a delivery for a protocol's connections, say).
        case run(@Sendable (EventLoop) -> Void)
        /// Stop accepting, let every channel finish what it owes (within the drain time), then
        /// close what is left and end the thread.
        case stop
    }

    let name: String
    /// Where the loop reports trouble (`epoll_wait` failing, descriptors running out).
    let log: @Sendable (String) -> Void
    private let drainTimeout: UInt64
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
    private var channels: [Int32: any LoopChannel] = [:]
    private var services: [any LoopService] = []
    private var timers = TimerQueue()
    private var flushQueue: [any LoopChannel] = []
    private var flushing: [any LoopChannel] = []
    private var nextSerial: UInt64 = 1
    private var started = false
    private var stopDeadline: UInt64 = 0
    /// Whether the loop is stopping: channels finish what they owe and close.
    private(set) var isStopping = false
    /// When the current turn began, in monotonic nanoseconds: the time channels' deadlines go by.
    private(set) var now: UInt64 = 0
    /// The wall-clock time of the current turn, for the hub.
    private(set) var date = Date()
    /// Where channels read into: one buffer per loop, since only one channel reads at a time.
    let readBuffer: UnsafeMutableBufferPointer<UInt8>

    /// The most one read takes from a connection before the loop moves on to the next.
    static let readSize = 64 * 1024

    /// - Parameters:
    ///   - name: the thread's name (`concierge-loop-0`).
    ///   - drainTimeout: how long a stopping loop lets its channels write what they owe.
    init(name: String, drainTimeout: TimeInterval, log: @escaping @Sendable (String) -> Void) throws(SocketError) {
        self.name = name
        self.log = log
        self.drainTimeout = UInt64(drainTimeout * 1e9)
        worker = WorkerThread(name)
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let error = SocketError("eventfd")
            Glibc.close(epollFD)
            throw error
        }
        readBuffer = .allocate(capacity: Self.readSize)
        var event = epoll_event(events: UInt32(EPOLLIN.rawValue), data: epoll_data_t(fd: wakeFD))
        epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        // Connections handed over but never adopted, if the loop stopped first.
        for case .adopt(let adoption) in inbox.withLock({ $0.commands }) {
            Glibc.close(adoption.fd)
            adoption.abandon()
        }
        Glibc.close(wakeFD)
        Glibc.close(epollFD)
        readBuffer.deallocate()
    }

    /// Adds a protocol's state to this loop; call before ``start()``.
    func install(_ service: any LoopService) {
        precondition(!started, "EventLoop \(name): install services before starting the loop")
        services.append(service)
    }

    /// The installed service of type `type`, if any; on the loop's thread only.
    func service<Service: LoopService>(_ type: Service.Type) -> Service? {
        for service in services {
            if let found = service as? Service { return found }
        }
        return nil
    }

    /// Starts the loop's thread.
    func start() {
        started = true
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

    /// Accepts connections on the listening socket `fd` on this loop, dealing them out among
    /// `loops` in turn. `accept` decides for each (on this loop's thread): an ``Adoption`` to
    /// hand over, or nil when it turned the connection away (and closed it). Callable from any
    /// thread; the loop takes the socket on its next turn, and closes it when it stops.
    func listen(_ fd: Int32, dealingTo loops: [EventLoop], accept: @escaping @Sendable (Int32, String) -> Adoption?) {
        post(.run { loop in loop.register(Listener(fd: fd, loops: loops, accept: accept), interest: UInt32(EPOLLIN.rawValue)) })
    }

    /// Stops accepting on the listening socket `fd` (see ``listen(_:dealingTo:accept:)``) and
    /// closes it; callable from any thread.
    func stopListening(_ fd: Int32) {
        post(.run { loop in
            if let listener = loop.channels[fd] as? Listener { loop.close(listener) }
        })
    }

    // MARK: For channels, on the loop's thread

    /// Starts watching `channel`'s descriptor for `interest` (epoll events).
    func register(_ channel: any LoopChannel, interest: UInt32) {
        channel.registration = ChannelRegistration(serial: nextSerial)
        nextSerial += 1
        channels[channel.fd] = channel
        setInterest(channel, interest)
    }

    /// A channel's name that stays valid across threads: it finds nothing once the channel is
    /// closed, even if its descriptor number is reused.
    func token(for channel: any LoopChannel) -> ChannelToken {
        ChannelToken(fd: channel.fd, serial: channel.registration.serial)
    }

    /// The open channel `token` names, if it is still open.
    func channel(for token: ChannelToken) -> (any LoopChannel)? {
        guard let channel = channels[token.fd], channel.registration.serial == token.serial else { return nil }
        return channel
    }

    /// Watches `channel` for `wanted` (epoll events); 0 stops watching it for now.
    func setInterest(_ channel: any LoopChannel, _ wanted: UInt32) {
        let current = channel.registration.interest
        guard wanted != current, channel.registration.isOpen else { return }
        if wanted == 0 {
            epoll_ctl(epollFD, EPOLL_CTL_DEL, channel.fd, nil)
        } else {
            var event = epoll_event(events: wanted, data: epoll_data_t(fd: channel.fd))
            epoll_ctl(epollFD, current == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, channel.fd, &event)
        }
        channel.registration.interest = wanted
    }

    /// Forgets `channel` and closes its descriptor; the channel has released what it held.
    func close(_ channel: any LoopChannel) {
        guard channel.registration.isOpen else { return }
        channel.registration = ChannelRegistration()
        if channels[channel.fd] === channel { channels[channel.fd] = nil }
        Glibc.close(channel.fd)
    }

    /// Calls `channel`'s ``LoopChannel/deadlinePassed(on:)`` at `deadline` (monotonic
    /// nanoseconds) or soon after. A channel keeps one deadline armed: an earlier one replaces
    /// it, a later one is ignored, so a channel whose deadline has passed works out its next
    /// one and schedules it again. Cheap enough to call after every change.
    func schedule(_ channel: any LoopChannel, at deadline: UInt64) {
        let registration = channel.registration
        guard registration.isOpen, registration.armed == 0 || deadline < registration.armed else { return }
        channel.registration.armed = deadline
        timers.push(TimerQueue.Entry(deadline: deadline, fd: channel.fd, serial: registration.serial))
    }

    /// Has `channel` write its output at the end of this turn (with the output of every other
    /// channel answered in the turn).
    func flushSoon(_ channel: any LoopChannel) {
        guard !channel.registration.flushQueued, channel.registration.isOpen else { return }
        channel.registration.flushQueued = true
        flushQueue.append(channel)
    }

    /// Writes the output queued with ``flushSoon(_:)`` now.
    func flushQueued() {
        while !flushQueue.isEmpty {
            swap(&flushQueue, &flushing)
            for channel in flushing where channel.registration.flushQueued {
                channel.registration.flushQueued = false
                channel.flush(on: self)
            }
            flushing.removeAll(keepingCapacity: true)
        }
    }

    /// Runs what other threads posted, if anything, without waiting for the end of the turn: for
    /// a protocol in the middle of long work (the line protocol between the lines of a long read).
    /// - Returns: whether there was something.
    func takeInboxIfPosted() -> Bool {
        guard inbox.withLock({ !$0.commands.isEmpty }) else { return false }
        takeInbox()
        return true
    }

    /// Takes over a connection accepted on this loop or handed over by another.
    func adopt(_ adoption: Adoption) {
        guard !isStopping else {
            Glibc.close(adoption.fd)
            adoption.abandon()
            return
        }
        adoption.make(self)
    }

    // MARK: The loop

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 512)
        while true {
            let start = MonotonicClock.nanoseconds()
            var deadline = timers.first?.deadline ?? .max
            if isStopping {
                if channels.isEmpty || start >= stopDeadline { break }
                deadline = min(deadline, stopDeadline)
            }
            let timeout = deadline == .max ? -1 : Int32(clamping: (deadline > start ? deadline - start : 0) / 1_000_000 + 1)
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeout) }
            if count < 0 {
                if errno == EINTR { continue }
                log("concierge: \(name): epoll_wait: \(String(cString: strerror(errno)))")
                break
            }
            date = Date()
            now = MonotonicClock.nanoseconds()
            var woken = false
            for i in 0..<Int(count) {
                let fd = events[i].data.fd
                if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    woken = true
                } else if let channel = channels[fd] {
                    channel.ready(events[i].events, on: self)
                }
            }
            for service in services { service.endOfReads(on: self) }
            if woken { takeInbox() }
            fireTimers()
            flushQueued()
        }
        for channel in Array(channels.values) { channel.close(on: self) }
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
            case .adopt(let adoption): adopt(adoption)
            case .run(let job): job(self)
            case .stop: beginStopping()
            }
        }
    }

    /// Calls the channels whose deadlines are due. Deadlines set meanwhile wait for the next
    /// turn, so a channel that keeps asking for "now" can't hold the loop.
    private func fireTimers() {
        let due = timers.popDue(before: now)
        for entry in due {
            guard let channel = channels[entry.fd], channel.registration.serial == entry.serial,
                  channel.registration.armed == entry.deadline else { continue }
            channel.registration.armed = 0
            channel.deadlinePassed(on: self)
        }
    }

    private func beginStopping() {
        guard !isStopping else { return }
        isStopping = true
        stopDeadline = MonotonicClock.nanoseconds() + drainTimeout
        for channel in Array(channels.values) { channel.stop(on: self) }
    }
}

/// An open channel's name that other threads can hold: its descriptor and its registration's
/// serial number, so a closed channel's reused descriptor is not mistaken for it.
struct ChannelToken: Sendable, Hashable {
    let fd: Int32
    let serial: UInt64
}
