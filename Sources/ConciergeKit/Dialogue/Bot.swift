import Foundation

/// The conversation engine: given a conversation and what the shopper typed, returns the next
/// conversation and the bot's replies. It holds only frozen, shared things (the matcher and the
/// shop's content); each shopper's state travels in their ``Conversation``.
public struct Bot: Sendable {
    public let matcher: IntentMatcher
    /// The shop's orders, when it has loaded them; without them order questions get the FAQ answers.
    public let orders: OrderStore?
    /// Where return, cancellation and change requests are recorded for the shop.
    public let requests: RequestStore?
    /// The live-agent queue; without it the bot gives the shop's contact details instead of handing off.
    public let handoff: HandoffStore?
    /// Failed order verifications across all conversations: a new chat gives no fresh guesses.
    public let verificationGuard: VerificationGuard
    /// How many tickets anonymous conversations may open, so nobody can flood the agents' queue.
    public let handoffGate: HandoffGate
    let wording: OrderWording
    /// Each intent's answer with the profile's placeholders filled in, rendered once: the
    /// rendering depends only on the template and the profile, both frozen. In catalog order,
    /// so the intent's position (see `Catalog.positions`) finds it without another hash.
    let renderedAnswers: [String]
    /// The welcome that opens every chat, rendered once from the frozen profile.
    let welcome: Reply
    /// Each intent's display title → its id (the first intent, should two share a title), to
    /// read a clarifying question's options without working out every title per turn.
    let intentsByTitle: [String: String]
    /// ``contactDetails(_:)`` for this shop.
    let contactDetails: String
    public var catalog: Catalog { matcher.catalog }
    public var profile: ShopProfile { matcher.catalog.profile }

    public init(matcher: IntentMatcher, orders: OrderStore? = nil, requests: RequestStore? = nil, handoff: HandoffStore? = nil,
                verificationGuard: VerificationGuard = VerificationGuard(), handoffGate: HandoffGate = HandoffGate()) {
        self.matcher = matcher
        self.orders = orders
        self.requests = requests
        self.handoff = handoff
        self.verificationGuard = verificationGuard
        self.handoffGate = handoffGate
        wording = OrderWording(profile: matcher.catalog.profile)
        let profile = matcher.catalog.profile
        renderedAnswers = matcher.catalog.intents.map { profile.render($0.answer) }
        contactDetails = Self.contactDetails(profile)
        welcome = Self.welcome(profile)
        intentsByTitle = Dictionary(matcher.catalog.intents.map { ($0.displayTitle, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    /// Opens a conversation with the shop's welcome.
    /// - Parameters:
    ///   - customer: an e-mail address the host application vouches for (a signed-in shopper), verified for their own orders only.
    public func start(id: String, customer: String? = nil, at now: Date) -> (Conversation, [Reply]) {
        var conversation = Conversation(id: id)
        conversation.facts.customerEmail = customer?.lowercased()
        // Room for the welcome and the first exchange (the message and a reply or two): a
        // transcript of one would grow twice in the first turn.
        conversation.transcript.reserveCapacity(4)
        let reply = welcome
        conversation.record(reply, at: now, matched: false)
        conversation.choices = reply.quickReplies.map { Choice(label: $0) }
        return (conversation, [reply])
    }

    static func welcome(_ profile: ShopProfile) -> Reply {
        let text = profile.values["welcome"].map { profile.render($0) }
            ?? "Hello! I'm the \(profile.name) assistant. I can help with orders, delivery, returns, refunds, payments and your account."
        return Reply(kind: .answer, text: text, quickReplies: ["Where is my order?", "Start a return", "Talk to a person"])
    }

    /// The bot's answer to one shopper message.
    /// - Parameters:
    ///   - text: what the shopper typed (a number picks one of the options last offered).
    ///   - conversation: the conversation so far.
    ///   - now: the time of the message, from the caller's clock.
    /// - Returns: the conversation with the message and the replies added, and the replies.
    public func respond(to text: String, in conversation: consuming Conversation, at now: Date) -> (Conversation, [Reply]) {
        // Taken, not copied: a caller that hands over its only copy spares the transcript a copy per turn.
        var c = consume conversation
        // A card number is masked before anything keeps the message: the transcript, the facts,
        // the unmatched messages, requests and tickets, and every file written from them. Nor does
        // anything keep the invisible controls that could make a link show as another.
        let message = CardNumber.mask(BidiControls.removed(from: text).trimmedWhitespace)
        guard !message.isEmpty else { return (c, []) }
        c.record(.shopper, message, at: now)
        if let replies = continueWithPerson(message, in: &c, at: now) {
            // A person has the conversation: the bot says nothing but queue news.
            for r in replies { c.record(r, at: now, matched: false) }
            return (c, replies)
        }
        let replies = continueAfterCare(message, in: &c, at: now) ?? reply(to: message, in: &c)
        for r in replies { c.record(r, at: now) }
        // A closure, not `map(choices(for:))`: the method reference would copy the whole bot per turn.
        c.choices = replies.last.map { choices(for: $0) } ?? []
        return (c, replies)
    }

    /// The options a reply offers: clarifying questions carry the intents; other quick replies are read as typed.
    private func choices(for reply: Reply) -> [Choice] {
        reply.quickReplies.map { label in
            if reply.kind == .clarify, let intent = intentsByTitle[label] {
                return Choice(label: label, intent: intent)
            }
            return Choice(label: label)
        }
    }

    private func reply(to typed: String, in c: inout Conversation) -> [Reply] {
        var message = typed
        let expectingNumber: Bool
        if case .orderNumber = c.pending { expectingNumber = true } else { expectingNumber = false }
        // Read once: the frustration check and the matcher share the words.
        let (analysis, plainWords, plainWordHashes) = matcher.analyzer.readHashed(typed, expectingOrderNumber: expectingNumber)
        if Frustration.detect(typed, words: plainWords, hashes: plainWordHashes) {
            return handOff(.frustration, priority: 1, in: &c, at: c.now)
        }
        var picked = false
        if let choice = pickedChoice(typed, c.choices) {
            if let intent = choice.intent {
                c.fallbackStreak = 0
                return act(on: intent, confidence: 1, in: &c)
            }
            if choice.label == Self.somethingElse {
                return [Reply(kind: .prompt, text: "No problem. Tell me in a few words what you need, and I'll do my best.")]
            }
            message = choice.label
            picked = true
        }
        let classified = picked ? matcher.classify(message, expectingOrderNumber: expectingNumber)
            : matcher.classify(analysis: analysis, excluding: nil, explained: false)
        if let replies = continuePending(message, analysis: classified.analysis, intent: classified.intent, in: &c) {
            c.fallbackStreak = 0
            return replies
        }
        remember(classified.analysis.entities, in: &c)
        // A bare detail with no question (an order number, an e-mail) goes on with the last order question.
        if classified.intent == nil, let pending = c.pending {
            return [reprompt(pending, in: c)]
        }
        // The cheap checks first: most messages name no order, and then the intent's set needs no look-up.
        if classified.confidence < 0.5, !classified.analysis.entities.orderNumbers.isEmpty, orders != nil,
           !(classified.intent.map { Self.orderRelatedIntents.contains($0) } ?? false) {
            return orderFlow(lastOrderIntent(c), in: &c)
        }
        c.pending = nil
        return reply(to: message, classified: classified, in: &c)
    }

    /// Asks again for what the bot is waiting for, after a message that didn't answer it.
    private func reprompt(_ pending: PendingStep, in c: Conversation) -> Reply {
        switch pending {
        case .orderNumber: return orderNumberHelp
        case .verification: return Reply(kind: .prompt, text: "I still need the e-mail address or postcode on the order to look it up. (Say \"never mind\" to leave this.)")
        case .item: return Reply(kind: .prompt, text: "Which item is it? Type its number or its name.", quickReplies: c.choices.map(\.label))
        case .returnReason: return Reply(kind: .prompt, text: "Why is it going back?", quickReplies: Self.returnReasons)
        case .whatHappened: return Reply(kind: .prompt, text: "Tell me in a sentence or two what happened.")
        }
    }

    /// The second time the bot asks for an order number: where to find it, and a person if the
    /// shopper can't (orders are never listed for an e-mail address alone, which proves nothing).
    var orderNumberHelp: Reply {
        let account = profile.values["account_url"].map { " and in your account at \($0)" } ?? ""
        return Reply(kind: .prompt,
                     text: "Your order number is in the order confirmation e-mail (it looks like #10231)\(account). To keep orders private I can't look them up by an e-mail address alone; if you can't find the number, a member of our team can help.",
                     quickReplies: ["Talk to a person", "Never mind"])
    }

    private func reply(to message: String, classified: Classification, in c: inout Conversation) -> [Reply] {
        switch classified.decision {
        case .act(let intent):
            c.fallbackStreak = 0
            return act(on: intent, confidence: classified.confidence, in: &c)
        case .clarify(let ids):
            c.fallbackStreak = 0
            let titles = ids.compactMap { catalog.intent($0)?.displayTitle }
            if titles.count >= 2 {
                return [Reply(kind: .clarify, text: "I want to get this right. Which of these do you mean?",
                              quickReplies: titles, confidence: classified.confidence)]
            }
            return [Reply(kind: .clarify, text: "Just to check: is this about \(titles.first.map { $0.lowercasedFirst } ?? "that")?",
                          quickReplies: titles + [Self.somethingElse], confidence: classified.confidence)]
        case .fallback:
            c.fallbackStreak += 1
            c.unmatched.append(message)
            if c.fallbackStreak >= 2 {
                return handOff(.repeatedFallback, priority: 3, in: &c, at: c.now)
            }
            return [Reply(kind: .fallback,
                          text: "Sorry, I didn't quite follow. Could you put it another way? I can help with orders, delivery, returns, refunds, payments and your account.",
                          quickReplies: ["What can you do?", "Talk to a person"])]
        }
    }

    static let somethingElse = "Something else"
    /// What may surround an option's number ("1.", "#2", "3)").
    static let choiceDecoration = CharacterSet(charactersIn: " .)#")

    /// Answers as `intent`.
    func act(on intentID: String, confidence: Double, in c: inout Conversation) -> [Reply] {
        // Through the matcher's stored catalog, field by field: `catalog` and a whole `Intent`
        // are copies, each retaining every list they hold.
        guard let position = matcher.catalog.positions[intentID] else {
            return [Reply(kind: .fallback, text: "Sorry, I can't help with that one.")]
        }
        if matcher.catalog.intents[position].alwaysHandOff {
            return handOff(intentID == "contact_human_agent" ? .askedForPerson : .alwaysPersonIntent, in: &c, at: c.now).map { r in
                var r = r
                r.intent = intentID
                r.confidence = confidence
                return r
            }
        }
        if wantsOrderFlow(intentID, c) {
            let replies = orderFlow(intentID, in: &c)
            if !replies.isEmpty {
                return replies.map { r in
                    var r = r
                    if r.intent == nil && r.kind != .handoff { r.intent = intentID }
                    if r.confidence == nil { r.confidence = confidence }
                    return r
                }
            }
        }
        return [Reply(kind: .answer, text: renderedAnswers[position], quickReplies: matcher.catalog.intents[position].quickReplies,
                      intent: matcher.catalog.intents[position].id, confidence: confidence)]
    }

    /// The option `message` picks: its number, or its text exactly.
    private func pickedChoice(_ message: String, _ choices: [Choice]) -> Choice? {
        guard !choices.isEmpty else { return nil }
        let trimmed = message.trimming(Self.choiceDecoration) {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: "#")
        }
        // A number starts with a digit or a sign; most messages are words, not worth parsing.
        if let first = trimmed.utf8.first, first &- UInt8(ascii: "0") < 10 || first == UInt8(ascii: "+") || first == UInt8(ascii: "-"),
           let n = Int(trimmed), (1...choices.count).contains(n) {
            return choices[n - 1]
        }
        // By index: a `first(where:)` closure takes a copy of each choice, retaining its strings.
        for k in choices.indices where choices[k].label.sameIgnoringCase(message) { return choices[k] }
        return nil
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
