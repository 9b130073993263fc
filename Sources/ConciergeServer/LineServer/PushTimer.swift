import ConciergeKit
import Foundation

/// Asks the hub, on a short timer, what changed in the agent queue (agent messages for
/// shoppers, new tickets and shopper messages for agents) and hands the pushes over once
/// they are committed. It also has the hub compact its journal when it has grown enough, and,
/// once a minute, end the chats left idle.
final class PushTimer: Sendable {
    /// How often idle chats are looked for, in seconds.
    static let idleCheckInterval: TimeInterval = 60

    private let worker: WorkerThread

    /// Starts polling `hub` every `interval` seconds; `deliver` gets each non-empty batch, on the
    /// timer's own thread.
    init(hub: SessionHub, interval: TimeInterval, deliver: @escaping @Sendable ([SessionHub.Delivery]) -> Void) {
        let runsPerIdleCheck = max(1, Int(Self.idleCheckInterval / interval))
        worker = WorkerThread.repeating("concierge-push", every: interval) { run in
            let now = Date()
            var deliveries = hub.poll(at: now)
            if run % runsPerIdleCheck == 0 { deliveries += hub.endIdleChats(at: now) }
            hub.compactIfNeeded()
            guard !deliveries.isEmpty else { return }
            // Pushes can add turns (an agent's words in the transcript): committed before sent.
            hub.commit()
            deliver(deliveries)
        }
    }

    /// Stops the timer; returns after a poll in progress has finished.
    func cancel() {
        worker.stopAndWait()
    }
}
