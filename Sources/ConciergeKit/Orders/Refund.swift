import Foundation

/// Money the shop has sent back, or is about to, for an order.
public struct Refund: Codable, Sendable, Equatable {
    /// Where the refund stands.
    public enum Status: String, Codable, Sendable {
        /// Agreed, not yet sent to the bank.
        case pending
        /// Sent; the bank may take a few working days to show it.
        case issued
        /// The payment provider refused it (e.g. the card was closed); someone must follow up.
        case failed
    }

    /// How much, in the order's currency.
    public var amount: Decimal
    public var status: Status
    /// When it was created or, once issued, when it was sent.
    public var date: Date
    /// Where the money goes, e.g. "Visa ending 4242" or "PayPal".
    public var method: String
    /// Why, e.g. "Returned: Linen cushion cover".
    public var reason: String?

    public init(amount: Decimal, status: Status, date: Date, method: String, reason: String? = nil) {
        self.amount = amount
        self.status = status
        self.date = date
        self.method = method
        self.reason = reason
    }
}
