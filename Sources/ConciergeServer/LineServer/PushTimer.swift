import ConciergeKit
import Dispatch
import Foundation

/// Asks the hub, on a short timer, what changed in the agent queue (agent messages for
/// shoppers, new tickets and shopper messages for agents) and hands the pushes over once
/// they are committed. It also has the hub compact its journal when it has grown enough, and,
/// once a minute, end the chats left idle.
final class PushTimer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "concierge.push")
    private let timer: any DispatchSourceTimer
    /// How often idle chats are looked for, in seconds.
    static let idleCheckInterval: TimeInterval = 60

    /// Starts polling `hub` every `interval` seconds; `deliver` gets each non-empty batch, on the
    /// timer's own queue.
    init(hub: SessionHub, interval: TimeInterval, deliver: @escaping @Sendable ([SessionHub.Delivery]) -> Void) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        let ticksPerIdleCheck = max(1, Int(Self.idleCheckInterval / interval))
        nonisolated(unsafe) var ticks = 0 // touched only on `queue`
        timer.setEventHandler {
            let now = Date()
            var deliveries = hub.poll(at: now)
            ticks += 1
            if ticks % ticksPerIdleCheck == 0 { deliveries += hub.endIdleChats(at: now) }
            hub.compactIfNeeded()
            guard !deliveries.isEmpty else { return }
            // Pushes can add turns (an agent's words in the transcript): committed before sent.
            hub.commit()
            deliver(deliveries)
        }
        timer.resume()
    }

    /// Stops the timer; returns after a poll in progress has finished.
    func cancel() {
        queue.sync { timer.cancel() }
    }
}
