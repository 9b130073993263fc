import ConciergeKit
import Foundation

/// Finds the content folder: `--intents DIR`, else `Intents/` in the current folder, else the
/// demo shop's `Intents/` in the source tree this binary was built from.
enum ContentLocation {
    static func directory(_ option: String?) -> String {
        if let option { return option }
        let fm = FileManager.default
        if fm.fileExists(atPath: "Intents/\(Catalog.profileFile)") { return "Intents" }
        let source = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Intents").path
        return fm.fileExists(atPath: source) ? source : "Intents"
    }

    /// Loads and compiles the content, or explains what is wrong with it.
    static func matcher(_ option: String?) throws -> IntentMatcher {
        let catalog = try Catalog.load(from: directory(option))
        return IntentMatcher(catalog: catalog)
    }
}

/// Loads the shop's orders (`--orders FILE`, else the demo shop's `orders.json` beside the content)
/// and opens the request log, reporting skipped records on standard error.
enum OrderLocation {
    static func store(_ option: String?, contentDirectory: String, timeZone: TimeZone) throws -> OrderStore? {
        let path = option ?? (contentDirectory as NSString).appendingPathComponent("orders.json")
        guard option != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        let (store, issues) = try OrderStore.load(path: path, today: Date(), timeZone: timeZone)
        for issue in issues { Output.error(issue.description) }
        if !issues.isEmpty { Output.error("\(path): skipped \(issues.count) bad order record\(issues.count == 1 ? "" : "s"), loaded \(store.count)") }
        return store
    }

    /// The request log: `--requests FILE`, else `requests.jsonl` in the store folder.
    static func requests(_ option: String?, store: String) throws -> RequestStore {
        try RequestStore(path: option ?? (store as NSString).appendingPathComponent("requests.jsonl"))
    }
}

/// The folder shared by the bot and the agents: `--store DIR`, else `Transcripts/` beside the content folder.
enum StoreLocation {
    static func directory(_ option: String?, contentDirectory: String) -> String {
        option ?? ((contentDirectory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Transcripts")
    }
}

extension StoreLocation {
    /// The shared store for the agents' tools and the report (`--store`, else beside `--intents`),
    /// with the shop's time zone for the times they print; the content is read once for it.
    static func open(_ a: Arguments) throws -> (store: HandoffStore, timeZone: TimeZone) {
        let content = ContentLocation.directory(a[option: "intents"])
        let timeZone = (try? Catalog.load(from: content))?.profile.timeZone ?? TimeZone(identifier: "UTC") ?? .current
        return (try HandoffStore(directory: directory(a[option: "store"], contentDirectory: content), timeZone: timeZone), timeZone)
    }
}
