import Foundation

/// Reads the agents' store's JSON by hand: the journal's events and the ticket files, as
/// ``HandoffEventEncoding`` writes them, with the fast ``JSONReader``.
///
/// Opening a store replays its whole journal, and `JSONDecoder` took some 40 µs an event: eight
/// seconds for a journal of 100,000 conversations, where the manager's report must take under
/// two. This reader gives exactly the values `JSONDecoder` gives, or nil for anything it does not
/// expect (a missing or mistyped field, an unknown type or value, a date not to the whole second,
/// a newer format): the caller then asks `JSONDecoder`, which decides and words the error, so
/// nothing is guessed and every error reads as before. Unknown keys are skipped, as `JSONDecoder`
/// skips them.
enum HandoffEventDecoding {
    /// The event on one journal line, or nil to leave it to `JSONDecoder`.
    static func event(_ bytes: UnsafeBufferPointer<UInt8>) -> HandoffEvent? {
        guard case .object(let o)? = parse(bytes), let version = int(o["v"]), version <= HandoffEvent.formatVersion,
              let sequence = int(o["seq"]), let time = date(o["time"]), let type = string(o["type"]) else { return nil }
        let change: HandoffEvent.Change
        switch type {
        case "opened":
            guard let ticket = ticket(o["ticket"]) else { return nil }
            change = .opened(ticket)
        case "message":
            guard let id = string(o["ticket_id"]), let turn = turn(o["turn"]) else { return nil }
            change = .message(ticketID: id, turn: turn)
        case "claimed":
            guard let id = string(o["ticket_id"]), let agent = string(o["agent"]) else { return nil }
            change = .claimed(ticketID: id, agent: agent)
        case "released":
            guard let id = string(o["ticket_id"]), let agent = string(o["agent"]), case .bool(let toBot)? = o["to_bot"] else { return nil }
            change = .released(ticketID: id, agent: agent, toBot: toBot)
        case "withdrawn":
            guard let id = string(o["ticket_id"]) else { return nil }
            change = .withdrawn(ticketID: id)
        case "resolved":
            guard let id = string(o["ticket_id"]), let agent = string(o["agent"]), let note = optional(o["note"], string) else { return nil }
            change = .resolved(ticketID: id, agent: agent, note: note)
        case "rated":
            guard let id = string(o["ticket_id"]), let rating = int(o["rating"]), let comment = optional(o["comment"], string) else { return nil }
            change = .rated(ticketID: id, rating: rating, comment: comment)
        case "presence":
            guard let id = string(o["ticket_id"]), case .bool(let connected)? = o["connected"] else { return nil }
            change = .presence(ticketID: id, connected: connected)
        case "conversation":
            guard let record = record(o["conversation"]) else { return nil }
            change = .conversationLogged(record)
        default:
            return nil
        }
        return HandoffEvent(sequence: sequence, time: time, change: change)
    }

    /// A ticket file (`tickets/T-1001.json`), or nil to leave it to `JSONDecoder`.
    static func ticketFile(_ bytes: UnsafeBufferPointer<UInt8>) -> Ticket? {
        ticket(parse(bytes))
    }

    /// The one JSON value `bytes` hold, nil when they hold anything else (or bytes that are not
    /// UTF-8, which the reader would take as U+FFFD where `JSONDecoder` refuses them).
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil { return nil }
        var reader = JSONReader(bytes)
        guard let value = try? reader.value(), reader.peek() == nil else { return nil }
        return value
    }

    // MARK: The store's types

    private static func ticket(_ value: JSONValue?) -> Ticket? {
        guard case .object(let o)? = value,
              let id = string(o["id"]), let conversationID = string(o["conversation_id"]), let created = date(o["created"]),
              let reason = string(o["reason"]).flatMap(Ticket.Reason.init(rawValue:)), let priority = int(o["priority"]),
              let shopper = shopper(o["shopper"]), let orders = array(o["orders"], order), let answered = array(o["answered"], string),
              let facts = facts(o["facts"]), let summary = string(o["summary"]), let transcript = array(o["transcript"], turn),
              let status = string(o["status"]).flatMap(Ticket.Status.init(rawValue:)),
              let agent = optional(o["agent"], string), let claimedAt = optional(o["claimed_at"], date),
              let resolvedAt = optional(o["resolved_at"], date), let note = optional(o["note"], string),
              let rating = optional(o["rating"], int), let comment = optional(o["comment"], string),
              let shopperLeftAt = optional(o["shopper_left_at"], date) else { return nil }
        return Ticket(id: id, conversationID: conversationID, created: created, reason: reason, priority: priority, shopper: shopper,
                      orders: orders, answered: answered, facts: facts, summary: summary, transcript: transcript, status: status,
                      agent: agent, claimedAt: claimedAt, resolvedAt: resolvedAt, note: note, rating: rating, comment: comment,
                      shopperLeftAt: shopperLeftAt)
    }

    private static func shopper(_ value: JSONValue?) -> Ticket.Shopper? {
        guard case .object(let o)? = value, let verified = optional(o["verified_email"], string),
              let claimed = optional(o["claimed_email"], string), let postcode = optional(o["claimed_postcode"], string) else { return nil }
        return Ticket.Shopper(verifiedEmail: verified, claimedEmail: claimed, claimedPostcode: postcode)
    }

    private static func order(_ value: JSONValue?) -> Ticket.OrderSnapshot? {
        guard case .object(let o)? = value, let id = string(o["id"]), let status = string(o["status"]), let state = string(o["state"]),
              let items = array(o["items"], string), let parcels = optional(o["parcels"], { array($0, string) }) else { return nil }
        return Ticket.OrderSnapshot(id: id, status: status, state: state, items: items, parcels: parcels ?? [])
    }

    private static func turn(_ value: JSONValue?) -> Turn? {
        guard case .object(let o)? = value, let sender = string(o["sender"]).flatMap(Turn.Sender.init(rawValue:)),
              let text = string(o["text"]), let time = date(o["time"]), let intent = optional(o["intent"], string),
              let confidence = optional(o["confidence"], double),
              let kind = optional(o["kind"], { string($0).flatMap(Reply.Kind.init(rawValue:)) }),
              let quickReplies = optional(o["quickReplies"], { array($0, string) }) else { return nil }
        return Turn(sender: sender, text: text, time: time, intent: intent, confidence: confidence, kind: kind, quickReplies: quickReplies)
    }

    private static func record(_ value: JSONValue?) -> ConversationRecord? {
        guard case .object(let o)? = value, let id = string(o["id"]), let started = date(o["started"]), let ended = date(o["ended"]),
              let outcome = string(o["outcome"]).flatMap(ConversationRecord.Outcome.init(rawValue:)),
              let intents = array(o["intents"], string), let unmatched = array(o["unmatched"], string),
              let ticketID = optional(o["ticket_id"], string), let flags = optional(o["flags"], { array($0, string) }),
              let misunderstandings = optional(o["misunderstandings"], { array($0, misunderstanding) }),
              let language = optional(o["language"], string) else { return nil }
        return ConversationRecord(id: id, started: started, ended: ended, outcome: outcome, intents: intents, unmatched: unmatched,
                                  ticketID: ticketID, flags: flags, misunderstandings: misunderstandings, language: language)
    }

    private static func misunderstanding(_ value: JSONValue?) -> Misunderstanding? {
        guard case .object(let o)? = value, let intent = string(o["intent"]), let confidence = double(o["confidence"]),
              let answered = optional(o["answered"], string), let reaction = string(o["reaction"]) else { return nil }
        return Misunderstanding(intent: intent, confidence: confidence, answered: answered, reaction: reaction)
    }

    // MARK: Values

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let s)? = value { return s }
        return nil
    }

    /// A whole number as `JSONDecoder` reads an `Int`: digits only, no fraction or exponent.
    private static func int(_ value: JSONValue?) -> Int? {
        if case .number(let n)? = value { return Int(n) }
        return nil
    }

    private static func double(_ value: JSONValue?) -> Double? {
        if case .number(let n)? = value { return Double(n) }
        return nil
    }

    /// A date as the store writes it, `2026-11-22T14:05:00Z`; any other form is left to `JSONDecoder`.
    private static func date(_ value: JSONValue?) -> Date? {
        guard case .string(let s)? = value, s.utf8.count == 20, s.utf8.last == UInt8(ascii: "Z") else { return nil }
        return OrderCalendar.parse(s)
    }

    private static func array<T>(_ value: JSONValue?, _ element: (JSONValue?) -> T?) -> [T]? {
        guard case .array(let values)? = value else { return nil }
        var out: [T] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let e = element(v) else { return nil }
            out.append(e)
        }
        return out
    }

    private static func facts(_ value: JSONValue?) -> [String: String]? {
        guard case .object(let o)? = value else { return nil }
        var facts: [String: String] = [:]
        for (key, v) in o.fields {
            guard let s = string(v), facts.updateValue(s, forKey: key) == nil else { return nil }
        }
        return facts
    }

    /// An optional field: `.some(nil)` when absent or null, `.some(value)` when it reads, nil when it does not.
    private static func optional<T>(_ value: JSONValue?, _ read: (JSONValue?) -> T?) -> T?? {
        switch value {
        case nil, .null?: return .some(nil)
        default: return read(value).map { .some($0) }
        }
    }
}
