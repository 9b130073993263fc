import Foundation

/// One change to the handoff store, as recorded in its journal: the journal is the list of these,
/// and every ticket is what its events add up to.
///
/// A chat follows a ticket live by polling ``HandoffStore/events(after:)`` with the last
/// ``sequence`` it has seen and showing the `.message` events from agents.
///
/// One JSON object per journal line, e.g.
/// `{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}`.
/// A line from a newer format version or with an unknown `type` is reported as such, never guessed at.
public struct HandoffEvent: Sendable, Equatable {
    /// What happened.
    public enum Change: Sendable, Equatable {
        /// A ticket was opened; it holds the ticket as opened.
        case opened(Ticket)
        /// A message was added to a ticket's transcript after opening.
        case message(ticketID: String, turn: Turn)
        /// An agent took a waiting ticket.
        case claimed(ticketID: String, agent: String)
        /// The agent holding a ticket put it back in the queue, or handed it back to the bot.
        case released(ticketID: String, agent: String, toBot: Bool)
        /// The shopper stopped waiting before an agent took the ticket; it goes back to the bot.
        case withdrawn(ticketID: String)
        /// The agent holding a ticket finished with it.
        case resolved(ticketID: String, agent: String, note: String?)
        /// The shopper rated the help they got.
        case rated(ticketID: String, rating: Int, comment: String?)
        /// The shopper left the chat (their last connection closed, or the chat ended) or came back
        /// to it, while the ticket was open.
        case presence(ticketID: String, connected: Bool)
        /// A conversation ended and was logged for the report.
        case conversationLogged(ConversationRecord)
        /// The shopper gave details after the ticket opened (an order number, an e-mail address,
        /// what a photo shows), added to the ticket's facts, orders and shopper.
        case detailsAdded(ticketID: String, details: TicketDetails)
    }

    /// The event's place in the journal: 1 for the first, then one more for each.
    public var sequence: Int
    /// When it happened, by the caller's clock (to the whole second).
    public var time: Date
    public var change: Change

    public init(sequence: Int, time: Date, change: Change) {
        self.sequence = sequence
        self.time = time
        self.change = change
    }

    /// The ticket the event is about; nil for a logged conversation.
    public var ticketID: String? {
        switch change {
        case .opened(let ticket): return ticket.id
        case .message(let id, _), .claimed(let id, _), .released(let id, _, _), .withdrawn(let id), .resolved(let id, _, _),
             .rated(let id, _, _), .presence(let id, _), .detailsAdded(let id, _):
            return id
        case .conversationLogged: return nil
        }
    }

    /// The journal format this code writes and reads.
    static let formatVersion = 1
}

/// Why a complete journal line could not be read; anything else that fails to decode is damage.
enum JournalLineProblem: Error {
    case newerVersion(Int)
    case unknownType(String)
}

extension HandoffEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case version = "v", sequence = "seq", time, type
        case ticket, ticketID = "ticket_id", turn, agent, toBot = "to_bot", note, rating, comment, conversation, connected, details
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .version)
        guard version <= Self.formatVersion else { throw JournalLineProblem.newerVersion(version) }
        sequence = try c.decode(Int.self, forKey: .sequence)
        time = try c.decode(Date.self, forKey: .time)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "opened":
            change = .opened(try c.decode(Ticket.self, forKey: .ticket))
        case "message":
            change = .message(ticketID: try c.decode(String.self, forKey: .ticketID), turn: try c.decode(Turn.self, forKey: .turn))
        case "claimed":
            change = .claimed(ticketID: try c.decode(String.self, forKey: .ticketID), agent: try c.decode(String.self, forKey: .agent))
        case "released":
            change = .released(ticketID: try c.decode(String.self, forKey: .ticketID), agent: try c.decode(String.self, forKey: .agent),
                               toBot: try c.decode(Bool.self, forKey: .toBot))
        case "withdrawn":
            change = .withdrawn(ticketID: try c.decode(String.self, forKey: .ticketID))
        case "resolved":
            change = .resolved(ticketID: try c.decode(String.self, forKey: .ticketID), agent: try c.decode(String.self, forKey: .agent),
                               note: try c.decodeIfPresent(String.self, forKey: .note))
        case "rated":
            change = .rated(ticketID: try c.decode(String.self, forKey: .ticketID), rating: try c.decode(Int.self, forKey: .rating),
                            comment: try c.decodeIfPresent(String.self, forKey: .comment))
        case "presence":
            change = .presence(ticketID: try c.decode(String.self, forKey: .ticketID), connected: try c.decode(Bool.self, forKey: .connected))
        case "conversation":
            change = .conversationLogged(try c.decode(ConversationRecord.self, forKey: .conversation))
        case "details":
            change = .detailsAdded(ticketID: try c.decode(String.self, forKey: .ticketID), details: try c.decode(TicketDetails.self, forKey: .details))
        default:
            throw JournalLineProblem.unknownType(type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .version)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(time, forKey: .time)
        switch change {
        case .opened(let ticket):
            try c.encode("opened", forKey: .type)
            try c.encode(ticket, forKey: .ticket)
        case .message(let id, let turn):
            try c.encode("message", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(turn, forKey: .turn)
        case .claimed(let id, let agent):
            try c.encode("claimed", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(agent, forKey: .agent)
        case .released(let id, let agent, let toBot):
            try c.encode("released", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(agent, forKey: .agent)
            try c.encode(toBot, forKey: .toBot)
        case .withdrawn(let id):
            try c.encode("withdrawn", forKey: .type)
            try c.encode(id, forKey: .ticketID)
        case .resolved(let id, let agent, let note):
            try c.encode("resolved", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(agent, forKey: .agent)
            try c.encodeIfPresent(note, forKey: .note)
        case .rated(let id, let rating, let comment):
            try c.encode("rated", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(rating, forKey: .rating)
            try c.encodeIfPresent(comment, forKey: .comment)
        case .presence(let id, let connected):
            try c.encode("presence", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(connected, forKey: .connected)
        case .conversationLogged(let record):
            try c.encode("conversation", forKey: .type)
            try c.encode(record, forKey: .conversation)
        case .detailsAdded(let id, let details):
            try c.encode("details", forKey: .type)
            try c.encode(id, forKey: .ticketID)
            try c.encode(details, forKey: .details)
        }
    }
}
