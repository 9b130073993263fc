import Foundation

/// The post-purchase conversations: verifying the shopper, then order status, returns, refunds,
/// cancellations and changes, damaged and missing items, from the shop's order data.
extension Bot {
    /// Intents answered from order data whenever the shop has orders loaded.
    static let orderIntents: Set<String> = [
        "track_order", "cancel_order", "change_order", "return_item", "get_refund", "track_refund",
        "damaged_item", "missing_package",
    ]
    /// Intents answered from order data only when the shopper names an order (otherwise the FAQ answer fits).
    static let orderOptionalIntents: Set<String> = ["delivery_period", "change_shipping_address"]
    /// `orderIntents` and `orderOptionalIntents`, to tell an order question with one look-up.
    static let orderRelatedIntents = orderIntents.union(orderOptionalIntents)

    /// Phrases that leave the current flow.
    static let leavePhrases: Set<String> = [
        "never mind", "nevermind", "forget it", "forget about it", "cancel that", "leave it", "stop", "no thanks",
        "no thank you", "doesn't matter", "does not matter", "not now", "skip it", "nvm", "no",
    ]

    static let returnReasons = ["It doesn't fit", "I changed my mind", "It's faulty or damaged", "It's not as described", "Something else"]

    func wantsOrderFlow(_ intent: String, _ c: Conversation) -> Bool {
        guard orders != nil else { return false }
        if Self.orderIntents.contains(intent) { return true }
        return Self.orderOptionalIntents.contains(intent) && (c.facts.orderNumber != nil || c.facts.customerEmail != nil)
    }

    /// Remembers order numbers, e-mail addresses and postcodes the shopper mentions.
    /// - Returns: whether the message brought a new detail.
    @discardableResult
    func remember(_ entities: Entities, in c: inout Conversation) -> Bool {
        var changed = false
        if let number = entities.orderNumbers.last, number != c.facts.orderNumber {
            c.facts.orderNumber = number
            changed = true
        }
        if let email = entities.emails.last, email != c.facts.email {
            c.facts.email = email
            c.facts.freshDetails = true
            changed = true
        }
        if let postcode = entities.postcodes.last, postcode != c.facts.postcode {
            c.facts.postcode = postcode
            c.facts.freshDetails = true
            changed = true
        }
        return changed
    }

    /// Handles a message while the bot waits for something; nil when the message is not an answer
    /// to that, so it is read as a new question instead.
    /// - Parameter intent: what the matcher would act on for the message read on its own: a
    ///   confident question about something else ("what's the capital of Australia", "I want to
    ///   lodge a claim") is a new message, not the reason or the account asked for.
    func continuePending(_ message: String, analysis: Analysis, intent: String? = nil, in c: inout Conversation) -> [Reply]? {
        guard let pending = c.pending else { return nil }
        let normalized = TextNormalizer.words(in: message).joined(separator: " ")
        if Self.leavePhrases.contains(normalized) {
            c.pending = nil
            return [Reply(kind: .answer, text: "No problem, I've left that there. Is there anything else I can help with?",
                          quickReplies: ["Where is my order?", "Start a return", "Talk to a person"])]
        }
        let newDetail = remember(analysis.entities, in: &c)
        switch pending {
        case .orderNumber(let intent), .verification(let intent):
            return newDetail ? orderFlow(intent, in: &c) : nil
        case .item(let intent):
            if newDetail { return orderFlow(intent, in: &c) }
            guard let order = verifiedOrder(c), let item = matchItem(message, in: order) else { return nil }
            c.facts.item = item.sku
            c.pending = nil
            return orderFlow(intent, in: &c)
        case .returnReason, .whatHappened:
            let offered = Self.returnReasons.contains { $0.caseInsensitiveCompare(message) == .orderedSame }
            if !offered, let intent, !Self.accountIntents.contains(intent), !(newDetail && !analysis.entities.orderNumbers.isEmpty) {
                return nil
            }
            c.pending = nil
            // A new order number means the shopper moved on to another order.
            if newDetail && !analysis.entities.orderNumbers.isEmpty { return orderFlow(lastOrderIntent(c), in: &c) }
            if case .whatHappened(let intent) = pending {
                c.facts.whatHappened = message
                return recordReport(intent, in: &c)
            }
            c.facts.reason = Self.returnReasons.first { $0.caseInsensitiveCompare(message) == .orderedSame } ?? message
            return recordReturn(in: &c)
        }
    }

    /// The order question the shopper asked last, to go on with when they send just a detail.
    func lastOrderIntent(_ c: Conversation) -> String {
        c.transcript.last { $0.sender == .bot && $0.intent.map(Self.orderIntents.contains) == true }?.intent ?? "track_order"
    }

    /// The verified order under discussion, if any.
    func verifiedOrder(_ c: Conversation) -> Order? {
        guard let id = c.facts.orderNumber, c.facts.verifiedOrders.contains(id) else { return nil }
        return orders?.order(id: id)
    }

    /// The intents a reason for a return or an account of what happened may read as: "it's
    /// broken", "it never came", "I want my money back".
    static let accountIntents: Set<String> = ["return_item", "damaged_item", "missing_package", "get_refund"]

    /// The item of `order` the message names by a word of its name; grammar words ("of", "the")
    /// name nothing, so "what is the capital of australia" picks no "set of 4".
    private func matchItem(_ message: String, in order: Order) -> OrderItem? {
        let words = Set(TextNormalizer.words(in: message).map(Stemmer.stem))
            .subtracting(IntentMatcher.functionWords).subtracting(IntentMatcher.pairStopwords)
        var best: (OrderItem, Int)?
        for item in order.items {
            let itemWords = Set(TextNormalizer.words(in: item.name).map(Stemmer.stem))
            let overlap = words.intersection(itemWords).count
            if overlap > 0, overlap > (best?.1 ?? 0) { best = (item, overlap) }
        }
        return best?.0
    }

    /// Runs `intent` against the shopper's order: find the order, verify the shopper, then answer.
    func orderFlow(_ intent: String, in c: inout Conversation) -> [Reply] {
        guard let orders else { return [] }
        if c.facts.isLockedOut { return lockedOut(&c) }

        // Which order?
        if c.facts.orderNumber == nil, let customer = c.facts.customerEmail {
            let theirs = orders.orders(forEmail: customer)
            if theirs.count == 1 {
                c.facts.orderNumber = theirs[0].id
            } else if !theirs.isEmpty {
                c.pending = .orderNumber(intent: intent)
                let recent = theirs.prefix(5)
                let lines = recent.map { "#\($0.id), placed \(wording.day($0.placed)): \(wording.status(of: $0))" }
                return [Reply(kind: .prompt, text: "You have \(theirs.count) orders with us. Which one is this about?\n" + lines.map { "• \($0)" }.joined(separator: "\n"),
                              quickReplies: recent.map { "#\($0.id)" })]
            }
        }
        guard let number = c.facts.orderNumber else {
            // Asked once already ("I don't know the number, my email is …"): a way forward, never the same prompt.
            if case .orderNumber = c.pending { return [orderNumberHelp] }
            c.pending = .orderNumber(intent: intent)
            return [Reply(kind: .prompt, text: "I can look that up for you. What's your order number? It's in your order confirmation e-mail, for example #10231.")]
        }

        // Is it theirs?
        if !c.facts.verifiedOrders.contains(number) {
            let order: Order?
            if let customer = c.facts.customerEmail {
                order = orders.verify(orderID: number, email: customer, postcode: nil)
            } else if c.facts.email != nil || c.facts.postcode != nil {
                // An order or a detail guessed at too often, in any chat, is not looked up: the
                // reply is a wrong guess's, whether the order exists or not.
                let locked = verificationGuard.isLocked(order: number, email: c.facts.email, postcode: c.facts.postcode, at: c.now)
                order = locked ? nil : orders.verify(orderID: number, email: c.facts.email, postcode: c.facts.postcode)
            } else {
                c.pending = .verification(intent: intent)
                return [Reply(kind: .prompt, text: "Thanks. To keep your order private, what's the e-mail address or postcode on order #\(number)?")]
            }
            let fresh = c.facts.freshDetails || c.facts.customerEmail != nil
            c.facts.freshDetails = false
            if order == nil && !fresh {
                // Details given for another order: ask again rather than count a failure.
                c.pending = .verification(intent: intent)
                return [Reply(kind: .prompt, text: "To keep order #\(number) private, what's the e-mail address or postcode on it?")]
            }
            guard let order else {
                c.facts.failedVerifications += 1
                verificationGuard.recordFailure(order: number, email: c.facts.email, postcode: c.facts.postcode, at: c.now)
                if c.facts.isLockedOut {
                    c.pending = nil
                    return lockedOut(&c)
                }
                c.pending = .verification(intent: intent)
                let left = Facts.maximumAttempts - c.facts.failedVerifications
                return [Reply(kind: .prompt, text: "I couldn't find an order that matches those details. Please check the order number and the e-mail address or postcode used when ordering, and send them again (\(left) more \(left == 1 ? "try" : "tries")).")]
            }
            c.facts.verifiedOrders.append(order.id)
        }
        c.pending = nil
        guard let order = orders.order(id: number) else { return lockedOut(&c) }
        return answer(intent, about: order, in: &c)
    }

    /// After too many failed verifications: no more look-ups. A person takes over when the shopper
    /// is known (an order of theirs verified, or vouched for); an anonymous guesser gets the shop's
    /// contact details instead, and the attempt is flagged in the manager's report.
    func lockedOut(_ c: inout Conversation) -> [Reply] {
        let notice = Reply(kind: .handoff, text: "For your security I can't look up orders in this chat any more.")
        if c.ticketID != nil { return [notice] }
        if c.facts.isAnonymous {
            return [Reply(kind: .handoff, text: notice.text + " " + contactDetails)]
        }
        return [notice] + handOff(.verificationLockout, in: &c, at: c.now)
    }

    private func answer(_ intent: String, about order: Order, in c: inout Conversation) -> [Reply] {
        let today = c.transcript.last?.time ?? Date()
        switch intent {
        case "track_order", "delivery_period":
            return [track(order, today: today)]
        case "cancel_order":
            guard order.isCancellable else { return [alreadyShipped(order, doing: "cancel")] }
            return record(.cancel, order: order, skus: order.items.map(\.sku), reason: "shopper asked to cancel", details: [:], in: &c) { id in
                "I've asked our team to cancel order #\(order.id) (request \(id)). You'll get an e-mail once it's done, and your payment goes back to the original method; banks usually take \(profile.values["bank_days"] ?? "a few working days") to show it."
            }
        case "change_order", "change_shipping_address":
            guard order.isCancellable else { return [alreadyShipped(order, doing: "change")] }
            c.pending = .whatHappened(intent: intent)
            let what = intent == "change_order" ? "What would you like to change (item, size, colour or quantity)?" : "What's the new delivery address, with postcode?"
            return [Reply(kind: .prompt, text: "Order #\(order.id) hasn't left us yet, so it can still be changed. \(what)")]
        case "return_item":
            return returnOptions(order, today: today, in: &c)
        case "get_refund":
            var replies = order.refunds.isEmpty ? [] : [Reply(kind: .answer, text: order.refunds.map { wording.refund($0, currency: order.currency) }.joined(separator: "\n"), intent: intent)]
            if order.isCancellable {
                replies.append(Reply(kind: .answer, text: "Order #\(order.id) hasn't shipped yet, so the quickest way to your money is to cancel it: you're refunded in full.", quickReplies: ["Cancel my order", "Never mind"], intent: intent))
            } else if order.shipments.contains(where: { $0.delivered != nil }) {
                replies += returnOptions(order, today: today, in: &c)
            } else if order.status == .cancelled || order.status == .refunded || order.status == .returned {
                if replies.isEmpty { replies.append(Reply(kind: .answer, text: "\(wording.status(of: order)) There's no refund on it yet; a member of our team can look into it.", quickReplies: ["Talk to a person"], intent: intent)) }
            } else {
                replies.append(Reply(kind: .answer, text: "Order #\(order.id) is on its way, so it can't be cancelled now. Once it arrives you can return it within \(profile.returnWindowDays) days for a refund; if it arrives damaged, tell me and we'll put it right.", quickReplies: ["Where is my order?", "Talk to a person"], intent: intent))
            }
            return replies
        case "track_refund":
            if order.refunds.isEmpty {
                let open = order.returns.map { "Your return \($0.id) is \($0.status)." }.joined(separator: " ")
                return [Reply(kind: .answer, text: "There's no refund on order #\(order.id) yet. \(open.isEmpty ? "If you'd like your money back, you can return eligible items." : open + " We refund within \(profile.refundProcessingDays) working days of the return reaching us.")",
                              quickReplies: ["Start a return", "Talk to a person"], intent: intent)]
            }
            return [Reply(kind: .answer, text: order.refunds.map { wording.refund($0, currency: order.currency) }.joined(separator: "\n"), intent: intent)]
        case "damaged_item":
            if order.items.count == 1 { c.facts.item = order.items[0].sku }
            guard let sku = c.facts.item, let item = order.item(sku: sku) else {
                c.pending = .item(intent: intent)
                return [Reply(kind: .prompt, text: "I'm sorry about that. Which item is it?", quickReplies: order.items.map(\.name))]
            }
            c.pending = .whatHappened(intent: intent)
            return [Reply(kind: .prompt, text: "I'm sorry about that. What happened to the \(item.name): is it damaged, faulty, or not what you ordered? A sentence or two is plenty.")]
        case "missing_package":
            guard order.shipments.contains(where: { $0.delivered != nil }) else {
                return [track(order, today: today), Reply(kind: .answer, text: "It hasn't been marked as delivered yet, so it isn't lost. If it doesn't arrive by the expected day, tell me and we'll chase it.", intent: intent)]
            }
            c.pending = .whatHappened(intent: intent)
            let delivered = order.shipments.compactMap(\.delivered).max().map { wording.day($0) } ?? "recently"
            return [Reply(kind: .prompt, text: "I'm sorry, that's worrying. The carrier marked order #\(order.id) as delivered on \(delivered). Have you been able to check with neighbours or any safe place? Tell me anything that helps (what's missing, where you looked) and I'll open a case so nobody has to ask you again.")]
        default:
            return []
        }
    }

    private func track(_ order: Order, today: Date) -> Reply {
        var text = wording.status(of: order)
        let parcels = wording.parcels(of: order, today: today)
        if !parcels.isEmpty { text += "\n" + parcels.joined(separator: "\n") }
        let delivered = order.shipments.contains { $0.delivered != nil }
        let late = order.shipments.contains { $0.delivered == nil && $0.isLate(today: today, timeZone: profile.timeZone) }
        var quick: [String] = []
        if delivered { quick.append("It says delivered but I don't have it") }
        if late { quick.append("Talk to a person") }
        if order.isCancellable { quick.append("Cancel my order") }
        return Reply(kind: .answer, text: text, quickReplies: quick, intent: "track_order")
    }

    private func alreadyShipped(_ order: Order, doing verb: String) -> Reply {
        let shipped = order.shipments.compactMap(\.shipped).min().map { " on \(wording.day($0))" } ?? ""
        return Reply(kind: .answer, text: "Order #\(order.id) has already left us\(shipped), so I can't \(verb) it now. Once it arrives you can return anything you don't want within \(profile.returnWindowDays) days of delivery, free of charge.",
                     quickReplies: ["Where is my order?", "Start a return", "Talk to a person"])
    }

    private func returnOptions(_ order: Order, today: Date, in c: inout Conversation) -> [Reply] {
        let verdicts = ReturnEligibility.evaluate(order, profile: profile, today: today)
        let eligible = verdicts.filter { if case .eligible = $0.verdict { return true } else { return false } }
        let lines = verdicts.map { "• " + wording.verdict($0.verdict, item: $0.item) }.joined(separator: "\n")
        guard !eligible.isEmpty else {
            return [Reply(kind: .answer, text: "Here's where the items on order #\(order.id) stand:\n\(lines)\nNone of them can be returned right now. If something arrived faulty, tell me and we'll put it right.",
                          quickReplies: ["It arrived damaged", "Talk to a person"], intent: "return_item")]
        }
        if c.facts.item == nil, let said = c.transcript.last(where: { $0.sender == .shopper })?.text,
           let named = matchItem(said, in: order), eligible.contains(where: { $0.item.sku == named.sku }) {
            c.facts.item = named.sku
        }
        if let sku = c.facts.item, eligible.contains(where: { $0.item.sku == sku }) {
            return askReason(order, sku: sku, in: &c)
        }
        if eligible.count == 1 {
            c.facts.item = eligible[0].item.sku
            return [Reply(kind: .answer, text: "Here's where the items on order #\(order.id) stand:\n\(lines)", intent: "return_item")] + askReason(order, sku: eligible[0].item.sku, in: &c)
        }
        c.pending = .item(intent: "return_item")
        return [Reply(kind: .prompt, text: "Here's where the items on order #\(order.id) stand:\n\(lines)\nWhich item would you like to return?",
                      quickReplies: eligible.map(\.item.name), intent: "return_item")]
    }

    private func askReason(_ order: Order, sku: String, in c: inout Conversation) -> [Reply] {
        c.pending = .returnReason
        return [Reply(kind: .prompt, text: "And why is the \(order.item(sku: sku)?.name ?? "item") going back?", quickReplies: Self.returnReasons)]
    }

    private func recordReturn(in c: inout Conversation) -> [Reply] {
        guard let order = verifiedOrder(c), let sku = c.facts.item, let item = order.item(sku: sku) else {
            return [Reply(kind: .prompt, text: "Let's start again: which order and item would you like to return?")]
        }
        let reason = c.facts.reason ?? "not given"
        let portal = profile.values["returns_portal"].map { " at \($0)" } ?? ""
        return record(.returnItem, order: order, skus: [sku], reason: reason, details: ["item": item.name], in: &c) { id in
            "Your return is booked: \(id) for the \(item.name) from order #\(order.id). Next steps: pack it securely, print the free label\(portal) using \(id), and drop it off within 14 days. We refund within \(profile.refundProcessingDays) working days of it reaching us, and banks take \(profile.values["bank_days"] ?? "a few working days") more."
        }
    }

    private func recordReport(_ intent: String, in c: inout Conversation) -> [Reply] {
        guard let order = verifiedOrder(c) else { return [] }
        let what = c.facts.whatHappened ?? ""
        switch intent {
        case "change_order":
            return record(.change, order: order, skus: [], reason: what, details: ["change": what], in: &c) { id in
                "Thanks, I've passed that change to our team (request \(id)). They'll confirm by e-mail before order #\(order.id) is packed."
            }
        case "change_shipping_address":
            return record(.addressChange, order: order, skus: [], reason: "new delivery address", details: ["address": what], in: &c) { id in
                "Thanks, I've asked our team to send order #\(order.id) to the new address (request \(id)). They'll confirm by e-mail before it leaves us."
            }
        case "damaged_item":
            let sku = c.facts.item.map { [$0] } ?? []
            return record(.damaged, order: order, skus: sku, reason: what, details: ["item": order.item(sku: c.facts.item ?? "")?.name ?? "", "what_happened": what], in: &c) { id in
                "Thank you, I've opened case \(id) with everything you told me. Please keep the item and its packaging; if you can, e-mail photos to \(profile.values["support_email"] ?? "us") quoting \(id). We'll send a replacement or a full refund, whichever you prefer."
            }
        case "missing_package":
            return record(.missing, order: order, skus: order.items.map(\.sku), reason: what, details: ["what_happened": what], in: &c) { id in
                "Thank you, I've opened case \(id) for order #\(order.id) with the carrier's delivery record and what you told me. We'll ask the carrier to investigate and e-mail you within one working day; if the parcel can't be found, we'll send a replacement or a refund."
            }
        default:
            return []
        }
    }

    private func record(_ kind: ShopRequest.Kind, order: Order, skus: [String], reason: String, details: [String: String],
                        in c: inout Conversation, message: (String) -> String) -> [Reply] {
        guard let requests else {
            return [Reply(kind: .answer, text: "I can't record requests right now. Please e-mail \(profile.values["support_email"] ?? "us") about order #\(order.id) and we'll sort it out.")]
        }
        do {
            let request = try requests.record(kind: kind, orderID: order.id, skus: skus, reason: reason, details: details,
                                              now: c.transcript.last?.time ?? Date())
            c.facts.requests.append(request.id)
            let answer = Reply(kind: .answer, text: message(request.id), quickReplies: kind == .returnItem ? ["Anything else?"] : [])
            if kind != .returnItem && handoff != nil {
                // Cancellations, changes and damaged or missing items need a person's decision.
                return [answer] + handOff(.needsPerson, in: &c, at: c.now)
            }
            c.facts.item = nil
            c.facts.reason = nil
            return [answer]
        } catch {
            return [Reply(kind: .answer, text: "Sorry, I couldn't save that just now. Please try again in a moment, or e-mail \(profile.values["support_email"] ?? "us") about order #\(order.id).")]
        }
    }
}
