import Foundation

/// Writes the agents' journal's two most frequent events by hand: a conversation logged as it
/// ends (one per chat) and a message added to a ticket. A server logs thousands of chats a
/// second, and `JSONEncoder` cost more per event than the chat's own turns; the rest (tickets
/// opened, claimed, resolved…) stay with `JSONEncoder`.
///
/// The JSON reads back with ``Journal``'s `JSONDecoder` (ISO 8601 dates) as the same event.
/// Every stored property of ``ConversationRecord`` must be written here: the list below names
/// them, and a test compares it with the type's actual properties. Turns are written by
/// ``JournalEncoding/turn(_:_:isoTime:)``, which the session journal shares.
enum HandoffEventEncoding {
    static let recordFields = ["id", "started", "ended", "outcome", "intents", "unmatched", "ticketID"]

    /// The event as one JSON object (no newline), or nil for the kinds left to `JSONEncoder`.
    static func encode(_ event: HandoffEvent) -> [UInt8]? {
        var w = JSONWriter()
        switch event.change {
        case .conversationLogged(let record):
            header(event, type: "conversation", &w)
            w.key("conversation")
            w.begin()
            w.field("id", record.id)
            date("started", record.started, &w)
            date("ended", record.ended, &w)
            w.field("outcome", record.outcome.rawValue)
            w.array("intents", record.intents) { w, s in w.string(s) }
            w.array("unmatched", record.unmatched) { w, s in w.string(s) }
            if let v = record.ticketID { w.field("ticket_id", v) }
            w.end()
        case .message(let ticketID, let turn):
            header(event, type: "message", &w)
            w.field("ticket_id", ticketID)
            w.key("turn")
            JournalEncoding.turn(turn, &w, isoTime: true)
        default:
            return nil
        }
        w.end()
        return w.bytes
    }

    private static func header(_ event: HandoffEvent, type: String, _ w: inout JSONWriter) {
        w.begin()
        w.field("v", HandoffEvent.formatVersion)
        w.field("seq", event.sequence)
        date("time", event.time, &w)
        w.field("type", type)
    }

    /// A date field as the agents' journal writes dates.
    static func date(_ key: String, _ date: Date, _ w: inout JSONWriter) {
        w.key(key)
        w.rawString("\"" + iso8601(date) + "\"")
    }

    /// `date` in UTC to the whole second, as `JSONEncoder`'s ISO 8601 strategy writes it
    /// (`2026-11-23T02:04:05Z`); the store keeps times to the whole second.
    static func iso8601(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-" + two(day)
            + "T" + two(rest / 3600) + ":" + two(rest / 60 % 60) + ":" + two(rest % 60) + "Z"
    }
}
