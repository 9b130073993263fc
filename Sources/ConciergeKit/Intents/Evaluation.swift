import Foundation

/// Scores the matcher against labelled utterances (`utterance<TAB>expected_id` lines, `none`
/// for messages the bot should not answer), or against a plain list of messages that must all
/// fall back: the `rasa test nlu` of this project.
public struct Evaluation: Sendable {
    /// One labelled utterance and what the matcher did with it.
    public struct Outcome: Sendable {
        public var text: String
        public var expected: String
        /// The intent acted on, or `none` for a clarify or fallback.
        public var predicted: String
        public var decision: Classification.Decision
        public var line: Int
        /// Whether the prediction counts as right: the label, or an answer the evaluation accepts for it.
        public var isRight: Bool
    }

    public var outcomes: [Outcome]

    /// The label for messages that should fall back.
    public static let noIntent = "none"

    /// Reads a labelled file's text; `file` is only for error messages. A file with no tab on any
    /// line is a plain list of messages that must fall back, each labelled `none`.
    /// - Throws: ``ContentError`` for lines that are not `utterance<TAB>intent`.
    public static func cases(in text: String, file: String) throws(ContentError) -> [(text: String, expected: String, line: Int)] {
        var out: [(String, String, Int)] = []
        var issues: [ContentIssue] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let isPlainList = !lines.contains { $0.contains("\t") }
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingSpaces.isEmpty || line.hasPrefix("#") { continue }
            if isPlainList {
                out.append((String(line.trimmingSpaces), noIntent, i + 1))
                continue
            }
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
    /// - Parameter accepting: label → further answers that count as right for it, e.g.
    ///   `["get_refund": ["return_item"]]` when a data set's refund lines also ask to send items back.
    public init(matcher: IntentMatcher, cases: [(text: String, expected: String, line: Int)], accepting: [String: Set<String>] = [:]) {
        outcomes = cases.map { c in
            let result = matcher.classify(c.text)
            let predicted = result.intent ?? Self.noIntent
            return Outcome(text: c.text, expected: c.expected, predicted: predicted, decision: result.decision, line: c.line,
                           isRight: predicted == c.expected || accepting[c.expected]?.contains(predicted) == true)
        }
    }

    /// Share of cases answered right (a clarify counts as `none`).
    public var accuracy: Double { share(outcomes.filter(\.isRight).count) }
    /// Share of cases the bot fell back or clarified on.
    public var fallbackRate: Double { share(outcomes.filter { $0.predicted == Self.noIntent }.count) }
    /// Share of in-scope cases answered with a wrong intent (the costly mistake).
    public var wrongAnswerRate: Double {
        share(outcomes.filter { $0.predicted != Self.noIntent && !$0.isRight }.count)
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
            let predicted = outcomes.filter { $0.predicted == label || ($0.expected == label && $0.isRight) }
            let actual = outcomes.filter { $0.expected == label }
            let hits = actual.filter(\.isRight).count
            return LabelScore(label: label,
                              precision: predicted.isEmpty ? 0 : Double(hits) / Double(predicted.count),
                              recall: actual.isEmpty ? 0 : Double(hits) / Double(actual.count),
                              support: actual.count)
        }
    }

    /// Most frequent (expected, predicted) mistakes.
    public func confusions(limit: Int = 10) -> [(expected: String, predicted: String, count: Int)] {
        var counts: [String: (String, String, Int)] = [:]
        for o in outcomes where !o.isRight {
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
        for s in perLabel where s.support > 0 || s.precision > 0 {
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
            for o in outcomes where !o.isRight {
                lines.append("  line \(o.line): \(o.text)  [\(o.expected) → \(o.predicted)\(o.decision == .fallback ? " (fallback)" : "")]")
            }
        }
        return lines.joined(separator: "\n")
    }
}
