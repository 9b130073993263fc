import Foundation

/// A reference the shopper may quote later, with a button to copy it: a booked return, a request
/// or case the bot recorded, a return the shop already knew of, or the ticket of a handoff.
///
/// Wire fields: `kind` (see ``Kind``), `reference` (e.g. `RET-1001`, `ADR-1004`, `T-1002`),
/// `order` (the order number, absent for a ticket).
public struct ReferenceCard: Codable, Sendable, Equatable {
    /// What the reference names.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A return, booked by the bot (`RET-…`) or known to the shop (e.g. `R-5521`).
        case returnItem = "return"
        /// A cancellation request (`CAN-…`).
        case cancel
        /// A change to the order (`CHG-…`).
        case change
        /// A change of delivery address (`ADR-…`).
        case addressChange = "address_change"
        /// A case for a damaged or faulty item (`DMG-…`).
        case damaged
        /// A case for a missing parcel or item (`MIS-…`).
        case missing
        /// The ticket a person from the shop's team picks up (`T-…`).
        case ticket

        init(_ kind: ShopRequest.Kind) {
            switch kind {
            case .returnItem: self = .returnItem
            case .cancel: self = .cancel
            case .change: self = .change
            case .addressChange: self = .addressChange
            case .damaged: self = .damaged
            case .missing: self = .missing
            }
        }
    }

    public var kind: Kind
    public var reference: String
    /// The order it concerns; nil for a ticket.
    public var order: String?

    public init(kind: Kind, reference: String, order: String? = nil) {
        self.kind = kind
        self.reference = reference
        self.order = order
    }
}
