import Foundation

/// A value that many threads share, reached only through its lock: the one way this package
/// guards shared mutable state. A type that many threads use keeps its mutable state in one (or a
/// few, each with its own job) and is then plainly `Sendable`.
///
/// Hold the lock briefly: copy out what you need and do slow work (I/O, the bot's turn) after,
/// unless the work itself must not interleave (one session's turns). A thread can also wait for
/// the value to change (``withLock(when:before:_:)``), woken by ``withLockWakingWaiters(_:)``.
package final class Protected<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only while holding `condition`'s lock.
    @usableFromInline let condition = NSCondition()
    /// Not checked for exclusive access at run time: the lock already makes every access
    /// exclusive, and the check cost some 60 instructions a hold (a dozen holds a message).
    @exclusivity(unchecked) @usableFromInline var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, alone: no other thread reads or writes it meanwhile.
    @inlinable
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body(&value)
    }

    /// As ``withLock(_:)``, then wakes every thread waiting in ``withLock(when:before:_:)``.
    @inlinable
    package func withLockWakingWaiters<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Waits until `ready` holds for the value, or `deadline` passes, then runs `body` as
    /// ``withLock(_:)`` does; `body` checks again whether it is ready.
    /// - Parameter deadline: when to stop waiting; nil waits as long as it takes.
    @inlinable
    package func withLock<Result>(when ready: (Value) -> Bool, before deadline: Date?, _ body: (inout Value) -> Result) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while !ready(value) {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        return body(&value)
    }
}
