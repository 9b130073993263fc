import Foundation

/// The manager's view of how the bot and the agents did over a period: how conversations ended,
/// why they were handed off, how long shoppers waited and are waiting, how satisfied they were,
/// and what the bot did not understand or likely misunderstood; in total and day by day.
///
/// Made by ``HandoffStore/report(since:now:timeZone:matcher:)``, the one computation behind every
/// form of it: ``rendered(timeZone:)`` gives the plain text, `JSONEncoder` the JSON, and
/// ``DashboardPage`` the HTML page, so they all show the same numbers.
///
/// What counts, and when:
/// - A conversation counts once it has ended and been logged (the shopper quit or closed the chat,
///   or it fell silent: 30 minutes, a day while a ticket is open), in the period it started in; a
///   conversation with a ticket counts even before it is logged. One in which the shopper wrote
///   nothing is not logged, so not counted.
/// - A ticket counts in the period and on the day it was opened, and so do its wait, its handling
///   time and its rating, whenever they happened.
/// - Days are calendar days in the shop's time zone (``timeZone``).
/// - The ``backlog`` is the queue as it stood at `now`, whenever its tickets were opened.
public struct Report: Codable, Sendable, Equatable {
    /// A name (an intent, a reason, a message, a language) and how often it came up.
    public struct Count: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int

        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// The format of the encoded report: 3 since it has ``days``, ``ratingsByScore``,
    /// ``languages`` and the intents that might fit; 2 since ``medianWait`` counts tickets still waiting.
    public var version = 3
    /// The period's start; nil for everything so far.
    public var since: Date?
    /// The period's end.
    public var now: Date
    /// The time zone the days are counted in, e.g. `Europe/London`.
    public var timeZone: String

    /// Conversations in the period, each counted as exactly one of contained, handed off or abandoned.
    ///
    /// - handed off: a ticket was opened for a person in the conversation, whatever happened next
    ///   (an agent took it, or the shopper stopped waiting first). A ticket's conversation that was
    ///   never logged (still going, or its log was lost) counts as handed off too.
    /// - abandoned: no ticket, and the shopper left while the bot was still waiting for an answer
    ///   to one of its questions (an order flow under way), or before the bot had answered any
    ///   request (small talk such as a greeting is not one), or right after the bot failed to
    ///   understand their last message.
    /// - contained: no ticket, and the shopper left after the bot had answered and with nothing
    ///   left open. It says the bot answered, not that the answer was right: see
    ///   ``misunderstandings`` and the ratings, which only handed-off conversations get.
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
    /// Median handling time, nil when no ticket of the period was resolved by `now`.
    ///
    /// A ticket's handling time runs from the claim of the agent who resolved it to the
    /// resolution: time spent with an agent who put it back in the queue is waiting, not handling.
    public var medianHandlingTime: TimeInterval?
    /// The handling time that 90% of the resolved tickets took no longer than (nearest rank).
    public var p90HandlingTime: TimeInterval?
    /// Ratings given, and how many of them were 4 or 5.
    public var ratings: Int
    public var satisfied: Int
    /// Customer satisfaction: the share of ratings that are 4 or 5, nil without ratings.
    public var csat: Double?
    /// How many ratings of 1, 2, 3, 4 and 5 were given, in that order (always five numbers).
    ///
    /// The shopper is asked for a rating once a person has resolved their conversation or handed
    /// it back to the bot, so only handed-off conversations have one.
    public var ratingsByScore: [Int]

    /// The agents' queue at `now`: how many tickets wait and for how long.
    public var backlog: Backlog

    /// Conversations locked out of order look-ups without a ticket (anonymous guessing): flagged
    /// here rather than paging an agent.
    public var verificationLockouts = 0

    /// Each day of the period, from the first with a conversation or a ticket to the day of `now`
    /// (the day before, when `now` is midnight), empty days included, oldest first.
    public var days: [Day]

    /// Conversations by the language the shopper wrote in, most first, for those whose host
    /// recorded one (``ConversationRecord/language``); empty when none did.
    public var languages: [Count]

    /// Intents and the number of conversations each came up in, most frequent first.
    public var intents: [Count]
    /// The most frequent messages the bot did not understand (it fell back), normalised
    /// (``TextNormalizer``), each with the intent that might fit; at most ``topUnmatchedCount``.
    public var topUnmatched: [Unmatched]

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

    /// Computes the report, in one pass over the conversations and one over the tickets (a store
    /// of 100,000 conversations is reported on in a fraction of a second).
    /// - Parameters:
    ///   - conversations: the conversation log, by conversation id.
    ///   - tickets: every ticket, by id.
    ///   - events: the journal's events, oldest first: when each ticket joined and left the queue.
    ///   - timeZone: the zone whose calendar days ``days`` counts.
    ///   - matcher: the shop's matcher, to name the intents that might fit the unmatched and the
    ///     misunderstood messages; nil leaves them out.
    init(conversations allConversations: [String: ConversationRecord], tickets allTickets: [String: Ticket], events: [HandoffEvent],
         since: Date?, now: Date, timeZone: TimeZone, matcher: IntentMatcher?) {
        self.since = since
        self.now = now
        self.timeZone = HandoffFormat(timeZone: timeZone).zoneName
        func inPeriod(_ date: Date) -> Bool { date <= now && since.map { date >= $0 } ?? true }
        var calendar = DayNumbering(timeZone: timeZone)

        // The tickets: each one's day and times, and the conversations handed off.
        let queue = Queue(events, until: now)
        let reopenings = Reopenings(allTickets.values)
        var ticketed: Set<String> = []
        var measured: [TicketTimes] = []
        var reasons: [String] = []
        var reopened = 0, stillWaiting = 0
        var given: [Int] = []
        // A ticket's conversation that was never logged counts on the day of its first ticket in the period.
        var unlogged: [String: Date] = [:]
        for ticket in allTickets.values {
            ticketed.insert(ticket.conversationID)
            guard inPeriod(ticket.created) else { continue }
            measured.append(TicketTimes(ticket, queue: queue, now: now, day: calendar.day(of: ticket.created)))
            reasons.append(ticket.reason.rawValue)
            if reopenings.isReopening(ticket) { reopened += 1 }
            if queue.firstWaitEnded[ticket.id] == nil { stillWaiting += 1 }
            if let rating = ticket.rating { given.append(rating) }
            if allConversations[ticket.conversationID] == nil, unlogged[ticket.conversationID].map({ ticket.created < $0 }) ?? true {
                unlogged[ticket.conversationID] = ticket.created
            }
        }

        // The conversations: each one's outcome and day, and what the bot answered, missed and misread.
        var outcomes: [(day: Int, outcome: ConversationRecord.Outcome)] = []
        var intentCounts: [String: Int] = [:]
        var unmatchedCounts: [String: Int] = [:]
        var normalised: [String: String] = [:]
        var languageCounts: [String: Int] = [:]
        var misread: [(started: Date, id: String, found: [Misunderstanding])] = []
        var misunderstoodConversations = 0, verificationLockouts = 0
        outcomes.reserveCapacity(allConversations.count + unlogged.count)
        for record in allConversations.values where inPeriod(record.started) {
            outcomes.append((calendar.day(of: record.started),
                             record.ticketID != nil || ticketed.contains(record.id) ? .handedOff : record.outcome))
            for (i, intent) in record.intents.enumerated() where !record.intents[..<i].contains(intent) {
                intentCounts[intent, default: 0] += 1
            }
            for message in record.unmatched {
                // Shoppers repeat the same words: each distinct message is normalised once.
                let text = normalised[message] ?? {
                    let text = TextNormalizer.words(in: message).joined(separator: " ")
                    normalised[message] = text
                    return text
                }()
                if !text.isEmpty { unmatchedCounts[text, default: 0] += 1 }
            }
            if let language = record.language { languageCounts[language, default: 0] += 1 }
            if record.flags?.contains(ConversationRecord.verificationLockout) == true { verificationLockouts += 1 }
            if let found = record.misunderstandings, !found.isEmpty {
                misread.append((record.started, record.id, found))
                misunderstoodConversations += 1
            }
        }
        for started in unlogged.values { outcomes.append((calendar.day(of: started), .handedOff)) }

        conversations = outcomes.count
        contained = outcomes.filter { $0.outcome == .contained }.count
        handedOff = outcomes.filter { $0.outcome == .handedOff }.count
        abandoned = outcomes.filter { $0.outcome == .abandoned }.count
        let total = Double(max(conversations, 1))
        containedShare = conversations == 0 ? 0 : Double(contained) / total
        handedOffShare = conversations == 0 ? 0 : Double(handedOff) / total
        abandonedShare = conversations == 0 ? 0 : Double(abandoned) / total

        tickets = measured.count
        handoffsByReason = Self.ranked(reasons, order: Ticket.Reason.allCases.map(\.rawValue))
        self.reopened = reopened
        let waits = measured.map(\.wait)
        medianWait = Self.median(waits)
        p90Wait = Self.percentile(90, of: waits)
        self.stillWaiting = stillWaiting
        backlog = Backlog(waiting: queue.waiting.compactMap { allTickets[$0] }, now: now)
        let handling = measured.compactMap(\.handling)
        medianHandlingTime = Self.median(handling)
        p90HandlingTime = Self.percentile(90, of: handling)
        ratings = given.count
        satisfied = given.filter { $0 >= 4 }.count
        csat = ratings == 0 ? nil : Double(satisfied) / Double(ratings)
        ratingsByScore = (1...5).map { score in given.filter { $0 == score }.count }

        // A period that ends at midnight ends with the day before it, not with an empty day.
        days = Day.series(outcomes: outcomes, tickets: measured, lastDay: calendar.day(of: now - 1))
        languages = Self.ranked(languageCounts)

        intents = Self.ranked(intentCounts)
        topUnmatched = Self.ranked(unmatchedCounts).prefix(Self.topUnmatchedCount).map { count in
            Unmatched(text: count.name, count: count.count, mightFit: matcher.flatMap { Suggestion.forUnmatched(count.name, matcher: $0) })
        }
        self.verificationLockouts = verificationLockouts

        // Oldest conversation first, so each kind's example is the same whatever order the log is read in.
        let found = misread.sorted { ($0.started, $0.id) < ($1.started, $1.id) }.flatMap(\.found)
        misunderstandings = found.count
        self.misunderstoodConversations = misunderstoodConversations
        topMisunderstandings = MisunderstandingCount.ranked(found).prefix(Self.topMisunderstandingCount).map { kind in
            var kind = kind
            kind.mightFit = matcher.flatMap { Suggestion.forMisunderstanding(kind, matcher: $0) }
            return kind
        }
    }

    /// How often each name occurs, most frequent first; ties in `order` if given, else alphabetically.
    static func ranked(_ names: [String], order: [String] = []) -> [Count] {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        return ranked(counts, order: order)
    }

    /// `counts` as a list, most frequent first; ties in `order` if given, else alphabetically.
    static func ranked(_ counts: [String: Int], order: [String] = []) -> [Count] {
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
