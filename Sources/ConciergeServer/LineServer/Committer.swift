import ConciergeKit
import Foundation

/// Makes the event loops' batches durable on a thread of its own, so no loop waits for the disk.
///
/// A loop hands over each batch's answers after handling its lines. The committer takes every
/// batch handed over since its last round, makes them all durable with one `hub.sync()` (one
/// write and one fsync for many batches from every loop: group commit), and then gives each
/// batch back to its loop to write out. While one fsync runs, the loops go on reading and
/// answering, and their batches join the next round.
final class Committer: @unchecked Sendable {
    /// A batch waiting to be made durable.
    struct Batch {
        var loop: EventLoop
        var deliveries: [SessionHub.Delivery]
        /// The connections whose lines the batch answered, to release once it is written.
        var connections: [SessionHub.ConnectionID]
    }

    private let hub: SessionHub
    private let condition = NSCondition()
    private var pending: [Batch] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(hub: SessionHub) {
        self.hub = hub
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "concierge-commit"
        thread.start()
    }

    /// Queues a batch; its loop gets it back (as ``EventLoop/Command/committed(_:)``) once durable.
    func submit(_ batch: Batch) {
        condition.lock()
        pending.append(batch)
        condition.signal()
        condition.unlock()
    }

    /// Commits what is queued, then ends the thread; returns when it has.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopping { condition.wait() }
            let batches = pending
            pending.removeAll(keepingCapacity: true)
            let done = stopping && batches.isEmpty
            condition.unlock()
            if done { return }
            hub.sync()
            for batch in batches { batch.loop.post(.committed(batch)) }
        }
    }
}
