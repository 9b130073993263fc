import ConciergeKit
import Dispatch
import Foundation

/// Asks the hub, on a short timer, what changed in the agent queue (agent messages for
/// shoppers, new tickets and shopper messages for agents) and hands the pushes over once
/// they are durable.
final class PushTimer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "concierge.push")
    private let timer: any DispatchSourceTimer

    /// Starts polling `hub` every `interval` seconds; `deliver` gets each non-empty batch, on the
    /// timer's own queue.
    init(hub: SessionHub, interval: TimeInterval, deliver: @escaping @Sendable ([SessionHub.Delivery]) -> Void) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler {
            let deliveries = hub.poll(at: Date())
            guard !deliveries.isEmpty else { return }
            // Pushes can add turns (an agent's words in the transcript): durable before sent.
            hub.sync()
            deliver(deliveries)
        }
        timer.resume()
    }

    /// Stops the timer; returns after a poll in progress has finished.
    func cancel() {
        queue.sync { timer.cancel() }
    }
}
