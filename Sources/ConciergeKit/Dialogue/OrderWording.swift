import Foundation

/// Plain-words descriptions of orders, parcels, refunds and return verdicts, in the shop's time zone.
struct OrderWording: Sendable {
    let profile: ShopProfile
    let calendar: Calendar

    init(profile: ShopProfile) {
        self.profile = profile
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = profile.timeZone
        self.calendar = calendar
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// "Tuesday 24 November".
    func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.weekday, .day, .month], from: date)
        return "\(Self.weekdays[(c.weekday ?? 1) - 1]) \(c.day ?? 1) \(Self.months[(c.month ?? 1) - 1])"
    }

    /// "21 Nov 14:03".
    func moment(_ date: Date) -> String {
        let c = calendar.dateComponents([.day, .month, .hour, .minute], from: date)
        return "\(c.day ?? 1) \(Self.months[(c.month ?? 1) - 1].prefix(3)) " + String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    func money(_ amount: Decimal, currency: String) -> String {
        let symbol = ["GBP": "£", "EUR": "€", "USD": "$"][currency.uppercased()] ?? (currency + " ")
        let value = NSDecimalNumber(decimal: amount).doubleValue
        return symbol + String(format: "%.2f", value)
    }

    func status(of order: Order) -> String {
        let id = "#\(order.id)"
        switch order.status {
        case .pending: return "Order \(id), placed on \(day(order.placed)), is confirmed and waiting to be packed."
        case .processing: return "Order \(id), placed on \(day(order.placed)), is being packed and hasn't left us yet."
        case .shipped: return "Order \(id) is on its way."
        case .outForDelivery: return "Good news: order \(id) is out for delivery today."
        case .delivered:
            let last = order.shipments.compactMap(\.delivered).max()
            return "Order \(id) was delivered" + (last.map { " on \(day($0))." } ?? ".")
        case .cancelled: return "Order \(id) was cancelled."
        case .returned: return "Order \(id) has been returned to us."
        case .refunded: return "Order \(id) has been refunded."
        }
    }

    func itemNames(_ skus: [String], in order: Order) -> String {
        ShopProfile.naturalList(skus.compactMap { order.item(sku: $0)?.name })
    }

    /// One paragraph per parcel: carrier, tracking number and link, ETA or delivery, the latest events.
    func parcels(of order: Order, today: Date) -> [String] {
        let count = order.shipments.count
        return order.shipments.enumerated().map { index, s in
            var lines: [String] = []
            let label = count > 1 ? "Parcel \(index + 1) of \(count) (\(itemNames(s.skus, in: order)))" : "Your parcel"
            lines.append("\(label) is with \(s.carrier), tracking number \(s.trackingNumber)" + (trackingLink(s).map { ": \($0)" } ?? "."))
            if let arrival = arrival(of: s, today: today) { lines.append(arrival) }
            let events = s.events.sorted { $0.time > $1.time }.prefix(3)
            if !events.isEmpty {
                lines.append("Latest: " + events.map { e in "\(moment(e.time)) \(e.description)" + (e.location.map { ", \($0)" } ?? "") }.joined(separator: "; ") + ".")
            }
            // The link ends its line, so chat windows that turn links into buttons don't swallow the next word.
            return lines.joined(separator: "\n")
        }
    }

    /// Where a parcel stands, in a sentence: delivered, well past its day, running late, or expected.
    func arrival(of s: Shipment, today: Date) -> String? {
        if let delivered = s.delivered {
            return "It was delivered on \(day(delivered))."
        } else if isOverdue(s, today: today), let eta = s.eta {
            return "It's well past its delivery day (it was due on \(day(eta))), and I'm sorry. You shouldn't wait any longer: ask for a person and our team will send a replacement or a refund."
        } else if s.isLate(today: today, timeZone: profile.timeZone), let eta = s.eta {
            return "It's running late: it was due on \(day(eta)), and I'm sorry about that. Carriers usually catch up within two working days; if it still hasn't come by then, we'll send a replacement or a refund, and I can pass you to a person now if you'd rather."
        } else if let eta = s.eta {
            return "It's expected on \(day(eta))."
        }
        return nil
    }

    /// Whether a parcel is more than two days past its expected day: the wait the late-parcel
    /// answer asks for is over, and a replacement or refund is due.
    func isOverdue(_ s: Shipment, today: Date) -> Bool {
        guard s.delivered == nil, let eta = s.eta, let grace = calendar.date(byAdding: .day, value: 2, to: eta) else { return false }
        return today > grace
    }

    /// The carrier's tracking link for a parcel, when the profile names the carrier.
    func trackingLink(_ s: Shipment) -> String? {
        profile.carriers.first { $0.name.caseInsensitiveCompare(s.carrier) == .orderedSame }?.link(for: s.trackingNumber)
    }

    func refund(_ r: Refund, currency: String) -> String {
        // What the refund is for ("Returned: Linen cushion cover, sage"), so a part refund explains itself.
        let amount = money(r.amount, currency: currency) + (r.reason.map { " (\($0.lowercasedFirst))" } ?? "")
        switch r.status {
        case .issued:
            return "\(amount) was refunded to your \(r.method) on \(day(r.date)). Banks usually take \(profile.values["bank_days"] ?? "a few working days") to show it."
        case .pending:
            return "A refund of \(amount) to your \(r.method) is being processed (since \(day(r.date))); we issue refunds within \(profile.refundProcessingDays) working days."
        case .failed:
            return "A refund of \(amount) to your \(r.method) on \(day(r.date)) didn't go through; our team will arrange it another way."
        }
    }

    func verdict(_ v: ReturnVerdict, item: OrderItem) -> String {
        switch v {
        case .eligible(let until): return "\(item.name): can be returned until \(day(until))"
        case .windowPassed(let closed): return "\(item.name): the \(profile.returnWindowDays)-day return window closed on \(day(closed))"
        case .finalSale: return "\(item.name): bought as final sale, so it can't be returned unless it's faulty"
        case .nonReturnableCategory(let category): return "\(item.name): \(category) can't be returned"
        case .notDeliveredYet: return "\(item.name): not delivered yet; once it arrives you'll have \(profile.returnWindowDays) days"
        case .alreadyReturned: return "\(item.name): already returned"
        case .orderCancelled: return "\(item.name): the order was cancelled"
        }
    }
}
