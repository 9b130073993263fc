import ConciergeKit
import Foundation

/// Makes the event loops' batches durable on a thread of its own, so no loop waits for the disk.
///
/// A loop hands over each batch's answers after handling its lines. The committer takes every
/// batch handed over since its last round, makes them all durable with one `hub.sync()` (one
/// write and one fsync for many batches from every loop: group commit), and then gives each
/// batch back to its loop to write out. While one fsync runs, the loops go on reading and
/// answering, and their batches join the next round.
final class Committer: Sendable {
    /// A batch waiting to be made durable.
    struct Batch: Sendable {
        var loop: EventLoop
        var deliveries: [SessionHub.Delivery]
        /// The connections whose lines the batch answered, to release once it is written.
        var connections: [SessionHub.ConnectionID]
    }

    private struct Queue {
        var batches: [Batch] = []
        var stopping = false
    }

    private let hub: SessionHub
    private let queue = Protected(Queue())
    private let worker = WorkerThread("concierge-commit")

    init(hub: SessionHub) {
        self.hub = hub
    }

    func start() {
        worker.start { [self] in run() }
    }

    /// Queues a batch; its loop's ``LineService`` gets it back (``LineService/committed(_:)``) once durable.
    func submit(_ batch: Batch) {
        queue.withLockWakingWaiters { $0.batches.append(batch) }
    }

    /// Commits what is queued, then ends the thread; returns when it has.
    func stop() {
        queue.withLockWakingWaiters { $0.stopping = true }
        worker.wait()
    }

    private func run() {
        var batches: [Batch] = []
        while true {
            let done = queue.withLock(when: { !$0.batches.isEmpty || $0.stopping }, before: nil) { q in
                swap(&batches, &q.batches)
                return q.stopping && batches.isEmpty
            }
            if done { return }
            hub.sync()
            for batch in batches { batch.loop.post(.run { $0.service(LineService.self)?.committed(batch) }) }
            batches.removeAll(keepingCapacity: true)
        }
    }
}
