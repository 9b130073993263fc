import Foundation

// Reading orders and their parts from the export file, field by field, so that each bad record
// can say exactly what to fix (see `FieldReader`), and shifting their dates for demo files.

extension Order: LenientDecodable {
    static let noun = "order"
    static let required = "id, email, postcode, placed, status, currency and items"

    static func read(_ r: inout FieldReader) -> Order? {
        let rawID = r.identifier("id")
        var id: String?
        if let rawID {
            let normalized = normalizedID(rawID)
            if normalized.isEmpty || !normalized.unicodeScalars.allSatisfy(isIDCharacter) {
                r.fail("id", "\"\(rawID)\" must be letters and digits, e.g. \"10231\" or \"A1234\"")
            } else {
                id = normalized
            }
        }
        var email = r.text("email")
        if let value = email, !value.utf8.contains(UInt8(ascii: "@")) {
            r.fail("email", "\"\(value)\" has no @; write the shopper's address, e.g. \"jo@example.com\"")
            email = nil
        }
        let postcode = r.text("postcode")
        let placed = r.date("placed")
        var status: Status?
        if let raw = r.text("status") {
            status = Status(rawValue: raw)
            if status == nil {
                r.fail("status", "\"\(raw)\" is unknown; use one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var currency = r.text("currency")
        if let value = currency {
            if value.count == 3, value.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) {
                currency = value.uppercased()
            } else {
                r.fail("currency", "\"\(value)\" must be a three-letter code such as \"GBP\"")
                currency = nil
            }
        }
        var items = r.records("items", of: OrderItem.self, required: true)
        if let list = items, list.isEmpty {
            r.fail("items", "is empty; an order needs at least one item")
            items = nil
        }
        let shipments = r.records("shipments", of: Shipment.self)
        let refunds = r.records("refunds", of: Refund.self)
        let returns = r.records("returns", of: ReturnRecord.self)

        if let items {
            // Orders have a handful of lines, so a scan beats building a set.
            func known(_ sku: String) -> Bool { items.contains { $0.sku == sku } }
            for (index, shipment) in (shipments ?? []).enumerated() {
                for sku in shipment.skus where !known(sku) {
                    r.fail(path: "shipments[\(index)].skus", unknownSKU(sku))
                }
            }
            for (index, record) in (returns ?? []).enumerated() {
                for sku in record.skus where !known(sku) {
                    r.fail(path: "returns[\(index)].skus", unknownSKU(sku))
                }
            }
        }
        guard let id, let email, let postcode, let placed, let status, let currency, let items,
              let shipments, let refunds, let returns else { return nil }
        return Order(id: id, email: email, postcode: postcode, placed: placed, status: status, currency: currency,
                     items: items, shipments: shipments, refunds: refunds, returns: returns)
    }

    private static func unknownSKU(_ sku: String) -> String {
        "names \"\(sku)\", which is not an item of this order; use the skus listed in \"items\""
    }

    private static func isIDCharacter(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("A"..."Z").contains(s)
    }

    /// Moves every date of the order by `seconds` (for files with an `anchor`).
    mutating func shift(by seconds: TimeInterval) {
        placed += seconds
        for i in shipments.indices {
            shipments[i].shipped = shipments[i].shipped.map { $0 + seconds }
            shipments[i].eta = shipments[i].eta.map { $0 + seconds }
            shipments[i].delivered = shipments[i].delivered.map { $0 + seconds }
            for j in shipments[i].events.indices { shipments[i].events[j].time += seconds }
        }
        for i in refunds.indices { refunds[i].date += seconds }
        for i in returns.indices { returns[i].date += seconds }
    }
}

extension OrderItem: LenientDecodable {
    static let noun = "item"
    static let required = "sku, name, quantity, price and category"

    static func read(_ r: inout FieldReader) -> OrderItem? {
        let sku = r.text("sku")
        let name = r.text("name")
        let quantity = r.count("quantity")
        let price = r.amount("price")
        let category = r.text("category")
        let finalSale = r.flag("final_sale")
        guard let sku, let name, let quantity, let price, let category else { return nil }
        return OrderItem(sku: sku, name: name, quantity: quantity, price: price, category: category, finalSale: finalSale)
    }
}

extension Shipment: LenientDecodable {
    static let noun = "shipment"
    static let required = "carrier, tracking_number and skus"

    static func read(_ r: inout FieldReader) -> Shipment? {
        let carrier = r.text("carrier")
        let tracking = r.text("tracking_number")
        let skus = r.texts("skus")
        let shipped = r.date("shipped", required: false)
        let eta = r.date("eta", required: false)
        let delivered = r.date("delivered", required: false)
        let events = r.records("events", of: TrackingEvent.self)
        guard let carrier, let tracking, let skus, let events else { return nil }
        return Shipment(carrier: carrier, trackingNumber: tracking, skus: skus, shipped: shipped, eta: eta,
                        delivered: delivered, events: events)
    }
}

extension TrackingEvent: LenientDecodable {
    static let noun = "tracking event"
    static let required = "time and description"

    static func read(_ r: inout FieldReader) -> TrackingEvent? {
        let time = r.date("time")
        let description = r.text("description")
        let location = r.text("location", required: false)
        guard let time, let description else { return nil }
        return TrackingEvent(time: time, description: description, location: location)
    }
}

extension Refund: LenientDecodable {
    static let noun = "refund"
    static let required = "amount, status, date and method"

    static func read(_ r: inout FieldReader) -> Refund? {
        let amount = r.amount("amount")
        var status: Status?
        if let raw = r.text("status") {
            status = Status(rawValue: raw)
            if status == nil { r.fail("status", "\"\(raw)\" is unknown; use one of pending, issued, failed") }
        }
        let date = r.date("date")
        let method = r.text("method")
        let reason = r.text("reason", required: false)
        guard let amount, let status, let date, let method else { return nil }
        return Refund(amount: amount, status: status, date: date, method: method, reason: reason)
    }
}

extension ReturnRecord: LenientDecodable {
    static let noun = "return"
    static let required = "id, skus, status and date"

    static func read(_ r: inout FieldReader) -> ReturnRecord? {
        let id = r.identifier("id")
        let skus = r.texts("skus")
        let status = r.text("status")
        let date = r.date("date")
        guard let id, let skus, let status, let date else { return nil }
        return ReturnRecord(id: id, skus: skus, status: status, date: date)
    }
}
