@testable import ConciergeKit
import Testing

extension Text {
    @Suite struct StemmerTests {
        /// Forms of one word, which must all reach one stem so a shopper's "tracked" matches an example's "tracking".
        static let families: [[String]] = [
            ["track", "tracks", "tracked", "tracking"],
            ["cancel", "cancels", "cancelled", "cancelling", "cancellation"],
            ["delivery", "deliveries"],
            ["ship", "ships", "shipped", "shipping"],
            ["charge", "charges", "charged", "charging"],
            ["refund", "refunds", "refunded", "refunding"],
            ["address", "addresses"],
            ["box", "boxes"],
        ]

        @Test(arguments: families)
        func formsOfOneWordShareAStem(_ forms: [String]) {
            let stems = Set(forms.map(Stemmer.stem))
            #expect(stems.count == 1, "\(forms) stem to \(stems.sorted())")
        }

        struct Case: Sendable, CustomTestStringConvertible {
            var word: String
            var stem: String
            var testDescription: String { word }
        }

        static let cases: [Case] = [
            Case(word: "tracking", stem: "track"),
            Case(word: "cancellation", stem: "cancel"),
            Case(word: "deliveries", stem: "delivery"),
            Case(word: "charged", stem: "charg"),
            Case(word: "address", stem: "address"),
            // Short words, placeholders and numbers are left alone.
            Case(word: "bus", stem: "bus"),
            Case(word: "<order>", stem: "<order>"),
            Case(word: "2024", stem: "2024"),
        ]

        @Test(arguments: cases)
        func stemsAreTheDocumentedOnes(_ test: Case) {
            #expect(Stemmer.stem(test.word) == test.stem)
        }
    }
}
