/// What tells an intent from its siblings, stated in the content: a message the intent answers
/// must hold one of a `needs:` line's concepts or words, none of an `excludes:` line's, and be a
/// question or a statement when `form:` says so.
///
/// ```
/// intent: track_refund
/// needs: ~refund
/// excludes: ~policy
/// form: question
/// ```
/// The matcher rules a candidate out when its cues don't hold, and `concierge explain` says which
/// cue did; `concierge check` reports cues that contradict each other or the intent's own examples.
public struct Cue: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The message must hold at least one of the items.
        case needs
        /// The message must hold none of the items.
        case excludes
        /// The message must be a question (`form: question`, the item) or must not be one (`form: statement`).
        case form
    }

    /// Whether a message is a question: it has a question mark, or it starts (after a greeting)
    /// with a question word or an auxiliary verb ("how do I…", "can you…", "is it…").
    static func isQuestion(text: String, words: [String]) -> Bool {
        if text.scanningUTF8({ $0.contains(UInt8(ascii: "?")) }) { return true }
        guard let at = words.firstIndex(where: { !greetingWords.contains($0) }), questionOpenings.contains(words[at]) else { return false }
        // "don't need it", "doesn't fit", "can't find it" (read as "do not …") say something; they ask nothing.
        return at + 1 == words.count || words[at + 1] != "not"
    }

    /// Words a question may open with before its question word: a greeting, or a filler ("wait,
    /// which order is this", "sorry, what do you mean").
    static let greetingWords: Set<String> = ["hi", "hello", "hey", "hiya", "ok", "okay", "so", "and", "but", "please", "pls",
                                             "wait", "sorry", "um", "erm", "hmm", "oh", "ah", "actually", "well", "also"]
    static let questionOpenings: Set<String> = [
        "how", "what", "where", "when", "why", "which", "who", "whose", "whom", "can", "could", "do", "does", "did", "is",
        "are", "was", "were", "will", "would", "should", "shall", "may", "might", "have", "has", "had", "am", "any",
    ]

    public var kind: Kind
    /// Concept names (`~refund`) or words and short phrases, as written; a phrase holds when all its words do.
    public var items: [String]
    public var line: Int
}
