import ConciergeKit

/// Measures one catalog: how long its content takes to load and compile, and how long the
/// compiled matcher takes to classify each of a list of utterances, one call at a time on the
/// calling thread.
struct Benchmark {
    /// The name of the row in the results table.
    var name: String
    /// Reads and validates the content (timed as "load").
    var load: () throws -> Catalog
    /// How many times content is loaded and compiled; the median time is reported.
    var loadRuns: Int = 3
    /// Untimed passes over the utterances before measuring: caches, allocator and branch
    /// predictors settle, and lazily built statics are built.
    var warmUpPasses: Int = 2
    /// Timed passes over the utterances; every call is one sample.
    var passes: Int = 10

    /// What one benchmark measured.
    struct Result {
        var name: String
        var intents: Int
        var examples: Int
        /// Median time to read and validate the content, in milliseconds.
        var loadMilliseconds: Double
        /// Median time to compile the catalog into a matcher, in milliseconds.
        var compileMilliseconds: Double
        /// Per-call `classify` latency.
        var latency: LatencyStats
        /// Calls per second over the timed passes, timing overhead included.
        var utterancesPerSecond: Double
        /// How the timed calls were decided, as a sanity check that the work was real.
        var acted = 0, clarified = 0, fellBack = 0
    }

    /// Loads, compiles and measures.
    /// - Parameter utterances: the messages to classify, each once per pass.
    /// - Throws: ``ContentError`` when the content does not load.
    func run(utterances: [String]) throws -> Result {
        precondition(!utterances.isEmpty && loadRuns > 0 && passes > 0, "nothing to measure")
        var loadTimes: [Double] = []
        var compileTimes: [Double] = []
        var matcher: IntentMatcher?
        for _ in 0..<loadRuns {
            let loaded = try MonotonicClock.milliseconds { try load() }
            let compiled = MonotonicClock.milliseconds { IntentMatcher(catalog: loaded.result) }
            loadTimes.append(loaded.milliseconds)
            compileTimes.append(compiled.milliseconds)
            matcher = compiled.result
        }
        guard let matcher else { fatalError("loadRuns > 0 guarantees a matcher") }

        for _ in 0..<warmUpPasses {
            for u in utterances { _ = matcher.classify(u) }
        }

        var samples: [UInt64] = []
        samples.reserveCapacity(passes * utterances.count)
        var acted = 0, clarified = 0, fellBack = 0
        let start = MonotonicClock.nanoseconds()
        for _ in 0..<passes {
            for u in utterances {
                let t0 = MonotonicClock.nanoseconds()
                // The decision is read inside the timed region, so the result is built and
                // released within it, as it is when the bot uses it.
                let decision = matcher.classify(u).decision
                let t1 = MonotonicClock.nanoseconds()
                samples.append(t1 - t0)
                switch decision {
                case .act: acted += 1
                case .clarify: clarified += 1
                case .fallback: fellBack += 1
                }
            }
        }
        let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9

        return Result(
            name: name, intents: matcher.catalog.intents.count,
            examples: matcher.catalog.intents.reduce(0) { $0 + $1.examples.count },
            loadMilliseconds: Self.median(loadTimes), compileMilliseconds: Self.median(compileTimes),
            latency: LatencyStats(nanoseconds: samples), utterancesPerSecond: Double(samples.count) / elapsed,
            acted: acted, clarified: clarified, fellBack: fellBack)
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
