import ConciergeKit
import Foundation

/// `concierge-bench tune FILE`: sweeps the decision thresholds over a labelled file and prints
/// the accuracy of each setting, best first. Scores are computed once; only decisions are redone.
enum Tuning {
    static func run(file: String, matcher: IntentMatcher) throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("can't read \(file)") }
        let cases = try Evaluation.cases(in: String(decoding: data, as: UTF8.self), file: file)
        var results: [(Double, Double, MatcherSettings)] = []
        for unknown in [2.8, 3.4, 4.0] {
        for common in [2.4, 3.0, 3.6] where common <= unknown {
        var base = MatcherSettings()
        base.unknownWeight = unknown
        base.commonUnknownWeight = common
        let m = matcher.with(settings: base)
        let scored = cases.map { ($0.expected, m.classify($0.text).candidates) }
        for act in stride(from: 0.20, through: 0.50, by: 0.02) {
            for fallback in stride(from: 0.16, through: act, by: 0.04) {
                for margin in [0.0, 0.01, 0.02, 0.03] { for coverage in [0.0, 0.3, 0.4, 0.5, 0.6] {
                    var s = base
                    s.actThreshold = act
                    s.fallbackThreshold = fallback
                    s.clarifyMargin = margin
                    s.minimumCoverage = coverage
                    var right = 0, wrong = 0
                    for (expected, candidates) in scored {
                        let predicted = s.decision(for: candidates)
                        let id: String
                        if case .act(let i) = predicted { id = i } else { id = Evaluation.noIntent }
                        if id == expected { right += 1 } else if id != Evaluation.noIntent { wrong += 1 }
                    }
                    results.append((Double(right) / Double(scored.count), Double(wrong) / Double(scored.count), s))
                }
                }
            }
        }
        }
        }
        results.sort { $0.0 > $1.0 }
        for (acc, wrong, s) in results.prefix(20000) {
            print(String(format: "accuracy %.3f wrong %.3f  act %.2f fallback %.2f margin %.2f unknown %.1f common %.1f coverage %.1f", acc, wrong, s.actThreshold, s.fallbackThreshold, s.clarifyMargin, s.unknownWeight, s.commonUnknownWeight, s.minimumCoverage))
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
