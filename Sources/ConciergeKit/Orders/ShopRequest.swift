import Foundation

/// Something the bot has asked the shop to do for a shopper, recorded by ``RequestStore``.
///
/// Stored one per line as JSON with snake_case keys (`order_id`) and ISO 8601 dates.
public struct ShopRequest: Codable, Sendable, Equatable {
    /// What is asked.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Return some items.
        case returnItem = "return"
        /// Cancel the order before dispatch.
        case cancel
        /// Change the order (size, colour, quantity) before dispatch.
        case change
        /// Send the order to a different address.
        case addressChange = "address_change"
        /// Items arrived damaged or faulty.
        case damaged
        /// A parcel or item never arrived.
        case missing

        /// The prefix of this kind's request ids, e.g. `RET` in `RET-1001`.
        public var idPrefix: String {
            switch self {
            case .returnItem: return "RET"
            case .cancel: return "CAN"
            case .change: return "CHG"
            case .addressChange: return "ADR"
            case .damaged: return "DMG"
            case .missing: return "MIS"
            }
        }
    }

    /// The reference the shopper is given, e.g. `RET-1001`: the kind's prefix and a number shared by all kinds.
    public var id: String
    public var kind: Kind
    /// The normalised order number.
    public var orderID: String
    /// The items concerned; empty when the request is about the whole order.
    public var skus: [String]
    /// The shopper's reason, in their words or as chosen from the bot's options.
    public var reason: String
    /// Anything else the shop needs, e.g. `["new_address": "..."]` or `["photo": "..."]`.
    public var details: [String: String]
    /// When the bot recorded it (to the second).
    public var created: Date

    public init(id: String, kind: Kind, orderID: String, skus: [String], reason: String, details: [String: String], created: Date) {
        self.id = id
        self.kind = kind
        self.orderID = orderID
        self.skus = skus
        self.reason = reason
        self.details = details
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, skus, reason, details, created
        case orderID = "order_id"
    }
}
