import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Scratch folders for tests and benchmarks: all inside one folder per process, removed when the
/// process exits, so runs don't leave folders behind in the system's temporary directory even
/// when a test doesn't clean up after itself.
public enum Scratch {
    /// The process's folder, created on first use.
    public static let root: String = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return root
    }()

    /// A new, not yet created, folder path: `ROOT/prefix-UUID`.
    public static func folder(_ prefix: String) -> String {
        root + "/" + prefix + "-" + UUID().uuidString
    }
}
