import ConciergeKit
import Foundation

/// A made-up but plausible support history, written into a ``HandoffStore`` through its public
/// API, for the report's benchmark and tests: conversations spread over some days (busier by day
/// than by night), about one in six handed off, agents claiming and resolving, shoppers rating,
/// messages the bot did not understand, a few likely misunderstandings and three languages.
///
/// Seeded: the same settings write the same store, event for event.
public struct SupportHistory: Sendable {
    /// How many conversations to log.
    public var conversations: Int
    /// Over how many days, the last one ending at ``end``.
    public var days: Int
    public var seed: UInt64
    /// The first day's midnight (UTC).
    public var start: Date

    public init(conversations: Int, days: Int = 30, seed: UInt64 = 14, start: Date = Date(timeIntervalSince1970: 1_793_491_200)) {
        precondition(conversations >= 0 && days > 0, "a history needs a number of conversations and at least one day")
        self.conversations = conversations
        self.days = days
        self.seed = seed
        self.start = start
    }

    /// The end of the last day: the moment to report at.
    public var end: Date { start + Double(days) * 86_400 }

    /// What was written, to check a report against.
    public struct Written: Sendable, Equatable {
        /// Conversations logged or handed off by ``SupportHistory/end`` (steps after it are left out).
        public var conversations = 0
        public var tickets = 0
        public var events = 0
    }

    /// Writes the history into `store`, oldest event first. A store opened with group commit
    /// writes it fastest; the caller then calls `sync()` and `waitForTicketFiles()`.
    /// - Throws: ``HandoffError`` when the store refuses a change or can't write it.
    @discardableResult
    public func write(into store: HandoffStore) throws(HandoffError) -> Written {
        var random = SeededGenerator(seed: seed)
        var plan: [Planned] = []
        plan.reserveCapacity(conversations * 2)
        for n in 0..<conversations { plan += conversation(n, &random) }
        plan.sort { ($0.time, $0.order) < ($1.time, $1.order) }

        var written = Written()
        var tickets: [Int: String] = [:]
        var counted: Set<Int> = []
        for step in plan where step.time < end {
            let n = step.conversation
            switch step.action {
            case .open(let reason):
                let ticket = try store.open(conversationID: "c-\(n)", reason: reason, priority: reason == .frustration ? 1 : 2,
                                            shopper: Ticket.Shopper(claimedEmail: "shopper\(n % 40_000)@example.com"),
                                            orders: [Ticket.OrderSnapshot(id: "\(104_200 + n % 900)", status: "shipped",
                                                                          state: "shipped 20 Nov with Parcelwise, due 23 Nov",
                                                                          items: ["Linen shirt (M)", "Canvas tote"])],
                                            answered: ["track_order"], facts: ["order_number": "\(104_200 + n % 900)"],
                                            summary: "Unverified shopper. Handed off because: \(reason.phrase). Asked about order #\(104_200 + n % 900).",
                                            transcript: Self.transcript(n, until: step.time), at: step.time)
                tickets[n] = ticket.id
                written.tickets += 1
                counted.insert(n)
            case .claim(let agent):
                _ = try store.claim(tickets[n] ?? "", agent: agent, at: step.time)
            case .withdraw:
                try store.withdraw(tickets[n] ?? "", at: step.time)
            case .resolve(let agent):
                try store.resolve(tickets[n] ?? "", agent: agent, note: "Answered by e-mail.", at: step.time)
            case .rate(let rating):
                try store.rate(tickets[n] ?? "", rating: rating, comment: nil, at: step.time)
            case .log(let record):
                var record = record
                record.ticketID = tickets[n]
                try store.logConversation(record)
                counted.insert(n)
            }
            written.events += 1
        }
        written.conversations = counted.count
        return written
    }

    // MARK: One conversation

    private struct Planned {
        var time: Date
        /// Keeps a conversation's steps in order when two fall in the same second.
        var order: Int
        var conversation: Int
        var action: Action
    }

    private enum Action {
        case open(Ticket.Reason)
        case claim(String)
        case withdraw
        case resolve(String)
        case rate(Int)
        case log(ConversationRecord)
    }

    /// Conversation `n`'s steps: its ticket's life, if it has one, and its record when it ends.
    private func conversation(_ n: Int, _ random: inout SeededGenerator) -> [Planned] {
        let day = Int.random(in: 0..<days, using: &random)
        // Busier by day: the hour is the later of two draws over 6:00 to 24:00, or any hour at night.
        let hour = Double.random(in: 0..<1, using: &random) < 0.9
            ? max(Double.random(in: 6..<24, using: &random), Double.random(in: 8..<22, using: &random))
            : Double.random(in: 0..<24, using: &random)
        let started = (start + Double(day) * 86_400 + hour * 3600).rounded()
        var steps: [Planned] = []
        func step(_ at: Date, _ action: Action) { steps.append(Planned(time: at.rounded(), order: steps.count, conversation: n, action: action)) }

        let roll = Double.random(in: 0..<1, using: &random)
        let outcome: ConversationRecord.Outcome = roll < 0.17 ? .handedOff : roll < 0.30 ? .abandoned : .contained
        var intents = (0..<Int.random(in: 1...3, using: &random)).map { _ in Self.intents.randomElement(using: &random) ?? "track_order" }
        if outcome == .abandoned && Double.random(in: 0..<1, using: &random) < 0.5 { intents = [] }
        let unmatched = Double.random(in: 0..<1, using: &random) < 0.2 ? [Self.unmatched(&random)] : []
        let misread: [Misunderstanding]? = Double.random(in: 0..<1, using: &random) < 0.03
            ? [Self.misunderstandings.randomElement(using: &random) ?? Self.misunderstandings[0]] : nil
        let r = Double.random(in: 0..<1, using: &random)
        let language = r < 0.85 ? "en" : r < 0.94 ? "de" : "fr"
        var ended = started + Double.random(in: 60...900, using: &random)

        if outcome == .handedOff {
            let opened = started + Double.random(in: 30...240, using: &random)
            let reason = Self.reasons[Int.random(in: 0..<Self.reasons.count, using: &random)]
            step(opened, .open(reason))
            // Waits: mostly minutes, now and then an hour or more (log-normal-ish).
            let wait = 60 * exp(Double.random(in: 0..<1, using: &random) * 3.2 + Double.random(in: 0..<1, using: &random))
            let agent = Self.agents.randomElement(using: &random) ?? "sam"
            if Double.random(in: 0..<1, using: &random) < 0.06 {
                step(opened + min(wait, 1800), .withdraw)
                ended = opened + min(wait, 1800) + 30
            } else {
                step(opened + wait, .claim(agent))
                let handling = Double.random(in: 120...2400, using: &random)
                step(opened + wait + handling, .resolve(agent))
                ended = opened + wait + handling + 60
                if Double.random(in: 0..<1, using: &random) < 0.55 {
                    let ratingRoll = Double.random(in: 0..<1, using: &random)
                    let rating = ratingRoll < 0.06 ? 1 : ratingRoll < 0.13 ? 2 : ratingRoll < 0.25 ? 3 : ratingRoll < 0.55 ? 4 : 5
                    step(ended - 30, .rate(rating))
                }
            }
        }
        step(ended, .log(ConversationRecord(id: "c-\(n)", started: started, ended: ended.rounded(), outcome: outcome, intents: intents,
                                            unmatched: unmatched, misunderstandings: misread, language: language)))
        return steps
    }

    private static func transcript(_ n: Int, until now: Date) -> [Turn] {
        let order = "\(104_200 + n % 900)"
        return [
            Turn(sender: .shopper, text: "hi, where is my order #\(order)? it's been a week", time: now - 120),
            Turn(sender: .bot, text: "Order #\(order) shipped on 20 Nov with Parcelwise and is due on 23 Nov.", time: now - 120,
                 intent: "track_order", confidence: 0.86, kind: .answer, quickReplies: ["Talk to a person", "Something else"]),
            Turn(sender: .shopper, text: "still nothing, can I talk to someone please", time: now),
        ]
    }

    private static let intents = ["track_order", "track_order", "track_order", "return_item", "return_item", "get_refund", "track_refund",
                                  "delivery_period", "delivery_options", "cancel_order", "change_shipping_address", "damaged_item",
                                  "check_payment_methods", "greeting", "thanks"]
    private static let reasons: [Ticket.Reason] = [.askedForPerson, .askedForPerson, .askedForPerson, .repeatedFallback, .repeatedFallback,
                                                   .frustration, .needsPerson, .needsPerson, .alwaysPersonIntent, .verificationLockout]
    private static let agents = ["sam", "kim", "alex", "jo"]

    /// A message the bot did not understand: mostly a few recurring questions, now and then a one-off.
    private static func unmatched(_ random: inout SeededGenerator) -> String {
        if Double.random(in: 0..<1, using: &random) < 0.3 { return "qx\(random.next() % 100_000) something odd" }
        return [
            "Do you sell gift cards?", "do you sell GIFT cards", "can i pay with bitcoin", "is the lamp dimmable",
            "do you have a shop in Leeds", "what size is the large tote", "can I collect from the warehouse",
            "my discount code doesn't work", "are you hiring", "do you ship to Norway",
        ].randomElement(using: &random) ?? ""
    }

    private static let misunderstandings = [
        Misunderstanding(intent: "track_order", confidence: 0.82, answered: "Where is my refund?", reaction: "No, that's not what I asked"),
        Misunderstanding(intent: "delivery_period", confidence: 0.7, answered: "do you deliver on sundays", reaction: "wrong"),
        Misunderstanding(intent: "return_item", confidence: 0.77, answered: "can I swap the shirt for a bigger one",
                         reaction: "can I swap the shirt for a bigger one?"),
    ]
}

private extension Date {
    /// To the whole second, as the store keeps times.
    func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
