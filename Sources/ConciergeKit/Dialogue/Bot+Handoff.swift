import Foundation

/// Handing a conversation to a person, staying quiet while they have it, and the satisfaction
/// questions after they resolve it.
extension Bot {
    /// What the bot says instead of handing off when there is no agent queue: how to reach the
    /// shop's team. (Rendered once, in `Bot.init`: the opening hours take Foundation's time zones.)
    static func contactDetails(_ profile: ShopProfile) -> String {
        "A member of our team can help with this: e-mail \(profile.values["support_email"] ?? "us") or call \(profile.values["support_phone"] ?? "us"), \(profile.placeholder("support_hours") ?? "during opening hours")."
    }

    /// Opens a ticket carrying the whole conversation and what the bot learned, and tells the shopper
    /// why, their place in the queue and the expected wait (or when people are back).
    func handOff(_ reason: Ticket.Reason, priority: Int = 2, in c: inout Conversation, at now: Date) -> [Reply] {
        guard let handoff else {
            return [Reply(kind: .handoff, text: contactDetails)]
        }
        // An anonymous conversation gets one ticket, and only while anonymous tickets are not
        // flooding in; the shop's e-mail and phone otherwise (see ``HandoffGate``).
        if c.facts.isAnonymous {
            guard c.lastTicketID == nil, handoffGate.admitAnonymous(at: now) else {
                return [Reply(kind: .handoff, text: "Our team can't take more chats just now. " + contactDetails)]
            }
        }
        let transcript = c.transcript
        let ticket: Ticket
        do {
            ticket = try handoff.open(conversationID: c.id, reason: reason, priority: priority, shopper: shopper(c),
                                      orders: orderSnapshots(c), answered: answeredIntents(c), facts: factList(c),
                                      summary: summary(reason, c), transcript: transcript, at: now)
        } catch {
            return [Reply(kind: .handoff, text: "I couldn't reach our team's queue just now. Please e-mail \(profile.values["support_email"] ?? "us") and we'll pick this up from there.")]
        }
        c.ticketID = ticket.id
        c.lastTicketID = ticket.id
        c.pending = nil
        c.fallbackStreak = 0
        c.seenSequence = handoff.lastSequence()
        let why: String
        switch reason {
        case .askedForPerson, .alwaysPersonIntent: why = "Of course, I'm passing you to a member of our team."
        case .repeatedFallback: why = "I'm sorry I couldn't follow; I'm passing you to a member of our team."
        case .frustration: why = "I'm sorry this has been frustrating. I'm passing you straight to a member of our team."
        case .verificationLockout: why = "A member of our team can check your details and help, so I'm passing you to them."
        case .needsPerson: why = "This needs a person's decision, so I'm passing it to a member of our team."
        }
        let context = " They'll see this whole conversation, so you won't need to repeat anything."
        c.toldQueuePosition = handoff.position(of: ticket.id)
        guard profile.supportHours.isOpen(at: now, in: profile.timeZone) else {
            let back = profile.supportHours.nextOpening(after: now, in: profile.timeZone).map { "They're back \($0)" } ?? "They'll be back soon"
            return [Reply(kind: .handoff, text: why + context + " Our team is away right now. \(back) (\(profile.placeholder("support_hours") ?? "")). Your conversation is saved, and they'll reply here and by e-mail.")]
        }
        let position = handoff.position(of: ticket.id) ?? 1
        c.toldQueuePosition = position
        return [Reply(kind: .handoff, text: why + context + " You're number \(position) in the queue" + waitText(handoff.estimatedWait(at: now)) + ". Keep typing if there's anything to add.")]
    }

    private func waitText(_ wait: TimeInterval?) -> String {
        guard let wait else { return "" }
        let minutes = max(1, Int((wait / 60).rounded()))
        return minutes == 1 ? ", and the wait is about a minute" : ", and the wait is about \(minutes) minutes"
    }

    /// While a ticket is open, the shopper's messages go to it; the bot only reports queue changes.
    /// nil when the conversation is back with the bot.
    func continueWithPerson(_ message: String, in c: inout Conversation, at now: Date) -> [Reply]? {
        guard let handoff, let id = c.ticketID, let ticket = handoff.ticket(id) else { return nil }
        switch ticket.status {
        case .waiting, .claimed:
            // Kept in the chat's own transcript (the session journal) even if the store can't take it now.
            _ = try? handoff.append(Turn(sender: .shopper, text: message, time: now), to: id)
            guard ticket.status == .waiting, let position = handoff.position(of: id), position != c.toldQueuePosition else { return [] }
            c.toldQueuePosition = position
            return [Reply(kind: .handoff, text: "Added to your conversation. You're now number \(position) in the queue.")]
        case .resolved, .returnedToBot:
            c.ticketID = nil
            return nil
        }
    }

    /// What happened to the conversation's ticket since the shopper last looked: agent messages,
    /// an agent joining, the conversation being resolved or handed back. Call it on a timer or before
    /// each turn; it advances `seenSequence`.
    public func notices(for conversation: Conversation, at now: Date) -> (Conversation, [Reply]) {
        var c = conversation
        guard let handoff, let id = c.ticketID ?? c.lastTicketID else { return (c, []) }
        var replies: [Reply] = []
        for event in handoff.events(after: c.seenSequence) {
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
                    replies.append(Reply(kind: .answer, text: "You're back with me, the \(profile.name) assistant. What else can I help with?"))
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
        return (c, replies)
    }

    /// The rating, comment and transcript-copy questions after a resolution.
    func continueAfterCare(_ message: String, in c: inout Conversation, at now: Date) -> [Reply]? {
        guard let step = c.afterCare, let id = c.lastTicketID, let handoff else { return nil }
        let words = TextNormalizer.words(in: message)
        let no = words.first.map { ["no", "nope", "nah", "skip"].contains($0) } ?? false
        switch step {
        case .rating:
            guard let n = Int(message.trimmingCharacters(in: .whitespaces)), (1...5).contains(n) else {
                c.afterCare = nil
                return nil
            }
            try? handoff.rate(id, rating: n, comment: nil, at: now)
            c.afterCare = .comment
            return [Reply(kind: .prompt, text: "Thank you! Anything you'd like to add? (Or say no.)", quickReplies: ["No"])]
        case .comment:
            if !no, let rating = handoff.ticket(id)?.rating {
                try? handoff.rate(id, rating: rating, comment: message, at: now)
            }
            c.afterCare = .transcriptOffer
            return [Reply(kind: .prompt, text: "Would you like a copy of this conversation by e-mail?", quickReplies: ["Yes please", "No thanks"])]
        case .transcriptOffer:
            guard !no, words.contains(where: { ["yes", "yeah", "yep", "please", "sure", "ok"].contains($0) }) else {
                c.afterCare = nil
                return [Reply(kind: .answer, text: "No problem. Thanks for shopping with \(profile.name)!")]
            }
            if let email = handoff.ticket(id)?.shopper.identity ?? c.facts.email {
                c.afterCare = nil
                return [sendTranscript(id, to: email, at: now)]
            }
            c.afterCare = .transcriptAddress
            return [Reply(kind: .prompt, text: "Which e-mail address should I send it to?")]
        case .transcriptAddress:
            guard let email = EntityScanner().scan(message).entities.emails.first else {
                return [Reply(kind: .prompt, text: "That doesn't look like an e-mail address; try again, or say no.")]
            }
            c.afterCare = nil
            return [sendTranscript(id, to: email, at: now)]
        }
    }

    private func sendTranscript(_ id: String, to email: String, at now: Date) -> Reply {
        guard let handoff, let ticket = handoff.ticket(id) else { return Reply(kind: .answer, text: "Sorry, I couldn't find that conversation.") }
        do {
            try Outbox(directory: (handoff.directory as NSString).appendingPathComponent("outbox"))
                .write(ticket: ticket, to: email, from: profile.values["support_email"] ?? "support@example.com",
                       shop: profile.name, timeZone: profile.timeZone, at: now)
            return Reply(kind: .answer, text: "Done: a copy is on its way to \(email). Thanks for shopping with \(profile.name)!")
        } catch {
            return Reply(kind: .answer, text: "Sorry, I couldn't prepare the e-mail just now.")
        }
    }

    private func shopper(_ c: Conversation) -> Ticket.Shopper {
        let verified = c.facts.customerEmail ?? (c.facts.verifiedOrders.isEmpty ? nil : c.facts.verifiedOrders.last.flatMap { orders?.order(id: $0)?.email })
        return Ticket.Shopper(verifiedEmail: verified, claimedEmail: verified == nil ? c.facts.email : nil,
                              claimedPostcode: verified == nil ? c.facts.postcode : nil)
    }

    private func orderSnapshots(_ c: Conversation) -> [Ticket.OrderSnapshot] {
        // Only orders the shopper proved are theirs: an agent must not be shown a stranger's order either.
        c.facts.verifiedOrders.compactMap { orders?.order(id: $0) }.map { order in
            Ticket.OrderSnapshot(id: order.id, status: order.status.rawValue, state: wording.status(of: order),
                                 items: order.items.map { "\($0.quantity)× \($0.name)" })
        }
    }

    /// Intents that are pleasantries, not answers worth telling an agent about.
    static let smallTalk: Set<String> = ["greeting", "goodbye", "thanks", "bot_identity", "help"]

    private func answeredIntents(_ c: Conversation) -> [String] {
        var seen: [String] = []
        for t in c.transcript where t.sender == .bot {
            if let i = t.intent, !Self.smallTalk.contains(i), !seen.contains(i) { seen.append(i) }
        }
        return seen
    }

    private func factList(_ c: Conversation) -> [String: String] {
        var f: [String: String] = [:]
        f["order_number"] = c.facts.orderNumber
        f["email"] = c.facts.email
        f["postcode"] = c.facts.postcode
        f["verified_orders"] = c.facts.verifiedOrders.isEmpty ? nil : c.facts.verifiedOrders.joined(separator: ", ")
        if let sku = c.facts.item { f["item"] = c.facts.orderNumber.flatMap { orders?.order(id: $0)?.item(sku: sku)?.name } ?? sku }
        f["reason"] = c.facts.reason
        f["what_happened"] = c.facts.whatHappened
        f["requests"] = c.facts.requests.isEmpty ? nil : c.facts.requests.joined(separator: ", ")
        f["failed_verifications"] = c.facts.failedVerifications > 0 ? String(c.facts.failedVerifications) : nil
        return f
    }

    /// One paragraph an agent reads in ten seconds.
    private func summary(_ reason: Ticket.Reason, _ c: Conversation) -> String {
        var parts: [String] = []
        let who = shopper(c)
        if let v = who.verifiedEmail {
            parts.append("Verified shopper \(v).")
        } else if let e = who.claimedEmail ?? who.claimedPostcode {
            parts.append("Unverified shopper (gave \(e)).")
        } else {
            parts.append("Anonymous shopper.")
        }
        parts.append("Handed off because: \(reason.phrase).")
        let asked = answeredIntents(c).compactMap { catalog.intent($0)?.displayTitle.lowercasedFirst }
        if !asked.isEmpty { parts.append("The bot already answered: \(ShopProfile.naturalList(asked)).") }
        for order in orderSnapshots(c) { parts.append(order.state) }
        if let n = c.facts.orderNumber, !c.facts.verifiedOrders.contains(n) { parts.append("Asked about order #\(n), not verified.") }
        if let item = factList(c)["item"] { parts.append("Item: \(item).") }
        if let what = c.facts.whatHappened { parts.append("In their words: \"\(what)\".") }
        if !c.facts.requests.isEmpty { parts.append("Recorded: \(c.facts.requests.joined(separator: ", ")).") }
        if let last = c.transcript.last(where: { $0.sender == .shopper }) { parts.append("Last message: \"\(last.text)\".") }
        return parts.joined(separator: " ")
    }

    /// Records how the conversation ended, for the manager's report.
    public func finish(_ c: Conversation, at now: Date) {
        guard let handoff else { return }
        guard c.transcript.contains(where: { $0.sender == .shopper }) else { return }
        let intents = answeredIntents(c)
        let outcome: ConversationRecord.Outcome
        if c.lastTicketID != nil {
            outcome = .handedOff
        } else if c.pending != nil || intents.isEmpty || c.fallbackStreak > 0 {
            outcome = .abandoned
        } else {
            outcome = .contained
        }
        // A lock-out without a ticket (an anonymous guesser) is flagged for the manager instead of paging an agent.
        let flags = c.facts.isLockedOut && c.lastTicketID == nil ? [ConversationRecord.verificationLockout] : nil
        try? handoff.logConversation(ConversationRecord(id: c.id, started: c.transcript.first?.time ?? now, ended: now, outcome: outcome,
                                                        intents: intents, unmatched: c.unmatched, ticketID: c.lastTicketID, flags: flags))
    }
}
