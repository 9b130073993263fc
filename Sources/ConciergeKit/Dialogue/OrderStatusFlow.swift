import Foundation

/// "Where is my order?": the order's state and each parcel's carrier, tracking and expected day;
/// for one item ("when will the lamp arrive?"), just its parcel.
struct OrderStatusFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        c.endFlow()
        c.topic = IntentID.trackOrder.rawValue
        if let item = bot.products.item(in: request, of: order), order.items.count > 1 {
            c.facts.item = item.sku
            return Outcome(parcel(of: item, in: order, bot, today: now))
        }
        return Outcome(Self.track(order, bot, today: now))
    }

    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        // "and the lamp?", "what about the plates": the parcel of the item named.
        guard message.classification.intent == nil || message.classification.confidence < 0.5,
              let item = bot.products.item(in: message.text, of: order) else { return nil }
        c.facts.item = item.sku
        return Outcome(parcel(of: item, in: order, bot, today: now))
    }

    /// Where one item is: its parcel's carrier, state and tracking link.
    func parcel(of item: OrderItem, in order: Order, _ bot: Bot, today: Date) -> Reply {
        let shipments = order.shipments(carrying: item.sku)
        guard let s = shipments.first else {
            let state = order.isCancellable ? "hasn't left us yet; it's packed with the rest of order #\(order.id)" : "isn't in a parcel with tracking yet"
            return Reply(kind: .answer, text: "The \(item.name) \(state).", quickReplies: order.isCancellable ? ["Cancel my order"] : [],
                         intent: IntentID.trackOrder.rawValue)
        }
        let index = order.shipments.firstIndex(of: s).map { $0 + 1 } ?? 1
        let which = order.shipments.count > 1 ? "parcel \(index) of \(order.shipments.count)" : "your parcel"
        var text = "The \(item.name) is in \(which), with \(s.carrier)"
        if let delivered = s.delivered {
            text += ". It was delivered on \(bot.wording.day(delivered))."
        } else if s.isLate(today: today, timeZone: bot.profile.timeZone), let eta = s.eta {
            text += ". It's running late: it was due on \(bot.wording.day(eta)), and I'm sorry about that. Carriers usually catch up within two working days; if it still hasn't come by then, we'll send a replacement or a refund."
        } else if let eta = s.eta {
            text += ", and it's expected on \(bot.wording.day(eta))."
        } else {
            text += "."
        }
        if let last = s.latestEvent { text += " Latest: \(bot.wording.moment(last.time)) \(last.description)." }
        let link = bot.profile.carriers.first { $0.name.caseInsensitiveCompare(s.carrier) == .orderedSame }?.link(for: s.trackingNumber)
        text += "\nTracking number \(s.trackingNumber)" + (link.map { ": \($0)" } ?? ".")
        return Reply(kind: .answer, text: text, quickReplies: s.delivered != nil ? ["It says delivered but I don't have it"] : [],
                     intent: IntentID.trackOrder.rawValue)
    }

    /// The whole order: its state and every parcel.
    static func track(_ order: Order, _ bot: Bot, today: Date) -> Reply {
        var text = bot.wording.status(of: order)
        let parcels = bot.wording.parcels(of: order, today: today)
        if !parcels.isEmpty { text += "\n" + parcels.joined(separator: "\n") }
        let delivered = order.shipments.contains { $0.delivered != nil }
        let late = order.shipments.contains { $0.delivered == nil && $0.isLate(today: today, timeZone: bot.profile.timeZone) }
        var quick: [String] = []
        if delivered { quick.append("It says delivered but I don't have it") }
        if late { quick.append("Talk to a person") }
        if order.isCancellable { quick.append("Cancel my order") }
        return Reply(kind: .answer, text: text, quickReplies: quick, intent: IntentID.trackOrder.rawValue)
    }
}
