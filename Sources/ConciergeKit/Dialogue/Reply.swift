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
    /// What the text says about a parcel, an order's items or a reference, as data a client can
    /// draw as cards; the text says it all too, for clients that show only text.
    public var cards: [Card]
    /// The words a client that draws ``cards`` shows with them instead of ``text``, which also
    /// spells out what the cards show; nil when the whole text goes with the cards.
    public var lead: String?

    public init(kind: Kind, text: String, quickReplies: [String] = [], intent: String? = nil, confidence: Double? = nil,
                cards: [Card] = [], lead: String? = nil) {
        self.kind = kind
        self.text = text
        self.quickReplies = quickReplies
        self.intent = intent
        self.confidence = confidence
        self.cards = cards
        self.lead = lead
    }

    enum CodingKeys: String, CodingKey {
        case kind, text, quickReplies, intent, confidence, cards, lead
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(Kind.self, forKey: .kind), text: try c.decode(String.self, forKey: .text),
                  quickReplies: try c.decodeIfPresent([String].self, forKey: .quickReplies) ?? [],
                  intent: try c.decodeIfPresent(String.self, forKey: .intent), confidence: try c.decodeIfPresent(Double.self, forKey: .confidence),
                  cards: try c.decodeIfPresent([Card].self, forKey: .cards) ?? [], lead: try c.decodeIfPresent(String.self, forKey: .lead))
    }
}
