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
