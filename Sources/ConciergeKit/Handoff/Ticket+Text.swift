import Foundation

extension Ticket {
    /// The ticket as an agent reads it: a header (status, reason, priority, whether the shopper is
    /// still there, shopper, orders and their parcels, facts, summary), then the transcript as
    /// `[14:03] Shopper: ...` lines, bot lines with the intent acted on and the matcher's confidence.
    ///
    /// This is what ``HandoffStore`` writes to `tickets/T-1001.txt`, without `now`.
    /// - Parameters:
    ///   - timeZone: the zone times are shown in (the shop's).
    ///   - now: the reader's clock, to say how long ago the shopper left (`4 min ago`); without
    ///     it (in the file, which is not rewritten as time passes) the time they left is shown.
    public func rendered(timeZone: TimeZone = OrderCalendar.utc, now: Date? = nil) -> String {
        String(decoding: renderedUTF8(HandoffFormat(timeZone: timeZone), now: now), as: UTF8.self)
    }

    /// ``rendered(timeZone:now:)`` as the file's bytes, written straight into one buffer (not lines
    /// of `String`s joined): this runs for every change to a ticket.
    func renderedUTF8(_ format: HandoffFormat, now: Date? = nil) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(1_024 + transcript.reduce(0) { $0 + 40 + $1.text.utf8.count })
        func line(_ s: String) {
            text.append(contentsOf: s.utf8)
            text.append(UInt8(ascii: "\n"))
        }
        line("Ticket \(id): \(status.phrase), priority \(priority)\(priority == 1 ? " (most urgent)" : "")")
        line("Reason: \(reason.phrase)")
        line("Opened: \(format.dayAndClock(created)) \(format.zoneName), conversation \(conversationID)")
        if let agent {
            let since = claimedAt.map { " since \(format.dayAndClock($0))" } ?? ""
            line("Agent: \(agent)\(status == .claimed ? since : "")")
        }
        if let presence = presence(format, now: now) { line("Presence: \(presence)") }
        if let resolvedAt { line("Resolved: \(format.dayAndClock(resolvedAt))") }
        if let note { line("Note: \(Self.oneLine(note))") }
        if let rating {
            line("Rating: \(rating)/5" + (comment.map { ", \"\(Self.oneLine($0))\"" } ?? ""))
        }

        line("")
        line("Shopper:")
        var shopperLines: [String] = []
        if let e = shopper.verifiedEmail { shopperLines.append("  e-mail (verified): \(e)") }
        if let e = shopper.claimedEmail { shopperLines.append("  e-mail (not verified): \(e)") }
        if let p = shopper.claimedPostcode { shopperLines.append("  postcode (not verified): \(p)") }
        for s in shopperLines.isEmpty ? ["  (no details given)"] : shopperLines { line(s) }

        line("Orders:")
        if orders.isEmpty { line("  (none)") }
        for order in orders {
            line("  #\(order.id) \(order.status): \(order.state)")
            if !order.items.isEmpty { line("    items: \(order.items.joined(separator: ", "))") }
            for parcel in order.parcels { line("    \(Self.oneLine(parcel))") }
        }

        line("Facts:")
        if facts.isEmpty { line("  (none)") }
        for key in facts.keys.sorted() { line("  \(key): \(Self.oneLine(facts[key] ?? ""))") }
        line("Already answered: \(answered.isEmpty ? "(nothing)" : answered.joined(separator: ", "))")

        line("")
        line("Summary:")
        line("  \(Self.oneLine(summary))")

        line("")
        line("Transcript:")
        let opened = format.local(created)
        var shownDay = (opened.year, opened.month, opened.day)
        for turn in transcript {
            let time = format.local(turn.time)
            if (time.year, time.month, time.day) != shownDay {
                line("--- \(format.day(time)) ---")
                shownDay = (time.year, time.month, time.day)
            }
            text.append(UInt8(ascii: "["))
            text.append(contentsOf: format.clock(time).utf8)
            text.append(contentsOf: "] ".utf8)
            Self.appendLabel(for: turn, to: &text)
            text.append(contentsOf: ": ".utf8)
            Self.appendIndented(turn.text, to: &text)
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    /// Whether the shopper is still in the chat to read a reply, as an agent glances at it:
    /// `shopper connected`, `shopper left just now`, `shopper left 4 min ago`, `shopper left 2h 05m ago`.
    /// - Parameter now: the reader's clock.
    public func presencePhrase(now: Date) -> String {
        guard let left = shopperLeftAt else { return "shopper connected" }
        return "shopper left " + HandoffFormat.ago(now.timeIntervalSince(left))
    }

    /// The header's `Presence:` line while the ticket is open (after that it is no longer kept up
    /// to date): ``presencePhrase(now:)`` with the time they left, `shopper left 4 min ago (14:07)`,
    /// or without `now`, `shopper left 2026-11-22 14:07`.
    private func presence(_ format: HandoffFormat, now: Date?) -> String? {
        guard status == .waiting || status == .claimed else { return nil }
        guard let left = shopperLeftAt else { return "shopper connected" }
        guard let now else { return "shopper left \(format.dayAndClock(left))" }
        return presencePhrase(now: now) + " (\(format.clock(left)))"
    }

    /// `Shopper`, `Agent`, `System`, or `Bot (track_order, 0.92)`; a bot turn without an intent
    /// (a question or a fallback) shows `no intent`.
    static func label(for turn: Turn) -> String {
        var label: [UInt8] = []
        appendLabel(for: turn, to: &label)
        return String(decoding: label, as: UTF8.self)
    }

    static func appendLabel(for turn: Turn, to out: inout [UInt8]) {
        switch turn.sender {
        case .shopper: out.append(contentsOf: "Shopper".utf8)
        case .agent: out.append(contentsOf: "Agent".utf8)
        case .system: out.append(contentsOf: "System".utf8)
        case .bot:
            out.append(contentsOf: "Bot (".utf8)
            out.append(contentsOf: (turn.intent ?? "no intent").utf8)
            if let confidence = turn.confidence {
                out.append(contentsOf: ", ".utf8)
                out.append(contentsOf: HandoffFormat.confidence(confidence).utf8)
            }
            out.append(UInt8(ascii: ")"))
        }
    }

    /// `text` on one line: each run of line breaks (`\n`, `\r`, `\r\n`, VT, FF, NEL, U+2028,
    /// U+2029: what `Character.isNewline` calls one) becomes a space, and those at either end go.
    ///
    /// Scanned as UTF-8, not as `Character`s: each of these is a grapheme on its own (or `\r\n`),
    /// so the result is the same as splitting the characters, at a fraction of the cost.
    static func oneLine(_ text: String) -> String {
        var text = text
        let joined: String? = text.withUTF8 { utf8 in
            var out: [UInt8] = []
            var start = 0
            var i = 0
            while i <= utf8.count {
                // The end of the text closes the last piece, like a line break.
                let length = i < utf8.count ? lineBreakLength(utf8, at: i) : 1
                guard length > 0 else {
                    i += 1
                    continue
                }
                if i == utf8.count && start == 0 { return nil }  // no line breaks
                if i > start {
                    if !out.isEmpty { out.append(UInt8(ascii: " ")) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                }
                i += length
                start = i
            }
            return String(decoding: out, as: UTF8.self)
        }
        return joined ?? text
    }

    /// The length in bytes of the line break that starts at `i`, 0 for none.
    private static func lineBreakLength(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        switch utf8[i] {
        case 0x0A...0x0D: return 1
        case 0xC2: return i + 1 < utf8.count && utf8[i + 1] == 0x85 ? 2 : 0
        case 0xE2: return i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// A message's later lines indented under its first, after each `\n` that is a `Character`
    /// of its own (not the end of a `\r\n`).
    static func indented(_ text: String) -> String {
        var out: [UInt8] = []
        appendIndented(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendIndented(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            guard let first = utf8.firstIndex(of: UInt8(ascii: "\n")) else {
                out.append(contentsOf: utf8)
                return
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<first]))
            for i in first..<utf8.count {
                let b = utf8[i]
                out.append(b)
                if b == UInt8(ascii: "\n") && (i == 0 || utf8[i - 1] != UInt8(ascii: "\r")) {
                    out.append(contentsOf: "        ".utf8)
                }
            }
        }
    }
}
