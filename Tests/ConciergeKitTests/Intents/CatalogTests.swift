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
            let (folder, found) = try withFolder(["refunds.intents": intents, "shop.profile": Self.profile]) { folder in
                (folder, Catalog.check(directory: folder))
            }
            // Each example, left out of its own intent, would be answered as the other one.
            let expected = [
                (3, "example \"where is my refund\" of track_refund is matched to get_refund ("),
                (12, "example \"where is my refund please\" of get_refund is matched to track_refund ("),
            ]
            #expect(found.map(\.line) == expected.map(\.0))
            for (issue, (line, message)) in zip(found, expected) {
                #expect(issue.description.hasPrefix("\(folder)/refunds.intents:\(line): warning: \(message)"))
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
            let found = try withFolder(["smalltalk.intents": intents, "shop.profile": Self.profile]) { Catalog.check(directory: $0) }
            #expect(found.map(\.description) == [])
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
