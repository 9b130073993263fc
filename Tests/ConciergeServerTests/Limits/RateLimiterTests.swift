@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// Token buckets on a manual clock.
struct RateLimiterTests {
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
