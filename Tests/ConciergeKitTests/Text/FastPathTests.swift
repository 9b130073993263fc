import Foundation
import Testing
@testable import ConciergeKit

/// The byte-level shortcuts give the same answers as the Foundation calls they stand in for.
struct FastPathTests {
    static let samples = [
        "", " ", "hi", " hi ", "\thi\n", "2.", "#3", "1)", " .)# ", "Where is my order?", "where IS my ORDER?", "where is my order",
        "straße", "STRASSE", "café", "cafe\u{301}", "CAFÉ", "\u{A0}hi\u{A0}", "hi\u{2003}", "\u{85}x", "é ", " é", "Ｈｉ", "hi!!!", "hi!!\u{301}!",
        "Something else", "SOMETHING ELSE", "something els", "K", "\u{212A}", "k",
    ]

    @Test func wordMapFindsWhatADictionaryFinds() {
        var dictionary: [String: Int] = [:]
        for (i, word) in (Self.samples + (0..<200).map { "word\($0)" }).enumerated() { dictionary[word] = i }
        let map = WordMap(dictionary)
        for word in dictionary.keys { #expect(map[word] == dictionary[word], "\(word.debugDescription)") }
        for word in ["word200", "Hi", "orde", "cafe\u{301}x", "words"] { #expect(map[word] == nil, "\(word.debugDescription)") }
        #expect(WordMap<Int>()["hi"] == nil)
    }

    @Test func wordsTypedInLowerCaseAreReadLikeAnyOther() {
        let cases: [(String, [String])] = [
            ("where is my order", ["where", "is", "my", "order"]), ("orDer 12ab", ["order", "12ab"]),
            ("don't u know", ["do", "not", "you", "know"]), ("it's ok", ["it", "is", "ok"]), ("rock&roll", ["rock", "and", "roll"]),
            ("abc'", ["abc"]), ("Hello, World 42", ["hello", "world", "42"]),
        ]
        for (text, words) in cases { #expect(TextNormalizer.words(in: text) == words, "\(text.debugDescription)") }
    }

    @Test func trimmingMatchesFoundation() {
        for s in Self.samples {
            #expect(s.trimmedWhitespace == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            #expect(s.trimming(Bot.choiceDecoration) { " .)#".utf8.contains($0) } == s.trimmingCharacters(in: Bot.choiceDecoration), "\(s.debugDescription)")
        }
    }

    @Test func caseInsensitiveEqualityMatchesFoundation() {
        for a in Self.samples {
            for b in Self.samples {
                #expect(a.sameIgnoringCase(b) == (a.caseInsensitiveCompare(b) == .orderedSame), "\(a.debugDescription) vs \(b.debugDescription)")
            }
        }
    }

    @Test func letterCountsMatchCharacterProperties() {
        for s in Self.samples + ["WHERE IS MY ORDER", "Where Is My Order 123", "ÉCOUTE MOI BIEN", "MY EMAIL IS JO@EXAMPLE.COM ok", "tab\tSEPARATED\nWORDS"] {
            let plain = s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .filter { word in !word.contains(where: { $0.isNumber || $0 == "@" }) && word.contains(where: \.isLetter) }
            let letters = plain.flatMap { $0.filter(\.isLetter) }
            let counted = Frustration.letterCounts(s)
            #expect(counted.plainWords == plain.count && counted.letters == letters.count && counted.capitals == letters.filter(\.isUppercase).count,
                    "\(s.debugDescription)")
        }
        #expect(Frustration.detect("this took ages!!!"))
        #expect(!Frustration.detect("this took ages!!"))
    }

    /// Shouting is four or more plain words in capitals; an order number, a postcode or an
    /// e-mail address typed with caps lock on is not.
    @Test func capitalsShoutOnlyInPlainWords() {
        #expect(Frustration.detect("WHERE IS MY ORDER"))
        #expect(Frustration.detect("WHY HAS NOBODY REPLIED TO ME"))
        #expect(!Frustration.detect("GRACE.OKAFOR@EXAMPLE.COM"))
        #expect(!Frustration.detect("TRACK ORDER 10233 GRACE.OKAFOR@EXAMPLE.COM"))
        #expect(!Frustration.detect("MY POSTCODE IS BS8 1TH"))
        #expect(!Frustration.detect("ORDER 10244 CANCELLED WHY"))
    }

    /// A mild word said in passing is no anger; two of them, or a strong one, are.
    @Test func mildWordsAloneAreNoAnger() {
        #expect(!Frustration.detect("bloody hell i forgot my password again lol"))
        #expect(!Frustration.detect("oh crap I typed the wrong address"))
        #expect(Frustration.detect("where is my damn parcel, this is bloody awful"))
        #expect(Frustration.detect("this is fucking ridiculous, where is my stuff"))
        #expect(Frustration.detect("damn it, this is useless"))
    }

    @Test func stringsAreEscapedAsBefore() {
        var w = JSONWriter()
        w.string("plain \"q\" \\ <b>&</b>\n\r\t\u{1}\u{1F} é 👋 end")
        #expect(String(decoding: w.bytes, as: UTF8.self) == #""plain \"q\" \\ \u003cb\u003e\u0026\u003c/b\u003e\n\r\t\u0001\u001f é 👋 end""#)
    }

    @Test func aCueIsFoundWhereFoundationFindsIt() {
        let texts = Self.samples.map { $0.lowercased() } + [
            "please send it to 5 mill lane, leeds ls6 2ab", "send to to to", "to", "ok to ", " to", "address is: 1 high st",
            "café address is 2 rue de la paix", "deliver it to\n12 baker st", "moved to moved to", "aaaab",
        ]
        let cues = ["to", " to ", "address is", "send it to", "moved to", "ab", "aab", "a", "café", "é", "zzz", "send to to to x", ""]
        for text in texts {
            for cue in cues {
                for backwards in [false, true] {
                    let expected = cue.isEmpty ? nil : text.range(of: cue, options: backwards ? [.literal, .backwards] : [.literal])
                    #expect(text.byteRange(of: cue, backwards: backwards) == expected, "\(cue.debugDescription) in \(text.debugDescription), backwards: \(backwards)")
                }
            }
        }
    }
}
