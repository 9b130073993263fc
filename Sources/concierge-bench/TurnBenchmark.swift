import ConciergeKit
import Foundation

/// Times `Bot.respond` for one shopper message in a fresh conversation, over the evaluation
/// utterances, next to `IntentMatcher.classify` on the same messages, to show what share of a
/// turn is reading and matching the text.
enum TurnBenchmark {
    static let usage = "concierge-bench turns [--passes N]  time whole bot turns (Bot.respond) over the eval utterances"

    static func run(_ args: [String]) throws {
        var passes = 20
        if args.count == 2, args[0] == "--passes", let n = Int(args[1]), n > 0 {
            passes = n
        } else if !args.isEmpty {
            throw BenchUsageError("expected --passes N, not '\(args.joined(separator: " "))'")
        }
        let path = BenchmarkCommand.locate(BenchmarkCommand.utterancesFile)
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("can't read \(path)") }
        let utterances = try Evaluation.cases(in: String(decoding: data, as: UTF8.self), file: path).map(\.text)
        let matcher = IntentMatcher(catalog: try Catalog.load(from: BenchmarkCommand.locate("Intents")))
        let now = Date()
        let bot = Bot(matcher: matcher)
        let opened = bot.start(id: "bench", at: now).conversation

        var turns: [UInt64] = [], classifications: [UInt64] = []
        turns.reserveCapacity(passes * utterances.count)
        classifications.reserveCapacity(passes * utterances.count)
        for pass in -2..<passes {
            for u in utterances {
                let t0 = MonotonicClock.nanoseconds()
                let c = bot.respond(to: u, in: opened, at: now).conversation
                let t1 = MonotonicClock.nanoseconds()
                let classified = matcher.classify(u)
                let t2 = MonotonicClock.nanoseconds()
                precondition(!c.transcript.isEmpty && classified.confidence >= 0)
                if pass >= 0 {
                    turns.append(t1 - t0)
                    classifications.append(t2 - t1)
                }
            }
        }
        let turn = LatencyStats(nanoseconds: turns), classify = LatencyStats(nanoseconds: classifications)
        func us(_ x: Double) -> String { String(format: "%.1f µs", x) }
        print("| \(BenchmarkTable.grouped(turns.count)) calls | p50 | p99 | mean |")
        print("|---|---:|---:|---:|")
        print("| Bot.respond (fresh conversation) | \(us(turn.p50)) | \(us(turn.p99)) | \(us(turn.mean)) |")
        print("| IntentMatcher.classify | \(us(classify.p50)) | \(us(classify.p99)) | \(us(classify.mean)) |")
    }
}
