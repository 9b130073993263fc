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
        if let p90HandlingTime { lines.append("  90th percentile handling time: \(HandoffFormat.duration(p90HandlingTime))") }
        if csat != nil {
            lines.append("  satisfaction (CSAT): \(Self.percent(satisfied, of: ratings)), \(satisfied) of \(ratings) rating\(ratings == 1 ? "" : "s") 4 or 5")
            lines.append("  ratings by score: " + ratingsByScore.enumerated().map { "\($0.offset + 1): \($0.element)" }.joined(separator: ", "))
        } else {
            lines.append("  satisfaction (CSAT): no ratings yet")
        }
        lines.append("")

        lines.append(contentsOf: dayTables)

        if languages.count > 1 {
            let known = languages.map(\.count).reduce(0, +)
            lines.append("Languages (of the \(known) conversation\(known == 1 ? "" : "s") whose language is known):")
            let shares = HandoffFormat.percentages(languages.map(\.count))
            lines.append(contentsOf: Self.table(zip(languages, shares).map { ($0.0.name, "\($0.0.count)", "\($0.1)%") }))
            lines.append("")
        }

        lines.append("Intents seen (conversations):")
        lines.append(contentsOf: intents.isEmpty ? ["  (none)"] : Self.table(intents.map { ($0.name, "\($0.count)", "") }))
        lines.append("")

        lines.append("Most frequent messages the bot did not understand, and the intent that might fit:")
        lines.append(contentsOf: topUnmatched.isEmpty ? ["  (none)"]
                     : Self.columns(topUnmatched.map { ["\"\($0.text)\"", "\($0.count)", Self.mightFit($0.mightFit)] }, rightAligned: [1]))
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

    /// `  track_order  "no that is not what i asked"  2  to "where is my refund"  might be track_refund (0.87)`, in aligned columns.
    private static func misunderstandingTable(_ rows: [MisunderstandingCount]) -> [String] {
        columns(rows.map { row in
            [row.intent, "\"\(row.reaction)\"", "\(row.count)", row.example.map { "to \"\($0)\"" } ?? "", mightFit(row.mightFit)]
        }, rightAligned: [2])
    }

    /// The two tables of the figures day by day, conversations then tickets; days without either
    /// are left out (the JSON and the page list them).
    private var dayTables: [String] {
        let days = days.filter { $0.conversations > 0 || $0.tickets > 0 }
        guard !days.isEmpty else { return ["By day: no conversations or tickets yet", ""] }
        func time(_ t: TimeInterval?) -> String { t.map(HandoffFormat.duration) ?? "-" }
        var lines = ["Conversations by day (days without any left out):"]
        lines += Self.columns([["day", "total", "contained", "handed off", "abandoned"]] + days.map { d in
            [d.date, "\(d.conversations)", "\(d.contained)", "\(d.handedOff)", "\(d.abandoned)"]
        }, rightAligned: [1, 2, 3, 4])
        lines += ["", "Tickets by day (waits and handling times: median and 90th percentile):"]
        lines += Self.columns([["day", "tickets", "wait", "90% wait", "handling", "90% handling", "CSAT"]] + days.map { d in
            [d.date, "\(d.tickets)", time(d.medianWait), time(d.p90Wait), time(d.medianHandlingTime), time(d.p90HandlingTime),
             d.ratings == 0 ? "-" : "\(Self.percent(d.satisfied, of: d.ratings)) of \(d.ratings)"]
        }, rightAligned: [1, 2, 3, 4, 5, 6])
        return lines + [""]
    }

    /// `might be track_refund (0.87)`, or nothing without a suggestion.
    private static func mightFit(_ suggestion: Suggestion?) -> String {
        suggestion.map { "might be \($0.intent) (\(HandoffFormat.confidence($0.score)))" } ?? ""
    }

    /// `67%`: the share of `part` in `whole`, rounded as ``HandoffFormat/percentages(_:)`` rounds it.
    static func percent(_ part: Int, of whole: Int) -> String {
        "\(HandoffFormat.percentages([part, whole - part])[0])%"
    }

    /// Rows as aligned columns, two spaces apart and indented by two: left-aligned, except the
    /// columns in `rightAligned`; empty cells at the end of a row are left out.
    static func columns(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (i, cell) in row.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        return rows.map { cells in
            var last = cells.count
            while last > 0 && cells[last - 1].isEmpty { last -= 1 }
            let padded = cells.prefix(last).enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if rightAligned.contains(i) { return pad + cell }
                return i == last - 1 ? cell : cell + pad
            }
            return "  " + padded.joined(separator: "  ")
        }
    }

    /// Rows as aligned columns: the name padded, the number right-aligned, then the rest.
    private static func table(_ rows: [(String, String, String)]) -> [String] {
        columns(rows.map { [$0.0, $0.1, $0.2] }, rightAligned: [1, 2])
    }
}
