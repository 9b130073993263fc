/// A record in an order export that was skipped, and why.
///
/// Prints as `Intents/orders.json: order 7 (10237): items[1].price must be a number, e.g. 12.50`:
/// the file as given to the loader, the record's 1-based position in the `orders` array, its id
/// when it has a readable one, then what to fix. Paths inside a record count from 0, the way `jq`
/// does: `items[1]` is the record's second item.
public struct OrderIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The export file, as given to the loader.
    public var file: String
    /// 1-based position of the record in the file's `orders` array.
    public var position: Int
    /// The record's normalised order id, when it has a readable one.
    public var orderID: String?
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, position: Int, orderID: String?, message: String) {
        self.file = file
        self.position = position
        self.orderID = orderID
        self.message = message
    }

    public var description: String {
        if let orderID { return "\(file): order \(position) (\(orderID)): \(message)" }
        return "\(file): order \(position): \(message)"
    }
}
