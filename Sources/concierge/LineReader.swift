import ConciergeKit
import Foundation

/// Reads standard input on its own thread, so a chat or console can show messages arriving from
/// elsewhere (an agent, a shopper) while it waits for the next line.
final class LineReader: Sendable {
    private let input = Protected((lines: [String](), ended: false))
    private let worker = WorkerThread("concierge-stdin")

    init() {
        worker.start { [input] in
            while let line = readLine() {
                input.withLockWakingWaiters { $0.lines.append(line) }
            }
            input.withLockWakingWaiters { $0.ended = true }
        }
    }

    /// Waits up to `timeout` for input; returns the lines read so far and whether input has ended.
    func next(timeout: TimeInterval) -> (lines: [String], ended: Bool) {
        input.withLock(when: { !$0.lines.isEmpty || $0.ended }, before: Date(timeIntervalSinceNow: timeout)) { input in
            defer { input.lines.removeAll() }
            return (input.lines, input.ended && input.lines.isEmpty)
        }
    }
}
