@testable import ConciergeKit
import Testing

extension Text {
    @Suite struct TextNormalizerTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var text: String
            var words: [String]
            var testDescription: String { text }
        }

        static let caseAndDiacritics: [Case] = [
            Case(text: "WHERE IS MY ORDER", words: ["where", "is", "my", "order"]),
            Case(text: "Where’s my Café order?!", words: ["where", "is", "my", "cafe", "order"]),
            Case(text: "naïve résumé", words: ["naive", "resume"]),
            Case(text: "Ｆｕｌｌ ＷＩＤＴＨ", words: ["full", "width"]),
            Case(text: "order 113542617735902", words: ["order", "113542617735902"]),
        ]

        @Test(arguments: caseAndDiacritics)
        func textIsLowerCasedAndDiacriticsAreFolded(_ test: Case) {
            #expect(TextNormalizer.words(in: test.text) == test.words)
        }

        static let contractions: [Case] = [
            Case(text: "where's", words: ["where", "is"]),
            Case(text: "wheres", words: ["where", "is"]),
            Case(text: "where’s", words: ["where", "is"]),
            Case(text: "where‘s", words: ["where", "is"]),
            Case(text: "where`s", words: ["where", "is"]),
            Case(text: "dont", words: ["do", "not"]),
            Case(text: "don't", words: ["do", "not"]),
            Case(text: "don’t", words: ["do", "not"]),
            Case(text: "can't", words: ["can", "not"]),
            Case(text: "won't", words: ["will", "not"]),
            Case(text: "I'm", words: ["i", "am"]),
            Case(text: "im", words: ["i", "am"]),
            Case(text: "you're", words: ["you", "are"]),
            Case(text: "we've", words: ["we", "have"]),
            Case(text: "they'll", words: ["they", "will"]),
            Case(text: "she'd", words: ["she", "would"]),
            Case(text: "let's", words: ["let", "us"]),
            Case(text: "Jo's parcel", words: ["jo", "parcel"]),
        ]

        @Test(arguments: contractions)
        func contractionsExpandWithOrWithoutTheApostrophe(_ test: Case) {
            #expect(TextNormalizer.words(in: test.text) == test.words)
        }

        static let texting: [Case] = [
            Case(text: "u r", words: ["you", "are"]),
            Case(text: "pls", words: ["please"]),
            Case(text: "plz cancel", words: ["please", "cancel"]),
            Case(text: "thx", words: ["thanks"]),
            Case(text: "idk", words: ["i", "do", "not", "know"]),
            Case(text: "asap", words: ["as", "soon", "as", "possible"]),
            Case(text: "where is it rn", words: ["where", "is", "it", "right", "now"]),
            Case(text: "wanna cancel", words: ["want", "to", "cancel"]),
            Case(text: "2day", words: ["today"]),
        ]

        @Test(arguments: texting)
        func textingShorthandIsSpeltOut(_ test: Case) {
            #expect(TextNormalizer.words(in: test.text) == test.words)
        }

        static let punctuation: [Case] = [
            Case(text: "hello... world!!! (test)", words: ["hello", "world", "test"]),
            Case(text: "order status?", words: ["order", "status"]),
            Case(text: "rock & roll", words: ["rock", "and", "roll"]),
            Case(text: "e-mail", words: ["e", "mail"]),
            Case(text: "'quoted' text", words: ["quoted", "text"]),
            Case(text: "‘quoted’ text", words: ["quoted", "text"]),
            Case(text: "--- *** ???", words: []),
            Case(text: "", words: []),
        ]

        @Test(arguments: punctuation)
        func punctuationSeparatesWordsAndIsDropped(_ test: Case) {
            #expect(TextNormalizer.words(in: test.text) == test.words)
        }
    }
}
