import ConciergeKit

/// Token buckets by key (a client address, a session): each key may spend `burst` at once and
/// earns back `rate` tokens a second (see ``TokenBucket``). The clock is injected, so tests need
/// not wait.
final class RateLimiter: Sendable {
    private struct Buckets {
        var byKey: [String: TokenBucket] = [:]
        var lastSweep: Double
    }

    let rate: Double
    let burst: Double
    private let clock: @Sendable () -> Double
    private let buckets: Protected<Buckets>

    /// - Parameters:
    ///   - rate: tokens earned back per second.
    ///   - burst: the most a key can hold, and so spend at once.
    ///   - clock: seconds on a monotonic clock.
    init(rate: Double, burst: Double, clock: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        self.rate = rate
        self.burst = burst
        self.clock = clock
        buckets = Protected(Buckets(lastSweep: clock()))
    }

    /// Spends one token for `key`. Returns nil when allowed, else the whole seconds to wait.
    func take(_ key: String) -> Int? {
        let now = clock()
        return buckets.withLock { b in
            sweep(&b, now)
            return b.byKey[key, default: TokenBucket()].take(rate: rate, burst: burst, at: now)
        }
    }

    /// Whether `key` could spend a token now, without spending it: nil when it could, else the
    /// whole seconds to wait. For limits that count only failures (wrong tokens): check before
    /// trying, ``take(_:)`` after failing.
    func check(_ key: String) -> Int? {
        let now = clock()
        return buckets.withLock { b in b.byKey[key].flatMap { $0.wait(rate: rate, burst: burst, at: now) } }
    }

    /// Forgets keys whose buckets have filled up again, so the table stays as small as the
    /// set of recently busy clients.
    private func sweep(_ b: inout Buckets, _ now: Double) {
        guard now - b.lastSweep > 60 else { return }
        b.lastSweep = now
        b.byKey = b.byKey.filter { _, bucket in !bucket.isFull(rate: rate, burst: burst, at: now) }
    }
}
