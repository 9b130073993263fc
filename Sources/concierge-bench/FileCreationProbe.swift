import ConciergeKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Times creating a file where the server will keep its store.
///
/// On an ext4 without a journal, a new file skips every inode freed in the last minutes (up to
/// six, while the freed inode's block is not yet written back), reading each one's block to
/// find out: after thousands of deletions, creating a file can cost hundreds of microseconds
/// instead of some 16 µs, and the server creates two per hand-off. The load test measures this first, so
/// figures taken in such minutes say so.
enum FileCreationProbe {
    /// The median above which the load test warns, in microseconds.
    static let slow = 100.0

    /// The median time, in microseconds, to create (and fill) one of 100 small files in a fresh
    /// folder inside `folder`. The files are left in place: deleting them would add to the very
    /// cost measured.
    static func microseconds(in folder: String) -> Double {
        let probe = folder + "/file-creation-probe"
        guard mkdir(probe, 0o755) == 0 else { return 0 }
        var times: [UInt64] = []
        let content = [UInt8](repeating: UInt8(ascii: "x"), count: 600)
        for i in 0..<100 {
            let start = MonotonicClock.nanoseconds()
            let fd = open(probe + "/\(i).txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return 0 }
            _ = content.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            times.append(MonotonicClock.nanoseconds() - start)
        }
        times.sort()
        return Double(times[times.count / 2]) / 1000
    }
}
