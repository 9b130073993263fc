@testable import ConciergeKit
import ConciergeTestSupport
import Foundation
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

        /// The stemmer as it was written first, on a copy of the word's bytes: the stemmer works
        /// in place now, and must give the same stems.
        static func stemmedOnACopy(_ word: String) -> String {
            func ends(_ w: [UInt8], _ suffix: String) -> Bool { w.count > suffix.utf8.count && w.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) }
            var w = Array(word.utf8)
            guard w.count > 3, w.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
            if ends(w, "ies") && w.count > 4 {
                w.removeLast(3)
                w.append(UInt8(ascii: "y"))
            } else if ends(w, "sses") || ends(w, "shes") || ends(w, "ches") || ends(w, "xes") {
                w.removeLast(2)
            } else if ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is") {
                w.removeLast()
            }
            if ends(w, "ation") && w.count >= 8 {
                w.removeLast(5)
            } else if ends(w, "ing") && w.count >= 6 {
                w.removeLast(3)
            } else if ends(w, "ed") && w.count >= 5 && !ends(w, "eed") {
                w.removeLast(2)
            }
            if w.count >= 4, w[w.count - 1] == w[w.count - 2], w[w.count - 1] != UInt8(ascii: "s") { w.removeLast() }
            if ends(w, "e") && w.count >= 5 && !ends(w, "ee") { w.removeLast() }
            return String(decoding: w, as: UTF8.self)
        }

        @Test func everyDictionaryWordStemsAsOnACopy() throws {
            let text = try String(contentsOfFile: Fixtures.intents + "/dictionary.txt", encoding: .utf8)
            let words = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
            #expect(words.count > 10_000)
            for word in words + ["ies", "flies", "skies", "ieses", "fizzes", "addressing", "cancelled", "café", "Tracking", "12ing", "eeee", "sses"] {
                #expect(Stemmer.stem(word) == Self.stemmedOnACopy(word), "\(word)")
            }
        }
    }
}
