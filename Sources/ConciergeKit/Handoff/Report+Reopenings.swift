import Foundation

extension Report {
    /// The resolved tickets, by conversation and by shopper, to tell which tickets reopened one.
    ///
    /// Indexed once, so each ticket is checked against its own conversation's and shopper's
    /// tickets only, not against every other ticket (which grows with the square of their number).
    struct Reopenings {
        private var byConversation: [String: [(id: String, resolved: Date)]] = [:]
        private var byShopper: [String: [(id: String, resolved: Date)]] = [:]

        init(_ tickets: some Sequence<Ticket>) {
            for ticket in tickets where ticket.status == .resolved {
                guard let resolved = ticket.resolvedAt else { continue }
                byConversation[ticket.conversationID, default: []].append((ticket.id, resolved))
                if let shopper = ticket.shopper.identity { byShopper[shopper, default: []].append((ticket.id, resolved)) }
            }
        }

        /// Whether `ticket` was opened within ``HandoffStore/reopenWindow`` after another ticket of
        /// the same conversation or the same shopper was resolved.
        func isReopening(_ ticket: Ticket) -> Bool {
            func follows(_ earlier: [(id: String, resolved: Date)]?) -> Bool {
                earlier?.contains { other in
                    other.id != ticket.id && other.resolved <= ticket.created
                        && ticket.created.timeIntervalSince(other.resolved) <= HandoffStore.reopenWindow
                } ?? false
            }
            return follows(byConversation[ticket.conversationID]) || follows(ticket.shopper.identity.flatMap { byShopper[$0] })
        }
    }
}
