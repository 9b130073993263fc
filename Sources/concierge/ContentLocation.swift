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
