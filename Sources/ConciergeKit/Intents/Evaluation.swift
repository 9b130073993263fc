import Foundation

/// Scores the matcher against labelled utterances (`utterance<TAB>expected_id` lines, `none`
/// for messages the bot should not answer): the `rasa test nlu` of this project.
public struct Evaluation: Sendable {
    /// One labelled utterance and what the matcher did with it.
    public struct Outcome: Sendable {
        public var text: String
        public var expected: String
        /// The intent acted on, or `none` for a clarify or fallback.
        public var predicted: String
        public var decision: Classification.Decision
        public var line: Int
    }

    public var outcomes: [Outcome]

    /// The label for messages that should fall back.
    public static let noIntent = "none"

    /// Reads a labelled file's text; `file` is only for error messages.
    /// - Throws: ``ContentError`` for lines that are not `utterance<TAB>intent`.
    public static func cases(in text: String, file: String) throws(ContentError) -> [(text: String, expected: String, line: Int)] {
        var out: [(String, String, Int)] = []
        var issues: [ContentIssue] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingSpaces.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                issues.append(ContentIssue(.error, file: file, line: i + 1, "expected 'utterance<TAB>intent_id'"))
                continue
            }
            out.append((String(parts[0]), String(parts[1].trimmingSpaces), i + 1))
        }
        if !issues.isEmpty { throw ContentError(issues: issues) }
        return out
    }

    /// Runs every case through `matcher`.
    public init(matcher: IntentMatcher, cases: [(text: String, expected: String, line: Int)]) {
        outcomes = cases.map { c in
            let result = matcher.classify(c.text)
            return Outcome(text: c.text, expected: c.expected, predicted: result.intent ?? Self.noIntent,
                           decision: result.decision, line: c.line)
        }
    }

    /// Share of cases whose prediction equals the label (a clarify counts as `none`).
    public var accuracy: Double { share(outcomes.filter { $0.predicted == $0.expected }.count) }
    /// Share of cases the bot fell back or clarified on.
    public var fallbackRate: Double { share(outcomes.filter { $0.predicted == Self.noIntent }.count) }
    /// Share of in-scope cases answered with a wrong intent (the costly mistake).
    public var wrongAnswerRate: Double {
        share(outcomes.filter { $0.predicted != Self.noIntent && $0.predicted != $0.expected }.count)
    }

    private func share(_ n: Int) -> Double { outcomes.isEmpty ? 0 : Double(n) / Double(outcomes.count) }

    /// Precision, recall and support of one label.
    public struct LabelScore: Sendable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var support: Int
    }

    public var perLabel: [LabelScore] {
        let labels = Set(outcomes.map(\.expected)).union(outcomes.map(\.predicted)).sorted()
        return labels.map { label in
            let predicted = outcomes.filter { $0.predicted == label }
            let actual = outcomes.filter { $0.expected == label }
            let hits = actual.filter { $0.predicted == label }.count
            return LabelScore(label: label,
                              precision: predicted.isEmpty ? 0 : Double(hits) / Double(predicted.count),
                              recall: actual.isEmpty ? 0 : Double(hits) / Double(actual.count),
                              support: actual.count)
        }
    }

    /// Most frequent (expected, predicted) mistakes.
    public func confusions(limit: Int = 10) -> [(expected: String, predicted: String, count: Int)] {
        var counts: [String: (String, String, Int)] = [:]
        for o in outcomes where o.predicted != o.expected {
            let key = o.expected + "\u{0}" + o.predicted
            counts[key, default: (o.expected, o.predicted, 0)].2 += 1
        }
        return counts.values.sorted { $0.2 > $1.2 || ($0.2 == $1.2 && ($0.0, $0.1) < ($1.0, $1.1)) }
            .prefix(limit).map { ($0.0, $0.1, $0.2) }
    }

    /// A plain-text report: accuracy, fallback rate, per-label scores and the top confusions.
    public func report(showMistakes: Bool = false) -> String {
        func pct(_ x: Double) -> String { String(format: "%5.1f%%", x * 100) }
        var lines: [String] = []
        lines.append("utterances: \(outcomes.count)")
        lines.append("accuracy:   \(pct(accuracy))")
        lines.append("fallback:   \(pct(fallbackRate)) (clarify or fall back)")
        lines.append("wrong:      \(pct(wrongAnswerRate)) (answered with the wrong intent)")
        lines.append("")
        lines.append("intent                        precision  recall  support")
        for s in perLabel {
            lines.append(s.label.padding(toLength: 30, withPad: " ", startingAt: 0)
                + pct(s.precision).padding(toLength: 11, withPad: " ", startingAt: 0)
                + pct(s.recall).padding(toLength: 8, withPad: " ", startingAt: 0) + String(s.support))
        }
        let confused = confusions()
        if !confused.isEmpty {
            lines.append("")
            lines.append("most confused (expected → predicted):")
            for c in confused { lines.append("  \(c.count)× \(c.expected) → \(c.predicted)") }
        }
        if showMistakes {
            lines.append("")
            lines.append("mistakes:")
            for o in outcomes where o.predicted != o.expected {
                lines.append("  line \(o.line): \(o.text)  [\(o.expected) → \(o.predicted)\(o.decision == .fallback ? " (fallback)" : "")]")
            }
        }
        return lines.joined(separator: "\n")
    }
}
