@testable import ConciergeServer
import Foundation
import Testing

/// Token buckets on a manual clock.
struct RateLimiterTests {
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 1000.0
        var now: Double {
            lock.lock()
            defer { lock.unlock() }
            return seconds
        }
        func advance(_ by: Double) {
            lock.lock()
            seconds += by
            lock.unlock()
        }
    }

    @Test func aKeyMaySpendItsBurstThenWaitsForTokensToComeBack() {
        let clock = ManualClock()
        let limiter = RateLimiter(rate: 0.5, burst: 3, clock: { clock.now })
        #expect((0..<3).map { _ in limiter.take("1.2.3.4") } == [nil, nil, nil])
        #expect(limiter.take("1.2.3.4") == 2)
        #expect(limiter.take("5.6.7.8") == nil)
        clock.advance(1)
        #expect(limiter.take("1.2.3.4") == 1)
        clock.advance(1.5)
        #expect(limiter.take("1.2.3.4") == nil)
        #expect(limiter.take("1.2.3.4") == 2)
    }

    @Test func aKeyThatWasQuietForLongGetsItsWholeBurstBackAndNoMore() {
        let clock = ManualClock()
        let limiter = RateLimiter(rate: 10, burst: 2, clock: { clock.now })
        _ = limiter.take("k")
        _ = limiter.take("k")
        clock.advance(120)
        #expect([limiter.take("k"), limiter.take("k"), limiter.take("k")] == [nil, nil, 1])
    }
}
