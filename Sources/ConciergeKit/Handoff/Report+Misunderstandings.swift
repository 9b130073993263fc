import Foundation

extension Report {
    /// A kind of likely misunderstanding: the intent that answered, what the shopper said to it
    /// (normalised, ``TextNormalizer``), how often, one of the messages the bot answered, and the
    /// intent that might have fitted it.
    public struct MisunderstandingCount: Codable, Sendable, Equatable {
        public var intent: String
        public var reaction: String
        public var count: Int
        /// The message (normalised) the answer was given to in the earliest conversation of the
        /// kind, nil when it followed none.
        public var example: String?
        /// The intent the shop's matcher now scores best for the message or the reaction, other
        /// than the one that answered; nil when none comes close or the report was made without
        /// the matcher.
        public var mightFit: Suggestion?

        public init(intent: String, reaction: String, count: Int, example: String?, mightFit: Suggestion? = nil) {
            self.intent = intent
            self.reaction = reaction
            self.count = count
            self.example = example
            self.mightFit = mightFit
        }

        /// `found` grouped by intent and normalised reaction, most frequent first; ties by intent, then reaction.
        static func ranked(_ found: [Misunderstanding]) -> [MisunderstandingCount] {
            var groups: [String: MisunderstandingCount] = [:]
            var order: [String] = []
            for m in found {
                let reaction = TextNormalizer.words(in: m.reaction).joined(separator: " ")
                let key = m.intent + "\u{0}" + reaction
                if groups[key] == nil {
                    let example = m.answered.map { TextNormalizer.words(in: $0).joined(separator: " ") }
                    groups[key] = MisunderstandingCount(intent: m.intent, reaction: reaction, count: 0, example: example)
                    order.append(key)
                }
                groups[key]?.count += 1
            }
            return order.compactMap { groups[$0] }.sorted { a, b in
                (b.count, a.intent, a.reaction) < (a.count, b.intent, b.reaction)
            }
        }
    }
}
