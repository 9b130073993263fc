@testable import ConciergeKit
import Testing

extension Text {
    @Suite struct SpellingCorrectorTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var text: String
            var corrections: [String]
            var testDescription: String { text }
        }

        /// Read through the demo shop's matcher, as a shopper's message is.
        static let demoCases: [Case] = [
            Case(text: "trak my order", corrections: ["trak → track"]),
            // "wher" is left alone: it stems like "where", so it already matches.
            Case(text: "wher is my pakage", corrections: ["pakage → package"]),
            Case(text: "passwrod reset", corrections: ["passwrod → password"]),
            Case(text: "delivry options", corrections: ["delivry → delivery"]),
            // Run-together words are split into known words...
            Case(text: "whereismyparcel", corrections: ["whereismyparcel → where is my parcel"]),
            Case(text: "trackmyparcel", corrections: ["trackmyparcel → track my parcel"]),
            // ...and a word broken in two is joined when together they make a known word.
            Case(text: "where is my re fund", corrections: ["re fund → refund"]),
            Case(text: "passw ord reset", corrections: ["passw ord → password"]),
            // A letter dropped inside a short word is put back ("lst" → last), keeping its first and last letters...
            Case(text: "cancel my lst order", corrections: ["lst → last"]),
            Case(text: "add an itm", corrections: ["itm → item"]),
            // ...but no other edit is made to three letters, and a real word stays.
            Case(text: "cancel my xyz order", corrections: []),
            // Everyday English is never "corrected" into a shop word.
            Case(text: "what's the weather like", corrections: []),
            Case(text: "it was a pleasure", corrections: []),
            Case(text: "book me a flight", corrections: []),
        ]

        @Test(arguments: demoCases)
        func misspeltAndRunTogetherWordsAreCorrected(_ test: Case) {
            let analysis = Fixtures.matcher.analyze(test.text)
            #expect(analysis.corrections.map { "\($0.from) → \($0.to)" } == test.corrections)
        }

        /// The demo content has the typo "oder" in a few examples on purpose; it must not become
        /// a word of its own, or a shopper's "oder" would never be read as "order".
        @Test
        func aTypoRepeatedInTheContentIsStillCorrected() {
            let analysis = Fixtures.matcher.analyze("my oder")
            #expect(analysis.corrections.map { "\($0.from) → \($0.to)" } == ["oder → order"])
        }

        /// "whereismyorder" is itself an example; it is still split like a shopper's run-together words.
        @Test
        func aRunTogetherExampleIsStillSplit() {
            let analysis = Fixtures.matcher.analyze("whereismyorder")
            #expect(analysis.corrections.map { "\($0.from) → \($0.to)" } == ["whereismyorder → where is my order"])
        }

        struct TieCase: Sendable, CustomTestStringConvertible {
            var vocabulary: [String: Int]
            var word: String
            var expected: String?
            var testDescription: String { "\(word) among \(vocabulary.keys.sorted())" }
        }

        static let ties: [TieCase] = [
            // Equally close and equally frequent: the first alphabetically, on every run.
            TieCase(vocabulary: ["losing": 1, "coming": 1], word: "closing", expected: "coming"),
            TieCase(vocabulary: ["older": 2, "order": 2], word: "oder", expected: "older"),
            // The more frequent word wins a tie.
            TieCase(vocabulary: ["older": 1, "order": 9], word: "oder", expected: "order"),
            // Keeping the first letter beats being more frequent.
            TieCase(vocabulary: ["order": 1, "coder": 9], word: "oder", expected: "order"),
            TieCase(vocabulary: ["coder": 9], word: "oder", expected: nil),
            // Four- and five-letter words may be one edit away, no more.
            TieCase(vocabulary: ["order": 1], word: "odr", expected: nil),
            TieCase(vocabulary: ["parcel": 1], word: "prcl", expected: nil),
        ]

        @Test(arguments: ties)
        func theSameWordIsAlwaysCorrectedTheSameWay(_ test: TieCase) {
            let speller = SpellingCorrector(vocabulary: test.vocabulary, alsoKnown: [])
            #expect(speller.correct(test.word) == test.expected)
        }

        @Test
        func runTogetherWordsSplitIntoTheFewestKnownWords() {
            let speller = SpellingCorrector(vocabulary: ["where": 1, "is": 1, "my": 1, "order": 1, "or": 1, "der": 1], alsoKnown: [])
            #expect(speller.segment("whereismyorder") == ["where", "is", "my", "order"])
            #expect(speller.segment("whereismyxyz") == nil)
        }

        /// A "word" far longer than any the shop uses has no correction and is passed over at
        /// once: looking one of 4,000 letters up took 35 seconds of a server thread (the work grows
        /// with the cube of its length), so one message could stall a server. The bound is a
        /// guard against that, a thousand times what the look-up now takes, not a benchmark.
        @Test
        func aWordLongerThanAnyTheShopUsesIsPassedOverAtOnce() {
            let speller = SpellingCorrector(vocabulary: ["order": 1, "ordered": 3, "parcel": 2], alsoKnown: [])
            #expect(speller.correct("orderd") == "ordered")
            #expect(speller.correct("orderedxx") == "ordered")
            #expect(speller.correct("orderedxxx") == nil)
            let clock = ContinuousClock()
            for word in [String(repeating: "a", count: 4000), String(repeating: "é", count: 4000), String(repeating: "ab", count: 2000)] {
                let took = clock.measure { #expect(speller.correct(word) == nil) }
                #expect(took < .seconds(1), "\(word.prefix(4))…: \(took)")
            }
            // Built (or found built) before the clock starts: only the reading is bounded.
            let matcher = Fixtures.matcher
            let start = clock.now
            _ = matcher.analyze(String(repeating: "a", count: 4000))
            #expect(clock.now - start < .seconds(1))
        }
    }
}
