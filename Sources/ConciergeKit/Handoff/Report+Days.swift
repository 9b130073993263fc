import Foundation

extension Report {
    /// One calendar day of the period, in the shop's time zone: the same figures as the whole
    /// report, counted the same way, for the conversations that started and the tickets that were
    /// opened that day.
    public struct Day: Codable, Sendable, Equatable {
        /// The day, as `2026-11-03`.
        public var date: String
        /// The day's conversations: each one contained, handed off or abandoned (see ``Report/conversations``).
        public var conversations: Int
        public var contained: Int
        public var handedOff: Int
        public var abandoned: Int
        /// Tickets opened that day.
        public var tickets: Int
        /// The median and 90th-percentile wait of the day's tickets (see ``Report/medianWait``), nil without tickets.
        public var medianWait: TimeInterval?
        public var p90Wait: TimeInterval?
        /// The median and 90th-percentile handling time of the day's tickets resolved by the
        /// report's `now` (see ``Report/medianHandlingTime``), nil when none was.
        public var medianHandlingTime: TimeInterval?
        public var p90HandlingTime: TimeInterval?
        /// The ratings of the day's tickets, how many were 4 or 5, and that share (nil without ratings).
        public var ratings: Int
        public var satisfied: Int
        public var csat: Double?

        public init(date: String, conversations: Int, contained: Int, handedOff: Int, abandoned: Int, tickets: Int,
                    medianWait: TimeInterval?, p90Wait: TimeInterval?, medianHandlingTime: TimeInterval?,
                    p90HandlingTime: TimeInterval?, ratings: Int, satisfied: Int, csat: Double?) {
            self.date = date
            self.conversations = conversations
            self.contained = contained
            self.handedOff = handedOff
            self.abandoned = abandoned
            self.tickets = tickets
            self.medianWait = medianWait
            self.p90Wait = p90Wait
            self.medianHandlingTime = medianHandlingTime
            self.p90HandlingTime = p90HandlingTime
            self.ratings = ratings
            self.satisfied = satisfied
            self.csat = csat
        }

        /// Every day from the first with a conversation or a ticket to `lastDay` (or to the last
        /// with one, if later), empty ones included.
        /// - Parameters:
        ///   - outcomes: each conversation's day and outcome.
        ///   - tickets: each ticket's day and times.
        static func series(outcomes: [(day: Int, outcome: ConversationRecord.Outcome)], tickets: [TicketTimes], lastDay: Int) -> [Day] {
            let dataDays = outcomes.map(\.day) + tickets.map(\.day)
            guard let firstDay = dataDays.min(), let lastDataDay = dataDays.max() else { return [] }
            let lastDay = max(lastDay, lastDataDay)
            let count = lastDay - firstDay + 1
            var outcomeCounts = Array(repeating: (contained: 0, handedOff: 0, abandoned: 0), count: count)
            for (day, outcome) in outcomes {
                switch outcome {
                case .contained: outcomeCounts[day - firstDay].contained += 1
                case .handedOff: outcomeCounts[day - firstDay].handedOff += 1
                case .abandoned: outcomeCounts[day - firstDay].abandoned += 1
                }
            }
            var ticketsByDay = Array(repeating: [TicketTimes](), count: count)
            for ticket in tickets { ticketsByDay[ticket.day - firstDay].append(ticket) }
            return (0..<count).map { i in
                let o = outcomeCounts[i], t = ticketsByDay[i]
                let waits = t.map(\.wait), handling = t.compactMap(\.handling), given = t.compactMap(\.rating)
                let satisfied = given.filter { $0 >= 4 }.count
                return Day(date: DayNumbering.name(of: firstDay + i), conversations: o.contained + o.handedOff + o.abandoned,
                           contained: o.contained, handedOff: o.handedOff, abandoned: o.abandoned, tickets: t.count,
                           medianWait: Report.median(waits), p90Wait: Report.percentile(90, of: waits),
                           medianHandlingTime: Report.median(handling), p90HandlingTime: Report.percentile(90, of: handling),
                           ratings: given.count, satisfied: satisfied, csat: given.isEmpty ? nil : Double(satisfied) / Double(given.count))
            }
        }
    }

    /// One ticket's figures: the day it was opened, its wait, its handling time and its rating.
    struct TicketTimes {
        var day: Int
        /// From opening to the first claim, to the shopper giving up, or to `now` while it waits.
        var wait: TimeInterval
        /// From the resolving agent's claim to the resolution; nil unless resolved by `now`.
        var handling: TimeInterval?
        var rating: Int?

        init(_ ticket: Ticket, queue: Queue, now: Date, day: Int) {
            self.day = day
            wait = (queue.firstWaitEnded[ticket.id] ?? now).timeIntervalSince(ticket.created)
            if ticket.status == .resolved, let claimed = ticket.claimedAt, let resolved = ticket.resolvedAt, resolved <= now {
                handling = resolved.timeIntervalSince(claimed)
            }
            rating = ticket.rating
        }
    }
}
