@testable import ConciergeKit
import Testing

extension Intents {
    /// How scores become decisions, with hand-made candidates and thresholds set here (not the
    /// tuned defaults), so the rules are pinned whatever the tuning.
    @Suite struct MatcherSettingsTests {
        static let settings: MatcherSettings = {
            var s = MatcherSettings()
            s.actThreshold = 0.40
            s.fallbackThreshold = 0.25
            s.clarifyMargin = 0.05
            s.sureThreshold = 0.75
            s.minimumCoverage = 0.25
            return s
        }()

        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            /// (intent, score, coverage), best first.
            var candidates: [(String, Double, Double)]
            var decision: Classification.Decision
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "a clear winner: act", candidates: [("track_order", 0.60, 0.8), ("missing_package", 0.30, 0.5)],
                 decision: .act("track_order")),
            Case(name: "two close scores: clarify with two",
                 candidates: [("track_order", 0.50, 0.8), ("missing_package", 0.47, 0.7), ("cancel_order", 0.20, 0.3)],
                 decision: .clarify(["track_order", "missing_package"])),
            Case(name: "unsure but alone: clarify with one",
                 candidates: [("track_order", 0.32, 0.6), ("missing_package", 0.10, 0.2)],
                 decision: .clarify(["track_order"])),
            Case(name: "runner-up close but below the fallback line: clarify with one",
                 candidates: [("track_order", 0.28, 0.6), ("missing_package", 0.24, 0.5)],
                 decision: .clarify(["track_order"])),
            Case(name: "nothing scores enough: fall back", candidates: [("track_order", 0.20, 0.9)], decision: .fallback),
            Case(name: "no candidates at all: fall back", candidates: [], decision: .fallback),
            Case(name: "a good score from one shared word: fall back", candidates: [("set_up_shipping_address", 0.50, 0.10)],
                 decision: .fallback),
            Case(name: "sure, even with a close runner-up: act",
                 candidates: [("track_order", 0.80, 0.9), ("missing_package", 0.79, 0.9)], decision: .act("track_order")),
            Case(name: "sure, even with little coverage: act", candidates: [("greeting", 0.90, 0.10)], decision: .act("greeting")),
        ]

        @Test(arguments: cases)
        func scoresBecomeTheRightDecision(_ test: Case) {
            let candidates = test.candidates.map { intent, score, coverage in
                Classification.Candidate(intent: intent, score: score, exampleScore: score, intentScore: score, coverage: coverage,
                                         closestExample: "", sharedTerms: [], keywords: [])
            }
            #expect(Self.settings.decision(for: candidates) == test.decision)
        }
    }
}
