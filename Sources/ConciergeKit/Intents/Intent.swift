/// One thing a shopper may want, as the shop wrote it in `Intents/*.intents`.
public struct Intent: Sendable, Equatable, Identifiable {
    /// The intent id, e.g. `track_order`.
    public var id: String
    /// How the intent is offered to a shopper when the bot asks which one they meant,
    /// e.g. "Where is my order"; the id with spaces when the content gives none.
    public var title: String
    /// The title, or the id made readable when there is none.
    public var displayTitle: String {
        title.isEmpty ? id.replacingOccurrences(of: "_", with: " ").capitalizedFirst : title
    }

    /// Example phrasings, each with where it was written.
    public var examples: [Example]
    /// Words or phrases that on their own point strongly at this intent.
    public var keywords: [Example]
    /// The answer template, with `{placeholders}` from the shop profile.
    public var answer: String
    /// Short follow-ups offered as numbered quick replies.
    public var quickReplies: [String]
    /// Answers to short questions asked right after this intent's answer ("and for the US?",
    /// "what if it's expired?"), each picked by the words it lists.
    public var followUps: [FollowUp] = []
    /// What a message must and must not hold for this intent to answer it.
    public var cues: [Cue] = []
    /// Whether this intent gives way to any other the message also asks for: a greeting in front
    /// of a request is the request (`yields: yes`).
    public var yields = false
    /// Whether this intent always goes to a person.
    public var alwaysHandOff: Bool
    /// Where the intent starts.
    public var source: SourceLocation
    /// Where the answer starts (for placeholder errors).
    public var answerLine: Int

    /// A short question after the intent's answer and its own answer: `- us, usa, america | For the US: …`.
    public struct FollowUp: Sendable, Equatable {
        /// Words or phrases, any of which picks this answer.
        public var cues: [String]
        /// The answer, with `{placeholders}` from the shop profile.
        public var answer: String
        public var line: Int
    }

    /// A piece of text in a content file and where it stands.
    public struct Example: Sendable, Equatable {
        public var text: String
        public var line: Int
    }
}

/// A file and a 1-based line in it.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line)" }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
