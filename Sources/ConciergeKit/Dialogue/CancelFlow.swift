import Foundation

/// "Cancel my order": before dispatch, confirmed with the shopper first (it can't be undone), then
/// recorded for the team; after dispatch, the way to a return instead.
struct CancelFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        if order.status == .cancelled || order.status == .refunded || order.status == .returned {
            // Nothing left to cancel: what happened, and where the money is.
            c.flow = ActiveFlow(intent: IntentID.trackRefund.rawValue, request: request)
            let refunds = RefundFlow(status: true).start(order, request: request, in: &c, bot, at: now)
            let said = refunds.replies.first?.text.hasPrefix(bot.wording.status(of: order)) ?? false
            return said ? refunds : Outcome(Reply(kind: .answer, text: bot.wording.status(of: order), intent: IntentID.cancelOrder.rawValue)) + refunds
        }
        guard order.isCancellable else {
            c.endFlow()
            return Outcome(Self.alreadyShipped(order, doing: "cancel", bot))
        }
        // "cancel just the pyjamas and keep the jars": what comes after "keep" stays.
        let lower = request.lowercased()
        let cancelPart = [" and keep ", " keep ", " but not "].compactMap { lower.byteRange(of: $0) }.first.map { String(lower[..<$0.lowerBound]) } ?? request
        let named = bot.products.items(in: cancelPart, of: order)
        if !named.isEmpty, named.count < order.items.count {
            // Part of an order: the team does it, once the shopper says yes; nothing else is cancelled.
            let names = ShopProfile.naturalList(named.map(\.name))
            c.flow = ActiveFlow(intent: IntentID.changeOrder.rawValue, awaiting: .confirmation, request: "cancel \(names) only")
            return Outcome(Reply(kind: .prompt, text: "I can't cancel part of an order myself, but I can ask our team to cancel the \(names) only; the rest of order #\(order.id) stays as it is. Shall I?",
                                 quickReplies: ["Yes please", "No, leave it"]))
        }
        c.await(.confirmation)
        let items = ShopProfile.naturalList(order.items.map(\.name))
        return Outcome(Reply(kind: .prompt, text: "Just to check before I go ahead: cancel order #\(order.id) (\(items))? Once it's cancelled it can't be undone.",
                             quickReplies: ["Yes, cancel it", "No, keep it"]))
    }

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        // A question ("wait, is there a fee?") is not an answer, whatever words it holds.
        guard c.awaiting == .confirmation, !(message.classification.analysis.isQuestion && message.classification.intent != nil) else { return nil }
        if let other = message.confidentIntent(0.5), other != IntentID.cancelOrder.rawValue, !IntentID.smallTalk.contains(other),
           bot.yesOrNo(message) != true { return nil }
        let named = bot.products.items(in: message.text, of: order)
        if !named.isEmpty, named.count < order.items.count {
            // "can I just remove the jars instead?": part of the order, for the team.
            return start(order, request: message.text, in: &c, bot, at: now)
        }
        guard let yes = bot.yesOrNo(message) else { return nil }
        c.endFlow()
        guard yes else {
            return Outcome(Reply(kind: .answer, text: "No problem, I haven't cancelled anything: order #\(order.id) stays as it is.",
                                 quickReplies: bot.words.options(.anythingElseOptions), intent: IntentID.cancelOrder.rawValue))
        }
        return Outcome(effects: [bot.request(.cancel, order: order, skus: order.items.map(\.sku), reason: "shopper asked to cancel", details: [:], at: now)])
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        Outcome([Reply(kind: .answer, text: "I've asked our team to cancel order #\(order.id) (request \(request.id)). You'll get an e-mail once it's done, and your payment goes back to the original method; banks usually take \(bot.profile.values["bank_days"] ?? "a few working days") to show it.",
                       intent: IntentID.cancelOrder.rawValue)],
                handOff: (.needsPerson, 2))
    }

    /// The order has left the warehouse: what can be done instead.
    static func alreadyShipped(_ order: Order, doing verb: String, _ bot: Bot) -> Reply {
        if let delivered = order.shipments.compactMap(\.delivered).max(), order.shipments.allSatisfy({ $0.delivered != nil }) {
            return Reply(kind: .answer, text: "Order #\(order.id) was delivered on \(bot.wording.day(delivered)), so I can't \(verb) it now, but you can return anything you don't want within \(bot.profile.returnWindowDays) days of delivery, free of charge.",
                         quickReplies: ["Start a return", "Talk to a person"])
        }
        let shipped = order.shipments.compactMap(\.shipped).min().map { " on \(bot.wording.day($0))" } ?? ""
        return Reply(kind: .answer, text: "Order #\(order.id) has already left us\(shipped), so I can't \(verb) it now. Once it arrives you can return anything you don't want within \(bot.profile.returnWindowDays) days of delivery, free of charge; or you can refuse the parcel when it comes.",
                     quickReplies: ["Where is my order?", "Start a return", "Talk to a person"])
    }

    /// Asking what's left after a cancellation was refused: "what can I do then?"
    static let whatNow = PhraseSet(["what can i do", "what now", "then what", "what are my options", "anything i can do", "what do i do",
                                    "so what do i do"])
    /// Words that ask to take part of an order off.
    static let partWords = PhraseSet(["cancel", "remove", "take off", "take out", "drop", "dont want", "don't want", "no longer want"])

    /// Asking about refusing the parcel instead.
    static let refuse = PhraseSet(["refuse", "reject", "send it back unopened", "return to sender", "not accept"])

    /// Asking why a cancellation was refused.
    static let why = PhraseSet(["why not", "why cant", "why can't", "why"])

    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard !order.isCancellable, order.status != .cancelled else { return nil }
        if message.mentions(Self.why), message.words.count <= 6 {
            return Outcome(Reply(kind: .answer, text: "Once an order has left our warehouse it's with the carrier, and we can't call it back. The quickest way to your money is to return it when it arrives: returns are free within \(bot.profile.returnWindowDays) days of delivery.",
                                 quickReplies: ["Start a return", "Talk to a person"], intent: IntentID.cancelOrder.rawValue))
        }
        if message.mentions(Self.refuse) {
            return Outcome(Reply(kind: .answer, text: "Yes: tell the driver you don't want it, or leave it unopened and mark it \"refused, return to sender\". When it's back with us we refund you in full, usually within \(bot.profile.refundProcessingDays) working days.",
                                 quickReplies: ["Where is my order?", "Talk to a person"], intent: IntentID.cancelOrder.rawValue))
        }
        guard message.mentions(Self.whatNow) else { return nil }
        return Outcome(Reply(kind: .answer, text: "You can refuse the parcel when it's delivered, and it comes back to us; or keep it and return what you don't want within \(bot.profile.returnWindowDays) days of delivery. Either way you're refunded once it reaches us.",
                             quickReplies: ["Start a return", "Talk to a person"], intent: IntentID.cancelOrder.rawValue))
    }
}
