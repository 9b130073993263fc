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
                 message: "greet.intents:5: unknown key 'keywrods'; did you mean 'keywords'? (keys: intent, title, examples, keywords, answer, quick_replies, handoff)"),
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
            Case(name: "synonyms line without a colon",
                 files: ["greet.intents": greet, "shop.profile": profile, "synonyms.txt": "# synonyms\npackage parcel, shipment"],
                 message: "synonyms.txt:2: expected 'canonical: variant, variant', e.g. 'package: parcel, shipment'"),
            Case(name: "synonyms line without variants",
                 files: ["greet.intents": greet, "shop.profile": profile, "synonyms.txt": "package:"],
                 message: "synonyms.txt:1: a synonym line needs a word before ':' and at least one variant after it"),
            Case(name: "synonym variant listed twice",
                 files: ["greet.intents": greet, "shop.profile": profile, "synonyms.txt": "package: parcel\nbox: Parcel"],
                 message: "synonyms.txt:2: variant 'Parcel' is already listed on line 1; a variant can have only one canonical form"),
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
