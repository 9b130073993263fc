@testable import ConciergeKit
import Foundation

/// Dates, files and a shop profile for the order tests; every date is fixed, never the wall clock.
enum OrderTestSupport {
    /// The demo export.
    static let demoFile = Fixtures.repository.appendingPathComponent("Intents/orders.json").path
    /// The demo export's `anchor` day.
    static let anchor = date("2026-11-22T10:00:00Z")

    /// `text` as written in an export file; fails the test run loudly when it is not a date.
    static func date(_ text: String) -> Date {
        guard let date = OrderCalendar.parse(text) else { fatalError("test date \(text) does not parse") }
        return date
    }

    /// A new empty folder for one test.
    static func scratchFolder() -> URL {
        let url = URL(fileURLWithPath: Scratch.folder("orders"))
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new file named `name` and returns its path.
    static func file(named name: String = "orders.json", _ text: String) -> String {
        let url = scratchFolder().appendingPathComponent(name)
        try? Data(text.utf8).write(to: url)
        return url.path
    }

    /// The demo shop's profile, from `Intents/shop.profile`.
    static let demoProfile: ShopProfile = profile(Fixtures.text(at: Fixtures.repository.appendingPathComponent("Intents/shop.profile")))

    /// A profile from `text`; fails the test run loudly when it has errors.
    static func profile(_ text: String) -> ShopProfile {
        var issues: [ContentIssue] = []
        let profile = ShopProfile.parse(text, file: "shop.profile", issues: &issues)
        guard issues.isEmpty else { fatalError("test profile has issues: \(issues)") }
        return profile
    }

    /// The demo store as loaded on `today`.
    static func demoStore(today: Date = anchor) -> OrderStore {
        do {
            let (store, issues) = try OrderStore.load(path: demoFile, today: today, timeZone: demoProfile.timeZone)
            guard issues.isEmpty else { fatalError("the demo orders have issues: \(issues)") }
            return store
        } catch {
            fatalError("the demo orders do not load: \(error)")
        }
    }
}

extension Fixtures {
    static func text(at url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
