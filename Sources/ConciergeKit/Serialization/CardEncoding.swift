import Foundation

/// Writes a ``Card`` by hand, as the line protocol, the session journal and the agents' store
/// write everything else: the same JSON as the card's `Codable` form, its keys sorted by their
/// UTF-8 bytes as `JSONEncoder`'s `.sortedKeys` sorts them, so the agents' store stays byte for
/// byte what `JSONEncoder` writes. `type` may come first instead, for people reading the wire.
///
/// Every stored property of the card types must be written here: the lists below name them, and
/// a test compares them with the types' actual properties.
package enum CardEncoding {
    /// The stored properties handled, per type, in declaration order.
    package static let parcelFields = ["order", "index", "count", "items", "carrier", "trackingNumber", "trackingURL", "state",
                                       "expected", "delivered", "lastEvent"]
    package static let eventFields = ["time", "description", "location"]
    package static let itemsFields = ["order", "items"]
    package static let itemFields = ["name", "quantity", "returnStatus", "until"]
    package static let referenceFields = ["kind", "reference", "order"]

    /// One card as a JSON object.
    /// - Parameter typeFirst: `type` as the first key rather than in its sorted place.
    package static func card(_ card: Card, _ w: inout JSONWriter, typeFirst: Bool = false) {
        w.begin()
        if typeFirst { w.field("type", card.type) }
        switch card {
        case .parcel(let p):
            w.field("carrier", p.carrier)
            w.field("count", p.count)
            if let v = p.delivered { w.field("delivered", v.description) }
            if let v = p.expected { w.field("expected", v.description) }
            w.field("index", p.index)
            w.field("items", p.items)
            if let e = p.lastEvent {
                w.key("last_event")
                w.begin()
                w.field("description", e.description)
                if let v = e.location { w.field("location", v) }
                w.field("time", ParcelCard.Event.text(e.time))
                w.end()
            }
            w.field("order", p.order)
            w.field("state", p.state.rawValue)
            w.field("tracking_number", p.trackingNumber)
            if let v = p.trackingURL { w.field("tracking_url", v) }
        case .items(let i):
            w.array("items", i.items) { w, item in
                w.begin()
                w.field("name", item.name)
                w.field("quantity", item.quantity)
                w.field("return_status", item.returnStatus.rawValue)
                if let v = item.until { w.field("until", v.description) }
                w.end()
            }
            w.field("order", i.order)
        case .reference(let r):
            w.field("kind", r.kind.rawValue)
            if let v = r.order { w.field("order", v) }
            w.field("reference", r.reference)
        }
        if !typeFirst { w.field("type", card.type) }
        w.end()
    }

    /// A field whose value is a list of cards.
    package static func cards(_ key: StaticString, _ cards: [Card], _ w: inout JSONWriter, typeFirst: Bool = false) {
        w.array(key, cards) { w, c in card(c, &w, typeFirst: typeFirst) }
    }
}
