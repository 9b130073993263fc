import ConciergeKit
import Dispatch
import Foundation

/// With ``SessionHub/Durability/process``, puts what was answered on disk every few
/// milliseconds (`hub.sync()`: one fsync of the session journal, one of the agents' queue), on a
/// queue of its own, so a slow fsync holds up no answer.
final class SyncTimer: @unchecked Sendable {
    /// How often the journals are fsynced: at most this much of what was answered (plus one
    /// fsync's time) is lost to a power cut.
    static let interval: TimeInterval = 0.01

    private let queue = DispatchQueue(label: "concierge.sync", qos: .userInitiated)
    private let timer: any DispatchSourceTimer

    /// Starts syncing `hub` every ``interval``.
    init(hub: SessionHub) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval, leeway: .milliseconds(2))
        timer.setEventHandler { hub.sync() }
        timer.resume()
    }

    /// Stops the timer; returns after a sync in progress has finished.
    func cancel() {
        queue.sync { timer.cancel() }
    }
}
