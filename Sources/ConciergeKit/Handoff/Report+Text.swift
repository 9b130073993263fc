import Foundation

extension Report: CustomStringConvertible {
    /// The report as plain text, times in UTC.
    public var description: String { rendered() }

    /// The report as plain text for a manager: one section per figure, percentages that add up to 100.
    /// - Parameter timeZone: the zone the period's dates are shown in (the shop's).
    public func rendered(timeZone: TimeZone = OrderCalendar.utc) -> String {
        let format = HandoffFormat(timeZone: timeZone)
        var lines: [String] = []
        let start = since.map { "from \(format.dayAndClock($0))" } ?? "from the start"
        lines.append("Concierge report, \(start) to \(format.dayAndClock(now)) \(format.zoneName)")
        lines.append("")

        if let age = backlog.oldestAge, let oldest = backlog.oldestTicket {
            lines.append("Waiting for an agent now: \(Self.tickets(backlog.waiting)), the oldest (\(oldest)) opened \(HandoffFormat.duration(age)) ago")
            lines.append(contentsOf: Self.table(backlog.byAge.map { (Self.label($0), "\($0.count)", "") }))
        } else {
            lines.append("Waiting for an agent now: none")
        }
        lines.append("")

        lines.append("Conversations: \(conversations)")
        let outcomes = [("contained by the bot", contained), ("handed off to a person", handedOff), ("abandoned", abandoned)]
        let percentages = HandoffFormat.percentages(outcomes.map(\.1))
        lines.append(contentsOf: Self.table(zip(outcomes, percentages).map { ($0.0.0, "\($0.0.1)", "\($0.1)%") }))
        lines.append("")

        lines.append("Handoffs: \(Self.tickets(tickets))")
        let reasonRows = handoffsByReason.map { count in
            (Ticket.Reason(rawValue: count.name)?.phrase ?? count.name, "\(count.count)", "")
        }
        lines.append(contentsOf: Self.table(reasonRows))
        lines.append("  reopened within \(Int(HandoffStore.reopenWindow / 86_400)) days: \(reopened)")
        lines.append("  order look-ups locked without a ticket (someone guessing): \(verificationLockouts)")
        if let medianWait, let p90Wait {
            let all = tickets == 1 ? "1 ticket" : "all \(tickets) tickets"
            let counted = stillWaiting == 0 ? all : "\(all), \(stillWaiting) still waiting at \(stillWaiting == 1 ? "its" : "their") age now"
            lines.append("  median wait for an agent: \(HandoffFormat.duration(medianWait)) (\(counted))")
            lines.append("  90th percentile wait: \(HandoffFormat.duration(p90Wait))")
        } else {
            lines.append("  median wait for an agent: no tickets")
        }
        lines.append("  median handling time: \(medianHandlingTime.map(HandoffFormat.duration) ?? "none resolved yet")")
        if let csat {
            let percent = HandoffFormat.percentages([satisfied, ratings - satisfied])[0]
            lines.append("  satisfaction (CSAT): \(percent)%, \(satisfied) of \(ratings) rating\(ratings == 1 ? "" : "s") 4 or 5")
            _ = csat
        } else {
            lines.append("  satisfaction (CSAT): no ratings yet")
        }
        lines.append("")

        lines.append("Intents seen (conversations):")
        lines.append(contentsOf: intents.isEmpty ? ["  (none)"] : Self.table(intents.map { ($0.name, "\($0.count)", "") }))
        lines.append("")

        lines.append("Most frequent messages the bot did not understand:")
        lines.append(contentsOf: topUnmatched.isEmpty ? ["  (none)"]
                     : Self.table(topUnmatched.map { ("\"\($0.name)\"", "\($0.count)", "") }))
        lines.append("")

        let conversationCount = "\(misunderstoodConversations) conversation\(misunderstoodConversations == 1 ? "" : "s")"
        lines.append("Likely misunderstandings (a confident answer the shopper contradicted or repeated): "
                     + (misunderstandings == 0 ? "none" : "\(misunderstandings) in \(conversationCount)"))
        lines.append(contentsOf: Self.misunderstandingTable(topMisunderstandings))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `1 ticket`, `3 tickets`.
    private static func tickets(_ n: Int) -> String { "\(n) ticket\(n == 1 ? "" : "s")" }

    /// An age band as a manager reads it: `under 5 min`, `5 to 30 min`, `30 min to 2 h`, `over 2 h`.
    static func label(_ band: Backlog.AgeBand) -> String {
        func span(_ t: TimeInterval) -> String {
            let seconds = Int(t)
            if seconds % 3600 == 0 && seconds > 0 { return "\(seconds / 3600) h" }
            if seconds % 60 == 0 && seconds < 3600 { return "\(seconds / 60) min" }
            return HandoffFormat.duration(t)
        }
        guard let to = band.to else { return "over \(span(band.from))" }
        guard band.from > 0 else { return "under \(span(to))" }
        if band.from < 3600, to < 3600, Int(band.from) % 60 == 0, Int(to) % 60 == 0 { return "\(Int(band.from) / 60) to \(span(to))" }
        return "\(span(band.from)) to \(span(to))"
    }

    /// `  track_order  "no that is not what i asked"  2  to "where is my refund"`, in aligned columns.
    private static func misunderstandingTable(_ rows: [MisunderstandingCount]) -> [String] {
        let reactions = rows.map { "\"\($0.reaction)\"" }
        let intentWidth = rows.map(\.intent.count).max() ?? 0
        let reactionWidth = reactions.map(\.count).max() ?? 0
        let countWidth = rows.map { "\($0.count)".count }.max() ?? 0
        return zip(rows, reactions).map { row, reaction in
            let count = "\(row.count)"
            let line = "  " + row.intent.padding(toLength: intentWidth, withPad: " ", startingAt: 0) + "  "
                + reaction.padding(toLength: reactionWidth, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: countWidth - count.count) + count
            return row.example.map { line + "  to \"\($0)\"" } ?? line
        }
    }

    /// Rows as aligned columns: the name padded, the number right-aligned, then the rest.
    private static func table(_ rows: [(String, String, String)]) -> [String] {
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let numberWidth = rows.map(\.1.count).max() ?? 0
        return rows.map { name, number, rest in
            let line = "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: numberWidth - number.count) + number
            let restWidth = rows.map(\.2.count).max() ?? 0
            return rest.isEmpty ? line : line + "  " + String(repeating: " ", count: restWidth - rest.count) + rest
        }
    }
}
