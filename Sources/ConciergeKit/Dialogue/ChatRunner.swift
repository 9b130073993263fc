import Foundation

/// Runs conversations: steps the ``Bot`` and applies the ``Effect``s it asks for to the shop's
/// stores, feeding back the outcomes the bot words, and reports every effect that failed (nothing
/// is swallowed). The one place the dialogue touches the world.
public struct ChatRunner: Sendable {
    public let bot: Bot
    /// The agents' queue; nil when the shop has none (the bot then gives contact details).
    public let handoff: HandoffStore?
    /// Where returns, cancellations and changes are recorded.
    public let requests: RequestStore?
    /// Failed order verifications across all conversations.
    public let verificationGuard: VerificationGuard
    /// How many tickets anonymous conversations may open.
    public let handoffGate: HandoffGate
    /// Where copies of conversations go by e-mail: `outbox/` in the queue's folder (in memory for a queue in memory).
    public let outbox: Outbox?

    /// A bot over the given stores, reading the queue and the guessing guard it shares with them.
    public init(matcher: IntentMatcher, orders: OrderStore? = nil, requests: RequestStore? = nil, handoff: HandoffStore? = nil,
                verificationGuard: VerificationGuard = VerificationGuard(), handoffGate: HandoffGate = HandoffGate()) {
        bot = Bot(matcher: matcher, orders: orders, queue: handoff, verificationGuard: verificationGuard)
        self.handoff = handoff
        self.requests = requests
        self.verificationGuard = verificationGuard
        self.handoffGate = handoffGate
        outbox = handoff.map { $0.directory.isEmpty ? Outbox() : Outbox(directory: ($0.directory as NSString).appendingPathComponent("outbox")) }
    }

    /// One exchange's result: the conversation after it, what to show, and the effects that failed.
    public struct Exchange: Sendable {
        public var conversation: Conversation
        public var replies: [Reply]
        /// Effects that could not be applied, each saying what and why; the host logs them.
        public var failures: [EffectFailure]
    }

    public func start(id: String, customer: String? = nil, client: String? = nil, at now: Date) -> Exchange {
        run(bot.start(id: id, customer: customer, client: client, at: now), at: now)
    }

    public func respond(to text: String, in conversation: consuming Conversation, at now: Date) -> Exchange {
        run(bot.respond(to: text, in: conversation, at: now), at: now)
    }

    public func notices(for conversation: Conversation, at now: Date) -> Exchange {
        run(bot.notices(for: conversation, at: now), at: now)
    }

    /// Logs how the conversation ended.
    @discardableResult
    public func finish(_ conversation: Conversation, at now: Date) -> [EffectFailure] {
        var failures: [EffectFailure] = []
        for effect in bot.finish(conversation, at: now) {
            if case .failed(let failure) = apply(effect) { failures.append(failure) }
        }
        return failures
    }

    /// Applies a step's effects in order; the outcomes the bot words come back to it, and what it
    /// says and asks for then is applied too.
    public func run(_ step: consuming Step, at now: Date) -> Exchange {
        var step = step
        // Taken out of the step rather than copied from it.
        var conversation = Conversation(id: "")
        swap(&conversation, &step.conversation)
        var replies = step.replies
        var queue = step.effects
        var failures: [EffectFailure] = []
        var index = 0
        while index < queue.count {
            let effect = queue[index]
            index += 1
            switch apply(effect) {
            case .done:
                continue
            case .failed(let failure):
                failures.append(failure)
            case .outcome(let outcome, let failure):
                if let failure { failures.append(failure) }
                let next = bot.resume(after: outcome, in: conversation, at: now)
                conversation = next.conversation
                replies += next.replies
                queue += next.effects
            }
        }
        return Exchange(conversation: conversation, replies: replies, failures: failures)
    }

    private enum Applied {
        case done
        case failed(EffectFailure)
        /// What to tell the bot, and the failure behind it, if any.
        case outcome(EffectOutcome, EffectFailure?)
    }

    private func apply(_ effect: Effect) -> Applied {
        switch effect {
        case .openTicket(let d):
            guard let handoff else { return .outcome(.ticketFailed, EffectFailure(effect: "open a ticket", reason: "no agent queue")) }
            if d.anonymous, !handoffGate.admitAnonymous(at: d.at) { return .outcome(.ticketRefused, nil) }
            do {
                let ticket = try handoff.open(conversationID: d.conversationID, reason: d.reason, priority: d.priority, shopper: d.shopper,
                                              orders: d.orders, answered: d.answered, facts: d.facts, summary: d.summary,
                                              transcript: d.transcript, at: d.at)
                return .outcome(.ticketOpened(ticket), nil)
            } catch {
                return .outcome(.ticketFailed, EffectFailure(effect: "open a ticket for \(d.conversationID)", reason: "\(error)"))
            }
        case .appendToTicket(let id, let turn):
            guard let handoff else { return .done }
            do {
                _ = try handoff.append(turn, to: id)
                return .done
            } catch {
                return .failed(EffectFailure(effect: "add a line to ticket \(id)", reason: "\(error)"))
            }
        case .withdrawTicket(let id, let at):
            guard let handoff else { return .done }
            do {
                try handoff.withdraw(id, at: at)
                return .done
            } catch {
                // An agent took it in the meantime: they stay with the shopper.
                return .failed(EffectFailure(effect: "take ticket \(id) out of the queue", reason: "\(error)"))
            }
        case .addToTicket(let id, let details, let at):
            guard let handoff else { return .done }
            do {
                try handoff.addDetails(details, to: id, at: at)
                return .done
            } catch {
                return .failed(EffectFailure(effect: "add details to ticket \(id)", reason: "\(error)"))
            }
        case .recordRequest(let d):
            guard let requests else {
                return .outcome(.requestFailed(d), EffectFailure(effect: "record a \(d.kind.rawValue) request", reason: "no request store"))
            }
            do {
                let request = try requests.record(kind: d.kind, orderID: d.orderID, skus: d.skus, reason: d.reason, details: d.details, now: d.at)
                return .outcome(.requestRecorded(request), nil)
            } catch {
                return .outcome(.requestFailed(d), EffectFailure(effect: "record a \(d.kind.rawValue) request for order \(d.orderID)", reason: "\(error)"))
            }
        case .recordVerificationFailure(let order, let email, let postcode, let client, let at):
            verificationGuard.recordFailure(order: order, email: email, postcode: postcode, client: client, at: at)
            return .done
        case .rate(let id, let rating, let comment, let at):
            guard let handoff else { return .done }
            do {
                try handoff.rate(id, rating: rating, comment: comment, at: at)
                return .done
            } catch {
                return .failed(EffectFailure(effect: "rate ticket \(id)", reason: "\(error)"))
            }
        case .sendTranscript(let id, let email, let at):
            guard let handoff, let outbox, let ticket = handoff.ticket(id) else {
                return .outcome(.transcriptFailed, EffectFailure(effect: "e-mail the transcript of \(id)", reason: "no such ticket"))
            }
            do {
                let profile = bot.profile
                try outbox.write(ticket: ticket, to: email, from: profile.values["support_email"] ?? "support@example.com",
                           shop: profile.name, timeZone: profile.timeZone, at: at)
                return .outcome(.transcriptSent(to: email), nil)
            } catch {
                return .outcome(.transcriptFailed, EffectFailure(effect: "e-mail the transcript of \(id)", reason: "\(error)"))
            }
        case .logConversation(let record):
            guard let handoff else { return .done }
            do {
                try handoff.logConversation(record)
                return .done
            } catch {
                return .failed(EffectFailure(effect: "log conversation \(record.id)", reason: "\(error)"))
            }
        }
    }
}

/// An effect that could not be applied: what the bot asked for, and why it failed.
public struct EffectFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var effect: String
    public var reason: String

    public var description: String { "couldn't \(effect): \(reason)" }
}
