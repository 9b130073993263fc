import ConciergeKit
import Foundation

/// With ``SessionHub/Durability/process``, puts what was answered on disk every few
/// milliseconds (`hub.sync()`: one fsync of the session journal, one of the agents' queue), on a
/// thread of its own, so a slow fsync holds up no answer.
final class SyncTimer: Sendable {
    /// How often the journals are fsynced: at most this much of what was answered (plus one
    /// fsync's time) is lost to a power cut.
    static let interval: TimeInterval = 0.01

    private let worker: WorkerThread

    /// Starts syncing `hub` every ``interval``.
    init(hub: SessionHub) {
        worker = WorkerThread.repeating("concierge-sync", every: Self.interval) { _ in hub.sync() }
    }

    /// Stops the timer; returns after a sync in progress has finished.
    func cancel() {
        worker.stopAndWait()
    }
}
