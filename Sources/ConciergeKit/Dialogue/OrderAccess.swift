import Foundation

/// Finding the shopper's order and making sure it is theirs, before any flow says a word about it.
///
/// An order is shown only to someone who proved it is theirs: its number with the e-mail address or
/// postcode on it, or an identity the host vouches for. Without the number, the e-mail address and
/// the postcode together find the orders; an e-mail address alone proves nothing. Failures count
/// per chat and, through ``VerificationGuard``, across chats; the reply to a wrong guess is the
/// same whether the order exists or not.
enum OrderAccess {
    /// The order, or what to ask the shopper first.
    enum Result {
        case order(Order)
        case ask(Outcome)
    }

    static func order(in c: inout Conversation, _ bot: Bot, at now: Date) -> Result {
        guard let orders = bot.orders else { return .ask(Outcome()) }
        if c.facts.isLockedOut { return .ask(lockedOut(in: &c, bot)) }

        // Which order?
        if c.facts.orderNumber == nil, let customer = c.facts.customerEmail {
            let theirs = orders.orders(forEmail: customer)
            let meant = withItem(theirs, named: c.flow?.request, bot)
            if meant.count == 1 {
                c.facts.orderNumber = meant[0].id
            } else if !theirs.isEmpty {
                return .ask(pick(from: meant, of: theirs.count, in: &c, bot))
            }
        }
        guard let number = c.facts.orderNumber else { return .ask(withoutNumber(in: &c, bot, at: now)) }

        // Is it theirs?
        var effects: [Effect] = []
        if !c.facts.verifiedOrders.contains(number) {
            let order: Order?
            if let customer = c.facts.customerEmail {
                order = orders.verify(orderID: number, email: customer, postcode: nil)
            } else if c.facts.email != nil || c.facts.postcode != nil {
                // An order or a detail guessed at too often, in any chat, is not looked up: the
                // reply is a wrong guess's, whether the order exists or not.
                let locked = bot.verificationGuard.isLocked(order: number, email: c.facts.email, postcode: c.facts.postcode, client: c.client, at: now)
                order = locked ? nil : orders.verify(orderID: number, email: c.facts.email, postcode: c.facts.postcode)
            } else {
                c.await(.verification)
                // Several orders asked about: the details of each are welcome at once.
                let others = (c.facts.queuedOrders ?? []).map { "#" + $0 }
                let also = others.isEmpty ? "" : " (and on \(ShopProfile.naturalList(others)), if they're different)"
                return .ask(Outcome(Reply(kind: .prompt, text: "Thanks. To keep your order private, what's the e-mail address or postcode on order #\(number)\(also)?")))
            }
            if order == nil, let queued = c.facts.queuedOrders, c.facts.customerEmail == nil,
               let k = queued.firstIndex(where: { other in
                   !bot.verificationGuard.isLocked(order: other, email: c.facts.email, postcode: c.facts.postcode, client: c.client, at: now)
                       && orders.verify(orderID: other, email: c.facts.email, postcode: c.facts.postcode) != nil
               }) {
                // "where are 10233 and 10240?", then 10240's e-mail address: that order first, the other after.
                c.facts.queuedOrders?[k] = number
                c.facts.orderNumber = queued[k]
                return Self.order(in: &c, bot, at: now)
            }
            let fresh = c.facts.freshDetails || c.facts.customerEmail != nil
            c.facts.freshDetails = false
            guard let order else {
                // A detail given for another order and tried on this one is a wrong guess too:
                // otherwise a postcode once given could be tried on order after order for free.
                c.facts.failedVerifications += 1
                effects.append(.recordVerificationFailure(order: number, email: c.facts.email, postcode: c.facts.postcode, client: c.client, at: now))
                if c.facts.isLockedOut {
                    var out = lockedOut(in: &c, bot)
                    out.effects = effects + out.effects
                    return .ask(out)
                }
                c.await(.verification)
                if !fresh {
                    return .ask(Outcome([Reply(kind: .prompt, text: "To keep order #\(number) private, what's the e-mail address or postcode on it?")],
                                        effects: effects))
                }
                let left = Facts.maximumAttempts - c.facts.failedVerifications
                return .ask(Outcome([Reply(kind: .prompt, text: "I couldn't find an order that matches those details. Please check the order number and the e-mail address or postcode used when ordering, and send them again (\(left) more \(left == 1 ? "try" : "tries")).")],
                                    effects: effects))
            }
            c.facts.verifiedOrders.append(order.id)
        }
        guard let order = orders.order(id: number) else { return .ask(lockedOut(in: &c, bot)) }
        return .order(order)
    }

    /// A message while the bot waits for the order number or the proof: nil when it brings neither.
    static func answer(_ message: ShopperMessage, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        let newDetail = bot.remember(message.entities, words: message.words, in: &c)
        if newDetail { return bot.proceed(in: &c, at: now) }
        if c.awaiting == .orderNumber, c.facts.orderNumber == nil, c.facts.verifiedOrders.count > 1, !bot.products.named(in: message.text).isEmpty,
           let orders = bot.orders {
            // "the one with the lamp", after the shopper's orders were listed.
            let theirs = c.facts.verifiedOrders.compactMap { orders.order(id: $0) }
            let meant = withItem(theirs, named: message.text, bot)
            if meant.count == 1 {
                c.facts.orderNumber = meant[0].id
                return bot.proceed(in: &c, at: now)
            }
            if meant.count < theirs.count { return pick(from: meant, of: theirs.count, in: &c, bot) }
        }
        if c.awaiting == .orderNumber, bot.saysNoOrderNumber(message) || message.mentions(Self.unsure) && message.words.count <= 4 {
            return withoutNumber(in: &c, bot, at: now)
        }
        if c.awaiting == .orderNumber, message.classification.intent == nil, message.words.allSatisfy({ $0.allSatisfy(\.isNumber) }), !message.words.isEmpty {
            // A number that isn't one of the shop's order numbers.
            return Outcome(Reply(kind: .prompt, text: "That doesn't look like one of our order numbers. It's in your order confirmation e-mail and looks like #10231; what does yours say?"))
        }
        return nil
    }

    /// Short answers that say the shopper doesn't have the number.
    static let unsure = PhraseSet(["no", "i dont know", "i don't know", "no idea", "not sure", "dunno"])

    /// Without an order number: ask for it, then say where it is; with the e-mail address and the
    /// postcode together, find the orders; an e-mail address alone proves nothing.
    static func withoutNumber(in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        guard let orders = bot.orders else { return Outcome() }
        if let email = c.facts.email, let postcode = c.facts.postcode {
            let key = "email:" + email
            let locked = bot.verificationGuard.isLocked(order: key, email: email, postcode: postcode, client: c.client, at: now)
            let theirs = locked ? [] : orders.orders(forEmail: email).filter { orders.verify(orderID: $0.id, email: nil, postcode: postcode) != nil }
            c.facts.freshDetails = false
            guard !theirs.isEmpty else {
                c.facts.failedVerifications += 1
                let effect = Effect.recordVerificationFailure(order: key, email: email, postcode: postcode, client: c.client, at: now)
                if c.facts.isLockedOut {
                    var out = lockedOut(in: &c, bot)
                    out.effects.insert(effect, at: 0)
                    return out
                }
                c.facts.postcode = nil
                c.await(.postcode)
                return Outcome([Reply(kind: .prompt, text: "I couldn't find an order for that e-mail address and postcode. Please check the postcode the order was delivered to, or type the order number if you find it.",
                                      quickReplies: ["Talk to a person"])], effects: [effect])
            }
            for order in theirs where !c.facts.verifiedOrders.contains(order.id) { c.facts.verifiedOrders.append(order.id) }
            // "I bought the wool throw": of their orders, those with the item named.
            let meant = withItem(theirs, named: c.flow?.request, bot)
            if meant.count == 1 {
                c.facts.orderNumber = meant[0].id
                // Found without its number: which order it is, before what is said about it.
                return Outcome(Reply(kind: .answer, text: "I found it: order #\(meant[0].id).")) + bot.proceed(in: &c, at: now)
            }
            return pick(from: meant, of: theirs.count, in: &c, bot)
        }
        if c.facts.email != nil {
            c.await(.postcode)
            return Outcome(Reply(kind: .prompt, text: "No problem. What's the postcode the order was delivered to? With your e-mail address, that's enough for me to find it safely.",
                                 quickReplies: ["Talk to a person"]))
        }
        if c.awaiting == .orderNumber {
            // Asked once already: where to find it, and another way, never the same prompt again;
            // after that, a person who can find it another way.
            if c.transcript.contains(where: { $0.sender == .bot && $0.text == orderNumberHelp(bot).text }) {
                c.flow = nil
                return Outcome([Reply(kind: .answer, text: "No problem. A member of our team can find your order another way.")], handOff: (.needsPerson, 3))
            }
            return Outcome(orderNumberHelp(bot))
        }
        c.await(.orderNumber)
        return Outcome(Reply(kind: .prompt, text: "I can look that up for you. What's your order number? It's in your order confirmation e-mail, for example #10231."))
    }

    /// Where the order number is, and the ways forward without it.
    static func orderNumberHelp(_ bot: Bot) -> Reply {
        let account = bot.profile.values["account_url"].map { " and in your account at \($0)" } ?? ""
        return Reply(kind: .prompt,
                     text: "Your order number is in the order confirmation e-mail (it looks like #10231)\(account). If you can't find it, tell me the e-mail address and the postcode the order went to, and I'll find it that way; or a member of our team can help.",
                     quickReplies: ["Talk to a person", "Never mind"])
    }

    /// The shopper's orders to choose from, most recent first.
    /// - Parameter all: how many orders they have, when `theirs` are only those with the item named.
    static func pick(from theirs: [Order], of all: Int? = nil, in c: inout Conversation, _ bot: Bot) -> Outcome {
        c.await(.orderNumber)
        let recent = theirs.prefix(5)
        let lines = recent.map { "• #\($0.id), placed \(bot.wording.day($0.placed)): \(bot.wording.status(of: $0))" }
        let head: String
        if let all, all > theirs.count {
            head = "You have \(all) orders with us, and \(theirs.count) of them have that in them."
        } else {
            head = "You have \(theirs.count) orders with us."
        }
        return Outcome(Reply(kind: .prompt, text: head + " Which one is this about?\n" + lines.joined(separator: "\n"),
                             quickReplies: recent.map { "#\($0.id)" }))
    }

    /// The orders of `theirs` holding the item `text` names best ("the wool throw" → the orders
    /// with the Wool throw); all of `theirs` when it names none of their items.
    static func withItem(_ theirs: [Order], named text: String?, _ bot: Bot) -> [Order] {
        guard theirs.count > 1, let text else { return theirs }
        let said = Set(bot.products.named(in: text))
        guard !said.isEmpty else { return theirs }
        // Each order's best single item: "linen throw" is the Wool throw's order, not every linen one.
        let scores = theirs.map { order in
            order.items.map { said.intersection(TextNormalizer.words(in: $0.name).map(Stemmer.stem)).count }.max() ?? 0
        }
        guard let best = scores.max(), best > 0 else { return theirs }
        return theirs.indices.filter { scores[$0] == best }.map { theirs[$0] }
    }

    /// Asks again for what the flow waits for, after a message that didn't answer it.
    static func reprompt(in c: inout Conversation, _ bot: Bot) -> Outcome {
        switch c.awaiting {
        case .orderNumber: return Outcome(orderNumberHelp(bot))
        case .verification: return Outcome(Reply(kind: .prompt, text: "I still need the e-mail address or postcode on the order to look it up. (Say \"never mind\" to leave this.)"))
        case .postcode: return Outcome(Reply(kind: .prompt, text: "I still need the postcode the order was delivered to. (Say \"never mind\" to leave this.)"))
        case .item: return Outcome(Reply(kind: .prompt, text: "Which item is it? Type its number or its name.", quickReplies: c.choices.map(\.label)))
        case .reason: return Outcome(Reply(kind: .prompt, text: "Why is it going back?", quickReplies: bot.words.options(.returnReasons)))
        case .account: return Outcome(Reply(kind: .prompt, text: "Tell me in a sentence or two what happened."))
        case .address: return Outcome(Reply(kind: .prompt, text: "What's the new delivery address, with the postcode?"))
        case .change: return Outcome(Reply(kind: .prompt, text: "What would you like to change (item, size, colour or quantity)?"))
        case .confirmation:
            // What the yes would do: cancel the order, or the change read back ("cancel the socks only").
            let order = c.facts.orderNumber.map { " and cancel order #\($0)" } ?? ""
            let what = c.flow?.intent == IntentID.changeOrder.rawValue ? c.flow.map { " and ask our team to \($0.request)" } ?? "" : order
            return Outcome(Reply(kind: .prompt, text: "Shall I go ahead\(what)? Please answer yes or no.", quickReplies: ["Yes", "No"]))
        case .nothing, nil: return Outcome()
        }
    }

    /// After too many failed verifications: no more look-ups. A person takes over when the shopper
    /// is known (an order of theirs verified, or vouched for); an anonymous guesser gets the shop's
    /// contact details instead, and the attempt is flagged in the manager's report.
    static func lockedOut(in c: inout Conversation, _ bot: Bot) -> Outcome {
        c.flow = nil
        let notice = "For your security I can't look up orders in this chat any more."
        if c.ticketID != nil { return Outcome(Reply(kind: .handoff, text: notice)) }
        if c.facts.isAnonymous {
            return Outcome(Reply(kind: .handoff, text: notice + " " + bot.contactDetails))
        }
        return Outcome([Reply(kind: .handoff, text: notice)], handOff: (.verificationLockout, 2))
    }
}
