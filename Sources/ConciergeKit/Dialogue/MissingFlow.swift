import Foundation

/// "It says delivered but I haven't got it" (and "it should have been here days ago"): before
/// delivery, the parcel's state (late, with what happens next); after, what the shopper checked,
/// then a case with the carrier's record for the team.
struct MissingFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        guard let delivered = order.shipments.compactMap(\.delivered).max() else {
            c.endFlow()
            c.topic = IntentID.trackOrder.rawValue
            // A late parcel's answer says it's late and what happens next; an on-time one isn't lost.
            let late = order.shipments.contains { $0.delivered == nil && $0.isLate(today: now, timeZone: bot.profile.timeZone) }
            let track = OrderStatusFlow.track(order, bot, today: now)
            if late { return Outcome(track) }
            return Outcome([track, Reply(kind: .answer, text: "It hasn't been marked as delivered yet, so it isn't lost. If it doesn't arrive by the expected day, tell me and we'll chase it.",
                                         intent: IntentID.trackOrder.rawValue)])
        }
        let asked = Cue.isQuestion(text: request, words: TextNormalizer.words(in: request))
        if let item = bot.products.item(in: request, of: order), asked {
            // "did the casserole arrive?": where it is, not a case.
            c.endFlow()
            c.topic = IntentID.trackOrder.rawValue
            return Outcome(OrderStatusFlow().parcel(of: item, in: order, bot, today: now))
        }
        let words = TextNormalizer.words(in: request)
        let received = Self.received(words)
        if let item = bot.products.item(in: request, of: order) ?? (received != nil && order.items.count == 1 ? order.items.first : nil),
           order.items.count > 1 || received != nil {
            // One item missing from a delivered parcel ("only 1 of the 2 candles came"): a case for
            // that item and how many are missing, with their words.
            c.facts.item = item.sku
            c.facts.whatHappened = request
            c.endFlow()
            var details = ["item": item.name, "what_happened": request]
            if let received, received < item.quantity { details["quantity"] = String(item.quantity - received) }
            return Outcome(effects: [bot.request(.missing, order: order, skus: [item.sku], reason: request, details: details, at: now)])
        }
        c.await(.account)
        return Outcome(Reply(kind: .prompt, text: "I'm sorry, that's worrying. The carrier marked order #\(order.id) as delivered on \(bot.wording.day(delivered)). Have you been able to check with neighbours or any safe place? Tell me anything that helps (what's missing, where you looked) and I'll open a case so nobody has to ask you again."))
    }

    /// How many came, when the message says only some did ("only 1 came", "I only got one of them").
    static func received(_ words: [String]) -> Int? {
        guard let only = words.firstIndex(of: "only"), only + 1 < words.count else { return nil }
        for k in (only + 1)..<min(words.count, only + 4) {
            if let n = Quantity.count(words[k]), words[(k + 1)...].contains(where: arrivedWords.contains) || words[(only + 1)..<k].contains(where: arrivedWords.contains) {
                return n
            }
        }
        return nil
    }

    /// Words that say something came.
    static let arrivedWords: Set<String> = ["came", "arrived", "turned", "received", "got", "delivered", "in", "there", "showed"]

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard c.awaiting == .account, bot.isAccount(message) else { return nil }
        c.facts.whatHappened = message.text
        c.endFlow()
        return Outcome(effects: [bot.request(.missing, order: order, skus: order.items.map(\.sku), reason: message.text, details: ["what_happened": message.text], at: now)])
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        if let item = request.details["item"] {
            // "1 of the 2 × Beeswax pillar candle, honey wasn't", when only some were missing.
            let ordered = request.skus.first.flatMap { order.item(sku: $0)?.quantity } ?? 1
            let missing = request.details["quantity"].map { "\($0) of the \(ordered) × \(item) \($0 == "1" ? "wasn't" : "weren't")" } ?? "the \(item) wasn't"
            return Outcome([Reply(kind: .answer, text: "I'm sorry \(missing) in your parcel. I've opened case \(request.id) for it with what you told me; we'll check how order #\(order.id) was packed and send the missing item or refund it, and e-mail you within one working day.",
                                  intent: IntentID.missingPackage.rawValue)],
                           handOff: (.needsPerson, 2))
        }
        return Outcome([Reply(kind: .answer, text: "Thank you, I've opened case \(request.id) for order #\(order.id) with the carrier's delivery record and what you told me. We'll ask the carrier to investigate and e-mail you within one working day; if the parcel can't be found, we'll send a replacement or a refund.",
                       intent: IntentID.missingPackage.rawValue)],
                handOff: (.needsPerson, 2))
    }
}
