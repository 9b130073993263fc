/// A token bucket: it holds at most `burst` tokens, earns back `rate` tokens a second, and each
/// thing it limits spends one. A value, kept with the rest of its owner's state: the hub keeps one
/// per connection, ``RateLimiter`` one per key.
///
/// Times are seconds on whatever clock the owner goes by (the hub's injected dates, the web
/// bridge's monotonic clock); only their differences count.
struct TokenBucket: Sendable, Equatable {
    private var tokens: Double
    private var updated: Double

    /// A full bucket, whatever its burst turns out to be.
    init() {
        tokens = .infinity
        updated = 0
    }

    /// Spends one token at `now`.
    /// - Returns: nil when there was one, else the whole seconds (at least 1) until one is earned back.
    mutating func take(rate: Double, burst: Double, at now: Double) -> Int? {
        tokens = min(burst, tokens + max(0, now - updated) * rate)
        updated = now
        guard tokens >= 1 else { return max(1, Int(((1 - tokens) / rate).rounded(.up))) }
        tokens -= 1
        return nil
    }

    /// What ``take(rate:burst:at:)`` would answer at `now`, without spending: nil when a token is there.
    func wait(rate: Double, burst: Double, at now: Double) -> Int? {
        let tokens = min(burst, self.tokens + max(0, now - updated) * rate)
        return tokens >= 1 ? nil : max(1, Int(((1 - tokens) / rate).rounded(.up)))
    }

    /// Whether the bucket has filled up again by `now`: a limiter may then forget it.
    func isFull(rate: Double, burst: Double, at now: Double) -> Bool {
        tokens + max(0, now - updated) * rate >= burst
    }
}
