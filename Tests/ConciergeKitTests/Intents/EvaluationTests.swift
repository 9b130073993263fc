@testable import ConciergeKit
import Testing

extension Intents {
    @Suite struct EvaluationTests {
        /// The held-out set: changing content or tuning must not bring the bot below this.
        @Test
        func theDemoShopAnswersAtLeast85PercentOfTheHeldOutSetCorrectly() throws {
            let cases = try Evaluation.cases(in: Fixtures.text("eval.tsv"), file: "eval.tsv")
            #expect(cases.count > 600)
            let evaluation = Evaluation(matcher: Fixtures.matcher, cases: cases)
            #expect(evaluation.accuracy >= 0.85, "accuracy \(evaluation.accuracy)\n\(evaluation.report(showMistakes: true))")
        }

        @Test
        func aPlainListIsReadAsMessagesThatMustFallBack() throws {
            let cases = try Evaluation.cases(in: "# off-topic\nwhat's the capital of peru\nwhere is my order\n", file: "off.txt")
            #expect(cases.map(\.expected) == ["none", "none"])
            let evaluation = Evaluation(matcher: Fixtures.matcher, cases: cases)
            #expect(evaluation.accuracy == 0.5)
            #expect(evaluation.wrongAnswerRate == 0.5)
            #expect(evaluation.confusions().map(\.predicted) == ["track_order"])
        }

        @Test
        func anAcceptedAnswerCountsAsRightAndNotAsWrong() {
            let cases = [(text: "I'd like to send this jumper back and get my money", expected: "get_refund", line: 1)]
            let strict = Evaluation(matcher: Fixtures.matcher, cases: cases)
            let predicted = strict.outcomes[0].predicted
            let lenient = Evaluation(matcher: Fixtures.matcher, cases: cases, accepting: ["get_refund": [predicted]])
            #expect(lenient.accuracy == 1)
            #expect(lenient.wrongAnswerRate == 0)
            #expect(lenient.perLabel.first { $0.label == "get_refund" }?.recall == 1)
        }

        @Test
        func aMalformedLineIsReportedWithItsLineNumber() {
            let text = "where is my order\ttrack_order\n# a comment\nno tab here\n\ttrack_order\n"
            let error = #expect(throws: ContentError.self) { try Evaluation.cases(in: text, file: "mine.tsv") }
            #expect(error?.issues.map(\.description) == [
                "mine.tsv:3: expected 'utterance<TAB>intent_id'",
                "mine.tsv:4: expected 'utterance<TAB>intent_id'",
            ])
        }
    }
}
