import Foundation

/// Reads standard input on its own thread, so a chat or console can show messages arriving from
/// elsewhere (an agent, a shopper) while it waits for the next line.
final class LineReader: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var ended = false
    private let ready = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in
            while let line = readLine() {
                lock.lock()
                lines.append(line)
                lock.unlock()
                ready.signal()
            }
            lock.lock()
            ended = true
            lock.unlock()
            ready.signal()
        }
        thread.start()
    }

    /// Waits up to `timeout` for input; returns the lines read so far and whether input has ended.
    func next(timeout: TimeInterval) -> (lines: [String], ended: Bool) {
        _ = ready.wait(timeout: .now() + timeout)
        lock.lock()
        defer { lock.unlock() }
        let out = lines
        lines.removeAll()
        return (out, ended && out.isEmpty)
    }
}
