import Foundation

/// One message in a conversation's transcript.
public struct Turn: Codable, Sendable, Equatable {
    /// Who wrote a message.
    public enum Sender: String, Codable, Sendable {
        case shopper, bot, agent, system
    }

    public var sender: Sender
    public var text: String
    public var time: Date
    /// For bot turns: the intent the bot acted on (nil for clarifying questions and fallbacks).
    public var intent: String?
    /// For bot turns: the matcher's confidence in that decision.
    public var confidence: Double?
    /// For bot turns: what kind of reply it was, so a replay shows it as it was first shown.
    public var kind: Reply.Kind?
    /// For bot turns: the quick replies offered with it, if any.
    public var quickReplies: [String]?
    /// For bot turns: the words shown with the cards in place of the text, if any (``Reply/lead``).
    public var lead: String?
    /// For bot turns: the cards shown with it, if any, so a replay draws them again.
    public var cards: [Card]?

    public init(sender: Sender, text: String, time: Date, intent: String? = nil, confidence: Double? = nil,
                kind: Reply.Kind? = nil, quickReplies: [String]? = nil, lead: String? = nil, cards: [Card]? = nil) {
        self.sender = sender
        self.text = text
        self.time = time
        self.intent = intent
        self.confidence = confidence
        self.kind = kind
        self.quickReplies = quickReplies
        self.lead = lead
        self.cards = cards
    }
}
