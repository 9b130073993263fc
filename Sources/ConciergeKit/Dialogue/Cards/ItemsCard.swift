import Foundation

/// Items of one order, each with whether it can be returned and until when.
///
/// Wire fields: `order`, and `items`: a list of `{name, quantity, return_status, until?}`, where
/// `return_status` is one of ``ReturnStatus``'s values and `until` is the last day to return a
/// `returnable` item, or the day the window closed for a `window_closed` one (`2026-12-22`).
public struct ItemsCard: Codable, Sendable, Equatable {
    /// Where an item stands against the return policy (see ``ReturnVerdict``).
    public enum ReturnStatus: String, Codable, Sendable, CaseIterable {
        /// It can go back until `until`.
        case returnable
        /// The return window closed on `until`.
        case windowClosed = "window_closed"
        /// Bought as final sale: it can go back only if faulty.
        case finalSale = "final_sale"
        /// The shop doesn't take back its category (underwear, earrings, food).
        case excludedCategory = "excluded_category"
        /// Not delivered yet: the window starts when it arrives.
        case notDelivered = "not_delivered"
        /// Already on its way back, or returned.
        case alreadyReturned = "already_returned"
        /// The order was cancelled.
        case orderCancelled = "order_cancelled"
    }

    /// One line of the order.
    public struct Item: Codable, Sendable, Equatable {
        public var name: String
        public var quantity: Int
        public var returnStatus: ReturnStatus
        /// The last day to return it, or the day its window closed.
        public var until: CalendarDay?

        public init(name: String, quantity: Int, returnStatus: ReturnStatus, until: CalendarDay? = nil) {
            self.name = name
            self.quantity = quantity
            self.returnStatus = returnStatus
            self.until = until
        }

        enum CodingKeys: String, CodingKey {
            case name, quantity, until
            case returnStatus = "return_status"
        }
    }

    /// The order number.
    public var order: String
    public var items: [Item]

    public init(order: String, items: [Item]) {
        self.order = order
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case order, items
    }

    /// The card for `verdicts` of `order`, days read in `calendar`'s time zone (the shop's).
    init(_ order: Order, verdicts: [(item: OrderItem, verdict: ReturnVerdict)], calendar: Calendar) {
        self.init(order: order.id, items: verdicts.map { entry in
            let (status, until): (ReturnStatus, Date?)
            switch entry.verdict {
            case .eligible(let last): (status, until) = (.returnable, last)
            case .windowPassed(let closed): (status, until) = (.windowClosed, closed)
            case .finalSale: (status, until) = (.finalSale, nil)
            case .nonReturnableCategory: (status, until) = (.excludedCategory, nil)
            case .notDeliveredYet: (status, until) = (.notDelivered, nil)
            case .alreadyReturned: (status, until) = (.alreadyReturned, nil)
            case .orderCancelled: (status, until) = (.orderCancelled, nil)
            }
            return Item(name: Card.shown(entry.item.name), quantity: entry.item.quantity, returnStatus: status,
                        until: until.map { CalendarDay($0, in: calendar) })
        })
    }
}
