@testable import ConciergeKit
import Testing

extension Lexicon {
    /// A concept's member is written once, in its base form; its other forms must be found.
    @Suite struct InflectorTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var word: String
            var forms: Set<String>
            var testDescription: String { word }
        }

        static let cases: [Case] = [
            Case(word: "purchase", forms: ["purchases", "purchased", "purchasing"]),
            Case(word: "ship", forms: ["ships", "shipped", "shipping"]),
            Case(word: "cancel", forms: ["cancels", "cancelled", "canceled", "cancelling", "canceling"]),
            Case(word: "reply", forms: ["replies", "replied", "replying"]),
            Case(word: "box", forms: ["boxes"]),
            Case(word: "refund", forms: ["refunds", "refunded", "refunding"]),
            Case(word: "delay", forms: ["delays", "delayed", "delaying"]),
        ]

        @Test(arguments: cases)
        func regularFormsOfAWordAreAllGenerated(_ test: Case) {
            #expect(test.forms.isSubset(of: Set(Inflector.forms(of: test.word))))
        }

        @Test
        func aFinalConsonantAfterTwoVowelsIsNotDoubled() {
            #expect(!Inflector.forms(of: "repair").contains("repairred"))
            #expect(Inflector.forms(of: "repair").contains("repaired"))
        }

        @Test
        func wordsThatAreNotPlainLettersHaveNoForms() {
            #expect(Inflector.forms(of: "~refund").isEmpty)
            #expect(Inflector.forms(of: "a1").isEmpty)
        }
    }
}
