import Foundation

/// Reads the agents' store's JSON by hand: the journal's events and the ticket files, as
/// ``HandoffEventEncoding`` writes them, field by field off the fast ``JSONReader`` (no tree of
/// values in between).
///
/// Opening a store replays its whole journal, which with `JSONDecoder` took 7.8 s for 100,000
/// conversations (the README's "Speed" has the figures). This reader gives exactly the values
/// `JSONDecoder` gives, or nil for anything it does not
/// expect (a missing, null or mistyped field, an unknown type or value, a date not to the whole
/// second, a newer format, bytes that are not UTF-8): the caller then asks `JSONDecoder`, which
/// decides and words the error, so nothing is guessed and every error reads as before. Unknown
/// keys are skipped, as `JSONDecoder` skips them.
enum HandoffEventDecoding {
    /// The event on one journal line, or nil to leave it to `JSONDecoder`.
    static func event(_ bytes: UnsafeBufferPointer<UInt8>) -> HandoffEvent? {
        read(bytes) { p throws(Unexpected) in try event(&p) }
    }

    /// A ticket file (`tickets/T-1001.json`), or nil to leave it to `JSONDecoder`.
    static func ticketFile(_ bytes: UnsafeBufferPointer<UInt8>) -> Ticket? {
        read(bytes) { p throws(Unexpected) in try ticket(&p) }
    }

    /// What `body` reads from `bytes`, if they hold that one JSON value and nothing else.
    private static func read<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (inout Pull) throws(Unexpected) -> T) -> T? {
        // Bytes that are not UTF-8 would read as U+FFFD, where `JSONDecoder` refuses them.
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil { return nil }
        var p = Pull(reader: JSONReader(bytes))
        guard let value = try? body(&p), p.reader.peek() == nil else { return nil }
        return value
    }

    // MARK: The store's types

    private static func event(_ p: inout Pull) throws(Unexpected) -> HandoffEvent {
        var version: Int?, sequence: Int?, time: Date?, type: String?
        var ticketID: String?, agent: String?, note: String?, comment: String?, rating: Int?, toBot: Bool?, connected: Bool?
        var ticket: Ticket?, turn: Turn?, record: ConversationRecord?, details: TicketDetails?
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "v": version = try p.int()
            case "seq": sequence = try p.int()
            case "time": time = try p.date()
            case "type": type = try p.string()
            case "ticket_id": ticketID = try p.string()
            case "agent": agent = try p.string()
            case "note": note = try p.optional { p throws(Unexpected) in try p.string() }
            case "comment": comment = try p.optional { p throws(Unexpected) in try p.string() }
            case "rating": rating = try p.int()
            case "to_bot": toBot = try p.bool()
            case "connected": connected = try p.bool()
            case "ticket": ticket = try Self.ticket(&p)
            case "turn": turn = try Self.turn(&p)
            case "conversation": record = try Self.record(&p)
            // Details a shopper gave after the handoff are rare: `JSONDecoder` reads them, from their bytes alone.
            case "details": details = try p.decoded(TicketDetails.self)
            default: try p.skip()
            }
        }
        guard let version, version <= HandoffEvent.formatVersion, let sequence, let time, let type else { throw Unexpected() }
        let change: HandoffEvent.Change
        switch (type, ticketID) {
        case ("opened", _):
            guard let ticket else { throw Unexpected() }
            change = .opened(ticket)
        case ("message", let id?):
            guard let turn else { throw Unexpected() }
            change = .message(ticketID: id, turn: turn)
        case ("claimed", let id?):
            guard let agent else { throw Unexpected() }
            change = .claimed(ticketID: id, agent: agent)
        case ("released", let id?):
            guard let agent, let toBot else { throw Unexpected() }
            change = .released(ticketID: id, agent: agent, toBot: toBot)
        case ("withdrawn", let id?):
            change = .withdrawn(ticketID: id)
        case ("resolved", let id?):
            guard let agent else { throw Unexpected() }
            change = .resolved(ticketID: id, agent: agent, note: note)
        case ("rated", let id?):
            guard let rating else { throw Unexpected() }
            change = .rated(ticketID: id, rating: rating, comment: comment)
        case ("presence", let id?):
            guard let connected else { throw Unexpected() }
            change = .presence(ticketID: id, connected: connected)
        case ("conversation", _):
            guard let record else { throw Unexpected() }
            change = .conversationLogged(record)
        case ("details", let id?):
            guard let details else { throw Unexpected() }
            change = .detailsAdded(ticketID: id, details: details)
        default:
            throw Unexpected()
        }
        return HandoffEvent(sequence: sequence, time: time, change: change)
    }

    private static func ticket(_ p: inout Pull) throws(Unexpected) -> Ticket {
        var id: String?, conversationID: String?, created: Date?, reason: Ticket.Reason?, priority: Int?, shopper: Ticket.Shopper?
        var orders: [Ticket.OrderSnapshot]?, answered: [String]?, facts: [String: String]?, summary: String?, transcript: [Turn]?
        var status: Ticket.Status?, agent: String?, claimedAt: Date?, resolvedAt: Date?, note: String?, rating: Int?, comment: String?
        var shopperLeftAt: Date?
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "id": id = try p.string()
            case "conversation_id": conversationID = try p.string()
            case "created": created = try p.date()
            case "reason": reason = try p.raw(Ticket.Reason.self)
            case "priority": priority = try p.int()
            case "shopper": shopper = try Self.shopper(&p)
            case "orders": orders = try p.array { p throws(Unexpected) in try Self.order(&p) }
            case "answered": answered = try p.strings()
            case "facts": facts = try Self.facts(&p)
            case "summary": summary = try p.string()
            case "transcript": transcript = try p.array { p throws(Unexpected) in try Self.turn(&p) }
            case "status": status = try p.raw(Ticket.Status.self)
            case "agent": agent = try p.optional { p throws(Unexpected) in try p.string() }
            case "claimed_at": claimedAt = try p.optional { p throws(Unexpected) in try p.date() }
            case "resolved_at": resolvedAt = try p.optional { p throws(Unexpected) in try p.date() }
            case "note": note = try p.optional { p throws(Unexpected) in try p.string() }
            case "rating": rating = try p.optional { p throws(Unexpected) in try p.int() }
            case "comment": comment = try p.optional { p throws(Unexpected) in try p.string() }
            case "shopper_left_at": shopperLeftAt = try p.optional { p throws(Unexpected) in try p.date() }
            default: try p.skip()
            }
        }
        guard let id, let conversationID, let created, let reason, let priority, let shopper, let orders, let answered, let facts,
              let summary, let transcript, let status else { throw Unexpected() }
        return Ticket(id: id, conversationID: conversationID, created: created, reason: reason, priority: priority, shopper: shopper,
                      orders: orders, answered: answered, facts: facts, summary: summary, transcript: transcript, status: status,
                      agent: agent, claimedAt: claimedAt, resolvedAt: resolvedAt, note: note, rating: rating, comment: comment,
                      shopperLeftAt: shopperLeftAt)
    }

    private static func shopper(_ p: inout Pull) throws(Unexpected) -> Ticket.Shopper {
        var shopper = Ticket.Shopper()
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "verified_email": shopper.verifiedEmail = try p.optional { p throws(Unexpected) in try p.string() }
            case "claimed_email": shopper.claimedEmail = try p.optional { p throws(Unexpected) in try p.string() }
            case "claimed_postcode": shopper.claimedPostcode = try p.optional { p throws(Unexpected) in try p.string() }
            default: try p.skip()
            }
        }
        return shopper
    }

    private static func order(_ p: inout Pull) throws(Unexpected) -> Ticket.OrderSnapshot {
        var id: String?, status: String?, state: String?, items: [String]?, parcels: [String]?
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "id": id = try p.string()
            case "status": status = try p.string()
            case "state": state = try p.string()
            case "items": items = try p.strings()
            case "parcels": parcels = try p.optional { p throws(Unexpected) in try p.strings() }
            default: try p.skip()
            }
        }
        guard let id, let status, let state, let items else { throw Unexpected() }
        return Ticket.OrderSnapshot(id: id, status: status, state: state, items: items, parcels: parcels ?? [])
    }

    private static func turn(_ p: inout Pull) throws(Unexpected) -> Turn {
        var sender: Turn.Sender?, text: String?, time: Date?, intent: String?, confidence: Double?, kind: Reply.Kind?, quickReplies: [String]?
        var lead: String?, cards: [Card]?
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "sender": sender = try p.raw(Turn.Sender.self)
            case "text": text = try p.string()
            case "time": time = try p.date()
            case "intent": intent = try p.optional { p throws(Unexpected) in try p.string() }
            case "confidence": confidence = try p.optional { p throws(Unexpected) in try p.double() }
            case "kind": kind = try p.optional { p throws(Unexpected) in try p.raw(Reply.Kind.self) }
            case "quickReplies": quickReplies = try p.optional { p throws(Unexpected) in try p.strings() }
            case "lead": lead = try p.optional { p throws(Unexpected) in try p.string() }
            // A turn's cards (an order answer's parcels, items, references) are few and nested:
            // `JSONDecoder` reads them, from their bytes alone.
            case "cards": cards = try p.optional { p throws(Unexpected) in try p.decoded([Card].self) }
            default: try p.skip()
            }
        }
        guard let sender, let text, let time else { throw Unexpected() }
        return Turn(sender: sender, text: text, time: time, intent: intent, confidence: confidence, kind: kind, quickReplies: quickReplies,
                    lead: lead, cards: cards)
    }

    private static func record(_ p: inout Pull) throws(Unexpected) -> ConversationRecord {
        var id: String?, started: Date?, ended: Date?, outcome: ConversationRecord.Outcome?, intents: [String]?, unmatched: [String]?
        var ticketID: String?, flags: [String]?, misunderstandings: [Misunderstanding]?, language: String?
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "id": id = try p.string()
            case "started": started = try p.date()
            case "ended": ended = try p.date()
            case "outcome": outcome = try p.raw(ConversationRecord.Outcome.self)
            case "intents": intents = try p.strings()
            case "unmatched": unmatched = try p.strings()
            case "ticket_id": ticketID = try p.optional { p throws(Unexpected) in try p.string() }
            case "flags": flags = try p.optional { p throws(Unexpected) in try p.strings() }
            case "misunderstandings":
                misunderstandings = try p.optional { p throws(Unexpected) in try p.array { p throws(Unexpected) in try Self.misunderstanding(&p) } }
            case "language": language = try p.optional { p throws(Unexpected) in try p.string() }
            default: try p.skip()
            }
        }
        guard let id, let started, let ended, let outcome, let intents, let unmatched else { throw Unexpected() }
        return ConversationRecord(id: id, started: started, ended: ended, outcome: outcome, intents: intents, unmatched: unmatched,
                                  ticketID: ticketID, flags: flags, misunderstandings: misunderstandings, language: language)
    }

    private static func misunderstanding(_ p: inout Pull) throws(Unexpected) -> Misunderstanding {
        var intent: String?, confidence: Double?, answered: String?, reaction: String?
        try p.object { key, p throws(Unexpected) in
            switch key {
            case "intent": intent = try p.string()
            case "confidence": confidence = try p.double()
            case "answered": answered = try p.optional { p throws(Unexpected) in try p.string() }
            case "reaction": reaction = try p.string()
            default: try p.skip()
            }
        }
        guard let intent, let confidence, let reaction else { throw Unexpected() }
        return Misunderstanding(intent: intent, confidence: confidence, answered: answered, reaction: reaction)
    }

    private static func facts(_ p: inout Pull) throws(Unexpected) -> [String: String] {
        var facts: [String: String] = [:]
        try p.object { key, p throws(Unexpected) in
            guard facts.updateValue(try p.string(), forKey: key) == nil else { throw Unexpected() }
        }
        return facts
    }

    // MARK: Values

    /// Something this reader does not expect: `JSONDecoder` decides instead.
    private struct Unexpected: Error {}

    /// Typed values read one after another off a ``JSONReader``.
    private struct Pull {
        var reader: JSONReader

        /// Reads an object, handing each key and the reader (at its value) to `field`.
        mutating func object(_ field: (String, inout Pull) throws(Unexpected) -> Void) throws(Unexpected) {
            do {
                try reader.expect(UInt8(ascii: "{"), "an object")
                if reader.consume(UInt8(ascii: "}")) { return }
                repeat {
                    let key = try reader.key()
                    try field(key, &self)
                } while try reader.more(closing: UInt8(ascii: "}"), "after a field")
            } catch let error as Unexpected {
                throw error
            } catch {
                throw Unexpected()
            }
        }

        mutating func array<T>(_ element: (inout Pull) throws(Unexpected) -> T) throws(Unexpected) -> [T] {
            var out: [T] = []
            do {
                try reader.expect(UInt8(ascii: "["), "a list")
                if reader.consume(UInt8(ascii: "]")) { return out }
                repeat {
                    out.append(try element(&self))
                } while try reader.more(closing: UInt8(ascii: "]"), "after a list element")
            } catch let error as Unexpected {
                throw error
            } catch {
                throw Unexpected()
            }
            return out
        }

        mutating func strings() throws(Unexpected) -> [String] {
            try array { p throws(Unexpected) in try p.string() }
        }

        mutating func string() throws(Unexpected) -> String {
            do { return try reader.stringValue() } catch { throw Unexpected() }
        }

        /// A whole number as `JSONDecoder` reads an `Int`: digits only, no fraction or exponent.
        mutating func int() throws(Unexpected) -> Int {
            guard let text = try? reader.numberValue(), let value = Int(text) else { throw Unexpected() }
            return value
        }

        mutating func double() throws(Unexpected) -> Double {
            guard let text = try? reader.numberValue(), let value = Double(text) else { throw Unexpected() }
            return value
        }

        mutating func bool() throws(Unexpected) -> Bool {
            guard case .bool(let value)? = try? reader.value() else { throw Unexpected() }
            return value
        }

        /// A date as the store writes it, `2026-11-22T14:05:00Z`; any other form is left to `JSONDecoder`.
        mutating func date() throws(Unexpected) -> Date {
            let text = try string()
            guard text.utf8.count == 20, text.utf8.last == UInt8(ascii: "Z"), let date = OrderCalendar.parse(text) else { throw Unexpected() }
            return date
        }

        /// A value from its raw value (`asked_for_person`).
        mutating func raw<T: RawRepresentable>(_ type: T.Type) throws(Unexpected) -> T where T.RawValue == String {
            guard let value = T(rawValue: try string()) else { throw Unexpected() }
            return value
        }

        /// An optional field's value: nil for null, as `JSONDecoder` reads an absent or null optional.
        mutating func optional<T>(_ read: (inout Pull) throws(Unexpected) -> T) throws(Unexpected) -> T? {
            if reader.peek() == UInt8(ascii: "n") {
                guard case .null? = try? reader.value() else { throw Unexpected() }
                return nil
            }
            return try read(&self)
        }

        /// A value `JSONDecoder` reads, as the journal's decoder reads it within a whole event.
        mutating func decoded<T: Decodable>(_ type: T.Type) throws(Unexpected) -> T {
            let start = reader.position
            try skip()
            let bytes = reader.bytes(from: start)
            guard let value = try? Journal.decoder.decode(T.self, from: Data(buffer: bytes)) else { throw Unexpected() }
            return value
        }

        /// Any value, read and dropped: a key this program does not write.
        mutating func skip() throws(Unexpected) {
            do { _ = try reader.value() } catch { throw Unexpected() }
        }
    }
}
