import ConciergeKit

/// A clock that moves only when a test says so, in seconds: pass `{ clock.now }` where a type
/// takes a clock, then ``advance(_:)`` it instead of waiting.
public final class ManualClock: Sendable {
    private let seconds: Protected<Double>

    public init(_ start: Double = 1000) {
        seconds = Protected(start)
    }

    /// The time now.
    public var now: Double {
        seconds.withLock { $0 }
    }

    /// Moves the clock on by `interval` seconds.
    public func advance(_ interval: Double) {
        seconds.withLock { $0 += interval }
    }
}
