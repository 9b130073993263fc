import Foundation

/// The shop's orders, indexed for the look-ups the bot makes: by order number and by email.
///
/// Built once from a validated list (see ``load(path:today:timeZone:)``), then immutable, so one
/// store can be shared by every conversation. Each look-up is a dictionary access; none scans the orders.
public struct OrderStore: Sendable {
    /// Every order, in the order given (file order when loaded).
    public let all: [Order]
    /// Normalised id → position in `all`.
    private let byID: [String: Int]
    /// Folded email → positions in `all`, newest order first.
    private let byEmail: [String: [Int]]

    /// Indexes `orders`. Ids are normalised with ``Order/normalizedID(_:)``; when two orders share
    /// an id, the first is kept (the loader reports such duplicates).
    public init(orders: [Order]) {
        var unique: [Order] = []
        unique.reserveCapacity(orders.count)
        var byID: [String: Int] = [:]
        byID.reserveCapacity(orders.count)
        for var order in orders {
            order.id = Order.normalizedID(order.id)
            guard byID[order.id] == nil else { continue }
            byID[order.id] = unique.count
            unique.append(order)
        }
        self.init(unique: unique, index: byID)
    }

    /// Indexes orders whose ids are already normalised and distinct, given `index` (id → position),
    /// as the loader delivers them.
    init(unique orders: [Order], index byID: [String: Int]) {
        var byEmail: [String: [Int]] = [:]
        for (position, order) in orders.enumerated() {
            byEmail[Self.foldEmail(order.email), default: []].append(position)
        }
        for (email, positions) in byEmail where positions.count > 1 {
            byEmail[email] = positions.sorted { a, b in
                orders[a].placed != orders[b].placed ? orders[a].placed > orders[b].placed : a > b
            }
        }
        all = orders
        self.byID = byID
        self.byEmail = byEmail
    }

    /// How many orders the store holds.
    public var count: Int { all.count }

    /// The order numbered `id`, written any way a shopper might: `#10231`, `10231`, `a1234`.
    public func order(id: String) -> Order? {
        byID[Order.normalizedID(id)].map { all[$0] }
    }

    /// The orders placed with `email` (compared ignoring case and surrounding spaces), newest first.
    public func orders(forEmail email: String) -> [Order] {
        (byEmail[Self.foldEmail(email)] ?? []).map { all[$0] }
    }

    /// The order, if the shopper has shown they placed it: `email` or `postcode` must match the order's.
    ///
    /// Emails are compared ignoring case, postcodes ignoring case and spaces (`sw1a1aa` matches
    /// `SW1A 1AA`). Returns nil both when there is no such order and when the details don't match,
    /// so a caller cannot learn from the answer which order numbers exist.
    /// - Parameters:
    ///   - orderID: the order number as the shopper wrote it.
    ///   - email: the email the shopper gave, if any.
    ///   - postcode: the postcode the shopper gave, if any.
    public func verify(orderID: String, email: String?, postcode: String?) -> Order? {
        guard let order = order(id: orderID) else { return nil }
        if let email {
            let folded = Self.foldEmail(email)
            if !folded.isEmpty, folded == Self.foldEmail(order.email) { return order }
        }
        if let postcode {
            let folded = Self.foldPostcode(postcode)
            if !folded.isEmpty, folded == Self.foldPostcode(order.postcode) { return order }
        }
        return nil
    }

    static func foldEmail(_ email: String) -> String {
        ASCIIText.fold(email, upperCase: false)
    }

    static func foldPostcode(_ postcode: String) -> String {
        ASCIIText.fold(postcode, dropAllSpaces: true, upperCase: true)
    }
}
