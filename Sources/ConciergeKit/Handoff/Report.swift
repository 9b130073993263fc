import Foundation

/// The manager's view of how the bot and the agents did over a period: how conversations ended,
/// why they were handed off, how long shoppers waited and are waiting, how satisfied they were,
/// and what the bot did not understand or likely misunderstood.
///
/// Made by ``HandoffStore/report(since:now:)``; ``rendered(timeZone:)`` gives the plain-text form.
/// Conversations count when they started in the period and tickets when they were opened in it;
/// the ``backlog`` is the queue as it stood at `now`, whenever its tickets were opened.
public struct Report: Codable, Sendable, Equatable {
    /// A name (an intent, a reason, a message) and how often it came up.
    public struct Count: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int

        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// The format of the encoded report: 2 since ``medianWait`` counts tickets still waiting.
    public var version = 2
    /// The period's start; nil for everything so far.
    public var since: Date?
    /// The period's end.
    public var now: Date

    /// Conversations in the period, each counted as exactly one of contained, handed off or abandoned.
    ///
    /// A conversation with a ticket counts as handed off whatever its logged outcome, and so does a
    /// ticket's conversation that was never logged (still going, or its log was lost).
    public var conversations: Int
    public var contained: Int
    public var handedOff: Int
    public var abandoned: Int
    /// Shares of ``conversations`` (0...1, adding up to 1); all 0 without conversations.
    public var containedShare: Double
    public var handedOffShare: Double
    public var abandonedShare: Double

    /// Tickets opened in the period.
    public var tickets: Int
    /// Tickets by reason, most frequent first; reasons with no ticket are left out.
    public var handoffsByReason: [Count]
    /// Tickets opened within ``HandoffStore/reopenWindow`` of the same conversation's or shopper's resolved ticket.
    public var reopened: Int
    /// The median wait for an agent over every ticket of the period, nil without tickets.
    ///
    /// A ticket's wait runs from its opening to its first claim; for one the shopper stopped
    /// waiting for before anyone claimed it, to when they stopped; for one still unclaimed at
    /// `now`, to `now` (its age), so a growing backlog shows in it.
    public var medianWait: TimeInterval?
    /// The wait that 90% of the period's tickets waited no longer than (nearest rank), nil without tickets.
    public var p90Wait: TimeInterval?
    /// The period's tickets still unclaimed at `now` (and not given up on): their waits count at their age.
    public var stillWaiting: Int
    /// Median time from claim to resolution, nil when no ticket was resolved.
    public var medianHandlingTime: TimeInterval?
    /// Ratings given, and how many of them were 4 or 5.
    public var ratings: Int
    public var satisfied: Int
    /// Customer satisfaction: the share of ratings that are 4 or 5, nil without ratings.
    public var csat: Double?

    /// The agents' queue at `now`: how many tickets wait and for how long.
    public var backlog: Backlog

    /// Conversations locked out of order look-ups without a ticket (anonymous guessing): flagged
    /// here rather than paging an agent.
    public var verificationLockouts = 0

    /// Intents and the number of conversations each came up in, most frequent first.
    public var intents: [Count]
    /// The most frequent messages the bot did not understand, normalised (``TextNormalizer``), at most ``topUnmatchedCount``.
    public var topUnmatched: [Count]

    /// Confident answers that the shopper at once contradicted or repeated, in the period's conversations.
    public var misunderstandings: Int
    /// The conversations with at least one of them.
    public var misunderstoodConversations: Int
    /// The most frequent of them, by the intent that answered and the shopper's reaction, at most ``topMisunderstandingCount``.
    public var topMisunderstandings: [MisunderstandingCount]

    /// How many unmatched messages the report lists.
    public static let topUnmatchedCount = 10
    /// How many kinds of misunderstanding the report lists.
    public static let topMisunderstandingCount = 10

    /// Computes the report.
    /// - Parameters:
    ///   - events: the journal's events, oldest first: when each ticket joined and left the queue.
    init(conversations allConversations: [ConversationRecord], tickets allTickets: [Ticket], events: [HandoffEvent],
         since: Date?, now: Date) {
        self.since = since
        self.now = now
        func inPeriod(_ date: Date) -> Bool { date <= now && since.map { date >= $0 } ?? true }

        let tickets = allTickets.filter { inPeriod($0.created) }.sorted { ($0.number ?? 0) < ($1.number ?? 0) }
        let logged = allConversations.filter { inPeriod($0.started) }
        let loggedIDs = Set(allConversations.map(\.id))
        let ticketed = Set(allTickets.map(\.conversationID))

        var outcomes: [ConversationRecord.Outcome] = logged.map { record in
            record.ticketID != nil || ticketed.contains(record.id) ? .handedOff : record.outcome
        }
        let unlogged = Set(tickets.map(\.conversationID)).subtracting(loggedIDs)
        outcomes += Array(repeating: .handedOff, count: unlogged.count)
        conversations = outcomes.count
        contained = outcomes.filter { $0 == .contained }.count
        handedOff = outcomes.filter { $0 == .handedOff }.count
        abandoned = outcomes.filter { $0 == .abandoned }.count
        let total = Double(max(conversations, 1))
        containedShare = conversations == 0 ? 0 : Double(contained) / total
        handedOffShare = conversations == 0 ? 0 : Double(handedOff) / total
        abandonedShare = conversations == 0 ? 0 : Double(abandoned) / total

        self.tickets = tickets.count
        handoffsByReason = Self.ranked(tickets.map(\.reason.rawValue), order: Ticket.Reason.allCases.map(\.rawValue))
        reopened = tickets.filter { Self.isReopening($0, among: allTickets) }.count
        let queue = Queue(events, until: now)
        let waits = tickets.map { t in (queue.firstWaitEnded[t.id] ?? now).timeIntervalSince(t.created) }
        medianWait = Self.median(waits)
        p90Wait = Self.percentile(90, of: waits)
        stillWaiting = tickets.filter { queue.firstWaitEnded[$0.id] == nil }.count
        backlog = Backlog(waiting: allTickets.filter { queue.waiting.contains($0.id) }, now: now)
        medianHandlingTime = Self.median(tickets.compactMap { t in
            guard t.status == .resolved, let claimed = t.claimedAt, let resolved = t.resolvedAt else { return nil }
            return resolved.timeIntervalSince(claimed)
        })
        let given = tickets.compactMap(\.rating)
        ratings = given.count
        satisfied = given.filter { $0 >= 4 }.count
        csat = ratings == 0 ? nil : Double(satisfied) / Double(ratings)

        intents = Self.ranked(logged.flatMap { Set($0.intents) })
        let unmatched = logged.flatMap(\.unmatched).map { TextNormalizer.words(in: $0).joined(separator: " ") }.filter { !$0.isEmpty }
        topUnmatched = Array(Self.ranked(unmatched).prefix(Self.topUnmatchedCount))
        verificationLockouts = logged.filter { $0.flags?.contains(ConversationRecord.verificationLockout) == true }.count

        let misread = logged.map { $0.misunderstandings ?? [] }
        misunderstandings = misread.map(\.count).reduce(0, +)
        misunderstoodConversations = misread.filter { !$0.isEmpty }.count
        topMisunderstandings = Array(MisunderstandingCount.ranked(misread.flatMap { $0 }).prefix(Self.topMisunderstandingCount))
    }

    /// Whether `ticket` was opened within the reopen window after a resolved ticket of the same
    /// conversation or the same shopper.
    static func isReopening(_ ticket: Ticket, among tickets: [Ticket]) -> Bool {
        tickets.contains { earlier in
            guard earlier.id != ticket.id, earlier.status == .resolved, let resolved = earlier.resolvedAt,
                  resolved <= ticket.created, ticket.created.timeIntervalSince(resolved) <= HandoffStore.reopenWindow else { return false }
            return earlier.conversationID == ticket.conversationID
                || (ticket.shopper.identity != nil && earlier.shopper.identity == ticket.shopper.identity)
        }
    }

    /// How often each name occurs, most frequent first; ties in `order` if given, else alphabetically.
    static func ranked(_ names: [String], order: [String] = []) -> [Count] {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        let rank = Dictionary(order.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        return counts.map { Count($0.key, $0.value) }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if let ra = rank[a.name], let rb = rank[b.name], ra != rb { return ra < rb }
            return a.name < b.name
        }
    }

    /// The value that `percent`% of `values` are at or below, by nearest rank (the greatest for 100), nil for none.
    static func percentile(_ percent: Int, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = (percent * values.count + 99) / 100 // ceil(percent / 100 * count)
        return values.sorted()[min(max(rank, 1), values.count) - 1]
    }

    /// The middle value (the mean of the two middle ones for an even count), nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
