/// A line `concierge serve` sends: one JSON object with a `type`, snake_case keys.
public struct ServerMessage: Sendable, Equatable, Encodable {
    public var type: String
    /// The `id` of the request this answers, if it had one.
    public var id: String?
    public var session: String?
    /// The session's event number, so a client resuming with `after` misses nothing.
    public var seq: Int?
    public var replies: [WireReply]?
    public var ticket: String?
    public var position: Int?
    public var waitSeconds: Int?
    public var agent: String?
    public var text: String?
    public var tickets: [WireTicket]?
    public var detail: String?
    public var code: String?
    public var message: String?
    public var role: String?

    public init(type: String, id: String? = nil, session: String? = nil) {
        self.type = type
        self.id = id
        self.session = session
    }

    enum CodingKeys: String, CodingKey {
        case type, id, session, seq, replies, ticket, position, agent, text, tickets, detail, code, message, role
        case waitSeconds = "wait_seconds"
    }

    /// An error answer: `code` is stable for programs, `message` says what to do.
    public static func error(_ code: ProtocolError, id: String? = nil, session: String? = nil) -> ServerMessage {
        var m = ServerMessage(type: "error", id: id, session: session)
        m.code = code.code
        m.message = code.description
        return m
    }
}

/// A bot or agent reply as sent on the wire:
/// `{kind, text, quick_replies?, intent?, confidence?, lead?, cards?}`.
///
/// `cards` (see ``Card``) is the reply's parcels, items or references as data, for a client that
/// draws them; `text` says the same in words for one that doesn't. `lead`, sent only with cards,
/// is what to show with the cards instead of `text` (which repeats them); without it, show `text`
/// and the cards.
public struct WireReply: Sendable, Equatable, Codable {
    public var kind: String
    public var text: String
    public var quickReplies: [String]?
    public var intent: String?
    public var confidence: Double?
    public var lead: String?
    public var cards: [Card]?

    public init(_ reply: Reply) {
        kind = reply.kind.rawValue
        text = reply.text
        quickReplies = reply.quickReplies.isEmpty ? nil : reply.quickReplies
        intent = reply.intent
        confidence = reply.confidence.map { ($0 * 1000).rounded() / 1000 }
        cards = reply.cards.isEmpty ? nil : reply.cards
        lead = cards == nil ? nil : reply.lead
    }

    enum CodingKeys: String, CodingKey {
        case kind, text, intent, confidence, lead, cards
        case quickReplies = "quick_replies"
    }
}

/// A queue line for agents.
public struct WireTicket: Sendable, Equatable, Codable {
    public var id: String
    public var priority: Int
    public var reason: String
    public var status: String
    public var waitingSeconds: Int
    public var summary: String

    public init(id: String, priority: Int, reason: String, status: String, waitingSeconds: Int, summary: String) {
        self.id = id
        self.priority = priority
        self.reason = reason
        self.status = status
        self.waitingSeconds = waitingSeconds
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case id, priority, reason, status, summary
        case waitingSeconds = "waiting_seconds"
    }
}
