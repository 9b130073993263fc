@testable import ConciergeKit
import Testing

extension Text {
    @Suite struct AnalyzerTests {
        static let messages = [
            "where is my order", "Where’s my Café order?!", "HELP ME@X.COM NOW PLEASE", "refund £12.50 for #A1234 please",
            "I'm fed up with 12 May delivery", "paid with 4242 4242 4242 4242", "{{Order Number}} where is it",
            "send it to SW1A 1AA", "rock & roll", "", "   ",
        ]

        /// The bot's frustration check reuses the words read for matching: they must be the
        /// words a fresh read of the whole message gives, entities or not.
        @Test(arguments: messages)
        func plainWordsAreTheWordsOfTheWholeMessage(_ text: String) {
            let (_, plainWords) = Fixtures.matcher.analyzer.read(text)
            #expect(plainWords == TextNormalizer.words(in: text))
        }

        /// Each term is numbered as the catalog numbers it, and a term the catalog never uses is -1.
        @Test(arguments: messages + ["book me a flight to the galaxy", "trak my oder"])
        func termIDsNumberTheTermsTheCatalogUses(_ text: String) {
            let analysis = Fixtures.matcher.analyze(text)
            let table = Fixtures.matcher.analyzer.termTable
            #expect(analysis.termIDs.count == analysis.terms.count)
            for (term, id) in zip(analysis.terms, analysis.termIDs) {
                if id >= 0 { #expect(table.terms[Int(id)] == term) } else { #expect(!table.terms.contains(term)) }
            }
        }

        struct NameCase: Sendable, CustomTestStringConvertible {
            var text: String
            var names: Set<String>?
            var testDescription: String { text }
        }

        static let nameCases: [NameCase] = [
            NameCase(text: "this is Priya from Leeds", names: ["priya", "leeds"]),
            NameCase(text: "Hello, Okafor here. Thanks", names: ["okafor"]),
            NameCase(text: "WHERE IS MY ORDER", names: nil),
            NameCase(text: "the invoice from July, on Monday", names: nil),
            NameCase(text: "I want my money", names: nil),
        ]

        /// Names are capitalised words inside a sentence; a shouted message, the first word of a
        /// sentence, "I", months and days are not.
        @Test(arguments: nameCases)
        func capitalisedWordsInsideASentenceAreNames(_ test: NameCase) {
            #expect(Analyzer.capitalizedWords(in: test.text) == test.names)
        }

        @Test
        func aNameNeitherTheCatalogNorEnglishKnowsWeighsLikeAnEntity() {
            let result = Fixtures.matcher.classify("this is Priya from Leeds, I want to cancel my order")
            #expect(result.analysis.terms.filter { $0 == Analyzer.name }.count == 2)
            #expect(result.intent == "cancel_order")
        }
    }
}
