import Foundation

/// One post-purchase question answered from the shopper's order (status, a return, a refund, a
/// cancellation, a change, a damaged or missing item): a small value with its own step.
///
/// The bot finds and verifies the order first (``OrderAccess``); a flow then answers about it,
/// reads the answers to what it asked, and words what the shop recorded for it. What it learns
/// goes in ``Facts``, so it survives the shopper leaving for another question.
protocol OrderFlow: Sendable {
    /// Answers about the shopper's verified order; `request` is the message that asked.
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome
    /// A message while the flow waits for something; nil when it isn't an answer to that.
    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome?
    /// A follow-up about the answer this flow gave last ("what about the fudge"); nil when it isn't one.
    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome?
    /// What to tell the shopper once the shop recorded the flow's request.
    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome
}

extension OrderFlow {
    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? { nil }
    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? { nil }
    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome { Outcome() }
}

extension Bot {
    /// The flow that answers `intent`.
    func flow(for intent: String) -> (any OrderFlow)? {
        switch IntentID(rawValue: intent) {
        case .trackOrder, .deliveryPeriod: return OrderStatusFlow()
        case .returnItem: return ReturnFlow()
        case .getRefund, .trackRefund: return RefundFlow(status: intent == IntentID.trackRefund.rawValue)
        case .cancelOrder: return CancelFlow()
        case .changeShippingAddress: return AddressFlow()
        case .changeOrder: return ChangeFlow()
        case .damagedItem: return DamagedFlow()
        case .missingPackage: return MissingFlow()
        default: return nil
        }
    }

    /// The flow that words a recorded request of `kind`.
    func flow(recording kind: ShopRequest.Kind) -> any OrderFlow {
        switch kind {
        case .returnItem: return ReturnFlow()
        case .cancel: return CancelFlow()
        case .change: return ChangeFlow()
        case .addressChange: return AddressFlow()
        case .damaged: return DamagedFlow()
        case .missing: return MissingFlow()
        }
    }

    /// Starts the flow for `intent`: the order first, then the flow's answer.
    func startFlow(_ intent: String, request: String, in c: inout Conversation, at now: Date) -> Outcome {
        if intent == IntentID.changeShippingAddress.rawValue || c.flow?.intent == IntentID.changeShippingAddress.rawValue,
           let address = AddressFlow.address(in: request) {
            c.facts.address = address
        }
        // Asked for the number already: asking again says where to find it, not the same question.
        let asked = c.awaiting == .orderNumber && c.facts.orderNumber == nil
        c.flow = ActiveFlow(intent: intent, awaiting: asked ? .orderNumber : .nothing, request: request)
        return proceed(in: &c, at: now)
    }

    /// Goes on with the flow under way: the order if it isn't known and verified yet, then the flow.
    func proceed(in c: inout Conversation, at now: Date) -> Outcome {
        guard let active = c.flow, let flow = flow(for: active.intent) else { return Outcome() }
        let known = c.facts.orderNumber != nil
        switch OrderAccess.order(in: &c, self, at: now) {
        case .ask(let outcome):
            return outcome
        case .order(let order):
            c.await(.nothing)
            // A signed-in shopper's order picked among theirs by the item named: which one it is.
            let picked = !known && (c.facts.customerEmail.map { orders?.orders(forEmail: $0).count ?? 0 } ?? 0) > 1
            let note = picked ? Outcome(Reply(kind: .answer, text: "That's order #\(order.id).")) : Outcome()
            return note + flow.start(order, request: active.request, in: &c, self, at: now)
        }
    }

    /// A message while a flow waits: the detail it asked for, or the flow's own answer.
    func continueFlow(_ message: ShopperMessage, in c: inout Conversation, at now: Date) -> Outcome? {
        guard let active = c.flow else { return nil }
        if active.intent == Self.complaint {
            // What went wrong, after the complaint's answer asked: a person takes it from here.
            guard bot(isAccount: message) else { return nil }
            c.facts.whatHappened = message.text
            c.flow = nil
            remember(message.entities, words: message.words, in: &c)
            return Outcome([Reply(kind: .answer, text: "Thank you for telling me, and I'm sorry. I've written it down for our customer care team.")],
                           handOff: (.needsPerson, 2))
        }
        switch active.awaiting {
        case .nothing:
            return nil
        case .orderNumber, .verification, .postcode:
            if let outcome = OrderAccess.answer(message, in: &c, self, at: now) { return outcome }
            return nil
        default:
            guard let flow = flow(for: active.intent), let order = currentOrder(c) else { return nil }
            // A new order number moves on to that order, unless the message asks another order question about it.
            if let number = message.entities.orderNumbers.last, number != order.id {
                if !asksTheSameAgain(message), let other = message.classification.intent ?? message.classification.candidates.first?.intent,
                   other != active.intent, IntentID.orderRelatedIntents.contains(other) { return nil }
                remember(message.entities, words: message.words, in: &c)
                return proceed(in: &c, at: now)
            }
            return flow.answer(message, order: order, in: &c, self, at: now)
        }
    }

    /// A follow-up about the order question answered last, read by that question's flow.
    func followUp(_ message: ShopperMessage, in c: inout Conversation, at now: Date) -> Outcome? {
        guard !c.inFlow, let topic = c.topic, let flow = flow(for: topic), let order = currentOrder(c),
              message.entities.orderNumbers.isEmpty || message.entities.orderNumbers.contains(order.id) else { return nil }
        // A confident order question of another kind is that question, not a follow-up; the
        // flows' own follow-ups are narrow enough to weigh the rest.
        // "can you take the socks off?": part of the order under discussion, whatever was asked of it.
        if let outcome = CancelFlow.partRequest(message, order: order, in: &c, self, at: now) { return outcome }
        if let other = message.confidentIntent(0.6), other != topic, IntentID.orderRelatedIntents.contains(other) {
            return nil
        }
        if let outcome = flow.followUp(message, order: order, in: &c, self, at: now) { return outcome }
        // A return booked in this chat still takes questions about sending it back, whatever came after.
        if topic != IntentID.returnItem.rawValue, c.facts.requests.contains(where: { $0.hasPrefix(ShopRequest.Kind.returnItem.idPrefix + "-") }) {
            return ReturnFlow().followUp(message, order: order, in: &c, self, at: now)
        }
        return nil
    }

    /// What the shop recorded, worded by the flow that asked for it, its reference on a card.
    func recorded(_ request: ShopRequest, in c: inout Conversation, at now: Date) -> Outcome {
        c.facts.requests.append(request.id)
        guard let order = orders?.order(id: request.orderID) else { return Outcome() }
        var outcome = flow(recording: request.kind).recorded(request, order: order, in: &c, self)
        if !outcome.replies.isEmpty {
            outcome.replies[0].cards.append(.reference(ReferenceCard(kind: .init(request.kind), reference: request.id, order: order.id)))
        }
        return outcome
    }

    /// A request for the shop to record; the flow words it once it has its reference.
    func request(_ kind: ShopRequest.Kind, order: Order, skus: [String], reason: String, details: [String: String], at now: Date) -> Effect {
        .recordRequest(RequestDraft(kind: kind, orderID: order.id, skus: skus, reason: reason, details: details, at: now))
    }

    /// Whether the message is a yes (nil when it's neither yes nor no); a no wins ("no wait, don't cancel").
    func yesOrNo(_ message: ShopperMessage) -> Bool? {
        if message.mentions(no) { return false }
        if message.mentions(yes) { return true }
        return nil
    }

    /// The complaint intent: its answer asks what happened, and the account goes to a person.
    static let complaint = "complaint"

    private func bot(isAccount message: ShopperMessage) -> Bool {
        isAccount(message) || message.confidentIntent(0.45) == Self.complaint
    }

    /// Whether the message is an account of what happened rather than another question: not a
    /// confident request of another kind (an account may read as a return or a damaged item).
    func isAccount(_ message: ShopperMessage) -> Bool {
        // A question ("what is the capital of Australia?") asks something; it doesn't tell.
        if message.classification.analysis.isQuestion { return false }
        guard let intent = message.confidentIntent(0.45) else { return true }
        return IntentID.accountIntents.contains(intent)
    }
}
