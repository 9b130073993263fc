import ConciergeKit
import Foundation

/// The agents' desk: what a support agent may do with the queue of handed-off chats, the same
/// over the line protocol (``SessionHub``) and in a terminal (``AgentConsole``, `concierge agent`).
///
/// The rules an agent works by live here once: tickets show their times in the shop's time zone,
/// and an agent writes only on a ticket they have claimed.
public struct AgentDesk: Sendable {
    /// The shared queue and tickets.
    public let store: HandoffStore
    /// The shop's time zone, for the times a ticket shows.
    public let timeZone: TimeZone

    public init(store: HandoffStore, timeZone: TimeZone) {
        self.store = store
        self.timeZone = timeZone
    }

    /// A ticket in full (summary, facts, transcript), as an agent reads it.
    /// - Throws: ``HandoffError/unknownTicket(_:)``.
    public func show(_ id: String, now: Date) throws(HandoffError) -> String {
        guard let ticket = store.ticket(id) else { throw .unknownTicket(id) }
        return ticket.rendered(timeZone: timeZone, now: now)
    }

    /// Writes `text` to the shopper of ticket `id`.
    /// - Throws: ``HandoffError/notClaimedBy(_:)`` unless `agent` has claimed the ticket.
    public func say(_ text: String, on id: String, as agent: String, at now: Date) throws(HandoffError) {
        guard let ticket = store.ticket(id) else { throw .unknownTicket(id) }
        guard ticket.status == .claimed, ticket.agent == agent else { throw .notClaimedBy(agent) }
        _ = try store.append(Turn(sender: .agent, text: text, time: now), to: id)
    }

    /// One line per waiting ticket, e.g. `1. T-1001  P2  waiting 5 min  shopper left 3 min ago  asked for a person  ann@example.com  …`.
    public func queueText(now: Date) -> String {
        let waiting = store.waiting()
        guard !waiting.isEmpty else { return "The queue is empty." }
        return waiting.enumerated().map { i, t in
            let minutes = Int(now.timeIntervalSince(t.created) / 60)
            return "\(i + 1). \(t.id)  P\(t.priority)  waiting \(minutes) min  \(t.presencePhrase(now: now))  \(t.reason.phrase)  \(t.shopper.identity ?? "anonymous")  \(t.summary.prefix(80))"
        }.joined(separator: "\n")
    }
}
