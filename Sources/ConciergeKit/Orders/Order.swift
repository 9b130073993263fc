import Foundation

/// One order from the shop's export: who placed it, what is in it, and what has happened to it since.
///
/// Orders come from ``OrderStore/load(path:today:timeZone:)``, which validates every record, or from
/// ``init(id:email:postcode:placed:status:currency:items:shipments:refunds:returns:)`` in tests and tools.
/// The `Codable` form uses the same snake_case keys as the export file, so an encoded order
/// (with ISO 8601 dates) is a valid record of that file.
public struct Order: Codable, Sendable, Equatable {
    /// Where the order stands, as the shop's system reports it.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Placed, payment not yet confirmed.
        case pending
        /// Paid and being picked and packed; not yet handed to a carrier.
        case processing
        /// At least one parcel is with a carrier.
        case shipped
        /// The carrier has it on the van for delivery today.
        case outForDelivery = "out_for_delivery"
        /// Every parcel has arrived.
        case delivered
        /// Cancelled before dispatch.
        case cancelled
        /// The goods came back to the shop.
        case returned
        /// The money went back to the shopper in full.
        case refunded
    }

    /// The order number, normalised by ``normalizedID(_:)``: upper case, no `#`, e.g. `10231` or `A1234`.
    public var id: String
    /// The shopper's email address, as they typed it at checkout.
    public var email: String
    /// The delivery postcode, as typed at checkout.
    public var postcode: String
    /// When the order was placed.
    public var placed: Date
    public var status: Status
    /// ISO 4217 code of the prices, e.g. `GBP`.
    public var currency: String
    public var items: [OrderItem]
    /// The parcels the order left in; an order may ship in several.
    public var shipments: [Shipment]
    public var refunds: [Refund]
    public var returns: [ReturnRecord]

    public init(id: String, email: String, postcode: String, placed: Date, status: Status, currency: String = "GBP",
                items: [OrderItem], shipments: [Shipment] = [], refunds: [Refund] = [], returns: [ReturnRecord] = []) {
        self.id = Order.normalizedID(id)
        self.email = email
        self.postcode = postcode
        self.placed = placed
        self.status = status
        self.currency = currency
        self.items = items
        self.shipments = shipments
        self.refunds = refunds
        self.returns = returns
    }

    enum CodingKeys: String, CodingKey {
        case id, email, postcode, placed, status, currency, items, shipments, refunds, returns
    }

    /// The sum of price × quantity over the items.
    public var total: Decimal {
        items.reduce(Decimal(0)) { $0 + $1.price * Decimal($1.quantity) }
    }

    /// The money sent back so far: the sum of refunds that were issued (pending and failed ones don't count).
    public var refundedAmount: Decimal {
        refunds.reduce(Decimal(0)) { $1.status == .issued ? $0 + $1.amount : $0 }
    }

    /// Whether the shop can still cancel the order: it has not left the warehouse.
    public var isCancellable: Bool { status == .pending || status == .processing }

    /// The item with `sku`, if the order has one.
    public func item(sku: String) -> OrderItem? { items.first { $0.sku == sku } }

    /// The parcels carrying `sku` (usually one; more when a line was split).
    public func shipments(carrying sku: String) -> [Shipment] { shipments.filter { $0.skus.contains(sku) } }

    /// An order number as the store keys it: surrounding spaces and a leading `#` removed, dashes and
    /// spaces dropped, letters upper-cased. `"#a-1234"` → `"A1234"`, the same form the entity scanner
    /// produces, so a number the shopper typed finds its order.
    public static func normalizedID(_ raw: String) -> String {
        ASCIIText.fold(raw, dropping: UInt8(ascii: "-"), dropAllSpaces: true, dropLeadingHash: true, upperCase: true)
    }
}
