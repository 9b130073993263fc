import Foundation

/// A value that many threads share, reached only through ``withLock(_:)``: the one way this
/// package guards shared mutable state with a lock (an actor being the other).
///
/// Hold the lock briefly: copy out what you need, and do slow work (I/O, the bot's turn) after.
package final class Protected<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, alone: no other thread reads or writes it meanwhile.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
