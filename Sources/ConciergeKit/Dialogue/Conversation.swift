import Foundation

/// One shopper's conversation: its transcript and everything the bot remembers between turns.
///
/// A value: ``Bot/respond(to:in:at:)`` takes one and returns the next, so many conversations
/// share one bot and nothing about a shopper is stored on the shared engine.
public struct Conversation: Codable, Sendable, Equatable {
    public var id: String
    /// Who is typing, as far as the host can tell (a terminal, a network address), so failed order
    /// look-ups count across their chats; nil when the host can't tell shoppers apart.
    public var client: String?
    /// Every message so far, oldest first.
    public var transcript: [Turn] = []
    /// The options the last reply offered, which typing a number picks.
    public var choices: [Choice] = []
    /// Fallbacks in a row; reset by any understood message.
    public var fallbackStreak = 0
    /// What the bot has learned: order number, contact details, verified orders, item, reason.
    public var facts = Facts()
    /// The order flow under way and what it waits to hear, if any.
    public var flow: ActiveFlow?
    /// The order question answered last ("track_order", "return_item"), so a follow-up about that
    /// answer ("when will the lamp arrive?", "what about the fudge") is read in its light.
    public var topic: String?
    /// The second part of a message that asked two things, answered once the first is done.
    public var deferred: String?
    /// The open ticket while a person has (or is about to have) the conversation.
    public var ticketID: String?
    /// The queue place last told to the shopper, so they hear again only when it changes.
    public var toldQueuePosition: Int?
    /// The journal position up to which agent messages and ticket changes have been shown.
    public var seenSequence = 0
    /// After a person resolved the conversation: the satisfaction questions still to ask.
    public var afterCare: AfterCare?
    /// The most recent ticket, kept after it closes for the rating and the transcript copy.
    public var lastTicketID: String?
    /// Messages the bot could not place (it fell back), for the manager's report.
    public var unmatched: [String] = []
    /// Confident answers the shopper at once contradicted or asked again, judged as each message
    /// arrived: likely misunderstandings, for the manager's report. Nil until one is found.
    public var misunderstandings: [Misunderstanding]?

    /// The questions asked after a person resolved the conversation.
    public enum AfterCare: String, Codable, Sendable {
        case rating, comment, transcriptOffer, transcriptAddress
    }

    public init(id: String) {
        self.id = id
    }

    /// The flow's wait, or nil without a flow.
    var awaiting: ActiveFlow.Awaiting? { flow?.awaiting }

    /// Whether a flow is under way (see `Optional.isSome` for why not `flow != nil`).
    var inFlow: Bool { flow.isSome }

    /// Ends the flow under way; its intent becomes the topic follow-ups are read against.
    mutating func endFlow() {
        if let flow { topic = flow.intent }
        flow = nil
    }

    /// Makes the flow under way wait for `what`.
    mutating func await(_ what: ActiveFlow.Awaiting) {
        flow?.awaiting = what
    }

    /// Records a turn. Its time is kept to the microsecond and its confidence to the millionth,
    /// which the journal writes without working out a double's digits (``JSONWriter``).
    mutating func record(_ sender: Turn.Sender, _ text: String, at time: Date, intent: String? = nil, confidence: Double? = nil) {
        transcript.append(Turn(sender: sender, text: text, time: Self.microseconds(time), intent: intent, confidence: confidence.map(Self.millionths)))
    }

    /// Records a bot reply with its kind, quick replies and cards; with `matched`, also the intent
    /// and confidence it came from. Rounded as ``record(_:_:at:intent:confidence:)`` rounds them.
    mutating func record(_ reply: Reply, at time: Date, matched: Bool = true) {
        transcript.append(Turn(sender: .bot, text: reply.text, time: Self.microseconds(time), intent: matched ? reply.intent : nil,
                               confidence: matched ? reply.confidence.map(Self.millionths) : nil, kind: reply.kind,
                               quickReplies: reply.quickReplies.isEmpty ? nil : reply.quickReplies,
                               lead: reply.cards.isEmpty ? nil : reply.lead, cards: reply.cards.isEmpty ? nil : reply.cards))
    }

    /// `time` to the nearest microsecond.
    static func microseconds(_ time: Date) -> Date {
        Date(timeIntervalSince1970: millionths(time.timeIntervalSince1970))
    }

    /// `v` to the nearest millionth.
    static func millionths(_ v: Double) -> Double {
        (v * 1_000_000).rounded() / 1_000_000
    }
}
