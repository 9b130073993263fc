@testable import ConciergeKit
import Foundation
import Testing

extension Intents {
    /// `Catalog.check` on content folders written to a temporary directory.
    @Suite struct CatalogTests {
        static let profile = """
        shop_name: Test Shop
        support_hours: Mon-Fri 09:00-17:00
        timezone: Europe/London
        return_window_days: 30
        """

        /// Writes `files` into a fresh folder, runs `body` on its path, then removes it.
        func withFolder<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            for (name, text) in files {
                try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            return try body(folder.path)
        }

        @Test
        func overlappingExamplesAreReportedAsWarnings() throws {
            let intents = """
            intent: track_refund
            examples:
              - where is my refund
              - refund status
              - has my refund arrived yet
            answer: Let me check.

            intent: get_refund
            examples:
              - I want a refund
              - can I get my money back
              - where is my refund please
            answer: Refunds take five days.

            intent: greet
            examples:
              - hello
              - good morning
            answer: Hello!
            """
            // The matcher's own check, on content in memory (a shop folder also needs the dialogue's intents).
            let found = IntentMatcher(catalog: try Catalog.parse(files: ["refunds.intents": intents, "shop.profile": Self.profile])).overlapWarnings()
            // Each example, left out of its own intent, would be answered as the other one.
            let expected = [
                (3, "example \"where is my refund\" of track_refund is matched to get_refund ("),
                (12, "example \"where is my refund please\" of get_refund is matched to track_refund ("),
            ]
            #expect(found.map(\.line) == expected.map(\.0))
            for (issue, (line, message)) in zip(found, expected) {
                #expect(issue.description.hasPrefix("refunds.intents:\(line): warning: \(message)"))
                #expect(issue.description.hasSuffix("); reword it or add examples that tell them apart"))
            }
        }

        @Test
        func distinctIntentsGiveNoWarnings() throws {
            let intents = """
            intent: greet
            examples:
              - hello
              - good morning
              - hi there
            answer: Hello!

            intent: bye
            examples:
              - goodbye
              - see you later
              - bye for now
            answer: Bye!
            """
            let found = IntentMatcher(catalog: try Catalog.parse(files: ["smalltalk.intents": intents, "shop.profile": Self.profile])).overlapWarnings()
            #expect(found.map(\.description) == [])
        }

        @Test
        func aShopFolderMissingAnIntentTheDialogueActsOnFailsTheCheckWithItsFile() throws {
            // The bundled content with the return flow's intent taken out of returns.intents.
            let bundled = Fixtures.repository.appendingPathComponent("Intents").path
            var files: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: bundled) where Catalog.isContentFile(name) {
                files[name] = try String(contentsOfFile: bundled + "/" + name, encoding: .utf8)
            }
            let returns = try #require(files["returns.intents"])
            files["returns.intents"] = returns.replacingOccurrences(of: "intent: return_item", with: "intent: send_item_back")
            let (folder, found) = try withFolder(files) { folder in (folder, Catalog.check(directory: folder)) }
            let errors = found.filter { $0.severity == .error }.map(\.description)
            #expect(errors.count == 1)
            #expect(errors.first?.hasPrefix("\(folder)/returns.intents:") == true)
            #expect(errors.first?.contains("no intent 'return_item', and the return flow answers it") == true)
            #expect(throws: ContentError.self) { try Catalog.load(from: folder) }
        }

        @Test
        func followUpsAreReadWithTheirCuesAndWrongOnesAreReportedWithTheirLine() throws {
            let intents = """
            intent: customs
            examples:
              - do I pay customs
            answer: UK orders have no customs charges.
            follow_ups:
              - us, usa, the states | For the US: {shop_name} pays nothing.
              - canada and no bar
              - | an answer without words
              - eu | For the EU: see {no_such_key}.
            """
            var issues: [ContentIssue] = []
            let parsed = IntentFileParser.parse(intents, file: "faq.intents", issues: &issues)
            #expect(parsed.first?.followUps == [Intent.FollowUp(cues: ["us", "usa", "the states"], answer: "For the US: {shop_name} pays nothing.", line: 6),
                                                Intent.FollowUp(cues: ["eu"], answer: "For the EU: see {no_such_key}.", line: 9)])
            #expect(issues.map(\.description) == [
                "faq.intents:7: expected a follow-up as '  - words, phrases | answer' under 'follow_ups:'",
                "faq.intents:8: a follow-up needs words before '|' and its answer after it, e.g. '  - us, usa | For the US: …'",
            ])
            var profileIssues: [ContentIssue] = []
            let profile = ShopProfile.parse(Self.profile, file: "shop.profile", issues: &profileIssues)
            let unknown = ContentValidator.validate(intents: parsed, profile: profile)
            #expect(unknown.map(\.description).contains("faq.intents:9: follow-up of 'customs' names unknown placeholder {no_such_key} (placeholders are the keys of shop.profile)"))
        }

        @Test
        func aMissingFolderIsReportedWithWhatToPointAt() {
            let path = "/nonexistent/concierge-\(UUID().uuidString)"
            #expect(Catalog.check(directory: path).map(\.description) == [
                "\(path): no such folder; point --intents at a folder with *.intents files and shop.profile",
            ])
        }
    }
}
