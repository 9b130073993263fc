import Foundation

/// Passing a conversation to a person: the ticket with the whole conversation and what the bot
/// learned, the shopper told why and where they are in the queue, every later line acknowledged
/// while a person has it, and the agents' doings shown as they happen.
enum HandoffFlow {
    /// What the bot says instead of handing off when there is no agent queue: how to reach the team.
    static func contactDetails(_ profile: ShopProfile) -> String {
        "A member of our team can help with this: e-mail \(profile.values["support_email"] ?? "us") or call \(profile.values["support_phone"] ?? "us"), \(profile.placeholder("support_hours") ?? "during opening hours")."
    }

    /// Asks for a ticket carrying the conversation so far (this turn's replies included).
    static func request(_ reason: Ticket.Reason, priority: Int, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        guard bot.queue != nil else { return Outcome(Reply(kind: .handoff, text: bot.contactDetails)) }
        if c.ticketID != nil { return Outcome() }
        // An anonymous conversation gets one ticket; the queue's gate decides on the rest.
        if c.facts.isAnonymous, c.lastTicketID != nil { return refused(in: &c, bot) }
        c.flow = nil
        c.deferred = nil
        // Details given with the request ("order 10263, LE2 1DR, I want a person") are checked, so
        // the agent sees the order; a mismatch shows as not verified, and tells the shopper nothing.
        if let number = c.facts.orderNumber, !c.facts.verifiedOrders.contains(number), c.facts.email != nil || c.facts.postcode != nil,
           !bot.verificationGuard.isLocked(order: number, email: c.facts.email, postcode: c.facts.postcode, client: c.client, at: now),
           let order = bot.orders?.verify(orderID: number, email: c.facts.email, postcode: c.facts.postcode) {
            c.facts.verifiedOrders.append(order.id)
        }
        let draft = TicketDraft(conversationID: c.id, reason: reason, priority: priority, shopper: shopper(c, bot), orders: snapshots(c, bot, at: now),
                                answered: bot.answeredIntents(c), facts: facts(c, bot), summary: summary(reason, c, bot, at: now),
                                transcript: c.transcript, anonymous: c.facts.isAnonymous, at: now)
        return Outcome(effects: [.openTicket(draft)])
    }

    /// The ticket is in the queue: why, the place, the wait (or when people are back). The message
    /// goes on the ticket too, so the agent reads what the shopper was told.
    static func opened(_ ticket: Ticket, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        c.ticketID = ticket.id
        c.lastTicketID = ticket.id
        c.flow = nil
        c.fallbackStreak = 0
        c.seenSequence = bot.queue?.lastSequence() ?? 0
        let why: String
        switch ticket.reason {
        case .askedForPerson, .alwaysPersonIntent: why = "Of course, I'm passing you to a member of our team."
        case .repeatedFallback: why = "I'm sorry I couldn't follow; I'm passing you to a member of our team."
        case .frustration: why = "I'm sorry this has been frustrating. I'm passing you straight to a member of our team."
        case .verificationLockout: why = "A member of our team can check your details and help, so I'm passing you to them."
        case .needsPerson: why = "This needs a person's decision, so I'm passing it to a member of our team."
        }
        let context = " They'll see this whole conversation, so you won't need to repeat anything."
        let text: String
        let profile = bot.profile
        if !profile.supportHours.isOpen(at: now, in: profile.timeZone) {
            c.toldQueuePosition = bot.queue?.position(of: ticket.id)
            let back = profile.supportHours.nextOpening(after: now, in: profile.timeZone).map { "They're back \($0)" } ?? "They'll be back soon"
            text = why + context + " Our team is away right now. \(back) (\(profile.placeholder("support_hours") ?? "")). Your conversation is saved, and they'll reply here and by e-mail."
        } else {
            let position = bot.queue?.position(of: ticket.id) ?? 1
            c.toldQueuePosition = position
            text = why + context + " You're number \(position) in the queue" + waitText(bot.queue?.estimatedWait(at: now)) + ". Keep typing if there's anything to add."
        }
        let asked = ticket.reason == .askedForPerson ? IntentID.contactHumanAgent.rawValue : nil
        // The ticket's reference, to quote if the shopper writes in later (the protocol sends it with the reply too).
        let card = Card.reference(ReferenceCard(kind: .ticket, reference: ticket.id))
        return Outcome([Reply(kind: .handoff, text: text, intent: asked, cards: [card])], effects: [.appendToTicket(ticketID: ticket.id, turn: Turn(sender: .bot, text: text, time: now, kind: .handoff))])
    }

    /// No ticket for this anonymous chat (one each, and only while anonymous tickets aren't flooding in).
    static func refused(in c: inout Conversation, _ bot: Bot) -> Outcome {
        Outcome(Reply(kind: .handoff, text: "Our team can't take more chats just now. " + bot.contactDetails))
    }

    static func failed(_ bot: Bot) -> Outcome {
        Outcome(Reply(kind: .handoff, text: "I couldn't reach our team's queue just now. Please e-mail \(bot.profile.values["support_email"] ?? "us") and we'll pick this up from there."))
    }

    private static func waitText(_ wait: TimeInterval?) -> String {
        guard let wait else { return "" }
        let minutes = max(1, Int((wait / 60).rounded()))
        return minutes == 1 ? ", and the wait is about a minute" : ", and the wait is about \(minutes) minutes"
    }

    /// While a ticket is open, the shopper's messages go to it, and each gets a word back: their
    /// place in the queue, or that the agent has it. Nil when the conversation is back with the bot.
    static func withPerson(_ message: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard let queue = bot.queue, let id = c.ticketID, let ticket = queue.ticket(id) else { return nil }
        let words = TextNormalizer.words(in: message)
        guard ticket.status == .waiting || ticket.status == .claimed else {
            c.ticketID = nil
            return nil
        }
        // The details in it go on the ticket beside the line itself, so the agent needn't dig for them.
        let (details, noted) = Self.details(in: message, words: words, of: ticket, in: &c, bot, at: now)
        var append = [Effect.appendToTicket(ticketID: id, turn: Turn(sender: .shopper, text: message, time: now))]
        if !details.isEmpty { append.append(.addToTicket(ticketID: id, details: details, at: now)) }
        if let request = c.facts.requests.last {
            // "sorry, the postcode is W12 8LQ", "oh no wait, don't cancel it": the team sees it on the
            // ticket, beside the request, before they act.
            let note: (said: String, reply: String)?
            if Self.correction.occurs(in: words) {
                note = ("corrected a detail of \(request)", "Thanks, I've put that correction on \(request) for our team.")
            } else if Self.retraction.occurs(in: words) {
                // Said in words: a bare "no" or "no, that's all" answers "anything to add?", it takes nothing back.
                note = ("changed their mind about \(request)",
                        "Understood. I've told our team you've changed your mind about \(request), so they'll check with you before doing anything.")
            } else {
                note = nil
            }
            if let note {
                let turn = Turn(sender: .system, text: "The shopper \(note.said): \"\(message)\"", time: now)
                return Outcome([Reply(kind: .handoff, text: note.reply)], effects: append + [.appendToTicket(ticketID: id, turn: turn)])
            }
        }
        // "never mind, I don't need a person any more" while nobody has it yet: out of the queue,
        // and back with the bot (a request's "never mind" is about the request, above).
        if ticket.status == .waiting, c.facts.requests.isEmpty, Self.noPersonNeeded.occurs(in: words) {
            let turn = Turn(sender: .system, text: "The shopper no longer needed a person: \"\(message)\"", time: now)
            c.ticketID = nil
            c.lastTicketID = id
            c.toldQueuePosition = nil
            return Outcome([Reply(kind: .answer, text: "No problem, I've taken you out of the queue. Is there anything else I can help with?",
                                  quickReplies: bot.words.options(.anythingElseOptions))],
                           effects: append + [.appendToTicket(ticketID: id, turn: turn), .withdrawTicket(ticketID: id, at: now)])
        }
        // What was noted, and for photos, where to send them: the chat takes no pictures.
        let added = noted.isEmpty ? "" : " I've added \(ShopProfile.naturalList(noted)) to your ticket for our team."
        let photos = details.facts["photos"] == nil ? ""
            : " This chat can't take pictures: please e-mail them to \(bot.profile.values["support_email"] ?? "us") quoting \(c.facts.requests.last ?? id), and our team will add them to your case."
        if ticket.status == .claimed {
            return Outcome([Reply(kind: .handoff, text: "\(ticket.agent ?? "Our team") has your message." + added + photos)], effects: append)
        }
        let position = queue.position(of: id)
        let moved = position != nil && position != c.toldQueuePosition
        c.toldQueuePosition = position ?? c.toldQueuePosition
        let place = position.map { moved ? " You're now number \($0) in the queue." : " You're number \($0) in the queue." } ?? ""
        let thanks = noted.isEmpty ? "Thanks, I've added that to your conversation for our team." : "Thanks." + added
        return Outcome([Reply(kind: .handoff, text: thanks + photos + place)], effects: append)
    }

    /// Words that say something never came: what happened, for the agent.
    static let missingWords = PhraseSet(["nothing there", "not there", "never arrived", "never came", "not arrived", "hasnt arrived", "hasn't arrived",
                                         "didnt arrive", "didn't arrive", "not received", "never received", "missing", "never got", "wasnt there",
                                         "wasn't there", "stolen", "not delivered", "wasnt in", "wasn't in", "not in the box", "not in the parcel"])

    /// Words that say the shopper has photos or a video of the problem.
    static let photoWords = PhraseSet(["photo", "photos", "picture", "pictures", "pic", "pics", "image", "images", "screenshot",
                                       "screenshots", "video", "photograph", "photographs", "snap"])

    /// The details a message sent to a waiting or claimed ticket adds to it: an order number, an
    /// e-mail address or postcode (an order they prove is the shopper's is verified, as before a
    /// handoff), the item, what happened, what photos show. Remembered in the conversation too.
    /// - Returns: the details for the ticket, and how the reply names them ("order #10247").
    static func details(in message: String, words: [String], of ticket: Ticket, in c: inout Conversation, _ bot: Bot,
                        at now: Date) -> (TicketDetails, [String]) {
        let entities = EntityScanner().scan(message).entities
        let photo = photoWords.occurs(in: words)
        let damage = DamagedFlow.mentionsDamage(words) || missingWords.occurs(in: words)
        guard !entities.orderNumbers.isEmpty || !entities.emails.isEmpty || !entities.postcodes.isEmpty || photo || damage else {
            return (TicketDetails(), [])
        }
        let before = facts(c, bot), shopperBefore = shopper(c, bot), verifiedBefore = c.facts.verifiedOrders
        bot.remember(entities, words: words, in: &c)
        if let number = c.facts.orderNumber, !c.facts.verifiedOrders.contains(number), c.facts.email != nil || c.facts.postcode != nil,
           !bot.verificationGuard.isLocked(order: number, email: c.facts.email, postcode: c.facts.postcode, client: c.client, at: now),
           let order = bot.orders?.verify(orderID: number, email: c.facts.email, postcode: c.facts.postcode) {
            // Nothing is told to the shopper either way, so nothing is learnt by guessing here.
            c.facts.verifiedOrders.append(order.id)
        }
        if let order = bot.currentOrder(c), c.facts.item == nil, let item = bot.products.item(in: message, of: order) { c.facts.item = item.sku }
        var details = TicketDetails()
        if photo {
            details.facts["photos"] = ticket.facts["photos"].map { $0 + " / " + message } ?? message
        } else if damage {
            c.facts.whatHappened = c.facts.whatHappened.map { $0 + " / " + message } ?? message
        }
        let after = facts(c, bot)
        for (key, value) in after where before[key] != value { details.facts[key] = value }
        details.orders = snapshots(c, bot, at: now).filter { !verifiedBefore.contains($0.id) }
        let shopperAfter = shopper(c, bot)
        if shopperAfter != shopperBefore { details.shopper = shopperAfter }
        if !details.isEmpty { details.summary = summary(ticket.reason, c, bot, at: now) }
        var noted: [String] = []
        if let number = details.facts["order_number"] { noted.append("order #\(number)") }
        if details.facts["email"] != nil { noted.append("your e-mail address") }
        if details.facts["postcode"] != nil { noted.append("your postcode") }
        if details.facts["item"] != nil { noted.append("the item") }
        if details.facts["what_happened"] != nil { noted.append("what happened") }
        return (details, noted)
    }

    /// Words that take back a request just made (normalised as messages are, so "don't" also
    /// reads "dont" and "do not").
    static let retraction = PhraseSet(["do not cancel", "leave it", "keep it", "changed my mind", "change my mind", "forget it",
                                       "ignore that", "scrap that", "never mind", "do not do", "leave it as", "as it was",
                                       "cancel the request", "withdraw", "did not want", "not what i wanted", "do not want it anymore"])
    /// Words that say the shopper no longer wants a person.
    static let noPersonNeeded = PhraseSet(["never mind", "nevermind", "forget it", "cancel that", "do not need a person", "do not need anyone",
                                           "do not need help", "do not need a human", "no longer need", "sorted it myself", "sorted it now",
                                           "figured it out", "found it myself", "i am fine now", "changed my mind"])
    /// Words that correct a detail of a request just made.
    static let correction = PhraseSet(["i meant", "correction", "typo", "should be", "should have said", "is actually", "sorry the",
                                       "wrong postcode", "wrong address", "not flat", "mistake in", "that is wrong", "it is actually", "its actually",
                                       "not right"])

    /// The conversation's ticket while it waits for a person and nobody has claimed it: the bot
    /// may still answer then; once a person has it, the bot stays out of their way.
    static func waitingTicket(_ c: Conversation, _ bot: Bot) -> Ticket? {
        guard let id = c.ticketID, let ticket = bot.queue?.ticket(id), ticket.status == .waiting else { return nil }
        return ticket
    }

    /// Whether the bot may answer `intent` while `ticket` waits ("do you ship to France?" is
    /// answered, and the agent sees the answer): an order question only when the bot handed off
    /// for not following, since otherwise its details go on the ticket.
    static func botMayAnswer(_ intent: String, waiting ticket: Ticket) -> Bool {
        ticket.reason == .repeatedFallback || !IntentID.orderRelatedIntents.contains(intent)
    }

    /// Agent messages, an agent joining, the conversation resolved or handed back, since the
    /// shopper last looked.
    static func notices(in c: inout Conversation, _ bot: Bot, at now: Date) -> [Reply] {
        guard let queue = bot.queue, let id = c.ticketID ?? c.lastTicketID else { return [] }
        var replies: [Reply] = []
        for event in queue.events(after: c.seenSequence) {
            c.seenSequence = max(c.seenSequence, event.sequence)
            guard event.ticketID == id else { continue }
            switch event.change {
            case .message(_, let turn) where turn.sender == .agent:
                replies.append(Reply(kind: .agent, text: turn.text))
                c.record(.agent, turn.text, at: turn.time)
                continue
            case .claimed(_, let agent):
                replies.append(Reply(kind: .handoff, text: "\(agent) from our team has joined the chat."))
            case .released(_, _, let toBot):
                if toBot {
                    c.ticketID = nil
                    replies.append(Reply(kind: .answer, text: "You're back with me, the \(bot.profile.name) assistant. What else can I help with?"))
                } else {
                    replies.append(Reply(kind: .handoff, text: "You're back in the queue; the next free member of our team will pick this up."))
                }
            case .resolved:
                c.ticketID = nil
                c.afterCare = .rating
                replies.append(Reply(kind: .prompt, text: "Our team has marked this conversation as resolved. How did we do, from 1 (poor) to 5 (great)?",
                                     quickReplies: ["1", "2", "3", "4", "5"]))
            default:
                continue
            }
            if let last = replies.last { c.record(last, at: now, matched: false) }
        }
        return replies
    }

    // MARK: What the agent sees

    static func shopper(_ c: Conversation, _ bot: Bot) -> Ticket.Shopper {
        let verified = c.facts.customerEmail ?? c.facts.verifiedOrders.last.flatMap { bot.orders?.order(id: $0)?.email }
        return Ticket.Shopper(verifiedEmail: verified, claimedEmail: verified == nil ? c.facts.email : nil,
                              claimedPostcode: verified == nil ? c.facts.postcode : nil)
    }

    /// The orders the shopper proved are theirs, each parcel's state included. Only those: an agent
    /// must not be shown a stranger's order either.
    static func snapshots(_ c: Conversation, _ bot: Bot, at now: Date) -> [Ticket.OrderSnapshot] {
        c.facts.verifiedOrders.compactMap { bot.orders?.order(id: $0) }.map { order in
            // The state with the refunds and returns, so the agent needn't ask.
            let money = order.refunds.map { bot.wording.refund($0, currency: order.currency) } + order.returns.map { "Return \($0.id): \($0.status)." }
            return Ticket.OrderSnapshot(id: order.id, status: order.status.rawValue, state: ([bot.wording.status(of: order)] + money).joined(separator: " "),
                                 items: order.items.map { "\($0.quantity)× \($0.name)" },
                                 parcels: bot.wording.parcels(of: order, today: now).map { $0.replacingOccurrences(of: "\n", with: " ") })
        }
    }

    static func facts(_ c: Conversation, _ bot: Bot) -> [String: String] {
        var f: [String: String] = [:]
        f["order_number"] = c.facts.orderNumber
        f["email"] = c.facts.email
        f["postcode"] = c.facts.postcode
        f["verified_orders"] = c.facts.verifiedOrders.isEmpty ? nil : c.facts.verifiedOrders.joined(separator: ", ")
        if let sku = c.facts.item { f["item"] = c.facts.orderNumber.flatMap { bot.orders?.order(id: $0)?.item(sku: sku)?.name } ?? sku }
        f["reason"] = c.facts.reason
        f["what_happened"] = c.facts.whatHappened
        f["new_address"] = c.facts.address
        f["requests"] = c.facts.requests.isEmpty ? nil : c.facts.requests.joined(separator: ", ")
        f["failed_verifications"] = c.facts.failedVerifications > 0 ? String(c.facts.failedVerifications) : nil
        return f
    }

    /// One paragraph an agent reads in ten seconds.
    static func summary(_ reason: Ticket.Reason, _ c: Conversation, _ bot: Bot, at now: Date) -> String {
        var parts: [String] = []
        let who = shopper(c, bot)
        if let v = who.verifiedEmail {
            parts.append("Verified shopper \(v).")
        } else if let e = who.claimedEmail ?? who.claimedPostcode {
            parts.append("Unverified shopper (gave \(e)).")
        } else {
            parts.append("Anonymous shopper.")
        }
        parts.append("Handed off because: \(reason.phrase).")
        let asked = bot.answeredIntents(c).compactMap { bot.catalog.intent($0)?.displayTitle.lowercasedFirst }
        if !asked.isEmpty { parts.append("The bot already answered: \(ShopProfile.naturalList(asked)).") }
        for order in c.facts.verifiedOrders.compactMap({ bot.orders?.order(id: $0) }) { parts.append(bot.wording.status(of: order)) }
        if let n = c.facts.orderNumber, !c.facts.verifiedOrders.contains(n) { parts.append("Asked about order #\(n), not verified.") }
        let f = facts(c, bot)
        if let item = f["item"] { parts.append("Item: \(item).") }
        if let what = c.facts.whatHappened { parts.append("In their words: \"\(what)\".") }
        if let address = c.facts.address { parts.append("New address: \(address).") }
        if !c.facts.requests.isEmpty { parts.append("Recorded: \(c.facts.requests.joined(separator: ", ")).") }
        if let last = c.transcript.last(where: { $0.sender == .shopper }) { parts.append("Last message: \"\(last.text)\".") }
        return parts.joined(separator: " ")
    }
}
