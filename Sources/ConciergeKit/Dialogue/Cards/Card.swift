import Foundation

/// Structured data a reply carries beside its text, so a client such as the web widget can draw
/// it as a compact card: a parcel, an order's items with their return eligibility, or a reference
/// to quote.
///
/// Cards only repeat what the reply's text says (or, for a ticket, what the line protocol sends
/// with it), and the bot attaches order cards only to answers it gives once the shopper has proved
/// the order is theirs. Free text from the order data (item names, carrier scans) is shown with
/// card numbers masked.
///
/// On the wire each card is one JSON object whose `type` says which it is, with the fields of
/// ``ParcelCard``, ``ItemsCard`` or ``ReferenceCard`` beside it:
/// `{"type":"reference","kind":"return","order":"10235","reference":"RET-1001"}`.
/// A `type` this version doesn't know fails to decode with a `DecodingError` naming it.
public enum Card: Codable, Sendable, Equatable {
    /// One parcel of an order: carrier, state, expected day, last scan and tracking link.
    case parcel(ParcelCard)
    /// Some or all of an order's items, each with whether it can be returned.
    case items(ItemsCard)
    /// A reference the shopper may need later: a return, a request, a case or a ticket.
    case reference(ReferenceCard)

    /// The card's `type` on the wire: `parcel`, `items` or `reference`.
    public var type: String {
        switch self {
        case .parcel: return "parcel"
        case .items: return "items"
        case .reference: return "reference"
        }
    }

    /// The order the card is about, if it is about one.
    public var order: String? {
        switch self {
        case .parcel(let p): return p.order
        case .items(let i): return i.order
        case .reference(let r): return r.order
        }
    }

    enum CodingKeys: String, CodingKey {
        case type
    }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .type)
        switch type {
        case "parcel": self = .parcel(try ParcelCard(from: decoder))
        case "items": self = .items(try ItemsCard(from: decoder))
        case "reference": self = .reference(try ReferenceCard(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.type],
                                                    debugDescription: "unknown card type \"\(type)\"; expected parcel, items or reference"))
        }
    }

    /// The card's fields and its `type`, in one object.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        switch self {
        case .parcel(let p): try p.encode(to: encoder)
        case .items(let i): try i.encode(to: encoder)
        case .reference(let r): try r.encode(to: encoder)
        }
    }

    /// Text from the order data as a card shows it: card numbers masked, and without the invisible
    /// controls that could make one text pass for another.
    static func shown(_ text: String) -> String {
        CardNumber.mask(BidiControls.removed(from: text))
    }
}
