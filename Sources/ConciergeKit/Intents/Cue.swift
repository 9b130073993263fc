/// What tells an intent from its siblings, stated in the content: a message the intent answers
/// must hold one of a `needs:` line's concepts or words, and none of an `excludes:` line's.
///
/// ```
/// intent: track_refund
/// needs: ~refund
/// excludes: ~policy
/// ```
/// The matcher rules a candidate out when its cues don't hold, and `concierge explain` says which
/// cue did; `concierge check` reports cues that contradict each other or the intent's own examples.
public struct Cue: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The message must hold at least one of the items.
        case needs
        /// The message must hold none of the items.
        case excludes
    }

    public var kind: Kind
    /// Concept names (`~refund`) or words and short phrases, as written; a phrase holds when all its words do.
    public var items: [String]
    public var line: Int
}
