import Foundation

/// Something a dialogue step asks the host to do to the world: the step itself only reads.
///
/// ``ChatRunner`` applies effects in order; those whose result the bot words (a ticket's queue
/// place, a request's reference, a sent e-mail) come back to it as an ``EffectOutcome``.
public enum Effect: Sendable, Equatable {
    /// Put the conversation in the agents' queue; answered with ``EffectOutcome/ticketOpened(_:)``,
    /// ``EffectOutcome/ticketRefused`` or ``EffectOutcome/ticketFailed``.
    case openTicket(TicketDraft)
    /// Add a line to an open ticket's transcript.
    case appendToTicket(ticketID: String, turn: Turn)
    /// Take a waiting ticket out of the queue: the shopper no longer wants a person.
    case withdrawTicket(ticketID: String, at: Date)
    /// Add details the shopper gave after an open ticket opened to its facts, orders and shopper.
    case addToTicket(ticketID: String, details: TicketDetails, at: Date)
    /// Record a return, cancellation, change or report for the shop; answered with
    /// ``EffectOutcome/requestRecorded(_:)`` or ``EffectOutcome/requestFailed(_:)``.
    case recordRequest(RequestDraft)
    /// Count a failed order verification against the order and the details, across all chats.
    case recordVerificationFailure(order: String, email: String?, postcode: String?, client: String?, at: Date)
    /// Store the shopper's rating (and comment) of a resolved ticket.
    case rate(ticketID: String, rating: Int, comment: String?, at: Date)
    /// E-mail the shopper a copy of the ticket's conversation; answered with
    /// ``EffectOutcome/transcriptSent(to:)`` or ``EffectOutcome/transcriptFailed``.
    case sendTranscript(ticketID: String, to: String, at: Date)
    /// Log how the conversation ended, for the manager's report.
    case logConversation(ConversationRecord)
}

/// What came of an effect whose result the bot tells the shopper about.
public enum EffectOutcome: Sendable, Equatable {
    case ticketOpened(Ticket)
    /// Too many anonymous tickets just now (see ``HandoffGate``).
    case ticketRefused
    /// The queue could not take the ticket.
    case ticketFailed
    case requestRecorded(ShopRequest)
    case requestFailed(RequestDraft)
    case transcriptSent(to: String)
    case transcriptFailed
}

/// A ticket as the bot asks for it: everything but the id and the queue's bookkeeping.
public struct TicketDraft: Sendable, Equatable {
    public var conversationID: String
    public var reason: Ticket.Reason
    /// 1 (most urgent), 2 or 3.
    public var priority: Int
    public var shopper: Ticket.Shopper
    public var orders: [Ticket.OrderSnapshot]
    public var answered: [String]
    public var facts: [String: String]
    public var summary: String
    public var transcript: [Turn]
    /// Whether nothing says who the shopper is, so the anonymous-ticket gate applies.
    public var anonymous: Bool
    public var at: Date
}

/// A request as the bot asks for it; the store gives it its reference.
public struct RequestDraft: Sendable, Equatable {
    public var kind: ShopRequest.Kind
    public var orderID: String
    public var skus: [String]
    public var reason: String
    public var details: [String: String]
    public var at: Date
}

/// One dialogue step's result: the next conversation, what to show the shopper, and what to do.
public struct Step: Sendable {
    public var conversation: Conversation
    public var replies: [Reply]
    public var effects: [Effect]

    public init(conversation: Conversation, replies: [Reply] = [], effects: [Effect] = []) {
        self.conversation = conversation
        self.replies = replies
        self.effects = effects
    }
}
