import Foundation

/// The conversation engine: a pure step from a conversation and what the shopper typed to the next
/// conversation, the replies and the ``Effect``s the host applies (``ChatRunner`` does).
///
/// It holds only frozen, shared things (the matcher, the shop's content and orders) and reads the
/// queue and the guessing guard; each shopper's state travels in their ``Conversation``. It routes
/// each message to an order flow (``OrderStatusFlow``, ``ReturnFlow``, ...), the handoff, the
/// questions after care, or the shop's answers.
public struct Bot: Sendable {
    public let matcher: IntentMatcher
    /// The shop's orders, when it has loaded them; without them order questions get the FAQ answers.
    public let orders: OrderStore?
    /// The live-agent queue, read only; without it the bot gives the shop's contact details instead of handing off.
    public let queue: (any QueueStatus)?
    /// Failed order verifications across all conversations (read here; failures are recorded by an effect).
    public let verificationGuard: VerificationGuard
    let wording: OrderWording
    /// The bot's own words, from the content's `wording.txt`.
    let words: Wording
    /// Each intent's answer with the profile's placeholders filled in, rendered once, in catalog order.
    let renderedAnswers: [String]
    /// Each intent's display title → its id, to read a clarifying question's options.
    let intentsByTitle: [String: String]
    /// What the bot says instead of handing off when there is no queue (see ``HandoffFlow``).
    let contactDetails: String
    /// Words naming the shop's products, from the item names of its orders.
    let products: ProductWords
    /// Yes, no and leave words, read once from the wording.
    let yes: PhraseSet, no: PhraseSet, leave: PhraseSet
    /// Words that only acknowledge ("ok", "cool").
    let acknowledgements: PhraseSet
    /// The shop's answers to short questions after its answers ("and for the US?").
    let followUpAnswers: FollowUpAnswers
    /// The yes and no words of one word each, and a filter of them by hash for a cheap first look.
    let yesNoWords: Set<String>, yesNoFilter: BloomFilter

    public var catalog: Catalog { matcher.catalog }
    public var profile: ShopProfile { matcher.catalog.profile }

    public init(matcher: IntentMatcher, orders: OrderStore? = nil, queue: (any QueueStatus)? = nil,
                verificationGuard: VerificationGuard = VerificationGuard()) {
        self.matcher = matcher
        self.orders = orders
        self.queue = queue
        self.verificationGuard = verificationGuard
        let profile = matcher.catalog.profile
        wording = OrderWording(profile: profile)
        words = matcher.catalog.wording
        renderedAnswers = matcher.catalog.intents.map { profile.render($0.answer) }
        contactDetails = HandoffFlow.contactDetails(profile)
        intentsByTitle = Dictionary(matcher.catalog.intents.map { ($0.displayTitle, $0.id) }, uniquingKeysWith: { first, _ in first })
        products = ProductWords(orders: orders, shopName: profile.name, catalog: matcher.catalog)
        yes = PhraseSet(words.list(.yesWords))
        no = PhraseSet(words.list(.noWords))
        leave = PhraseSet(words.list(.leavePhrases))
        acknowledgements = PhraseSet(words.list(.acknowledgements))
        followUpAnswers = FollowUpAnswers(catalog: matcher.catalog)
        let single = (words.list(.yesWords) + words.list(.noWords)).map { TextNormalizer.words(in: $0) }.filter { $0.count == 1 }.map { $0[0] }
        yesNoWords = Set(single)
        var filter = BloomFilter(capacity: 8 * max(1, single.count))
        for word in single { filter.insert(word.utf8) }
        yesNoFilter = filter
    }

    /// Opens a conversation with the shop's welcome.
    /// - Parameters:
    ///   - customer: an e-mail address the host application vouches for (a signed-in shopper), verified for their own orders only.
    ///   - client: who is typing, as far as the host can tell (a terminal, a network address): failed
    ///     order look-ups count across all of their chats.
    public func start(id: String, customer: String? = nil, client: String? = nil, at now: Date) -> Step {
        var conversation = Conversation(id: id)
        conversation.client = client
        conversation.facts.customerEmail = customer?.lowercased()
        conversation.transcript.reserveCapacity(4)
        let reply = Reply(kind: .answer, text: words[.welcome], quickReplies: words.options(.welcomeOptions))
        conversation.record(reply, at: now, matched: false)
        conversation.choices = reply.quickReplies.map { Choice(label: $0) }
        return Step(conversation: conversation, replies: [reply])
    }

    /// The bot's step on one shopper message.
    /// - Parameters:
    ///   - text: what the shopper typed (a number picks one of the options last shown).
    ///   - conversation: the conversation so far.
    ///   - now: the time of the message, from the caller's clock.
    /// - Returns: the conversation with the message and the replies added, the replies, and the
    ///   effects to apply (their outcomes go back through ``resume(after:in:at:)``).
    public func respond(to text: String, in conversation: consuming Conversation, at now: Date) -> Step {
        // Taken, not copied: a caller that hands over its only copy spares the transcript a copy per turn.
        var c = consume conversation
        // A card number is masked before anything keeps the message: the transcript, the facts,
        // the unmatched messages, requests and tickets, and every file written from them. Nor does
        // anything keep the invisible controls that could make a link show as another.
        let typed = BidiControls.removed(from: text).trimmedWhitespace
        let message = CardNumber.mask(typed)
        guard !message.isEmpty else { return Step(conversation: c) }
        let judged = Misunderstanding.answerToJudge(in: c.transcript[...])
        c.record(.shopper, message, at: now)
        // A message after a confident answer is judged against it now (a likely misunderstanding,
        // for the report), so the end of the chat need not read the transcript again; it is read
        // once for that and for routing.
        var reading: Reading?
        if let judged {
            let read = Reading(matcher.analyzer.readHashed(message, expectingOrderNumber: c.awaiting == .orderNumber), expectingNumber: c.awaiting == .orderNumber)
            reading = read
            if let misunderstood = Misunderstanding.judge(message, words: read.words, hashes: read.hashes, against: judged, in: c.transcript[...]) {
                c.misunderstandings = (c.misunderstandings ?? []) + [misunderstood]
            }
        }
        // Told once per message that held a card number, before anything else is said.
        let warning = message != typed ? [Reply(kind: .answer, text: words[.cardWarning])] : []
        if let outcome = HandoffFlow.withPerson(message, in: &c, self, at: now) {
            // Waiting for a person, before anyone has the chat: a question the bot can answer now
            // is answered (and the agent sees it); otherwise the bot only acknowledges.
            if let waiting = HandoffFlow.waitingTicket(c, self) {
                let classified = matcher.classify(message)
                if let intent = classified.intent, classified.confidence >= 0.5, !IntentID.smallTalk.contains(intent),
                   intent != IntentID.contactHumanAgent.rawValue, !(matcher.catalog.intent(intent)?.alwaysHandOff ?? false),
                   HandoffFlow.botMayAnswer(intent, waiting: waiting) {
                    var answered = route(message, in: &c, at: now, reading: reading)
                    answered.effects = outcome.effects + answered.effects
                        + answered.replies.map { .appendToTicket(ticketID: c.ticketID ?? "", turn: Turn(sender: .bot, text: $0.text, time: now, kind: $0.kind)) }
                    return finish(Outcome(warning) + answered, &c, at: now)
                }
            }
            return finish(Outcome(warning) + outcome, &c, at: now, matched: false)
        }
        var outcome = AfterCareFlow.answer(message, in: &c, self, at: now) ?? route(message, in: &c, at: now, reading: reading)
        if c.facts.queuedOrders != nil { outcome += nextOrders(after: outcome, in: &c, at: now) }
        // The second question of a message that asked two, once the first needs nothing more.
        if !c.inFlow, outcome.handOff == nil, c.ticketID == nil, let next = c.deferred {
            c.deferred = nil
            outcome += route(next, in: &c, at: now)
        }
        if outcome.replies.isEmpty { c.choices = [] }
        return finish(Outcome(warning) + outcome, &c, at: now)
    }

    /// The same question of the other orders asked about together ("where are 10233 and 10240?"),
    /// once the answer about the first needs nothing more: each in turn, until one needs a detail
    /// (its own e-mail address or postcode). An answer about something else drops them.
    func nextOrders(after outcome: Outcome, in c: inout Conversation, at now: Date) -> Outcome {
        var more = Outcome()
        while !c.inFlow, outcome.handOff == nil, more.handOff == nil, c.ticketID == nil, var queued = c.facts.queuedOrders, !queued.isEmpty {
            let answered = (outcome.replies + more.replies).contains { $0.intent.map(IntentID.orderRelatedIntents.contains) ?? false }
            guard answered, let topic = c.topic, flow(for: topic) != nil else {
                c.facts.queuedOrders = nil
                break
            }
            c.facts.orderNumber = queued.removeFirst()
            c.facts.queuedOrders = queued.isEmpty ? nil : queued
            let request = c.transcript.last { $0.sender == .shopper }?.text ?? ""
            more += startFlow(topic, request: request, in: &c, at: now)
        }
        return more
    }

    /// The bot's step after an effect it asked for: the ticket's queue place, the request's reference.
    public func resume(after outcome: EffectOutcome, in conversation: consuming Conversation, at now: Date) -> Step {
        var c = consume conversation
        let o: Outcome
        switch outcome {
        case .ticketOpened(let ticket): o = HandoffFlow.opened(ticket, in: &c, self, at: now)
        case .ticketRefused: o = HandoffFlow.refused(in: &c, self)
        case .ticketFailed: o = HandoffFlow.failed(self)
        case .requestRecorded(let request): o = recorded(request, in: &c, at: now)
        case .requestFailed(let draft):
            o = Outcome(Reply(kind: .answer, text: "Sorry, I couldn't save that just now. Please try again in a moment, or e-mail \(profile.values["support_email"] ?? "us") about order #\(draft.orderID)."))
        case .transcriptSent(let email): o = AfterCareFlow.sent(to: email, self)
        case .transcriptFailed: o = Outcome(Reply(kind: .answer, text: "Sorry, I couldn't prepare the e-mail just now."))
        }
        return finish(o, &c, at: now, matched: false)
    }

    /// Records the replies, turns a hand-off into its effect, and sets the options the last reply
    /// shows; the step takes the conversation, leaving `c` empty.
    private func finish(_ outcome: Outcome, _ c: inout Conversation, at now: Date, matched: Bool = true) -> Step {
        var replies = outcome.replies
        var effects = outcome.effects
        for r in replies { c.record(r, at: now, matched: matched) }
        if let handOff = outcome.handOff {
            let more = HandoffFlow.request(handOff.reason, priority: handOff.priority, in: &c, self, at: now)
            for r in more.replies { c.record(r, at: now, matched: false) }
            replies += more.replies
            effects += more.effects
        }
        if let last = replies.last { c.choices = choices(for: last) }
        // Moved into the step, not copied (every caller returns the step at once): `c` is left empty.
        var done = Conversation(id: "")
        swap(&done, &c)
        return Step(conversation: done, replies: replies, effects: effects)
    }

    /// What happened to the conversation's ticket since the shopper last looked: agent messages,
    /// an agent joining, the conversation resolved or handed back. Call it on a timer or before
    /// each turn; it advances ``Conversation/seenSequence``.
    public func notices(for conversation: Conversation, at now: Date) -> Step {
        var c = conversation
        let replies = HandoffFlow.notices(in: &c, self, at: now)
        if let last = replies.last { c.choices = choices(for: last) }
        return Step(conversation: c, replies: replies)
    }

    /// A message as the analyzer read it: its analysis, and its plain words with their hashes.
    struct Reading {
        var analysis: Analysis
        var words: [String]
        var hashes: [UInt64]
        /// Whether it was read while waiting for an order number (a bare number is one then).
        var expectingNumber: Bool

        init(_ read: (analysis: Analysis, plainWords: [String], plainWordHashes: [UInt64]), expectingNumber: Bool) {
            (analysis, words, hashes) = read
            self.expectingNumber = expectingNumber
        }
    }

    /// How the conversation ended, for the manager's report: an effect to log it.
    public func finish(_ c: Conversation, at now: Date) -> [Effect] {
        guard queue != nil, c.transcript.contains(where: { $0.sender == .shopper }) else { return [] }
        let intents = answeredIntents(c)
        let outcome: ConversationRecord.Outcome
        if c.lastTicketID != nil {
            outcome = .handedOff
        } else if c.inFlow || intents.isEmpty || c.fallbackStreak > 0 {
            outcome = .abandoned
        } else {
            outcome = .contained
        }
        // A lock-out without a ticket (an anonymous guesser) is flagged for the manager instead of paging an agent.
        let flags = c.facts.isLockedOut && c.lastTicketID == nil ? [ConversationRecord.verificationLockout] : nil
        return [.logConversation(ConversationRecord(id: c.id, started: c.transcript.first?.time ?? now, ended: now, outcome: outcome,
                                                    intents: intents, unmatched: c.unmatched, ticketID: c.lastTicketID, flags: flags,
                                                    misunderstandings: c.misunderstandings))]
    }

    // MARK: Routing

    /// The bot's answer to a message the conversation's state didn't claim (no person, no after-care).
    /// - Parameter reading: `typed` read already, for the same wait for an order number.
    func route(_ typed: String, in c: inout Conversation, at now: Date, reading: Reading? = nil) -> Outcome {
        let expectingNumber = c.awaiting == .orderNumber
        // Read once: the frustration check and the matcher share the words.
        let reading = reading.flatMap { $0.expectingNumber == expectingNumber ? $0 : nil }
            ?? Reading(matcher.analyzer.readHashed(typed, expectingOrderNumber: expectingNumber), expectingNumber: expectingNumber)
        let (analysis, plainWords, plainWordHashes) = (reading.analysis, reading.words, reading.hashes)
        if Frustration.detect(typed, words: plainWords, hashes: plainWordHashes) {
            // The details in an angry message still reach the agent.
            remember(analysis.entities, words: plainWords, in: &c)
            return Outcome(handOff: (.frustration, 1))
        }
        var text = typed
        if let choice = pickedChoice(typed, c.choices) {
            if let intent = choice.intent {
                c.fallbackStreak = 0
                return act(on: intent, confidence: 1, message: text, in: &c, at: now)
            }
            if choice.label == words[.somethingElse] {
                return Outcome(Reply(kind: .prompt, text: words[.rephrase]))
            }
            text = choice.label
        }
        var message = text == typed ? read(text, analysis: analysis, words: plainWords, hashes: plainWordHashes, in: c, expectingNumber: expectingNumber)
            : read(text, analysis: nil, words: nil, hashes: nil, in: c, expectingNumber: expectingNumber)

        // A flow waiting for an answer takes the message if it fits; anything else is a new message.
        if c.inFlow {
            // "never mind", "forget it, it's fine": leave the flow, before anything is read as its answer
            // (a yes-or-no question reads its own no first).
            if c.awaiting != .confirmation, leaves(message, c) {
                c.flow = nil
                c.deferred = nil
                return Outcome(Reply(kind: .answer, text: words[.leftFlow], quickReplies: words.options(.anythingElseOptions)))
            }
            if let outcome = continueFlow(message, in: &c, at: now) {
                c.fallbackStreak = 0
                return outcome
            }
            if c.awaiting == .confirmation, leaves(message, c) {
                c.flow = nil
                return Outcome(Reply(kind: .answer, text: words[.leftFlow], quickReplies: words.options(.anythingElseOptions)))
            }
        }
        // Only an acknowledgement ("ok", "cool"), or a bare yes or no to an answer that asked nothing:
        // nothing to answer but an offer of more.
        let bare = !c.inFlow && isBareYesOrNo(message)
        if !c.inFlow, acknowledgements.isWhole(message.words) || bare && !lastReplyAsked(c) {
            return Outcome(Reply(kind: .answer, text: words[.acknowledged], quickReplies: words.options(.anythingElseOptions)))
        }
        // "no" to "anything else I can help with?": a goodbye; "yes": what is it, then.
        if !c.inFlow, bare || message.words.count <= 3 && leave.isWhole(message.words), let yes = yesOrNo(message), offeredMore(c) {
            guard yes else { return act(on: IntentID.goodbye.rawValue, confidence: 1, message: text, in: &c, at: now) }
            return Outcome(Reply(kind: .prompt, text: words[.rephrase]))
        }
        // A follow-up about the answer just given ("what about the fudge", "how long will that take").
        if let outcome = followUp(message, in: &c, at: now) {
            c.fallbackStreak = 0
            return outcome
        }
        // "and for the US?" right after the customs answer: that answer's own follow-up.
        if !c.inFlow, let outcome = shopFollowUp(message, in: c) {
            c.fallbackStreak = 0
            return outcome
        }
        // Two questions in one message: the first now, the second once the first needs nothing more.
        if let (first, second) = twoQuestions(text, words: message.words, in: c) {
            c.deferred = second
            return route(first, in: &c, at: now)
        }
        // "I don't want to cancel order 10231": no cancellation, and nothing else to start.
        if !c.inFlow, let intent = message.classification.intent, let verb = Self.negatedRequest(intent, message.words) {
            remember(message.entities, words: message.words, in: &c)
            return Outcome(Reply(kind: .answer, text: "No problem, I won't \(verb) anything. Is there anything else I can help with?",
                                 quickReplies: words.options(.anythingElseOptions)))
        }
        if let address = AddressFlow.newAddress(in: message, c), orders != nil {
            // "please send order 10304 to 22 Baker Street, London W1U 3BW": an address change,
            // and the new address's postcode proves nothing.
            c.facts.address = address
            var entities = message.entities
            entities.postcodes.removeAll { address.uppercased().contains($0) }
            remember(entities, words: message.words, in: &c)
            c.fallbackStreak = 0
            c.flow = ActiveFlow(intent: IntentID.changeShippingAddress.rawValue, request: text)
            return proceed(in: &c, at: now).acting(on: IntentID.changeShippingAddress.rawValue, confidence: message.classification.confidence)
        }
        // "change the address on 10232 to LS6 2QF": the postcode after "to" is where it should go, no proof of the order.
        var entities = message.entities
        if !entities.postcodes.isEmpty, message.classification.intent == IntentID.changeShippingAddress.rawValue || message.mentions(AddressFlow.addressCues) {
            entities.postcodes.removeAll { AddressFlow.isDestination($0, in: message.text) }
        }
        remember(entities, words: message.words, in: &c)
        if message.classification.intent == nil, c.inFlow {
            // A bare detail or an aside while a flow waits: ask again for what it needs, once; a
            // second message that doesn't fit leaves the flow rather than asking a third time.
            if c.transcript.dropLast().last?.kind != .prompt || c.fallbackStreak == 0 {
                c.fallbackStreak += 1
                return OrderAccess.reprompt(in: &c, self)
            }
            c.topic = c.flow?.intent
            c.flow = nil
        }
        if saysNoOrderNumber(message), orders != nil {
            // "I don't know the number, my email is …": find it another way.
            c.flow = ActiveFlow(intent: c.topic ?? IntentID.trackOrder.rawValue, awaiting: .orderNumber, request: text)
            c.fallbackStreak = 0
            return proceed(in: &c, at: now)
        }
        if orders != nil, message.words.contains("only"), MissingFlow.received(message.words) != nil, !message.classification.analysis.isQuestion,
           message.classification.intent.map({ Self.damageMisreadings.contains($0) }) ?? true {
            // "I ordered 2 candles and only 1 came": part of the order is missing.
            c.fallbackStreak = 0
            return startFlow(IntentID.missingPackage.rawValue, request: text, in: &c, at: now)
                .acting(on: IntentID.missingPackage.rawValue, confidence: message.classification.confidence)
        }
        if orders != nil, message.mentions(DamagedFlow.damage), DamagedFlow.mentionsDamage(message.words), !message.classification.analysis.isQuestion,
           message.classification.intent.map({ Self.damageMisreadings.contains($0) }) ?? true {
            // "the cardigan arrived with a hole in the sleeve": a damaged item, however it's worded.
            c.fallbackStreak = 0
            return startFlow(IntentID.damagedItem.rawValue, request: text, in: &c, at: now)
                .acting(on: IntentID.damagedItem.rawValue, confidence: message.classification.confidence)
        }
        // The cheap checks first: most messages name no order, and then the intent's set needs no look-up.
        // "and what about order 10240?" asks the question under way again, of another order.
        let again = (c.flow?.intent ?? c.topic) != nil && asksTheSameAgain(message)
        if message.classification.confidence < 0.5 || message.classification.decision.isUnsure, !message.entities.orderNumbers.isEmpty, orders != nil,
           again || !(message.classification.intent.map { IntentID.orderRelatedIntents.contains($0) } ?? false) {
            // An order number with a question the matcher isn't sure of: its best guess when
            // that is an order question, else the question under way.
            c.fallbackStreak = 0
            var guess = again ? nil : orderQuestion(in: message, text)
            if guess == nil, !again, c.transcript.dropLast().last?.kind == .fallback, let unplaced = c.unmatched.last {
                // A bare order number after a message the bot didn't place ("I cancelled and never
                // got my money back"): that message was the question.
                let earlier = matcher.classify(unplaced)
                guess = earlier.candidates.first.flatMap { IntentID.orderRelatedIntents.contains($0.intent) ? $0.intent : nil }
                if guess != nil { c.fallbackStreak = 0 }
            }
            return startFlow(guess ?? c.flow?.intent ?? c.topic ?? IntentID.trackOrder.rawValue, request: text, in: &c, at: now)
        }
        if let intent = message.classification.intent, IntentID.smallTalk.contains(intent), !message.entities.orderNumbers.isEmpty, orders != nil {
            // "hi my order no is 10244 whats going on with it": the order, not the greeting.
            c.fallbackStreak = 0
            return startFlow(c.topic ?? IntentID.trackOrder.rawValue, request: text, in: &c, at: now)
        }
        if orders != nil, message.entities.orderNumbers.isEmpty, !message.entities.emails.isEmpty,
           message.classification.decision.isUnsure || message.classification.intent.map(IntentID.smallTalk.contains) == true,
           let guess = orderQuestion(in: message, text) ?? (products.named(in: text).isEmpty ? nil : c.topic ?? IntentID.trackOrder.rawValue) {
            // "I bought the wool throw, my email is …", "hi! where's my throw? email is …": a question
            // about an order without its number; the e-mail address (with the postcode) finds it.
            c.fallbackStreak = 0
            return startFlow(guess, request: text, in: &c, at: now)
        }
        if message.classification.decision.isUnsure, message.words.count <= 5, let reread = inContext(message, c) {
            // "and how long?" after the delivery options: read with what was answered last.
            message = reread
        }
        if let flow = c.flow, flow.intent != IntentID.trackOrder.rawValue, message.classification.analysis.isQuestion,
           message.confidentIntent(0.4) == IntentID.trackOrder.rawValue, message.entities.orderNumbers.isEmpty, let order = currentOrder(c),
           c.facts.verifiedOrders.contains(order.id) || c.facts.customerEmail != nil {
            // "wait, which order is this?" in the middle of a return: the order under way, and
            // the flow goes on where it was.
            let reminder = OrderAccess.reprompt(in: &c, self)
            return Outcome(Reply(kind: .answer, text: wording.status(of: order), intent: IntentID.trackOrder.rawValue)) + reminder
        }
        if let flow = c.flow, let intent = message.confidentIntent(0.5),
           !IntentID.orderIntents.contains(intent) && (message.entities.orderNumbers.isEmpty || !IntentID.orderOptionalIntents.contains(intent)),
           intent != Self.complaint, !(catalog.intent(intent)?.alwaysHandOff ?? false) {
            // An aside between a flow's steps ("wait, what are your opening hours?"): answered, and
            // the flow goes on where it was.
            let answered = answer(message, in: &c, at: now)
            c.flow = flow
            let reminder = OrderAccess.reprompt(in: &c, self)
            return answered + Outcome(reminder.replies.map { r in Reply(kind: .prompt, text: "When you're ready: " + r.text.lowercasedFirst, quickReplies: r.quickReplies) })
        }
        // A question between a flow's steps leaves the flow; its question stays the topic, so a
        // bare order number next goes on with it.
        if let flow = c.flow { c.topic = flow.intent }
        c.flow = nil
        return answer(message, in: &c, at: now)
    }

    /// The order question a message the matcher was unsure of most likely asks: its best guess when
    /// that is an order question, or its best guess read again with every product as "it" ("send
    /// both candles back, they don't fit"), whichever scores higher; nil when neither is one.
    func orderQuestion(in message: ShopperMessage, _ text: String) -> String? {
        // Small talk in front ("hi, i'd like to cancel …") is passed over.
        func guess(_ c: Classification) -> Classification.Candidate? {
            c.candidates.first { !IntentID.smallTalk.contains($0.intent) }
                .flatMap { IntentID.orderRelatedIntents.contains($0.intent) && $0.score >= Self.orderGuess ? $0 : nil }
        }
        let first = guess(message.classification)
        guard !products.named(in: text).isEmpty else { return first?.intent }
        let reread = guess(matcher.classify(products.neutralized(text, order: nil, every: true)))
        return (reread.map { r in first.map { r.score > $0.score } ?? true } ?? false ? reread : first)?.intent
    }

    /// Whether the message is only yes or no words ("yes", "nope", "no wait"), at most three of them.
    func isBareYesOrNo(_ message: ShopperMessage) -> Bool {
        guard message.words.count <= 3, !message.words.isEmpty else { return false }
        return message.words.indices.allSatisfy { k in
            (message.hashes[k] == 0 || yesNoFilter.mightContain(hash: message.hashes[k])) && yesNoWords.contains(message.words[k])
        }
    }

    /// Whether the bot's last reply asked whether there is anything else ("Is there anything else I can help with?").
    func offeredMore(_ c: Conversation) -> Bool {
        guard let last = c.transcript.dropLast().last(where: { $0.sender == .bot }), last.text.utf8.last == UInt8(ascii: "?") else { return false }
        return last.text.hasSuffix(words[.acknowledged]) || last.text.hasSuffix(words[.leftFlow]) || last.text.lowercased().hasSuffix("anything else i can help you with?")
    }

    /// Whether the bot's last reply asked the shopper something (a question, or options to pick).
    func lastReplyAsked(_ c: Conversation) -> Bool {
        guard let last = c.transcript.dropLast().last(where: { $0.sender == .bot }) else { return false }
        return last.kind == .prompt || last.kind == .clarify || last.text.utf8.last == UInt8(ascii: "?")
    }

    /// The least score at which the matcher's best guess is taken as the order question a message
    /// with an order number (or an e-mail address) asks: with the order in hand, a guess beats none.
    static let orderGuess = 0.25

    /// Whether the message opens like "and …?" or "what about …?": the question under way, asked of something else.
    func asksTheSameAgain(_ message: ShopperMessage) -> Bool {
        message.words.first == "and" || Self.sameAgain.occurs(in: Array(message.words.prefix(3)), hashes: Array(message.hashes.prefix(3)))
    }

    /// Openings that ask the same question of something else.
    static let sameAgain = PhraseSet(["what about", "how about", "same for", "same with", "and"])

    /// What a message about damage may be misread as ("it arrived" reads as delivery).
    static let damageMisreadings: Set<String> = [IntentID.trackOrder.rawValue, IntentID.deliveryPeriod.rawValue, IntentID.missingPackage.rawValue,
                                                 IntentID.damagedItem.rawValue]

    /// A short question right after one of the shop's answers, answered by that answer's follow-ups
    /// ("and for the US?" after the customs answer); nil when it asks something else with
    /// confidence, or none of the follow-ups fits.
    func shopFollowUp(_ message: ShopperMessage, in c: Conversation) -> Outcome? {
        // The turn before this message, read in place: a whole turn is not worth copying to look at two fields.
        let before = c.transcript.count - 2
        guard message.words.count <= FollowUpAnswers.longest, before >= 0, c.transcript[before].sender == .bot,
              let intent = c.transcript[before].intent, let position = matcher.catalog.positions[intent], followUpAnswers.any(at: position) else { return nil }
        if let other = message.confidentIntent(0.5), other != intent, !IntentID.smallTalk.contains(other) { return nil }
        guard let text = followUpAnswers.answer(to: message.words, hashes: message.hashes, at: position) else { return nil }
        return Outcome(Reply(kind: .answer, text: text, quickReplies: matcher.catalog.intents[position].quickReplies, intent: intent,
                             confidence: message.classification.confidence))
    }

    /// A short message the matcher was unsure of, read again with the title of the intent answered
    /// last ("does it expire" after the gift card answer); nil when that settles nothing.
    func inContext(_ message: ShopperMessage, _ c: Conversation) -> ShopperMessage? {
        // Only right after an answer: the reply just before this message acted on an intent.
        guard let last = c.transcript.dropLast().last.flatMap({ $0.sender == .bot ? $0.intent : nil }),
              !IntentID.smallTalk.contains(last), let title = catalog.intent(last)?.displayTitle else { return nil }
        let reread = matcher.classify(message.text + " " + title)
        guard let intent = reread.intent, reread.confidence >= 0.5, !IntentID.smallTalk.contains(intent) else { return nil }
        return ShopperMessage(message.text, classification: reread, words: message.words)
    }

    /// Reads a message: item names of the order under discussion and "that one" read as "it", so the
    /// matcher sees the question and not the product ("when will the lamp arrive" → "when will it arrive").
    func read(_ text: String, analysis: Analysis?, words: [String]?, hashes: [UInt64]?, in c: Conversation, expectingNumber: Bool) -> ShopperMessage {
        let words = words ?? TextNormalizer.words(in: text)
        var plain = text
        // "ok so when does it come": the acknowledgement in front is not the question.
        if let first = words.first, acknowledgements.isWhole([first]) || Self.thanks.contains(first) || first == "thank",
           let rest = withoutAcknowledgement(text), rest.split(separator: " ").count >= 2 {
            plain = rest
        }
        // "cancel the mug and keep everything else": what is kept is not what is asked.
        if words.contains("keep"), words.contains(where: { $0 == "cancel" || $0 == "remove" }) { plain = CancelFlow.withoutWhatStays(plain) }
        // Most messages name no product and say no "that one": then the analysis already made serves.
        let order = currentOrder(c)
        // A product word is needed for any change: the order's items, or a count in front of one.
        if words.contains("one") || products.mayName(words, hashes: hashes)
            || (order.isSome || orders != nil && Quantity.mayBeIn(words, hashes: hashes)) && products.mayNameAnyProduct(words, hashes: hashes) {
            plain = products.neutralized(plain, order: order)
        }
        if plain == text, let analysis {
            return ShopperMessage(text, classification: undoingNegatedDamage(matcher.classify(analysis: analysis, excluding: nil, explained: false), words),
                                  words: words, hashes: hashes)
        }
        // The entities survive: reading an item's name as "it" never touches numbers or addresses.
        return ShopperMessage(text, classification: undoingNegatedDamage(matcher.classify(plain, expectingOrderNumber: expectingNumber), words),
                              words: words, hashes: hashes)
    }

    /// "they're not faulty, I just don't like them" is no damaged item: a damaged-item decision on
    /// a message whose damage words are all negated becomes unsure.
    func undoingNegatedDamage(_ classification: Classification, _ words: [String]) -> Classification {
        guard classification.intent == IntentID.damagedItem.rawValue, !DamagedFlow.mentionsDamage(words) else { return classification }
        var unsure = classification
        unsure.decision = .fallback
        return unsure
    }

    /// The verbs of the requests that change an order, by intent, as the normalised words read them.
    static let requestVerbs: [String: (words: Set<String>, said: String)] = [
        IntentID.cancelOrder.rawValue: (["cancel", "cancelling", "canceling", "cancelled", "canceled"], "cancel"),
        IntentID.returnItem.rawValue: (["return", "returning", "refund"], "return"),
        IntentID.changeOrder.rawValue: (["change", "changing", "amend", "edit"], "change"),
    ]

    /// For a request to change an order whose every verb is negated ("I don't want to cancel",
    /// "please do not cancel it"), the verb to say it won't be done; nil when the request stands.
    static func negatedRequest(_ intent: String, _ words: [String]) -> String? {
        guard let verbs = requestVerbs[intent] else { return nil }
        var negated = false
        for (k, word) in words.enumerated() where verbs.words.contains(word) {
            let before = words[max(0, k - 4)..<k]
            // The words are normalised: "don't" and "dont" read "do not".
            guard before.contains(where: { $0 == "not" || $0 == "never" }) else { return nil }
            negated = true
        }
        return negated ? verbs.said : nil
    }

    /// Whether the message leaves the flow under way: a leave phrase on its own, one of several words
    /// in a short message ("no forget it, it's fine"; a lone "no" only on its own), or no return after all.
    func leaves(_ message: ShopperMessage, _ c: Conversation) -> Bool {
        if leave.isWhole(message.words) { return true }
        if message.words.count <= 6, leave.occurs(in: message.words.filter { $0 != "no" && $0 != "stop" }),
           !message.words.contains(where: { $0.first?.isNumber == true }) { return true }
        return (c.awaiting == .item || c.awaiting == .reason) && message.mentions(ReturnFlow.noReturn)
    }

    /// `text` without the acknowledgement words it starts with ("ok so", "cool,"), nil when none.
    /// Thanks in front go too when a question follows ("thanks! and is the vase in the same parcel?").
    func withoutAcknowledgement(_ text: String) -> String? {
        var tokens = text.split(separator: " ")[...]
        var dropped = false
        var thanked = false
        while let token = tokens.first {
            let words = TextNormalizer.words(in: String(token))
            if words.count == 1, acknowledgements.isWhole(words) {
                tokens = tokens.dropFirst()
                dropped = true
            } else if words.count == 1, Self.thanks.contains(words[0]) {
                tokens = tokens.dropFirst()
                thanked = true
            } else if words == ["thank"], tokens.dropFirst().first.map({ TextNormalizer.words(in: String($0)) == ["you"] }) == true {
                tokens = tokens.dropFirst(2)
                thanked = true
            } else {
                break
            }
        }
        guard dropped || thanked, let next = tokens.first else { return nil }
        if thanked {
            // Only when a question follows: "thanks for your help" is thanks.
            let first = TextNormalizer.words(in: String(next)).first ?? ""
            guard Self.questionFollows.contains(first) || text.utf8.contains(UInt8(ascii: "?")) else { return nil }
        }
        return tokens.joined(separator: " ")
    }

    static let thanks: Set<String> = ["thanks", "thx", "ty", "cheers", "ta", "thankyou", "tks"]
    /// Words that start a question after thanks.
    static let questionFollows: Set<String> = ["and", "also", "so", "but", "what", "whats", "when", "where", "wheres", "how", "can", "could",
                                               "is", "are", "will", "do", "does", "did", "has", "have", "why", "which", "who", "one"]

    private func answer(_ message: ShopperMessage, in c: inout Conversation, at now: Date) -> Outcome {
        let classified = message.classification
        switch classified.decision {
        case .act(let intent) where !isWeakSmallTalk(intent, message):
            c.fallbackStreak = 0
            if intent == Self.complaint {
                // The answer asks what happened; the account then goes to a person.
                c.flow = ActiveFlow(intent: intent, awaiting: .account, request: message.text)
            }
            return act(on: intent, confidence: classified.confidence, message: message.text, messageWords: message.words, hashes: message.hashes, in: &c, at: now)
        case .act:
            return fallback(message, in: &c)
        case .clarify(let ids):
            c.fallbackStreak = 0
            let titles = ids.compactMap { catalog.intent($0)?.displayTitle }
            if titles.count >= 2 {
                return Outcome(Reply(kind: .clarify, text: "I want to get this right. Which of these do you mean?",
                                     quickReplies: titles, confidence: classified.confidence))
            }
            return Outcome(Reply(kind: .clarify, text: "Just to check: is this about \(titles.first.map { $0.lowercasedFirst } ?? "that")?",
                                 quickReplies: titles + [words[.somethingElse]], confidence: classified.confidence))
        case .fallback:
            return fallback(message, in: &c)
        }
    }

    private func fallback(_ message: ShopperMessage, in c: inout Conversation) -> Outcome {
        c.fallbackStreak += 1
        c.unmatched.append(message.text)
        if c.fallbackStreak >= 2 { return Outcome(handOff: (.repeatedFallback, 3)) }
        return Outcome(Reply(kind: .fallback, text: words[.fallback], quickReplies: words.options(.fallbackOptions)))
    }

    /// A greeting or goodbye the matcher is unsure of in a message of several words ("what
    /// happens now", "where is it then"): a question it didn't place, not a pleasantry.
    private func isWeakSmallTalk(_ intent: String, _ message: ShopperMessage) -> Bool {
        (intent == IntentID.greeting.rawValue || intent == IntentID.goodbye.rawValue)
            && message.classification.confidence < 0.5 && message.words.count >= 3
    }

    /// Answers as `intentID`: a person, an order flow, or the shop's answer.
    /// - Parameters:
    ///   - messageWords: the message's normalised words, when the caller has them.
    ///   - hashes: their ``BloomFilter/hash(_:)``, likewise.
    func act(on intentID: String, confidence: Double, message: String, messageWords: [String]? = nil, hashes: [UInt64]? = nil,
             in c: inout Conversation, at now: Date) -> Outcome {
        // Through the matcher's stored catalog, field by field: `catalog` and a whole `Intent`
        // are copies, each retaining every list they hold.
        guard let position = matcher.catalog.positions[intentID] else {
            return Outcome(Reply(kind: .fallback, text: words[.fallback], quickReplies: words.options(.fallbackOptions)))
        }
        if matcher.catalog.intents[position].alwaysHandOff {
            let reason: Ticket.Reason = intentID == IntentID.contactHumanAgent.rawValue ? .askedForPerson : .alwaysPersonIntent
            return Outcome(handOff: (reason, 2))
        }
        if intentID == IntentID.changeShippingAddress.rawValue, Self.accountWords.occurs(in: TextNormalizer.words(in: message)),
           !message.contains(where: \.isNumber) {
            // "how do I change my address on my account": the shop's answer, not an order's.
            return Outcome(Reply(kind: .answer, text: renderedAnswers[position], quickReplies: matcher.catalog.intents[position].quickReplies,
                                 intent: intentID, confidence: confidence))
        }
        if intentID == IntentID.returnItem.rawValue, asksAboutThePolicy(message, c, messageWords: messageWords, hashes: hashes) {
            // "how many days do I have to return stuff?": the policy, and an order checked once its number comes.
            c.topic = intentID
            return Outcome(Reply(kind: .answer, text: shopAnswer(at: position, to: message, words: messageWords, hashes: hashes), quickReplies: ["Start a return"] + matcher.catalog.intents[position].quickReplies.prefix(2),
                                 intent: intentID, confidence: confidence))
        }
        if wantsOrderFlow(intentID, c) {
            return startFlow(intentID, request: message, in: &c, at: now).acting(on: intentID, confidence: confidence)
        }
        return Outcome(Reply(kind: .answer, text: shopAnswer(at: position, to: message, words: messageWords, hashes: hashes), quickReplies: matcher.catalog.intents[position].quickReplies,
                             intent: matcher.catalog.intents[position].id, confidence: confidence))
    }

    /// The shop's answer for the intent at `position`; for a message that names one of its
    /// follow-ups ("do I pay import tax in France?"), that part of it.
    func shopAnswer(at position: Int, to message: String, words: [String]? = nil, hashes: [UInt64]? = nil) -> String {
        guard followUpAnswers.any(at: position) else { return renderedAnswers[position] }
        return followUpAnswers.answer(to: words ?? TextNormalizer.words(in: message), hashes: words == nil ? nil : hashes, at: position, only: true)
            ?? renderedAnswers[position]
    }

    /// Words that put an address change on the account, not an order.
    static let accountWords = PhraseSet(["account", "profile", "saved address", "default address", "address book", "my details"])

    /// Question words that ask how returns work rather than ask for one ("how many days…", "is it free…").
    static let policyOpeners: Set<String> = ["how", "what", "whats", "what's", "is", "are", "do", "does", "which", "when", "why"]

    /// Whether `message` asks how returns work, naming no order and no product of its own.
    /// - Parameters:
    ///   - messageWords: the message's normalised words, when the caller has them.
    ///   - hashes: their ``BloomFilter/hash(_:)``, likewise.
    func asksAboutThePolicy(_ message: String, _ c: Conversation, messageWords: [String]? = nil, hashes: [UInt64]? = nil) -> Bool {
        let words = messageWords ?? TextNormalizer.words(in: message)
        guard let first = words.first, c.facts.orderNumber == nil, c.facts.customerEmail == nil,
              !message.utf8.contains(where: { $0 &- UInt8(ascii: "0") < 10 }) else { return false }
        if !Self.policyOpeners.contains(first) {
            // "can I return sale items?", "can I return earrings?": a question about a part of the
            // policy the shop wrote an answer for, even when it names a kind of product.
            guard Cue.isQuestion(text: message, words: words), let position = matcher.catalog.positions[IntentID.returnItem.rawValue],
                  followUpAnswers.answer(to: words, hashes: messageWords == nil ? nil : hashes, at: position) != nil else { return false }
            return true
        }
        return !products.mayName(words) && products.named(in: message).isEmpty
    }

    func wantsOrderFlow(_ intent: String, _ c: Conversation) -> Bool {
        guard orders != nil else { return false }
        if IntentID.orderIntents.contains(intent) { return true }
        return IntentID.orderOptionalIntents.contains(intent) && (c.facts.orderNumber != nil || c.facts.customerEmail != nil)
    }

    /// The options a reply offers: clarifying questions carry the intents; other quick replies are read as typed.
    private func choices(for reply: Reply) -> [Choice] {
        reply.quickReplies.map { label in
            if reply.kind == .clarify, let intent = intentsByTitle[label] {
                return Choice(label: label, intent: intent)
            }
            return Choice(label: label, intent: Self.optionIntents[label])
        }
    }

    /// The bot's own options, each acting on its intent when picked (not read again as text).
    static let optionIntents: [String: String] = [
        "Where is my order?": IntentID.trackOrder.rawValue, "Start a return": IntentID.returnItem.rawValue,
        "Talk to a person": IntentID.contactHumanAgent.rawValue, "Cancel my order": IntentID.cancelOrder.rawValue,
        "It says delivered but I don't have it": IntentID.missingPackage.rawValue, "It arrived damaged": IntentID.damagedItem.rawValue,
        "It arrived faulty": IntentID.damagedItem.rawValue,
    ]

    /// What may surround an option's number ("1.", "#2", "3)").
    static let choiceDecoration = CharacterSet(charactersIn: " .)#")

    /// The option `message` picks: its number, or its text exactly. Only options the last reply
    /// showed count: without them a number is read as typed.
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
        for k in choices.indices where choices[k].label.sameIgnoringCase(message) { return choices[k] }
        return nil
    }

    /// Remembers order numbers, e-mail addresses and postcodes the shopper mentions. Several order
    /// numbers asked about together ("where are 10233 and 10240?") are taken in turn: the first
    /// now, the others queued (see ``Facts/queuedOrders``); a correction ("not 10233, I meant
    /// 10333") keeps the last.
    /// - Parameter words: the message's words, to tell a correction from several orders.
    /// - Returns: whether the message brought a new detail.
    @discardableResult
    func remember(_ entities: Entities, words: [String] = [], in c: inout Conversation) -> Bool {
        var changed = false
        var numbers: [String] = []
        for number in entities.orderNumbers where !numbers.contains(number) && numbers.count < Facts.maximumOrdersAtOnce { numbers.append(number) }
        if numbers.count > 1, !words.contains(where: Self.correctionWords.contains) {
            c.facts.queuedOrders = Array(numbers.dropFirst())
            if numbers[0] != c.facts.orderNumber {
                c.facts.orderNumber = numbers[0]
                changed = true
            }
        } else if let number = numbers.last, number != c.facts.orderNumber {
            c.facts.orderNumber = number
            c.facts.queuedOrders = nil
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

    /// The one other order the shopper proved is theirs in this chat that has the item `text`
    /// names, when `order` has none of it; nil when none or several do.
    func otherVerifiedOrder(naming text: String, besides order: Order, _ c: Conversation) -> Order? {
        guard c.facts.verifiedOrders.count > 1, let orders, !products.named(in: text).isEmpty else { return nil }
        let others = c.facts.verifiedOrders.filter { $0 != order.id }.compactMap { orders.order(id: $0) }
            .filter { !products.items(in: text, of: $0).isEmpty }
        return others.count == 1 ? others[0] : nil
    }

    /// Words that make a second order number a correction of the first.
    static let correctionWords: Set<String> = ["meant", "not", "sorry", "wrong", "instead", "actually", "typo", "correction", "oops", "mistake"]

    /// The verified order under discussion, if any.
    func currentOrder(_ c: Conversation) -> Order? {
        guard let id = c.facts.orderNumber, c.facts.verifiedOrders.contains(id) else { return nil }
        return orders?.order(id: id)
    }

    /// Phrases that say the shopper hasn't got the order number.
    static let noNumberPhrases = PhraseSet([
        "dont know the number", "don't know the number", "do not know the number", "dont have the number", "don't have the number",
        "dont know my order number", "don't know my order number", "dont have my order number", "don't have my order number",
        "cant find the number", "can't find the number", "cant find my order number", "can't find my order number", "no order number",
        "lost the number", "lost my order number", "dont know it", "don't know it", "no idea what the number is", "not sure of the number",
        "dont have it", "don't have it", "cant find it", "can't find it", "dont remember", "don't remember", "forgot the number",
        "forgot my order number", "deleted the email", "deleted the confirmation", "how do i find", "where do i find", "where can i find",
        "how can i find", "where is the order number", "where's the order number",
    ])

    /// Whether the message says the shopper can't give the order number (while asked for one, or with an e-mail address).
    func saysNoOrderNumber(_ message: ShopperMessage) -> Bool {
        message.entities.orderNumbers.isEmpty && message.mentions(Self.noNumberPhrases)
    }

    /// The two questions of a message like "where is my order 10235 and also can I return the
    /// cushion?", when each part on its own is a confident, different request; nil otherwise.
    func twoQuestions(_ text: String, words: [String], in c: Conversation) -> (String, String)? {
        // Every joiner is "also", "and" before a question word, or a question mark with more after
        // it: most messages have none, and are spared the tokenising.
        guard words.contains("also") || Self.andAsks(words) || Self.questionMarkInside(text) else { return nil }
        let tokens = text.split(separator: " ")
        guard let cut = Self.joinerCut(tokens) else { return nil }
        let first = tokens[..<cut.end].joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " ,.;"))
        let second = tokens[cut.start...].joined(separator: " ")
        guard first.count >= 8, second.count >= 8 else { return nil }
        let order = currentOrder(c)
        // The second part first: when it asks nothing the bot knows, the first needs no reading.
        let b = matcher.classify(products.neutralized(second, order: order))
        guard let y = b.intent ?? b.candidates.first?.intent, b.confidence >= 0.35, !IntentID.smallTalk.contains(y) else { return nil }
        let a = matcher.classify(products.neutralized(first, order: order))
        guard let x = a.intent ?? a.candidates.first?.intent, x != y, a.confidence >= 0.35,
              !IntentID.smallTalk.contains(x), !IntentID.smallTalk.contains(y) else { return nil }
        return (first, second)
    }

    /// Whether an "and" in `words` is followed by a question word.
    static func andAsks(_ words: [String]) -> Bool {
        var k = 0
        while k + 1 < words.count {
            if words[k] == "and", questionStarts.contains(words[k + 1]) { return true }
            k += 1
        }
        return false
    }

    /// Whether a question mark in `text` has a letter after it: a question that goes on.
    static func questionMarkInside(_ text: String) -> Bool {
        text.scanningUTF8 { utf8 in
            var seen = false
            for byte in utf8 {
                if byte == UInt8(ascii: "?") { seen = true } else if seen, (byte | 0x20) &- UInt8(ascii: "a") < 26 { return true }
            }
            return false
        }
    }

    /// Words that start a second question after "and" or a question mark.
    static let questionStarts: Set<String> = ["can", "could", "how", "when", "where", "what", "whats", "do", "does", "is", "are", "will", "i"]

    /// Where the first question ends (`end`, exclusive) and the second starts, by token: at "also"
    /// ("and also", ", also"), at "and" before a question word, or after a question mark followed by one.
    static func joinerCut(_ tokens: [Substring]) -> (end: Int, start: Int)? {
        func plain(_ k: Int) -> String { tokens[k].lowercased().trimmingCharacters(in: .punctuationCharacters) }
        for k in tokens.indices.dropFirst() where k + 1 < tokens.count {
            let word = plain(k)
            if word == "also" {
                let end = plain(k - 1) == "and" ? k - 1 : k
                return end > 0 ? (end, k + 1) : nil
            }
            if word == "and", questionStarts.contains(plain(k + 1)), plain(k + 1) != "i" || ["can", "could"].contains(plain(min(k + 2, tokens.count - 1))) {
                return (k, k + 1)
            }
            if tokens[k - 1].hasSuffix("?"), questionStarts.contains(word) || word == "and", tokens.count - k >= 4 {
                return (k, word == "and" ? k + 1 : k)
            }
        }
        return nil
    }

    /// The intents the bot acted on, in order, without small talk: what an agent is told was answered.
    func answeredIntents(_ c: Conversation) -> [String] {
        var seen: [String] = []
        for t in c.transcript where t.sender == .bot {
            if let i = t.intent, !IntentID.smallTalk.contains(i), !seen.contains(i) { seen.append(i) }
        }
        return seen
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
