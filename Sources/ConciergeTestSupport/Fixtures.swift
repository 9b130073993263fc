import ConciergeKit
import Foundation

/// Where the repository's folders are, and the demo shop's matcher compiled once for all tests.
public enum Fixtures {
    /// The repository this was built from (found from this file's path).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The demo shop's content.
    public static let intents = repository.appendingPathComponent("Intents").path
    /// The demo shop's orders.
    public static let demoOrders = repository.appendingPathComponent("Intents/orders.json").path
    /// The engine tests' labelled sets (`dev.tsv`, `eval.tsv`, `order-numbers.tsv`).
    public static let fixtures = repository.appendingPathComponent("Tests/ConciergeKitTests/Fixtures")

    /// The demo shop's matcher, compiled once for all tests.
    public static let matcher: IntentMatcher = {
        do {
            return IntentMatcher(catalog: try Catalog.load(from: intents))
        } catch {
            fatalError("the demo shop's content does not load: \(error)")
        }
    }()

    /// A labelled set from ``fixtures``; empty when it can't be read.
    public static func text(_ name: String) -> String {
        (try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
}
