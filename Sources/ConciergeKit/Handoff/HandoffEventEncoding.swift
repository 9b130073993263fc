import Foundation

/// Writes the agents' store's JSON by hand: every journal event (``HandoffEvent``) and the ticket
/// files (`tickets/T-1001.json`), byte for byte as `JSONEncoder` wrote them (keys sorted, slashes
/// not escaped, ISO 8601 dates; the ticket files pretty-printed too).
///
/// A server hands off a chat in a hundred or so and logs every chat as it ends, and `JSONEncoder`
/// cost more per event than the chat's own turns. The output is unchanged, so journals and ticket
/// files of older versions and of this one cannot be told apart, and the store's `JSONDecoder`
/// reads both. Every stored property of ``Ticket``, its ``Ticket/Shopper`` and
/// ``Ticket/OrderSnapshot``, ``Turn``, ``ConversationRecord`` and ``Misunderstanding`` must be
/// written here (a turn's cards through ``CardEncoding``): the lists below name them, and a test
/// compares them with the types' actual properties.
enum HandoffEventEncoding {
    /// The stored properties handled, per type, in declaration order.
    static let ticketFields = ["id", "conversationID", "created", "reason", "priority", "shopper", "orders", "answered", "facts",
                               "summary", "transcript", "status", "agent", "claimedAt", "resolvedAt", "note", "rating", "comment", "shopperLeftAt"]
    static let shopperFields = ["verifiedEmail", "claimedEmail", "claimedPostcode"]
    static let orderFields = ["id", "status", "state", "items", "parcels"]
    static let recordFields = ["id", "started", "ended", "outcome", "intents", "unmatched", "ticketID", "flags", "misunderstandings", "language"]
    static let misunderstandingFields = ["intent", "confidence", "answered", "reaction"]

    /// The event as one JSON object (no newline).
    static func encode(_ event: HandoffEvent) -> [UInt8] {
        var w = JSONWriter(.encoder, capacity: 512)
        w.begin()
        // Each case writes its keys in sorted order: agent, comment, connected, conversation, note,
        // rating, seq, ticket, ticket_id, time, to_bot, turn, type, v.
        switch event.change {
        case .opened(let ticket):
            w.field("seq", event.sequence)
            w.key("ticket")
            self.ticket(ticket, &w)
            date("time", event.time, &w)
            typeAndVersion("opened", &w)
        case .message(let id, let turn):
            sequenceTicketAndTime(event, id, &w)
            w.key("turn")
            self.turn(turn, &w)
            typeAndVersion("message", &w)
        case .claimed(let id, let agent):
            w.field("agent", agent)
            sequenceTicketAndTime(event, id, &w)
            typeAndVersion("claimed", &w)
        case .released(let id, let agent, let toBot):
            w.field("agent", agent)
            sequenceTicketAndTime(event, id, &w)
            w.field("to_bot", toBot)
            typeAndVersion("released", &w)
        case .withdrawn(let id):
            sequenceTicketAndTime(event, id, &w)
            typeAndVersion("withdrawn", &w)
        case .resolved(let id, let agent, let note):
            w.field("agent", agent)
            if let note { w.field("note", note) }
            sequenceTicketAndTime(event, id, &w)
            typeAndVersion("resolved", &w)
        case .rated(let id, let rating, let comment):
            if let comment { w.field("comment", comment) }
            w.field("rating", rating)
            sequenceTicketAndTime(event, id, &w)
            typeAndVersion("rated", &w)
        case .presence(let id, let connected):
            w.field("connected", connected)
            sequenceTicketAndTime(event, id, &w)
            typeAndVersion("presence", &w)
        case .conversationLogged(let record):
            w.key("conversation")
            self.record(record, &w)
            w.field("seq", event.sequence)
            date("time", event.time, &w)
            typeAndVersion("conversation", &w)
        case .detailsAdded(let id, let details):
            w.key("details")
            w.begin()
            facts("facts", details.facts, &w)
            orders("orders", details.orders, &w)
            if let shopper = details.shopper { self.shopper("shopper", shopper, &w) }
            if let summary = details.summary { w.field("summary", summary) }
            w.end()
            sequenceTicketAndTime(event, id, &w)
            typeAndVersion("details", &w)
        }
        w.end()
        return w.bytes
    }

    /// `tickets/T-1001.json` without its final newline: the ticket pretty-printed.
    static func ticketFile(_ t: Ticket) -> [UInt8] {
        var w = JSONWriter(.prettyEncoder, capacity: 1024 + 256 * t.transcript.count)
        ticket(t, &w)
        return w.bytes
    }

    private static func sequenceTicketAndTime(_ event: HandoffEvent, _ ticketID: String, _ w: inout JSONWriter) {
        w.field("seq", event.sequence)
        w.field("ticket_id", ticketID)
        date("time", event.time, &w)
    }

    private static func typeAndVersion(_ type: String, _ w: inout JSONWriter) {
        w.field("type", type)
        w.field("v", HandoffEvent.formatVersion)
    }

    static func ticket(_ t: Ticket, _ w: inout JSONWriter) {
        w.begin()
        if let v = t.agent { w.field("agent", v) }
        w.field("answered", t.answered)
        if let v = t.claimedAt { date("claimed_at", v, &w) }
        if let v = t.comment { w.field("comment", v) }
        w.field("conversation_id", t.conversationID)
        date("created", t.created, &w)
        facts("facts", t.facts, &w)
        w.field("id", t.id)
        if let v = t.note { w.field("note", v) }
        orders("orders", t.orders, &w)
        w.field("priority", t.priority)
        if let v = t.rating { w.field("rating", v) }
        w.field("reason", t.reason.rawValue)
        if let v = t.resolvedAt { date("resolved_at", v, &w) }
        shopper("shopper", t.shopper, &w)
        if let v = t.shopperLeftAt { date("shopper_left_at", v, &w) }
        w.field("status", t.status.rawValue)
        w.field("summary", t.summary)
        w.array("transcript", t.transcript) { w, turn in
            self.turn(turn, &w)
        }
        w.end()
    }

    /// Facts by name, their keys sorted as `JSONEncoder` sorts them (by their UTF-8 bytes).
    static func facts(_ key: StaticString, _ facts: [String: String], _ w: inout JSONWriter) {
        w.key(key)
        w.begin()
        for name in facts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            w.key(escaping: name)
            w.string(facts[name] ?? "")
        }
        w.end()
    }

    static func orders(_ key: StaticString, _ orders: [Ticket.OrderSnapshot], _ w: inout JSONWriter) {
        w.array(key, orders) { w, order in
            w.begin()
            w.field("id", order.id)
            w.field("items", order.items)
            w.field("parcels", order.parcels)
            w.field("state", order.state)
            w.field("status", order.status)
            w.end()
        }
    }

    static func shopper(_ key: StaticString, _ shopper: Ticket.Shopper, _ w: inout JSONWriter) {
        w.key(key)
        w.begin()
        if let v = shopper.claimedEmail { w.field("claimed_email", v) }
        if let v = shopper.claimedPostcode { w.field("claimed_postcode", v) }
        if let v = shopper.verifiedEmail { w.field("verified_email", v) }
        w.end()
    }

    /// A turn as the store writes it: keys sorted, its time in ISO 8601 (unlike the session
    /// journal's, see ``JournalEncoding/turn(_:_:)``).
    static func turn(_ t: Turn, _ w: inout JSONWriter) {
        w.begin()
        if let v = t.cards { CardEncoding.cards("cards", v, &w) }
        if let v = t.confidence { w.field("confidence", v) }
        if let v = t.intent { w.field("intent", v) }
        if let v = t.kind { w.field("kind", v.rawValue) }
        if let v = t.lead { w.field("lead", v) }
        if let v = t.quickReplies { w.field("quickReplies", v) }
        w.field("sender", t.sender.rawValue)
        w.field("text", t.text)
        date("time", t.time, &w)
        w.end()
    }

    /// A likely misunderstanding, in a conversation record and in a session's state.
    static func misunderstanding(_ m: Misunderstanding, _ w: inout JSONWriter) {
        w.begin()
        if let v = m.answered { w.field("answered", v) }
        w.field("confidence", m.confidence)
        w.field("intent", m.intent)
        w.field("reaction", m.reaction)
        w.end()
    }

    static func record(_ r: ConversationRecord, _ w: inout JSONWriter) {
        w.begin()
        date("ended", r.ended, &w)
        if let v = r.flags { w.field("flags", v) }
        w.field("id", r.id)
        w.field("intents", r.intents)
        if let v = r.language { w.field("language", v) }
        if let v = r.misunderstandings {
            w.array("misunderstandings", v) { w, m in misunderstanding(m, &w) }
        }
        w.field("outcome", r.outcome.rawValue)
        date("started", r.started, &w)
        if let v = r.ticketID { w.field("ticket_id", v) }
        w.field("unmatched", r.unmatched)
        w.end()
    }

    /// A date field as the store writes dates.
    static func date(_ key: StaticString, _ date: Date, _ w: inout JSONWriter) {
        w.key(key)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        text.reserveCapacity(24)
        iso8601(date, into: &text)
        text.append(UInt8(ascii: "\""))
        w.raw(text)
    }

    /// `date` in UTC to the whole second, as `JSONEncoder`'s ISO 8601 strategy writes it
    /// (`2026-11-23T02:04:05Z`); the store keeps times to the whole second.
    static func iso8601(_ date: Date) -> String {
        var bytes: [UInt8] = []
        iso8601(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func iso8601(_ date: Date, into out: inout [UInt8]) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = HandoffFormat.civil(daysSince1970: days)
        if (1000...9999).contains(year) {
            out.append(UInt8(48 + year / 1000))
            out.append(UInt8(48 + year / 100 % 10))
            out.append(UInt8(48 + year / 10 % 10))
            out.append(UInt8(48 + year % 10))
        } else {
            let yearText = String(year).utf8
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, 4 - yearText.count)))
            out.append(contentsOf: yearText)
        }
        func two(_ separator: Unicode.Scalar, _ n: Int) {
            out.append(UInt8(ascii: separator))
            out.append(UInt8(48 + n / 10))
            out.append(UInt8(48 + n % 10))
        }
        two("-", month)
        two("-", day)
        two("T", rest / 3600)
        two(":", rest / 60 % 60)
        two(":", rest % 60)
        out.append(UInt8(ascii: "Z"))
    }
}
