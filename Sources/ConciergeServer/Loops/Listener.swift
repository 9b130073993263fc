import ConciergeKit
import CEpoll
import Glibc

/// A listening socket on an event loop: accepts every waiting connection, asks its protocol
/// whether to take it, and deals the ones it takes out among the loops in turn.
final class Listener: LoopChannel {
    let fd: Int32
    var registration = ChannelRegistration()
    private let loops: [EventLoop]
    private let accept: @Sendable (Int32, String) -> Adoption?
    private var next = 0
    /// Whether accepting is paused after running out of descriptors.
    private var paused = false

    /// How long accepting pauses when the process is out of descriptors or memory.
    static let pause: UInt64 = 100_000_000

    /// - Parameter accept: decides for each accepted descriptor and its peer's numeric
    ///   address: an adoption, or nil when the protocol turned it away (and closed it).
    init(fd: Int32, loops: [EventLoop], accept: @escaping @Sendable (Int32, String) -> Adoption?) {
        self.fd = fd
        self.loops = loops
        self.accept = accept
    }

    func ready(_ events: UInt32, on loop: EventLoop) {
        while registration.isOpen {
            do {
                guard let (connection, peer) = try Socket.accept(fd) else { return }
                guard let adoption = accept(connection, peer) else { continue }
                let target = loops[next % loops.count]
                next &+= 1
                if target === loop { loop.adopt(adoption) } else { target.post(.adopt(adoption)) }
            } catch {
                // Out of descriptors or memory: the listener stays readable, so stop watching
                // it for a moment instead of spinning.
                loop.log("concierge: \(error); not accepting for 100 ms")
                paused = true
                loop.setInterest(self, 0)
                loop.schedule(self, at: MonotonicClock.nanoseconds() + Self.pause)
                return
            }
        }
    }

    func deadlinePassed(on loop: EventLoop) {
        guard paused else { return }
        paused = false
        loop.setInterest(self, UInt32(EPOLLIN.rawValue))
    }

    func flush(on loop: EventLoop) {}

    func stop(on loop: EventLoop) {
        loop.close(self)
    }

    func close(on loop: EventLoop) {
        loop.close(self)
    }
}
