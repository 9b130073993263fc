import Foundation

/// A value that many threads share, reached only through ``withLock(_:)``.
final class Protected<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
