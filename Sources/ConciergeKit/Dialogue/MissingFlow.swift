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
        if let item = bot.products.item(in: request, of: order), order.items.count > 1 {
            // One item missing from a delivered parcel: a case for that item, with their words.
            c.facts.item = item.sku
            c.facts.whatHappened = request
            c.endFlow()
            return Outcome(effects: [bot.request(.missing, order: order, skus: [item.sku], reason: request,
                                                 details: ["item": item.name, "what_happened": request], at: now)])
        }
        c.await(.account)
        return Outcome(Reply(kind: .prompt, text: "I'm sorry, that's worrying. The carrier marked order #\(order.id) as delivered on \(bot.wording.day(delivered)). Have you been able to check with neighbours or any safe place? Tell me anything that helps (what's missing, where you looked) and I'll open a case so nobody has to ask you again."))
    }

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard c.awaiting == .account, bot.isAccount(message) else { return nil }
        c.facts.whatHappened = message.text
        c.endFlow()
        return Outcome(effects: [bot.request(.missing, order: order, skus: order.items.map(\.sku), reason: message.text, details: ["what_happened": message.text], at: now)])
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        if let item = request.details["item"] {
            return Outcome([Reply(kind: .answer, text: "I'm sorry the \(item) wasn't in your parcel. I've opened case \(request.id) for it with what you told me; we'll check how order #\(order.id) was packed and send the missing item or refund it, and e-mail you within one working day.",
                                  intent: IntentID.missingPackage.rawValue)],
                           handOff: (.needsPerson, 2))
        }
        return Outcome([Reply(kind: .answer, text: "Thank you, I've opened case \(request.id) for order #\(order.id) with the carrier's delivery record and what you told me. We'll ask the carrier to investigate and e-mail you within one working day; if the parcel can't be found, we'll send a replacement or a refund.",
                       intent: IntentID.missingPackage.rawValue)],
                handOff: (.needsPerson, 2))
    }
}
