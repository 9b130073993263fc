#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the monotonic clock: unaffected by wall-clock changes, so a timeout or a rate limit
/// can't be shortened or stretched by someone setting the time, and cheap enough (a vDSO call on
/// Linux, some 20 ns) to wrap around every single `classify` call.
///
/// The one clock for timeouts, rate limits and measurements; times on it mean something only as
/// differences.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Seconds since the same point, for limits kept in seconds.
    @Sendable public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` and returns its result with how long it took, in milliseconds.
    public static func milliseconds<T>(_ body: () throws -> T) rethrows -> (result: T, milliseconds: Double) {
        let start = nanoseconds()
        let result = try body()
        return (result, Double(nanoseconds() - start) / 1_000_000)
    }
}
