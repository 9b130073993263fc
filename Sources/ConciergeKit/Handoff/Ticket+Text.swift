import Foundation

extension Ticket {
    /// The ticket as an agent reads it: a header (status, reason, priority, shopper, orders, facts,
    /// summary), then the transcript as `[14:03] Shopper: ...` lines, bot lines with the intent acted
    /// on and the matcher's confidence.
    ///
    /// This is what ``HandoffStore`` writes to `tickets/T-1001.txt`.
    /// - Parameter timeZone: the zone times are shown in (the shop's).
    public func rendered(timeZone: TimeZone = OrderCalendar.utc) -> String {
        rendered(HandoffFormat(timeZone: timeZone))
    }

    func rendered(_ format: HandoffFormat) -> String {
        var lines: [String] = []
        lines.append("Ticket \(id): \(status.phrase), priority \(priority)\(priority == 1 ? " (most urgent)" : "")")
        lines.append("Reason: \(reason.phrase)")
        lines.append("Opened: \(format.dayAndClock(created)) \(format.zoneName), conversation \(conversationID)")
        if let agent {
            let since = claimedAt.map { " since \(format.dayAndClock($0))" } ?? ""
            lines.append("Agent: \(agent)\(status == .claimed ? since : "")")
        }
        if let resolvedAt { lines.append("Resolved: \(format.dayAndClock(resolvedAt))") }
        if let note { lines.append("Note: \(Self.oneLine(note))") }
        if let rating {
            lines.append("Rating: \(rating)/5" + (comment.map { ", \"\(Self.oneLine($0))\"" } ?? ""))
        }

        lines.append("")
        lines.append("Shopper:")
        var shopperLines: [String] = []
        if let e = shopper.verifiedEmail { shopperLines.append("  e-mail (verified): \(e)") }
        if let e = shopper.claimedEmail { shopperLines.append("  e-mail (not verified): \(e)") }
        if let p = shopper.claimedPostcode { shopperLines.append("  postcode (not verified): \(p)") }
        lines.append(contentsOf: shopperLines.isEmpty ? ["  (no details given)"] : shopperLines)

        lines.append("Orders:")
        if orders.isEmpty { lines.append("  (none)") }
        for order in orders {
            lines.append("  #\(order.id) \(order.status): \(order.state)")
            if !order.items.isEmpty { lines.append("    items: \(order.items.joined(separator: ", "))") }
        }

        lines.append("Facts:")
        if facts.isEmpty { lines.append("  (none)") }
        for key in facts.keys.sorted() { lines.append("  \(key): \(Self.oneLine(facts[key] ?? ""))") }
        lines.append("Already answered: \(answered.isEmpty ? "(nothing)" : answered.joined(separator: ", "))")

        lines.append("")
        lines.append("Summary:")
        lines.append("  \(Self.oneLine(summary))")

        lines.append("")
        lines.append("Transcript:")
        var shownDay = format.day(created)
        for turn in transcript {
            let day = format.day(turn.time)
            if day != shownDay {
                lines.append("--- \(day) ---")
                shownDay = day
            }
            let text = turn.text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
            lines.append("[\(format.clock(turn.time))] \(Self.label(for: turn)): \(text)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Shopper`, `Agent`, `System`, or `Bot (track_order, 0.92)`; a bot turn without an intent
    /// (a question or a fallback) shows `no intent`.
    static func label(for turn: Turn) -> String {
        switch turn.sender {
        case .shopper: return "Shopper"
        case .agent: return "Agent"
        case .system: return "System"
        case .bot:
            let intent = turn.intent ?? "no intent"
            return "Bot (\(intent)" + (turn.confidence.map { ", " + HandoffFormat.confidence($0) } ?? "") + ")"
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
