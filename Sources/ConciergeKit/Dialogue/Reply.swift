/// Something the bot says to the shopper.
public struct Reply: Codable, Sendable, Equatable {
    /// What kind of reply this is, so a widget can style it.
    public enum Kind: String, Codable, Sendable {
        /// An answer to what the shopper asked.
        case answer
        /// A question asking which of a few things the shopper meant.
        case clarify
        /// The bot did not understand.
        case fallback
        /// The bot needs something from the shopper to go on (an order number, a choice).
        case prompt
        /// The conversation is being passed to a person, or news of the queue.
        case handoff
        /// A person from the shop's team wrote this.
        case agent
    }

    public var kind: Kind
    public var text: String
    /// Numbered options the shopper can pick by typing their number or their text.
    public var quickReplies: [String]
    /// The intent this reply acts on, if any.
    public var intent: String?
    /// The matcher's confidence, if the reply came from matching.
    public var confidence: Double?

    public init(kind: Kind, text: String, quickReplies: [String] = [], intent: String? = nil, confidence: Double? = nil) {
        self.kind = kind
        self.text = text
        self.quickReplies = quickReplies
        self.intent = intent
        self.confidence = confidence
    }
}
