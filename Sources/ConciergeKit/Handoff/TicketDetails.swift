import Foundation

/// What the shopper told after their ticket opened ("it's order 10247", an e-mail address, what a
/// photo shows), added to the ticket so the agent finds it with the rest instead of in the transcript.
///
/// Recorded as a `details` journal event: the facts are merged into ``Ticket/facts`` (a fact of
/// the same name is replaced), each order replaces its earlier snapshot or joins the list, and a
/// shopper, when given, replaces who the ticket says the shopper is.
public struct TicketDetails: Codable, Sendable, Equatable {
    /// Facts to add or update, by name, as in ``Ticket/facts``.
    public var facts: [String: String]
    /// Orders the shopper proved are theirs since the ticket opened, as they are now.
    public var orders: [Ticket.OrderSnapshot]
    /// Who the shopper is now, when the details changed it (an order of theirs verified).
    public var shopper: Ticket.Shopper?
    /// The ticket's summary with the details in it, replacing the one it had.
    public var summary: String?

    public init(facts: [String: String] = [:], orders: [Ticket.OrderSnapshot] = [], shopper: Ticket.Shopper? = nil, summary: String? = nil) {
        self.facts = facts
        self.orders = orders
        self.shopper = shopper
        self.summary = summary
    }

    /// Whether there is nothing to add.
    public var isEmpty: Bool { facts.isEmpty && orders.isEmpty && shopper == nil }

    /// The details with card-number-like digit runs masked, as everything a ticket stores.
    var masked: TicketDetails {
        TicketDetails(facts: facts.mapValues(CardNumber.mask), orders: orders.map(\.masked), shopper: shopper?.masked,
                      summary: summary.map(CardNumber.mask))
    }
}

extension Ticket {
    /// The ticket with `details` added.
    mutating func add(_ details: TicketDetails) {
        facts.merge(details.facts) { _, new in new }
        for order in details.orders {
            if let k = orders.firstIndex(where: { $0.id == order.id }) { orders[k] = order } else { orders.append(order) }
        }
        if let shopper = details.shopper { self.shopper = shopper }
        if let summary = details.summary { self.summary = summary }
    }
}
