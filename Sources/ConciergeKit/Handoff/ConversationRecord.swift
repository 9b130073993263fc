import Foundation

/// How one conversation went, logged when it ends so the manager's ``Report`` covers every
/// conversation, handed off or not.
public struct ConversationRecord: Codable, Sendable, Equatable {
    /// How a conversation ended; each conversation counts as exactly one of these.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// The bot handled it: the shopper left with an answer and no person was involved.
        case contained
        /// A ticket was opened for a person.
        case handedOff = "handed_off"
        /// The shopper left mid-flow or before getting an answer.
        case abandoned
    }

    public var id: String
    public var started: Date
    public var ended: Date
    public var outcome: Outcome
    /// The intents the bot acted on, in order; repeats allowed.
    public var intents: [String]
    /// What the shopper typed that the bot did not understand (card numbers are masked when logged).
    public var unmatched: [String]
    /// The ticket opened for this conversation, if any.
    public var ticketID: String?
    /// What the manager should know about it without an agent being paged, e.g. ``verificationLockout``.
    public var flags: [String]?
    /// Confident answers the shopper at once contradicted or repeated (``Misunderstanding/find(in:)``);
    /// nil in records logged before they were looked for.
    public var misunderstandings: [Misunderstanding]?
    /// The language the shopper wrote in, as a BCP 47 tag (`en`, `de-CH`), when the host knows it
    /// (e.g. from the browser); nil when it does not. The report splits conversations by it.
    public var language: String?

    /// The flag of a conversation locked out of order look-ups without a ticket: someone guessing.
    public static let verificationLockout = "verification_lockout"

    public init(id: String, started: Date, ended: Date, outcome: Outcome, intents: [String] = [], unmatched: [String] = [],
                ticketID: String? = nil, flags: [String]? = nil, misunderstandings: [Misunderstanding]? = nil,
                language: String? = nil) {
        self.id = id
        self.started = started
        self.ended = ended
        self.outcome = outcome
        self.intents = intents
        self.unmatched = unmatched
        self.ticketID = ticketID
        self.flags = flags
        self.misunderstandings = misunderstandings
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case id, started, ended, outcome, intents, unmatched, flags, misunderstandings, language
        case ticketID = "ticket_id"
    }
}
