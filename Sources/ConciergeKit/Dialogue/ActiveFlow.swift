/// An order flow under way: which question it answers and what it waits to hear.
///
/// What the flow collects (the order, the item, the reason, the new address) lives in ``Facts``,
/// so leaving a flow for another question keeps it for later.
public struct ActiveFlow: Codable, Sendable, Equatable {
    /// What the flow waits for; the next message is read in its light, and one that doesn't fit is
    /// read as a new message.
    public enum Awaiting: String, Codable, Sendable {
        /// Nothing yet: the flow is starting.
        case nothing
        /// The order number.
        case orderNumber
        /// The e-mail address or postcode on the order.
        case verification
        /// The postcode, to find the orders of an e-mail address given without a number.
        case postcode
        /// Which item of the order.
        case item
        /// Why the item is going back.
        case reason
        /// What happened, in the shopper's words.
        case account
        /// The new delivery address.
        case address
        /// What to change on the order.
        case change
        /// A yes or no before something that can't be undone.
        case confirmation
    }

    /// The intent the flow answers (`return_item`, `cancel_order`, ...).
    public var intent: String
    public var awaiting: Awaiting
    /// The message that started the flow, read again once the order is found, so what it named
    /// ("can I send back the lamp") is used.
    public var request: String

    public init(intent: String, awaiting: Awaiting = .nothing, request: String) {
        self.intent = intent
        self.awaiting = awaiting
        self.request = request
    }
}
