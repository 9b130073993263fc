import Foundation

/// A return the shop already knows about (opened in its returns portal or by the bot).
public struct ReturnRecord: Codable, Sendable, Equatable {
    /// The shop's return reference, e.g. `R-5521`.
    public var id: String
    /// The items being returned.
    public var skus: [String]
    /// The shop's own word for where it stands, e.g. `requested`, `in_transit`, `received`, `refunded`.
    public var status: String
    /// When the return was opened.
    public var date: Date

    public init(id: String, skus: [String], status: String, date: Date) {
        self.id = id
        self.skus = skus
        self.status = status
        self.date = date
    }
}
