import Foundation

/// "Can I return this?": where each item stands against the return policy, then which item and
/// why, then a booked return with its reference and what to do next.
struct ReturnFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        if Self.money.occurs(in: TextNormalizer.words(in: request)), !order.refunds.isEmpty || !order.returns.isEmpty {
            // "I returned it ages ago, still no money": where the refund is, not what can go back.
            c.flow = ActiveFlow(intent: IntentID.trackRefund.rawValue, request: request)
            return RefundFlow(status: true).start(order, request: request, in: &c, bot, at: now)
        }
        let verdicts = ReturnEligibility.evaluate(order, profile: bot.profile, today: now)
        // The item the shopper named, if this order has it; a product it doesn't have is said so.
        var intro: [Reply] = []
        let named = bot.products.items(in: request, of: order)
        if named.count > 1, c.facts.item == nil || !named.contains(where: { $0.sku == c.facts.item }) {
            return whereEachStands(named, order, verdicts, in: &c, bot)
        }
        if named.isEmpty, let other = bot.otherVerifiedOrder(naming: request, besides: order, c) {
            // "the socks" after the items of two orders were listed: the order that has them.
            c.facts.orderNumber = other.id
            return start(other, request: request, in: &c, bot, at: now)
        }
        if let named = named.first {
            c.facts.item = named.sku
            // "one of the two candles": how many go back, when fewer than the order has.
            c.facts.quantity = Quantity.named(bot.products.quantity(in: request), of: named.quantity)
        } else if let other = bot.products.missing(in: request, from: order) {
            c.facts.item = nil
            let names = ShopProfile.naturalList(order.items.map(\.name))
            intro.append(Reply(kind: .answer, text: "Order #\(order.id) has no \(other): its items are \(names).", intent: IntentID.returnItem.rawValue))
        }
        if let sku = c.facts.item, let entry = verdicts.first(where: { $0.item.sku == sku }) {
            guard case .eligible = entry.verdict else {
                c.endFlow()
                return Outcome(intro + [notReturnable(entry.item, entry.verdict, order, bot)])
            }
            // "I want to return the trousers, they're too small": the reason is given already.
            if c.facts.reason == nil, Self.reasonWords.occurs(in: TextNormalizer.words(in: request)) {
                c.facts.reason = request
                return Outcome(intro) + book(order, in: &c, bot, at: now)
            }
            return Outcome(intro + askReason(entry.item, in: &c, bot))
        }
        return Outcome(intro) + options(order, verdicts: verdicts, in: &c, bot)
    }

    /// Every item's verdict, and the question of which one (or why, when only one can go back).
    private func options(_ order: Order, verdicts: [(item: OrderItem, verdict: ReturnVerdict)], in c: inout Conversation, _ bot: Bot) -> Outcome {
        let eligible = verdicts.filter(\.verdict.isEligible)
        let head = "Here's where the items on order #\(order.id) stand:"
        let lines = verdicts.map { "• " + bot.wording.verdict($0.verdict, item: $0.item) }.joined(separator: "\n")
        // With the items as a card, what follows the list is said beside it (the card names the order).
        let cards = [Card.items(ItemsCard(order, verdicts: verdicts, calendar: bot.wording.calendar))]
        guard !eligible.isEmpty else {
            c.endFlow()
            let tail = "None of them can be returned right now. If something arrived faulty, tell me and we'll put it right."
            return Outcome(Reply(kind: .answer, text: "\(head)\n\(lines)\n\(tail)",
                                 quickReplies: ["It arrived damaged", "Talk to a person"], intent: IntentID.returnItem.rawValue, cards: cards, lead: tail))
        }
        if c.facts.queuedOrders?.isEmpty == false {
            // Several orders asked about: each one's items, and the question once they are all shown.
            c.endFlow()
            return Outcome(Reply(kind: .answer, text: "\(head)\n\(lines)", intent: IntentID.returnItem.rawValue, cards: cards, lead: head))
        }
        if eligible.count == 1 {
            return Outcome([Reply(kind: .answer, text: "\(head)\n\(lines)", intent: IntentID.returnItem.rawValue, cards: cards, lead: head)]
                + askReason(eligible[0].item, in: &c, bot))
        }
        c.await(.item)
        let tail = "Which item would you like to return?"
        return Outcome(Reply(kind: .prompt, text: "\(head)\n\(lines)\n\(tail)",
                             quickReplies: eligible.map(\.item.name), intent: IntentID.returnItem.rawValue, cards: cards, lead: tail))
    }

    private func askReason(_ item: OrderItem, in c: inout Conversation, _ bot: Bot) -> [Reply] {
        if c.facts.item != item.sku { c.facts.quantity = nil }
        c.facts.item = item.sku
        c.await(.reason)
        let name = Quantity.phrase(item.name, count: c.facts.quantity, of: item.quantity)
        return [Reply(kind: .prompt, text: "And why is the \(name) going back?", quickReplies: bot.words.options(.returnReasons))]
    }

    /// "the earrings and the pyjamas": where each stands, then the reason for the first that can go back.
    private func whereEachStands(_ named: [OrderItem], _ order: Order, _ verdicts: [(item: OrderItem, verdict: ReturnVerdict)],
                                 in c: inout Conversation, _ bot: Bot) -> Outcome {
        let eligible = Self.eligible(verdicts)
        let standing = several(named, order, verdicts, bot)
        guard let first = named.first(where: { item in eligible.contains { $0.sku == item.sku } }) else {
            c.endFlow()
            return Outcome(standing)
        }
        return Outcome([standing] + askReason(first, in: &c, bot))
    }

    /// The items that can go back now.
    private static func eligible(_ verdicts: [(item: OrderItem, verdict: ReturnVerdict)]) -> [OrderItem] {
        verdicts.filter(\.verdict.isEligible).map(\.item)
    }

    /// The items the flow's request named that can go back, when it named several ("the doormat and the casserole").
    private func together(_ order: Order, _ c: Conversation, _ bot: Bot, today: Date) -> [OrderItem] {
        guard let request = c.flow?.request else { return [] }
        let eligible = Self.eligible(ReturnEligibility.evaluate(order, profile: bot.profile, today: today))
        let named = bot.products.items(in: request, of: order)
        // "both candles" is every one of an item, not every item.
        if Self.everything.occurs(in: TextNormalizer.words(in: request)), named.count != 1 { return eligible }
        return named.count > 1 ? named.filter { item in eligible.contains { $0.sku == item.sku } } : []
    }

    /// Asking to return everything ("all of it").
    static let everything = PhraseSet(["all of it", "all of them", "everything", "the lot", "whole order", "both", "all items", "all the items"])

    /// Questions about how returns work, asked in the middle of one.
    static let policy = PhraseSet(["how many days", "how long do i have", "how long have i got", "what address", "where do i send",
                                   "where do i post", "how do returns work", "when is the deadline"])

    /// How returns work, in two sentences.
    static func policyAnswer(_ bot: Bot) -> String {
        "You have \(bot.profile.returnWindowDays) days from delivery, and returns are free: once it's booked you get a prepaid label\(bot.profile.values["returns_portal"].map { " at \($0)" } ?? ""), so there's no address to write."
    }

    /// Asking what a return costs.
    static let cost = PhraseSet(["free", "pay for", "cost", "costs", "postage", "charge", "charged", "fee"])

    private func notReturnable(_ item: OrderItem, _ verdict: ReturnVerdict, _ order: Order, _ bot: Bot) -> Reply {
        let line = bot.wording.verdict(verdict, item: item)
        var quick = ["Talk to a person"]
        if case .notDeliveredYet = verdict { quick = ["Where is my order?"] }
        if case .windowPassed = verdict { quick = ["It arrived faulty", "Talk to a person"] }
        return Reply(kind: .answer, text: "From order #\(order.id): \(line).", quickReplies: quick, intent: IntentID.returnItem.rawValue)
    }

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        if c.awaiting == .item, message.mentions(Self.policy), message.classification.analysis.isQuestion {
            return Outcome(Reply(kind: .prompt, text: Self.policyAnswer(bot) + " Which item would you like to return?", quickReplies: c.choices.map(\.label)))
        }
        if c.awaiting == .item || c.awaiting == .reason, message.mentions(Self.cost), message.classification.analysis.isQuestion {
            // "is the return free?" mid-flow: yes, then the same question again.
            let again = c.awaiting == .item ? "Which item would you like to return?" : "Why is it going back?"
            return Outcome(Reply(kind: .prompt, text: "Returns are free: the label is prepaid, and you have \(bot.profile.returnWindowDays) days from delivery. \(again)",
                                 quickReplies: c.awaiting == .item ? c.choices.map(\.label) : bot.words.options(.returnReasons)))
        }
        switch c.awaiting {
        case .item:
            if message.mentions(Self.everything), bot.products.items(in: message.text, of: order).count != 1,
               let first = together(order, c, bot, today: now).first ?? Self.eligible(ReturnEligibility.evaluate(order, profile: bot.profile, today: now)).first {
                // "all of it": every item that can go back, for one reason.
                c.flow?.request = "all of it"
                return Outcome(askReason(first, in: &c, bot))
            }
            let named = bot.products.items(in: message.text, of: order)
            if named.count > 1 {
                return whereEachStands(named, order, ReturnEligibility.evaluate(order, profile: bot.profile, today: now), in: &c, bot)
            }
            guard let item = named.first ?? order.items.first(where: { $0.name.sameIgnoringCase(message.text) }) else {
                guard let other = bot.otherVerifiedOrder(naming: message.text, besides: order, c) else { return nil }
                c.facts.orderNumber = other.id
                return start(other, request: message.text, in: &c, bot, at: now)
            }
            c.facts.item = item.sku
            return start(order, request: message.text, in: &c, bot, at: now)
        case .reason:
            let meant = bot.products.itemsMeant(in: message.text, of: order)
            if let other = meant.first, other.sku != c.facts.item,
               message.confidentIntent() == nil || message.classification.intent == IntentID.returnItem.rawValue {
                // "sorry, I meant the jumper not the throw": the return goes on with the other item.
                c.facts.item = other.sku
                return start(order, request: other.name, in: &c, bot, at: now)
            }
            if !meant.isEmpty, !Self.reasonWords.occurs(in: message.words), !DamagedFlow.mentionsDamage(message.words),
               message.words.count <= 5, let item = c.facts.item.flatMap(order.item(sku:)) {
                // Naming the item again is no reason for sending it back.
                return Outcome(Reply(kind: .prompt, text: "Got it, the \(item.name). Why is it going back? Pick one below or tell me in a few words.",
                                     quickReplies: bot.words.options(.returnReasons)))
            }
            if message.mentions(Self.policy), message.classification.analysis.isQuestion {
                return Outcome(Reply(kind: .prompt, text: Self.policyAnswer(bot) + " Why is it going back?", quickReplies: bot.words.options(.returnReasons)))
            }
            if message.mentions(Self.howTo), let sku = c.facts.item, let item = order.item(sku: sku) {
                // "how do I send it back?" while asked why: how it works, then the question again.
                let portal = bot.profile.values["returns_portal"].map { " from \($0)" } ?? ""
                return Outcome(Reply(kind: .prompt, text: "Once I've booked the return you get a reference and a free label\(portal): pack the item, stick the label on, and drop it off within 14 days. To book it, why is the \(item.name) going back?",
                                     quickReplies: bot.words.options(.returnReasons)))
            }
            let offered = bot.words.options(.returnReasons).first { $0.sameIgnoringCase(message.text) }
            // A reason, not a new return ("I want to return the cardigan") or another product.
            let another = bot.products.item(in: message.text, of: order).map { $0.sku != c.facts.item } ?? !bot.products.named(in: message.text).isEmpty
            // A bare yes or no answers nothing that was asked.
            let bare = bot.yesOrNo(message) != nil && message.words.count <= 2
            guard offered != nil || (bot.isAccount(message) && message.confidentIntent(0.45) != IntentID.returnItem.rawValue && !another && !bare) else { return nil }
            c.facts.reason = offered ?? message.text
            if let item = c.facts.item.flatMap(order.item(sku:)), let count = Quantity.named(bot.products.quantity(in: message.text), of: item.quantity) {
                // "only one of them, it's chipped": how many, said with the reason.
                c.facts.quantity = count
            }
            return book(order, in: &c, bot, at: now)
        default:
            return nil
        }
    }

    private func book(_ order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        guard let sku = c.facts.item, let item = order.item(sku: sku) else {
            c.await(.item)
            return Outcome(Reply(kind: .prompt, text: "Which item would you like to return?", quickReplies: order.items.map(\.name)))
        }
        let items = together(order, c, bot, today: now)
        c.endFlow()
        if items.count > 1, items.contains(where: { $0.sku == sku }) {
            // Several named together go back together, for the one reason given.
            let names = ShopProfile.naturalList(items.map(\.name))
            return Outcome(effects: [bot.request(.returnItem, order: order, skus: items.map(\.sku), reason: c.facts.reason ?? "not given", details: ["item": names], at: now)])
        }
        var details = ["item": item.name]
        if let quantity = c.facts.quantity { details["quantity"] = String(min(quantity, item.quantity)) }
        return Outcome(effects: [bot.request(.returnItem, order: order, skus: [sku], reason: c.facts.reason ?? "not given", details: details, at: now)])
    }

    /// Every item the message names, with where each stands ("the earrings and the briefs").
    private func several(_ items: [OrderItem], _ order: Order, _ verdicts: [(item: OrderItem, verdict: ReturnVerdict)], _ bot: Bot) -> Reply {
        let named = items.compactMap { item in verdicts.first { $0.item.sku == item.sku } }
        let lines = named.map { "• " + bot.wording.verdict($0.verdict, item: $0.item) }
        let lead = "From order #\(order.id):"
        return Reply(kind: .answer, text: lead + "\n" + lines.joined(separator: "\n"), intent: IntentID.returnItem.rawValue,
                     cards: [.items(ItemsCard(order, verdicts: named, calendar: bot.wording.calendar))], lead: lead)
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        let ordered = request.skus.count == 1 ? order.item(sku: request.skus[0])?.quantity ?? 1 : 1
        let name = Quantity.phrase(request.details["item"] ?? "item", count: request.details["quantity"].flatMap { Int($0) }, of: ordered)
        let portal = bot.profile.values["returns_portal"].map { " at \($0)" } ?? ""
        c.facts.item = nil
        c.facts.quantity = nil
        c.facts.reason = nil
        return Outcome(Reply(kind: .answer, text: "Your return is booked: \(request.id) for the \(name) from order #\(order.id). Next steps: pack it securely, print the free label\(portal) using \(request.id), and drop it off within 14 days. We refund within \(bot.profile.refundProcessingDays) working days of it reaching us, and banks take \(bot.profile.values["bank_days"] ?? "a few working days") more.",
                             quickReplies: bot.words.options(.anythingElseOptions), intent: IntentID.returnItem.rawValue))
    }

    /// Words that ask for a return by name ("send back", "return").
    static let returnWords = PhraseSet(["return", "returning", "send back", "send it back", "send them back", "exchange", "refund"])

    /// Asking how a return works, while being asked why.
    static let howTo = PhraseSet(["how do i", "how to", "how can i", "how does it work", "what do i do", "where do i send", "how do you"])

    /// What says the shopper doesn't want a return after all ("no I don't want to return anything").
    static let noReturn = PhraseSet(["dont want to return", "don't want to return", "do not want to return", "not returning",
                                     "keep it", "keep them", "ill keep", "i'll keep", "not return anything", "dont want a return",
                                     "don't want a return"])

    /// Words that give a reason for a return in the message that asks for one.
    static let reasonWords = PhraseSet(["too small", "too big", "too large", "too tight", "too loose", "too long", "too short",
                                        "doesnt fit", "doesn't fit", "does not fit", "didnt fit", "didn't fit", "wrong size",
                                        "changed my mind", "dont like", "don't like", "not as described", "not what i expected",
                                        "faulty", "broken", "damaged", "wrong colour", "wrong color", "ordered two", "ordered twice",
                                        "dont need", "don't need", "no longer need", "poor quality", "cheaper elsewhere",
                                        "not fit", "not suit", "not go with", "does not go", "do not go", "not for me", "not right",
                                        "smell", "smells", "scratched", "stained", "ugly", "looks cheap", "feels cheap", "itchy",
                                        "uncomfortable", "disappointed", "not happy with", "wrong item", "wrong one", "arrived late",
                                        "came late", "too late", "duplicate", "unwanted", "unwanted gift", "because", "cos", "coz"])

    /// Words that object to a refusal: "why not? it's only a day over".
    static let objections = PhraseSet(["why not", "why", "but", "only", "just", "a day", "one day", "couple of days", "few days",
                                       "what can i do", "what now", "then what", "what are my options", "anything i can do",
                                          "exception", "not fair", "unfair", "come on", "please"])

    /// Questions about sending back a return that is booked.
    static let sendingBack = PhraseSet(["label", "print", "drop off", "drop it", "post office", "courier", "collect", "pick up",
                                        "how do i send", "where do i send", "packaging", "box", "how long do i have"])
    /// What a refund question looks like after a return answer.
    static let money = PhraseSet(["money", "refund", "refunded", "paid back", "get paid"])

    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        let booked = c.facts.requests.last { $0.hasPrefix(ShopRequest.Kind.returnItem.idPrefix + "-") }
        if let booked, message.mentions(Self.sendingBack) {
            // Help with the return just booked, not a second one.
            let portal = bot.profile.values["returns_portal"] ?? "our returns page"
            return Outcome(Reply(kind: .answer, text: "For return \(booked): print the free label at \(portal) using \(booked) (no printer? the page gives you a QR code the drop-off point scans instead). Pack the item securely in any box or bag, stick the label on, and drop it off at a Parcelwise or Northline Post point within 14 days.",
                                 intent: IntentID.returnItem.rawValue))
        }
        if message.mentions(Self.cost), message.classification.analysis.isQuestion, !message.mentions(Self.money) {
            // "do I have to pay for the postage?": no.
            return Outcome(Reply(kind: .answer, text: "No: returns are free. " + Self.policyAnswer(bot), intent: IntentID.returnItem.rawValue))
        }
        if message.mentions(Self.money), message.confidentIntent() == nil || message.classification.intent == IntentID.trackRefund.rawValue
            || message.classification.intent == IntentID.getRefund.rawValue {
            // "when will I get the money?" after a return answer: the refund's status.
            c.flow = ActiveFlow(intent: IntentID.trackRefund.rawValue, request: message.text)
            return RefundFlow(status: true).start(order, request: message.text, in: &c, bot, at: now)
        }
        // "but it's got a hole in the sleeve": a faulty item goes the damaged-item way, whatever its return verdict.
        if let sku = c.facts.item, let item = order.item(sku: sku), DamagedFlow.mentionsDamage(message.words), !message.classification.analysis.isQuestion {
            c.flow = ActiveFlow(intent: IntentID.damagedItem.rawValue, request: item.name + ": " + message.text)
            c.facts.whatHappened = nil
            return DamagedFlow().start(order, request: item.name + ": " + message.text, in: &c, bot, at: now)
        }
        // "what about the fudge?": the same question for the item named.
        let asked = message.confidentIntent() == nil || message.classification.intent == IntentID.returnItem.rawValue
        if asked, let item = bot.products.item(in: message.text, of: order) {
            c.facts.item = item.sku
            c.flow = ActiveFlow(intent: IntentID.returnItem.rawValue, request: message.text)
            return start(order, request: message.text, in: &c, bot, at: now).acting(on: IntentID.returnItem.rawValue, confidence: message.classification.confidence)
        }
        // An objection to a refusal: the policy holds, and the ways it still can be put right.
        guard message.mentions(Self.objections), message.confidentIntent() == nil || message.words.count <= 4 else { return nil }
        let verdicts = ReturnEligibility.evaluate(order, profile: bot.profile, today: now)
        let refused = verdicts.filter { !$0.verdict.isEligible && (c.facts.item == nil || $0.item.sku == c.facts.item) }
        let text: String
        switch refused.first?.verdict {
        case .windowPassed?:
            text = "I understand it's frustrating to miss it by a little. The \(bot.profile.returnWindowDays)-day window is how we keep returns fair for everyone, so I can't book this one myself. If the item is faulty, that's different: tell me what's wrong and we'll put it right. Or a member of our team can take a look."
        case .finalSale?:
            text = "Final-sale items are sold at their lowest price on the understanding that they can't come back, so I can't book a return for it. If it's faulty, that's different: tell me what's wrong and we'll put it right. Or a member of our team can take a look."
        case .nonReturnableCategory(let category)?:
            text = "For hygiene and safety we can't take back \(category) once they've left us, so I can't book a return for it. If it arrived faulty or damaged, tell me what's wrong and we'll put it right."
        case .notDeliveredYet?:
            text = "It hasn't reached you yet, and a return starts from delivery. Once it arrives you'll have \(bot.profile.returnWindowDays) days; if you'd rather not wait, you can refuse the parcel and it comes back to us."
        default:
            return nil
        }
        return Outcome(Reply(kind: .answer, text: text, quickReplies: ["It arrived faulty", "Talk to a person"], intent: IntentID.returnItem.rawValue))
    }
}
