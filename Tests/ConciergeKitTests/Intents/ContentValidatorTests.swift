@testable import ConciergeKit
import Testing

extension Intents {
    /// Bad content, written in memory, must be refused with a message that says where and what to fix.
    @Suite struct ContentValidatorTests {
        static let profile = """
        shop_name: Test Shop
        support_hours: Mon-Fri 09:00-17:00
        timezone: Europe/London
        return_window_days: 30
        """

        static let greet = """
        intent: greet
        examples:
          - hello
        answer: Hi from {shop_name}!
        """

        /// Every problem `Catalog.parse(files:)` reports, as printed; empty when the content loads.
        static func problems(_ files: [String: String]) -> [String] {
            do {
                _ = try Catalog.parse(files: files)
                return []
            } catch {
                return error.issues.map(\.description)
            }
        }

        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            var files: [String: String]
            var message: String
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "unknown key", files: ["greet.intents": greet + "\nkeywrods: hello", "shop.profile": profile],
                 message: "greet.intents:5: unknown key 'keywrods'; did you mean 'keywords'? (keys: intent, title, examples, keywords, answer, quick_replies, follow_ups, handoff, needs, excludes, form, yields)"),
            Case(name: "duplicate intent id",
                 files: ["a.intents": greet,
                         "b.intents": "intent: greet\nexamples:\n  - good morning\nanswer: Morning!",
                         "shop.profile": profile],
                 message: "b.intents:1: duplicate intent id 'greet' (first defined at a.intents:1); rename one or merge them"),
            Case(name: "same example under two intents",
                 files: ["a.intents": greet + "\n\nintent: bye\nexamples:\n  - goodbye\n  - Hello!\nanswer: Bye!",
                         "shop.profile": profile],
                 message: "a.intents:9: example \"Hello!\" also belongs to intent greet (a.intents:3); keep it under one intent"),
            Case(name: "unknown placeholder",
                 files: ["greet.intents": "intent: greet\nexamples:\n  - hello\nanswer: Welcome to {shop_nme}!", "shop.profile": profile],
                 message: "greet.intents:4: answer of 'greet' names unknown placeholder {shop_nme}; did you mean {shop_name}? (placeholders are the keys of shop.profile)"),
            Case(name: "intent with no examples",
                 files: ["a.intents": greet + "\n\nintent: empty\nanswer: Nothing to say.", "shop.profile": profile],
                 message: "a.intents:6: intent 'empty' has no examples; add some under 'examples:'"),
            Case(name: "missing answer",
                 files: ["a.intents": "intent: greet\nexamples:\n  - hello", "shop.profile": profile],
                 message: "a.intents:1: intent 'greet' has no answer; add one under 'answer:'"),
            Case(name: "support hours without minutes",
                 files: ["greet.intents": greet,
                         "shop.profile": profile.replacingOccurrences(of: "Mon-Fri 09:00-17:00", with: "Mon-Fri 9-17")],
                 message: "shop.profile:2: can't read the times '9-17'; write support hours like 'Mon-Fri 09:00-18:00; Sat 10:00-16:00'"),
            Case(name: "support hours with an unknown day",
                 files: ["greet.intents": greet,
                         "shop.profile": profile.replacingOccurrences(of: "Mon-Fri 09:00-17:00", with: "Weekdays 09:00-17:00")],
                 message: "shop.profile:2: can't read the days 'Weekdays'; write support hours like 'Mon-Fri 09:00-18:00; Sat 10:00-16:00'"),
            Case(name: "concept line without a colon",
                 files: ["greet.intents": greet, "shop.profile": profile, "concepts.txt": "# concepts\n~package parcel, shipment"],
                 message: "concepts.txt:2: expected '~name: word, word', e.g. '~package: package, parcel, shipment'"),
            Case(name: "concept without words",
                 files: ["greet.intents": greet, "shop.profile": profile, "concepts.txt": "~package:"],
                 message: "concepts.txt:1: concept ~package has no words; list them after ':' separated by commas"),
            Case(name: "concept name without a tilde",
                 files: ["greet.intents": greet, "shop.profile": profile, "concepts.txt": "package: parcel"],
                 message: "concepts.txt:1: concept name 'package' must be '~' and lower-case letters, digits or underscores, e.g. ~package"),
            Case(name: "word in two concepts",
                 files: ["greet.intents": greet, "shop.profile": profile, "concepts.txt": "~package: parcel\n~box: crate, Parcel"],
                 message: "concepts.txt:2: 'Parcel' is already in ~package on line 1; a word or phrase can mean only one concept"),
            Case(name: "concept defined twice",
                 files: ["greet.intents": greet, "shop.profile": profile, "concepts.txt": "~package: parcel\n~package: crate"],
                 message: "concepts.txt:2: concept ~package is already defined on line 1; add these words to that line instead"),
            Case(name: "lemma line with three words",
                 files: ["greet.intents": greet, "shop.profile": profile, "lemmas.txt": "# lemmas\nbought buy purchase"],
                 message: "lemmas.txt:2: expected 'form lemma' in plain letters, e.g. 'bought buy'"),
            Case(name: "form given two lemmas",
                 files: ["greet.intents": greet, "shop.profile": profile, "lemmas.txt": "went go\nwent wend"],
                 message: "lemmas.txt:2: 'went' already has a lemma on line 1; keep one of the two lines"),
            Case(name: "dictionary line with two words",
                 files: ["greet.intents": greet, "shop.profile": profile, "dictionary.txt": "# words\npleasure\ncredit rating"],
                 message: "dictionary.txt:3: expected one word a line, e.g. 'pleasure'; put each word of 'credit rating' on its own line"),
            Case(name: "compound line with one word",
                 files: ["greet.intents": greet, "shop.profile": profile, "compounds.txt": "credit rating\nrating"],
                 message: "compounds.txt:2: expected two words a line, e.g. 'credit rating'"),
            Case(name: "cue naming an unknown concept",
                 files: ["greet.intents": greet + "\nneeds: ~helo", "shop.profile": profile, "concepts.txt": "~hello: hello, hi"],
                 message: "greet.intents:5: cue ~helo of 'greet' names no concept in concepts.txt; did you mean ~hello?"),
            Case(name: "follow-up cue naming an unknown concept",
                 files: ["greet.intents": greet + "\nfollow_ups:\n  - ~helo, howdy | Hello again!", "shop.profile": profile,
                         "concepts.txt": "~hello: hello, hi"],
                 message: "greet.intents:6: follow-up cue ~helo of 'greet' names no concept in concepts.txt; did you mean ~hello?"),
            Case(name: "cue both needed and excluded",
                 files: ["greet.intents": greet + "\nneeds: ~hello, morning\nexcludes: Morning", "shop.profile": profile,
                         "concepts.txt": "~hello: hello, hi"],
                 message: "greet.intents:6: 'greet' excludes Morning, which its 'needs:' on line 5 asks for; keep it on one of the two lines"),
            Case(name: "empty cue",
                 files: ["greet.intents": greet + "\nexcludes: ,", "shop.profile": profile],
                 message: "greet.intents:5: 'excludes:' needs at least one concept or word, e.g. 'excludes: ~refund'"),
            Case(name: "form neither question nor statement",
                 files: ["greet.intents": greet + "\nform: exclamation", "shop.profile": profile],
                 message: "greet.intents:5: form must be 'question' or 'statement'"),
            Case(name: "form stated twice",
                 files: ["greet.intents": greet + "\nform: question\nform: statement", "shop.profile": profile],
                 message: "greet.intents:6: 'greet' states its form twice (line 5 too); keep one 'form:' line"),
            Case(name: "yields neither yes nor no",
                 files: ["greet.intents": greet + "\nyields: sometimes", "shop.profile": profile],
                 message: "greet.intents:5: yields must be 'yes' or 'no'"),
        ]

        @Test(arguments: cases)
        func badContentIsRefusedWithAnExactMessage(_ test: Case) {
            #expect(Self.problems(test.files) == [test.message])
        }

        @Test
        func goodContentLoads() throws {
            let catalog = try Catalog.parse(files: ["greet.intents": Self.greet, "shop.profile": Self.profile])
            #expect(catalog.intents.map(\.id) == ["greet"])
            #expect(catalog.profile.render(catalog.intents[0].answer) == "Hi from Test Shop!")
        }

        @Test
        func theErrorSaysHowManyProblemsThereAreAndWhatToRun() {
            let files = ["a.intents": "intent: greet\nexamples:\n  - hello", "shop.profile": Self.profile]
            let error = #expect(throws: ContentError.self) { try Catalog.parse(files: files) }
            #expect(error?.description == """
            a.intents:1: intent 'greet' has no answer; add one under 'answer:'
            1 error in the content; fix them and try again (`concierge check` lists them).
            """)
        }
    }
}
