import ConciergeKit
import Foundation

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
