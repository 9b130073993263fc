/// One line of `concierge classify` output:
/// `{"text":…, "intent": "<id>" or null, "confidence": 0…1, "entities": {…}, "candidates": [ids]}`.
public struct ClassificationRecord: Codable, Sendable, Equatable {
    public var text: String
    /// What the bot would act on; nil when it would clarify or fall back.
    public var intent: String?
    public var confidence: Double
    public var entities: EntityFields
    /// The intents the bot would offer when clarifying (empty when it acts or falls back).
    public var candidates: [String]

    /// The first entity of each kind, under the wire names.
    public struct EntityFields: Codable, Sendable, Equatable {
        public var order_id: String?
        public var email: String?
        public var postcode: String?
        public var amount: String?
        public var date: String?

        public init(_ e: Entities) {
            order_id = e.orderNumbers.first
            email = e.emails.first
            postcode = e.postcodes.first
            amount = e.amounts.first
            date = e.dates.first
        }
    }

    public init(text: String, classification c: Classification) {
        self.text = text
        intent = c.intent
        confidence = (c.confidence * 1000).rounded() / 1000
        entities = EntityFields(c.analysis.entities)
        candidates = c.clarifyOptions
    }

    // `intent` is always present, as null when absent, so consumers need not guess.
    private enum CodingKeys: String, CodingKey { case text, intent, confidence, entities, candidates }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        if let intent { try c.encode(intent, forKey: .intent) } else { try c.encodeNil(forKey: .intent) }
        try c.encode(confidence, forKey: .confidence)
        try c.encode(entities, forKey: .entities)
        try c.encode(candidates, forKey: .candidates)
    }
}
