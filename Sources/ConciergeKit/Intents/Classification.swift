/// What the matcher decided about one message, with everything needed to explain why.
public struct Classification: Sendable {
    /// Act on one intent, ask the shopper to choose, or fall back.
    public enum Decision: Sendable, Equatable {
        /// Confident enough to answer as this intent.
        case act(String)
        /// Unsure: offer these intents (one or two) for the shopper to pick.
        case clarify([String])
        /// Nothing fits: ask to rephrase or offer a person.
        case fallback

        /// Whether the matcher did not settle on one intent.
        var isUnsure: Bool {
            if case .act = self { return false }
            return true
        }
    }

    public var decision: Decision
    /// The best intent's score, 0…1.
    public var confidence: Double
    /// How the text was read.
    public var analysis: Analysis
    /// The best-scoring intents, best first (at most five).
    public var candidates: [Candidate]
    /// Intents ruled out by their cues, each with the cue that failed (e.g. `track_refund needs ~refund`);
    /// listed only when the classification is explained.
    public var ruledOut: [String] = []
    /// The intent that gave way to the request after it (see ``Intent/yields``), if one did.
    public var gaveWay: String?

    /// The intent the bot acts on, or nil when it clarifies or falls back.
    public var intent: String? {
        if case .act(let id) = decision { return id }
        return nil
    }

    /// The intents offered when clarifying (empty otherwise).
    public var clarifyOptions: [String] {
        if case .clarify(let ids) = decision { return ids }
        return []
    }

    /// One intent's score and the evidence for it.
    public struct Candidate: Sendable, Equatable {
        public var intent: String
        /// The combined score, 0…1.
        public var score: Double
        /// Similarity to the closest example.
        public var exampleScore: Double
        /// Similarity to the intent's examples taken together.
        public var intentScore: Double
        /// How much of the message (by weight) the closest example accounts for, 0…1.
        public var coverage: Double
        /// The closest example as written.
        public var closestExample: String
        /// The terms the message shares with that example.
        public var sharedTerms: [String]
        /// Keywords of this intent found in the message.
        public var keywords: [String]
    }
}
