import Foundation

/// A conversation passed to a person: who the shopper is, what the bot already knows and did,
/// the transcript, and where the ticket stands in the agents' queue.
///
/// Tickets are opened, changed and read through ``HandoffStore``; every text in one has had
/// card-number-like digit runs masked with ``CardNumber/mask(_:)`` before it was stored.
/// Stored as JSON with snake_case keys and ISO 8601 dates, to the whole second.
public struct Ticket: Codable, Sendable, Equatable {
    /// Where a ticket stands.
    public enum Status: String, Codable, Sendable {
        /// In the queue, no agent yet.
        case waiting
        /// An agent has taken it (``Ticket/agent``).
        case claimed
        /// The agent has finished with it.
        case resolved
        /// Handed back to the bot, by the agent or because the shopper stopped waiting.
        case returnedToBot = "returned_to_bot"
    }

    /// Why the bot passed the conversation on.
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// The shopper asked for a person.
        case askedForPerson = "asked_for_person"
        /// The bot failed to understand several times in a row.
        case repeatedFallback = "repeated_fallback"
        /// The shopper sounded upset.
        case frustration
        /// Too many failed attempts to verify an order.
        case verificationLockout = "verification_lockout"
        /// A flow reached something only a person can decide.
        case needsPerson = "needs_person"
        /// An intent the shop always wants a person to handle.
        case alwaysPersonIntent = "always_person_intent"

        /// A short phrase for reports and ticket headers, e.g. `asked for a person`.
        public var phrase: String {
            switch self {
            case .askedForPerson: return "asked for a person"
            case .repeatedFallback: return "bot did not understand"
            case .frustration: return "shopper frustrated"
            case .verificationLockout: return "verification locked out"
            case .needsPerson: return "needs a person's decision"
            case .alwaysPersonIntent: return "always handled by a person"
            }
        }
    }

    /// Who the shopper is, as far as the bot could tell.
    public struct Shopper: Codable, Sendable, Equatable {
        /// An address proved to be theirs (signed in, or matched against an order).
        public var verifiedEmail: String?
        /// An address they gave that was not verified.
        public var claimedEmail: String?
        /// A postcode they gave.
        public var claimedPostcode: String?

        public init(verifiedEmail: String? = nil, claimedEmail: String? = nil, claimedPostcode: String? = nil) {
            self.verifiedEmail = verifiedEmail
            self.claimedEmail = claimedEmail
            self.claimedPostcode = claimedPostcode
        }

        /// The address that identifies the shopper across conversations, lower-cased: the verified
        /// one, else the claimed one.
        public var identity: String? { (verifiedEmail ?? claimedEmail)?.lowercased() }

        enum CodingKeys: String, CodingKey {
            case verifiedEmail = "verified_email", claimedEmail = "claimed_email", claimedPostcode = "claimed_postcode"
        }
    }

    /// An order as it stood when the ticket was opened, so the agent sees what the shopper saw.
    public struct OrderSnapshot: Codable, Sendable, Equatable {
        /// The normalised order number.
        public var id: String
        /// The order's status, e.g. `shipped`.
        public var status: String
        /// One line on where the order stands, e.g. `shipped 20 Nov with DPD, due 23 Nov`.
        public var state: String
        /// The items' names.
        public var items: [String]
        /// One line per parcel on where it stands, e.g. `Parcel 2 of 2 (Ceramic table lamp): with
        /// Northline Post, expected Fri 4 Dec, last: in transit`; empty for an order not sent yet,
        /// and in tickets stored before parcels were kept.
        public var parcels: [String]

        public init(id: String, status: String, state: String, items: [String], parcels: [String] = []) {
            self.id = id
            self.status = status
            self.state = state
            self.items = items
            self.parcels = parcels
        }

        enum CodingKeys: String, CodingKey {
            case id, status, state, items, parcels
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            status = try c.decode(String.self, forKey: .status)
            state = try c.decode(String.self, forKey: .state)
            items = try c.decode([String].self, forKey: .items)
            parcels = try c.decodeIfPresent([String].self, forKey: .parcels) ?? []
        }
    }

    /// `T-1001`, `T-1002`, ...: numbered from the journal, so unique across processes.
    public var id: String
    public var conversationID: String
    public var created: Date
    public var reason: Reason
    /// 1 is the most urgent, 3 the least.
    public var priority: Int
    public var shopper: Shopper
    /// The orders involved, as they were when the ticket opened.
    public var orders: [OrderSnapshot]
    /// Intents the bot already answered in this conversation.
    public var answered: [String]
    /// What the bot collected (order number, item, what happened...), by name.
    public var facts: [String: String]
    /// One paragraph an agent reads in ten seconds.
    public var summary: String
    /// Every message, oldest first: the bot's part, then what shopper and agent wrote after opening.
    public var transcript: [Turn]
    public var status: Status
    /// The agent holding the ticket, or the last one who did once it is resolved or back with the bot.
    public var agent: String?
    public var claimedAt: Date?
    public var resolvedAt: Date?
    /// The agent's closing note.
    public var note: String?
    /// The shopper's rating of the help, 1...5.
    public var rating: Int?
    public var comment: String?
    /// When the shopper left the chat, nil while they are in it (as they are when the ticket
    /// opens). Kept up to date only while the ticket is open.
    public var shopperLeftAt: Date?

    /// Whether the shopper is still in the chat to read an agent's reply.
    public var shopperConnected: Bool { shopperLeftAt == nil }

    public init(id: String, conversationID: String, created: Date, reason: Reason, priority: Int, shopper: Shopper,
                orders: [OrderSnapshot], answered: [String], facts: [String: String], summary: String, transcript: [Turn],
                status: Status = .waiting, agent: String? = nil, claimedAt: Date? = nil, resolvedAt: Date? = nil,
                note: String? = nil, rating: Int? = nil, comment: String? = nil, shopperLeftAt: Date? = nil) {
        self.id = id
        self.conversationID = conversationID
        self.created = created
        self.reason = reason
        self.priority = priority
        self.shopper = shopper
        self.orders = orders
        self.answered = answered
        self.facts = facts
        self.summary = summary
        self.transcript = transcript
        self.status = status
        self.agent = agent
        self.claimedAt = claimedAt
        self.resolvedAt = resolvedAt
        self.note = note
        self.rating = rating
        self.comment = comment
        self.shopperLeftAt = shopperLeftAt
    }

    /// Priorities from most to least urgent.
    public static let priorities = 1...3

    /// The number in the id (`1001` for `T-1001`), nil for an id not made by the store.
    var number: Int? { Self.number(in: id) }

    static func number(in id: String) -> Int? {
        guard id.hasPrefix(idPrefix) else { return nil }
        return Int(id.dropFirst(idPrefix.count))
    }

    static let idPrefix = "T-"
    /// The number of a new journal's first ticket.
    static let firstNumber = 1001

    enum CodingKeys: String, CodingKey {
        case id, created, reason, priority, shopper, orders, answered, facts, summary, transcript, status, agent, note, rating, comment
        case conversationID = "conversation_id", claimedAt = "claimed_at", resolvedAt = "resolved_at", shopperLeftAt = "shopper_left_at"
    }
}

extension Ticket.Status {
    /// How the status reads in a sentence: `waiting`, `claimed`, `resolved`, `back with the bot`.
    public var phrase: String {
        switch self {
        case .waiting: return "waiting"
        case .claimed: return "claimed"
        case .resolved: return "resolved"
        case .returnedToBot: return "back with the bot"
        }
    }
}
