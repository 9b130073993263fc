import Foundation

/// A thread of its own, for work that blocks: an event loop, the commit thread, a timer, a blocking
/// `accept` or `read`. The one way this package starts such a thread, asks it to stop, and waits
/// for it to end.
///
/// Make one as a property (`let worker = WorkerThread("concierge-commit")`) and ``start(_:)`` it
/// when the owner starts. The body runs until it returns: one that loops checks ``isStopping``, or
/// sleeps in ``sleep(until:)``, which ``stop()`` cuts short; one blocked in a system call is ended
/// by closing what it waits on. ``wait()`` returns once the body has returned.
package final class WorkerThread: Sendable {
    private struct State {
        var started = false
        var stopping = false
        var finished = false
    }

    /// The thread's name, as `top` and debuggers show it.
    package let name: String
    private let state = Protected(State())

    package init(_ name: String) {
        self.name = name
    }

    /// Runs `body` on a new thread; call once.
    package func start(_ body: sending @escaping () -> Void) {
        let first = state.withLock { s in
            defer { s.started = true }
            return !s.started
        }
        precondition(first, "WorkerThread \(name) started twice")
        // `sending`: nothing else holds what the body captured, so the new thread may have it
        // (Foundation's `Thread` predates `sending` and asks for a `@Sendable` closure instead).
        nonisolated(unsafe) let body = body
        let thread = Thread { [state] in
            body()
            state.withLockWakingWaiters { $0.finished = true }
        }
        thread.name = name
        thread.start()
    }

    /// Starts a thread that runs `body` every `interval` seconds until stopped, with the number
    /// of the run (1, 2, …). A run that overlaps the next's time delays it; none is run twice.
    package static func repeating(_ name: String, every interval: TimeInterval, _ body: @escaping @Sendable (Int) -> Void) -> WorkerThread {
        let worker = WorkerThread(name)
        worker.start {
            var next = Date(timeIntervalSinceNow: interval)
            var run = 0
            while worker.sleep(until: next) {
                run += 1
                body(run)
                next = max(next + interval, Date())
            }
        }
        return worker
    }

    /// Whether ``stop()`` was called.
    package var isStopping: Bool {
        state.withLock { $0.stopping }
    }

    /// Asks the body to end, waking it from ``sleep(until:)``; returns at once.
    package func stop() {
        state.withLockWakingWaiters { $0.stopping = true }
    }

    /// Blocks until the body has returned (at once if it never started).
    package func wait() {
        state.withLock(when: { $0.finished || !$0.started }, before: nil) { _ in }
    }

    /// Asks the body to end and waits until it has.
    package func stopAndWait() {
        stop()
        wait()
    }

    /// Sleeps until `deadline`, or until ``stop()`` is called.
    /// - Returns: false when stopped.
    package func sleep(until deadline: Date) -> Bool {
        state.withLock(when: \.stopping, before: deadline) { !$0.stopping }
    }
}
