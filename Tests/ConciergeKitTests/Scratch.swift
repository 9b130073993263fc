import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Scratch folders for tests that don't clean up after themselves: all inside one folder per
/// test process, removed when the process exits, so test runs don't leave folders behind in the
/// system's temporary directory.
enum Scratch {
    static let root: String = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return root
    }()

    /// A new, not yet created, folder path: `ROOT/prefix-UUID`.
    static func folder(_ prefix: String) -> String {
        root + "/" + prefix + "-" + UUID().uuidString
    }
}
