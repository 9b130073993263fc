import ConciergeKit
import Foundation
import Testing

/// Paths to the repository's folders and a shared compiled demo catalog for tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let intents = repository.appendingPathComponent("Intents").path
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The demo shop's matcher, compiled once for all tests.
    static let matcher: IntentMatcher = {
        do {
            return IntentMatcher(catalog: try Catalog.load(from: intents))
        } catch {
            fatalError("the demo shop's content does not load: \(error)")
        }
    }()

    static func text(_ name: String) -> String {
        (try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
}

extension ChatRunner.Exchange {
    /// The conversation and the replies, to read an exchange as `(c, replies)`; an effect that
    /// failed fails the test.
    var pair: (Conversation, [Reply]) {
        for failure in failures { Issue.record("effect failed: \(failure)") }
        return (conversation, replies)
    }
}
