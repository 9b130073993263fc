@testable import ConciergeKit
import Testing

extension Intents {
    @Suite struct KeywordIndexTests {
        /// Two intents; "track my order" is a keyword of both.
        static let keywords: [[(text: String, terms: [String])]] = [
            [("track my order", ["track", "my", "order"]), ("tracking", ["track"])],
            [("refund", ["refund"]), ("track my order", ["track", "my", "order"])],
        ]
        static let terms = TermTable(keywords.flatMap { $0.flatMap(\.terms) })
        static let index = KeywordIndex(keywords: keywords, terms: terms)

        struct Case: Sendable, CustomTestStringConvertible {
            var terms: [String]
            var found: [String]
            var testDescription: String { terms.joined(separator: " ") }
        }

        static let cases: [Case] = [
            Case(terms: ["pleas", "track", "my", "order"], found: ["0: track my order", "0: tracking", "1: track my order"]),
            // A phrase counts only with its words side by side and in order.
            Case(terms: ["track", "the", "order"], found: ["0: tracking"]),
            Case(terms: ["order", "my", "track"], found: ["0: tracking"]),
            Case(terms: ["refund", "refund"], found: ["1: refund"]),
            Case(terms: ["wher", "is", "it"], found: []),
            Case(terms: [], found: []),
        ]

        @Test(arguments: cases)
        func keywordsAreFoundForEveryIntentThatListsThem(_ test: Case) {
            let found = Self.index.matches(in: Self.terms.ids(test.terms)).map { "\($0.intent): \(Self.index.text(intent: $0.intent, keyword: $0.keyword))" }
            #expect(found == test.found)
        }
    }
}
