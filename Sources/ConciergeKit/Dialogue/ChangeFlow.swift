import Foundation

/// "Can I change my order?": before dispatch, what to change is recorded for the team, who confirm
/// by e-mail before the order is packed; after, the way to a return instead.
struct ChangeFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        if CancelFlow.partWords.occurs(in: TextNormalizer.words(in: request)), !bot.products.items(in: request, of: order).isEmpty {
            // "please cancel the casseroles but keep the rest": a part cancellation, read back first
            // (or, once the order has left us, where those items are).
            c.flow = ActiveFlow(intent: IntentID.cancelOrder.rawValue, request: request)
            return CancelFlow().start(order, request: request, in: &c, bot, at: now)
        }
        guard order.isCancellable else {
            c.endFlow()
            return Outcome(CancelFlow.alreadyShipped(order, doing: "change", bot))
        }
        if !bot.products.items(in: request, of: order).isEmpty, Self.details.occurs(in: TextNormalizer.words(in: request)) {
            // "change the size of the jumper to a large": what to change is said already.
            c.facts.whatHappened = request
            c.endFlow()
            return Outcome(effects: [bot.request(.change, order: order, skus: bot.products.items(in: request, of: order).map(\.sku), reason: request,
                                                 details: ["change": request], at: now)])
        }
        c.await(.change)
        return Outcome(Reply(kind: .prompt, text: "Order #\(order.id) hasn't left us yet, so it can still be changed. What would you like to change (item, size, colour or quantity)?"))
    }

    /// Words that say what a change is, not only that one is wanted.
    static let details = PhraseSet(["size", "colour", "color", "small", "medium", "large", "xl", "bigger", "smaller", "instead", "swap",
                                    "quantity", "another", "extra", "add", "more", "less", "fewer", "to a", "for a", "to the", "for the"])

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        if c.awaiting == .confirmation, let change = c.flow?.request {
            // A change read back ("cancel the socks only"): recorded on a yes, dropped on a no.
            guard let yes = bot.yesOrNo(message) else { return nil }
            c.endFlow()
            guard yes else {
                return Outcome(Reply(kind: .answer, text: "No problem, I haven't asked for anything: order #\(order.id) stays as it is.",
                                     quickReplies: bot.words.options(.anythingElseOptions), intent: IntentID.changeOrder.rawValue))
            }
            // The items the change names, and how many of one when fewer than the order has.
            let skus = c.facts.item.map { [$0] } ?? bot.products.items(in: change, of: order).map(\.sku)
            var details = ["change": change]
            if let quantity = c.facts.quantity { details["quantity"] = String(quantity) }
            c.facts.quantity = nil
            return Outcome(effects: [bot.request(.change, order: order, skus: skus, reason: change, details: details, at: now)])
        }
        // A change says what to change: not a bare yes or no, not another question ("no, I just want to know where it is").
        guard c.awaiting == .change, bot.yesOrNo(message) == nil || message.words.count > 3, !message.words.starts(with: ["no"]),
              bot.isAccount(message) || message.classification.intent == IntentID.changeOrder.rawValue else { return nil }
        c.facts.whatHappened = message.text
        c.endFlow()
        return Outcome(effects: [bot.request(.change, order: order, skus: [], reason: message.text, details: ["change": message.text], at: now)])
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        let what = request.details["change"].map { " (\($0))" } ?? ""
        return Outcome([Reply(kind: .answer, text: "Thanks, I've passed that change\(what) to our team as request \(request.id). They'll confirm by e-mail before order #\(order.id) is packed.",
                       intent: IntentID.changeOrder.rawValue)],
                handOff: (.needsPerson, 2))
    }
}
