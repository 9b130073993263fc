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
        let cancelPart = Self.withoutWhatStays(request)
        var named = bot.products.items(in: cancelPart, of: order)
        // "cancel everything but the mug": the items named after the exception stay, the rest go.
        if let kept = Self.exception(in: request).map({ bot.products.items(in: $0, of: order) }), !kept.isEmpty {
            named = order.items.filter { item in !kept.contains { $0.sku == item.sku } }
        }
        guard order.isCancellable else {
            c.endFlow()
            // "can I cancel just the lamp?": where the items named are, and what can be done instead.
            if !named.isEmpty, named.count < order.items.count { return Outcome(Self.itemsLeft(named, order, bot, today: now)) }
            return Outcome(Self.alreadyShipped(order, doing: "cancel", bot))
        }
        // "one of the two candles": fewer than the order has of an item is a part too.
        let said = named.count == 1 ? bot.products.quantity(in: cancelPart) : nil
        let part = named.count == 1 ? Quantity.part(said, of: named[0].quantity) : nil
        if !named.isEmpty, named.count < order.items.count || part != nil {
            // Part of an order: the team does it, once the shopper says yes; nothing else is cancelled.
            let count = named.count == 1 ? Quantity.named(said, of: named[0].quantity) : nil
            let names = ShopProfile.naturalList(named.map { Quantity.phrase($0.name, count: count, of: $0.quantity) })
            c.facts.item = named.count == 1 ? named[0].sku : nil
            c.facts.quantity = count
            c.flow = ActiveFlow(intent: IntentID.changeOrder.rawValue, awaiting: .confirmation, request: "cancel \(names) only")
            return Outcome(Reply(kind: .prompt, text: "I can't cancel part of an order myself, but I can ask our team to cancel the \(names) only; the rest of order #\(order.id) stays as it is. Shall I?",
                                 quickReplies: ["Yes please", "No, leave it"]))
        }
        if named.isEmpty, order.items.count > 1 || order.items.first.map({ $0.quantity > 1 }) == true,
           Self.someItems.occurs(in: TextNormalizer.words(in: cancelPart)) {
            // "can I cancel one item?": which one, before anything is cancelled.
            c.await(.item)
            return Outcome(Reply(kind: .prompt, text: "Which item on order #\(order.id) would you like to cancel?", quickReplies: order.items.map(\.name)))
        }
        c.await(.confirmation)
        let items = ShopProfile.naturalList(order.items.map(\.name))
        return Outcome(Reply(kind: .prompt, text: "Just to check before I go ahead: cancel order #\(order.id) (\(items))? Once it's cancelled it can't be undone.",
                             quickReplies: ["Yes, cancel it", "No, keep it"]))
    }

    /// `text` up to what the shopper keeps ("cancel just the pyjamas and keep the jars" → "cancel
    /// just the pyjamas"), or `text` itself.
    static func withoutWhatStays(_ text: String) -> String {
        let lower = text.lowercased()
        return [" and keep ", " but keep ", ", keep ", " keep ", " but not "].lazy.compactMap { lower.byteRange(of: $0) }.first
            .map { String(lower[..<$0.lowerBound]) } ?? text
    }

    /// What follows an exception ("everything but the mug", "all except the candles", "apart from
    /// the jars"): the items that stay; nil without one.
    static func exception(in text: String) -> String? {
        let lower = " " + text.lowercased()
        for phrase in [" everything but ", " all but ", " everything except ", " all except ", " except for ", " except ",
                       " apart from ", " other than ", " everything bar "] {
            if let r = lower.byteRange(of: phrase) { return String(lower[r.upperBound...]) }
        }
        return nil
    }

    /// Words that ask to cancel part of an order without naming the part.
    static let someItems = PhraseSet(["one item", "an item", "one thing", "one of the items", "one of the things", "some items",
                                      "some of the items", "some of it", "some of my order", "part of", "a few items", "a few things",
                                      "certain items", "a couple of items", "just one", "only one", "single item", "something from",
                                      "one product", "an item from", "items from"])

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        if c.awaiting == .item {
            // Which item, after "can I cancel one item?"; the order's name for it, or its own words.
            let named = bot.products.items(in: message.text, of: order)
            guard let item = named.first ?? order.items.first(where: { $0.name.sameIgnoringCase(message.text) }) else { return nil }
            return start(order, request: named.isEmpty ? item.name : message.text, in: &c, bot, at: now)
        }
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

    /// Items named for cancelling that have left us: where each is, and what can be done instead.
    static func itemsLeft(_ items: [OrderItem], _ order: Order, _ bot: Bot, today: Date) -> Reply {
        let days = bot.profile.returnWindowDays
        let lines = items.map { item -> String in
            guard let parcel = order.shipments(carrying: item.sku).first else {
                return "The \(item.name) is being sent with the rest of order #\(order.id), which has left us."
            }
            if let delivered = parcel.delivered {
                return "The \(item.name) was delivered on \(bot.wording.day(delivered)), so it can't be cancelled, but you can return it within \(days) days of delivery, free of charge."
            }
            let due = parcel.eta.map { ", expected \(bot.wording.day($0))" } ?? ""
            return "The \(item.name) has already left us (it's with \(parcel.carrier)\(due)), so I can't cancel it now. When it arrives you can refuse the parcel, or return it within \(days) days of delivery, free of charge."
        }
        return Reply(kind: .answer, text: lines.joined(separator: "\n"), quickReplies: ["Start a return", "Talk to a person"], intent: IntentID.cancelOrder.rawValue)
    }

    /// "i don't want the socks any more, can you take them off?" after an answer about the order:
    /// cancelling part of the order under discussion, however it is worded; nil when the message
    /// names none of its items or asks something else.
    static func partRequest(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard message.mentions(partWords), !message.mentions(ReturnFlow.returnWords), !message.mentions(ReturnFlow.sendingBack) else { return nil }
        if let other = message.confidentIntent(0.6), IntentID.orderRelatedIntents.contains(other),
           ![IntentID.cancelOrder.rawValue, IntentID.changeOrder.rawValue, IntentID.trackOrder.rawValue].contains(other) { return nil }
        let named = bot.products.items(in: message.text, of: order)
        guard !named.isEmpty else { return nil }
        if !order.isCancellable, order.shipments.contains(where: { $0.delivered != nil }), message.mentions(unwanted),
           named.allSatisfy({ item in order.shipments(carrying: item.sku).contains { $0.delivered != nil } }) {
            // Delivered already: "I don't want the lamp" is a return.
            c.flow = ActiveFlow(intent: IntentID.returnItem.rawValue, request: message.text)
            return ReturnFlow().start(order, request: message.text, in: &c, bot, at: now).acting(on: IntentID.returnItem.rawValue, confidence: message.classification.confidence)
        }
        c.flow = ActiveFlow(intent: IntentID.cancelOrder.rawValue, request: message.text)
        return CancelFlow().start(order, request: message.text, in: &c, bot, at: now).acting(on: IntentID.cancelOrder.rawValue, confidence: message.classification.confidence)
    }

    /// Words that say an item isn't wanted any more (rather than asking to take it off).
    static let unwanted = PhraseSet(["dont want", "don't want", "do not want", "no longer want", "dont need", "don't need", "do not need"])

    /// Asking what's left after a cancellation was refused: "what can I do then?"
    static let whatNow = PhraseSet(["what can i do", "what now", "then what", "what are my options", "anything i can do", "what do i do",
                                    "so what do i do"])
    /// Words that ask to take part of an order off.
    static let partWords = PhraseSet(["cancel", "remove", "take off", "take out", "take it off", "take them off", "take that off", "drop",
                                      "dont want", "don't want", "do not want", "no longer want", "dont need", "don't need", "do not need",
                                      "get rid of", "leave out", "leave off", "delete"])

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
