import Foundation

/// One line of an order: a product and how many of it.
public struct OrderItem: Codable, Sendable, Equatable {
    /// The shop's stock code, e.g. `LL-HW-0142`; shipments and returns name items by it.
    public var sku: String
    /// The product name as the shopper saw it, e.g. "Linen cushion cover, sage".
    public var name: String
    public var quantity: Int
    /// The price of one, in the order's currency.
    public var price: Decimal
    /// The shop's category, e.g. `homeware`; compared case-insensitively with the profile's
    /// `non_returnable_categories`.
    public var category: String
    /// Bought as final sale (clearance): not returnable unless faulty.
    public var finalSale: Bool

    public init(sku: String, name: String, quantity: Int = 1, price: Decimal, category: String, finalSale: Bool = false) {
        self.sku = sku
        self.name = name
        self.quantity = quantity
        self.price = price
        self.category = category
        self.finalSale = finalSale
    }

    enum CodingKeys: String, CodingKey {
        case sku, name, quantity, price, category
        case finalSale = "final_sale"
    }

    /// Price × quantity.
    public var lineTotal: Decimal { price * Decimal(quantity) }
}
