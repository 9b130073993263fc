import CEpoll
import ConciergeKit
@testable import ConciergeServer
import Foundation
import Glibc
import Testing

/// The event loop's own promises, with a channel that only notes what it is told.
@Suite(.serialized)
struct EventLoopTests {
    /// A channel on one end of a socket pair that writes down each call it gets.
    final class Probe: LoopChannel {
        let fd: Int32
        var registration = ChannelRegistration()
        let log: Protected<[String]>

        init(fd: Int32, log: Protected<[String]>) {
            self.fd = fd
            self.log = log
        }

        func ready(_ events: UInt32, on loop: EventLoop) {
            var bytes = [UInt8](repeating: 0, count: 16)
            let n = read(fd, &bytes, bytes.count)
            log.withLockWakingWaiters { $0.append(n > 0 ? "ready" : "ended") }
            if n == 0 { loop.close(self) }
        }

        func deadlinePassed(on loop: EventLoop) { log.withLockWakingWaiters { $0.append("deadline") } }
        func flush(on loop: EventLoop) {}

        func stop(on loop: EventLoop) {
            log.withLockWakingWaiters { $0.append("stop") }
            loop.close(self)
        }

        func close(on loop: EventLoop) {
            log.withLockWakingWaiters { $0.append("close") }
            loop.close(self)
        }
    }

    /// A connected pair of local sockets.
    static func pair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        return (fds[0], fds[1])
    }

    /// Runs `body` on the loop's thread and waits for its result.
    static func onLoop<T: Sendable>(_ loop: EventLoop, _ body: @escaping @Sendable (EventLoop) -> T) -> T? {
        let result = Protected<T?>(nil)
        loop.post(.run { loop in
            let value = body(loop)
            result.withLockWakingWaiters { $0 = value }
        })
        return result.withLock(when: { $0 != nil }, before: Date(timeIntervalSinceNow: 5)) { $0 }
    }

    /// Waits up to two seconds for the log to hold `count` entries.
    static func await(_ log: Protected<[String]>, count: Int) -> [String] {
        log.withLock(when: { $0.count >= count }, before: Date(timeIntervalSinceNow: 2)) { $0 }
    }

    @Test func aDeadlineFiresOnceAtItsTimeAndALaterOneDoesNotPutItOff() throws {
        let loop = try EventLoop(name: "test-loop", drainTimeout: 1, log: { _ in })
        loop.start()
        defer {
            loop.post(.stop)
            loop.waitUntilFinished()
        }
        let (mine, theirs) = Self.pair()
        defer { close(theirs) }
        let log = Protected<[String]>([])
        let started = MonotonicClock.nanoseconds()
        _ = Self.onLoop(loop) { loop in
            let probe = Probe(fd: mine, log: log)
            loop.register(probe, interest: UInt32(EPOLLIN.rawValue))
            loop.schedule(probe, at: started + 100_000_000)
            loop.schedule(probe, at: started + 900_000_000)
            return true
        }
        #expect(Self.await(log, count: 1) == ["deadline"])
        let fired = MonotonicClock.nanoseconds() - started
        #expect(fired >= 100_000_000 && fired < 800_000_000, "fired after \(fired / 1_000_000) ms")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(log.withLock { $0 } == ["deadline"])
    }

    @Test func aClosedChannelsTokenFindsNothingEvenOnceItsDescriptorIsReused() throws {
        let loop = try EventLoop(name: "test-loop", drainTimeout: 1, log: { _ in })
        loop.start()
        defer {
            loop.post(.stop)
            loop.waitUntilFinished()
        }
        let log = Protected<[String]>([])
        let found = Self.onLoop(loop) { loop -> [Bool] in
            let (first, peer) = Self.pair()
            let old = Probe(fd: first, log: log)
            loop.register(old, interest: UInt32(EPOLLIN.rawValue))
            let token = loop.token(for: old)
            loop.close(old)
            close(peer)
            let (again, other) = Self.pair()
            defer { close(other) }
            let new = Probe(fd: again, log: log)
            loop.register(new, interest: UInt32(EPOLLIN.rawValue))
            defer { loop.close(new) }
            // Most often the kernel hands the same number out again (the lowest free one).
            return [loop.channel(for: token) == nil, loop.channel(for: loop.token(for: new)) === new]
        }
        #expect(found == [true, true])
    }

    @Test func aReadyDescriptorGoesToItsChannelAndStoppingStopsEachChannel() throws {
        let loop = try EventLoop(name: "test-loop", drainTimeout: 1, log: { _ in })
        loop.start()
        let (mine, theirs) = Self.pair()
        defer { close(theirs) }
        let log = Protected<[String]>([])
        _ = Self.onLoop(loop) { loop in
            loop.register(Probe(fd: mine, log: log), interest: UInt32(EPOLLIN.rawValue))
            return true
        }
        _ = [UInt8(1)].withUnsafeBytes { send(theirs, $0.baseAddress, 1, 0) }
        #expect(Self.await(log, count: 1) == ["ready"])
        loop.post(.stop)
        loop.waitUntilFinished()
        #expect(log.withLock { $0 } == ["ready", "stop"])
    }
}
