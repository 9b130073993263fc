#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the monotonic clock in nanoseconds: unaffected by wall-clock changes, and cheap enough
/// (a vDSO call on Linux, some 20 ns) to wrap around every single `classify` call.
enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point; only differences mean anything.
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs `body` and returns its result with how long it took, in milliseconds.
    static func milliseconds<T>(_ body: () throws -> T) rethrows -> (result: T, milliseconds: Double) {
        let start = nanoseconds()
        let result = try body()
        return (result, Double(nanoseconds() - start) / 1_000_000)
    }
}
