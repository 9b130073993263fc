import Foundation

/// Writes a session journal line by hand, in the very JSON that `JSONEncoder` (with dates as
/// seconds since 1970) writes for the same values, so the server's `SessionJournal.recover(path:)`
/// reads it back with `JSONDecoder` exactly as before, and journals written by older versions
/// still load. Bytes in, bytes out: the server's `SessionJournal` owns the file.
///
/// `JSONEncoder` cost about a sixth of the server's CPU per message; this costs a few
/// microseconds. Every stored property of ``Conversation``, ``Facts``, ``Turn`` and ``Choice``
/// (and of a turn's cards, in ``CardEncoding``) must be written here: the lists below name them, and a test compares them with the types'
/// actual properties, so adding a field without handling it here fails the tests.
package enum JournalEncoding {
    /// The stored properties handled, per type, in declaration order.
    package static let conversationFields = ["id", "client", "transcript", "choices", "fallbackStreak", "facts", "flow", "topic", "deferred", "ticketID",
                                     "toldQueuePosition", "seenSequence", "afterCare", "lastTicketID", "unmatched",
                                     "misunderstandings"]
    package static let factsFields = ["orderNumber", "email", "postcode", "customerEmail", "verifiedOrders", "freshDetails",
                              "failedVerifications", "item", "quantity", "reason", "whatHappened", "address", "requests", "queuedOrders"]
    package static let turnFields = ["sender", "text", "time", "intent", "confidence", "kind", "quickReplies", "lead", "cards"]
    package static let choiceFields = ["label", "intent"]

    /// One journal line, newline included: `{"session":…,"turns":[…],"state":{…}}`, the state
    /// without its transcript (the turns carry what it gained).
    package static func line(session: String, turns: ArraySlice<Turn>, state c: Conversation) -> [UInt8] {
        var w = JSONWriter()
        w.begin()
        w.field("session", session)
        w.array("turns", turns) { w, t in
            turn(t, &w)
        }
        w.key("state")
        conversation(c, transcript: [], &w)
        w.end()
        w.raw(UInt8(ascii: "\n"))
        return w.bytes
    }

    package static func conversation(_ c: Conversation, transcript: [Turn], _ w: inout JSONWriter) {
        let (id, choices, fallbackStreak, facts, flow, ticketID, toldQueuePosition, seenSequence, afterCare, lastTicketID) =
            (c.id, c.choices, c.fallbackStreak, c.facts, c.flow, c.ticketID, c.toldQueuePosition, c.seenSequence, c.afterCare, c.lastTicketID)
        w.begin()
        w.field("id", id)
        if let v = c.client { w.field("client", v) }
        w.array("transcript", transcript) { w, t in
            turn(t, &w)
        }
        w.array("choices", choices) { w, choice in
            w.begin()
            w.field("label", choice.label)
            if let v = choice.intent { w.field("intent", v) }
            w.end()
        }
        w.field("fallbackStreak", fallbackStreak)
        w.key("facts")
        self.facts(facts, &w)
        if let flow {
            w.key("flow")
            w.begin()
            w.field("intent", flow.intent)
            w.field("awaiting", flow.awaiting.rawValue)
            w.field("request", flow.request)
            w.end()
        }
        if let v = c.topic { w.field("topic", v) }
        if let v = c.deferred { w.field("deferred", v) }
        if let v = ticketID { w.field("ticketID", v) }
        if let v = toldQueuePosition { w.field("toldQueuePosition", v) }
        w.field("seenSequence", seenSequence)
        if let v = afterCare { w.field("afterCare", v.rawValue) }
        if let v = lastTicketID { w.field("lastTicketID", v) }
        w.field("unmatched", c.unmatched)
        if let v = c.misunderstandings {
            w.array("misunderstandings", v) { w, m in HandoffEventEncoding.misunderstanding(m, &w) }
        }
        w.end()
    }

    package static func facts(_ f: Facts, _ w: inout JSONWriter) {
        w.begin()
        if let v = f.orderNumber { w.field("orderNumber", v) }
        if let v = f.email { w.field("email", v) }
        if let v = f.postcode { w.field("postcode", v) }
        if let v = f.customerEmail { w.field("customerEmail", v) }
        w.field("verifiedOrders", f.verifiedOrders)
        w.key("freshDetails")
        w.rawString(f.freshDetails ? "true" : "false")
        w.field("failedVerifications", f.failedVerifications)
        if let v = f.item { w.field("item", v) }
        if let v = f.quantity { w.field("quantity", v) }
        if let v = f.reason { w.field("reason", v) }
        if let v = f.whatHappened { w.field("whatHappened", v) }
        if let v = f.address { w.field("address", v) }
        w.field("requests", f.requests)
        if let v = f.queuedOrders { w.field("queuedOrders", v) }
        w.end()
    }

    /// A turn; its time in seconds since 1970 (the agents' store writes its own, see
    /// ``HandoffEventEncoding/turn(_:_:)``).
    package static func turn(_ t: Turn, _ w: inout JSONWriter) {
        w.begin()
        w.field("sender", t.sender.rawValue)
        w.field("text", t.text)
        w.field("time", t.time.timeIntervalSince1970)
        if let v = t.intent { w.field("intent", v) }
        if let v = t.confidence { w.field("confidence", v) }
        if let v = t.kind { w.field("kind", v.rawValue) }
        if let v = t.quickReplies { w.field("quickReplies", v) }
        if let v = t.lead { w.field("lead", v) }
        if let v = t.cards { CardEncoding.cards("cards", v, &w) }
        w.end()
    }
}
