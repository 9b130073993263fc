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

        lines.append("Conversations: \(conversations)")
        let outcomes = [("contained by the bot", contained), ("handed off to a person", handedOff), ("abandoned", abandoned)]
        let percentages = HandoffFormat.percentages(outcomes.map(\.1))
        lines.append(contentsOf: Self.table(zip(outcomes, percentages).map { ($0.0.0, "\($0.0.1)", "\($0.1)%") }))
        lines.append("")

        lines.append("Handoffs: \(tickets) ticket\(tickets == 1 ? "" : "s")")
        let reasonRows = handoffsByReason.map { count in
            (Ticket.Reason(rawValue: count.name)?.phrase ?? count.name, "\(count.count)", "")
        }
        lines.append(contentsOf: Self.table(reasonRows))
        lines.append("  reopened within \(Int(HandoffStore.reopenWindow / 86_400)) days: \(reopened)")
        lines.append("  order look-ups locked without a ticket (someone guessing): \(verificationLockouts)")
        lines.append("  median wait for an agent: \(medianWait.map(HandoffFormat.duration) ?? "no claims yet")")
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
        return lines.joined(separator: "\n") + "\n"
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
