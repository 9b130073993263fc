/// Percentiles of a set of latency samples.
///
/// Percentiles use the nearest-rank method on the sorted samples: p99 is the smallest sample
/// that at least 99% of the samples do not exceed, so it is always a latency that was actually
/// measured, never an interpolation.
struct LatencyStats: Sendable {
    /// The samples in nanoseconds, fastest first.
    let sorted: [UInt64]

    /// - Parameter nanoseconds: one sample per timed call, in any order; must not be empty.
    init(nanoseconds: [UInt64]) {
        precondition(!nanoseconds.isEmpty, "LatencyStats needs at least one sample")
        sorted = nanoseconds.sorted()
    }

    /// How many calls were timed.
    var count: Int { sorted.count }

    /// The sample at percentile `p` (0 < p ≤ 100), in microseconds.
    func percentile(_ p: Double) -> Double {
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        let index = Swift.min(Swift.max(rank, 1), sorted.count) - 1
        return Double(sorted[index]) / 1000
    }

    /// The median, in microseconds.
    var p50: Double { percentile(50) }
    /// The 99th percentile, in microseconds.
    var p99: Double { percentile(99) }
    /// The slowest call, in microseconds.
    var max: Double { Double(sorted[sorted.count - 1]) / 1000 }
    /// The mean, in microseconds.
    var mean: Double { Double(sorted.reduce(0, +)) / Double(sorted.count) / 1000 }
}
