import Foundation

/// Token buckets by key (a client address, a session): each key may spend `burst` at once and
/// earns back `rate` tokens a second. The clock is injected, so tests need not wait.
final class RateLimiter: @unchecked Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let rate: Double
    let burst: Double
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private var lastSweep: Double

    /// - Parameters:
    ///   - rate: tokens earned back per second.
    ///   - burst: the most a key can hold, and so spend at once.
    ///   - clock: seconds on a monotonic clock.
    init(rate: Double, burst: Double, clock: @escaping @Sendable () -> Double = HTTPConnection.now) {
        self.rate = rate
        self.burst = burst
        self.clock = clock
        lastSweep = clock()
    }

    /// Spends one token for `key`. Returns nil when allowed, else the whole seconds to wait.
    func take(_ key: String) -> Int? {
        let now = clock()
        lock.lock()
        defer { lock.unlock() }
        sweep(now)
        var b = buckets[key] ?? Bucket(tokens: burst, updated: now)
        b.tokens = min(burst, b.tokens + (now - b.updated) * rate)
        b.updated = now
        guard b.tokens >= 1 else {
            buckets[key] = b
            return max(1, Int(((1 - b.tokens) / rate).rounded(.up)))
        }
        b.tokens -= 1
        buckets[key] = b
        return nil
    }

    /// Forgets keys whose buckets have filled up again, so the table stays as small as the
    /// set of recently busy clients.
    private func sweep(_ now: Double) {
        guard now - lastSweep > 60 else { return }
        lastSweep = now
        buckets = buckets.filter { _, b in b.tokens + (now - b.updated) * rate < burst }
    }
}
