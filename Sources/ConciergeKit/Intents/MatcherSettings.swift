/// The thresholds that turn scores into decisions. The defaults were tuned on the public dev sets
/// beside the repository (`../shared/eval`: shop phrasings, off-topic lines, small talk) and on
/// `Tests/ConciergeKitTests/Fixtures/dev.tsv`, and checked on the held-out `eval.tsv`.
public struct MatcherSettings: Sendable, Equatable {
    /// At or above this score, with a clear lead, the bot acts.
    public var actThreshold = 0.32
    /// Below this score the bot falls back.
    public var fallbackThreshold = 0.26
    /// When the runner-up is closer than this to the best, the bot asks which one was meant
    /// (unless the best is above `sureThreshold`).
    public var clarifyMargin = 0.01
    /// Above this score the bot acts even when the runner-up is close.
    public var sureThreshold = 0.75

    /// Below this share of the message explained by the closest example, the bot does not act
    /// unless it is sure: "book me a flight" shares only "book" with "address book".
    public var minimumCoverage = 0.25
    /// How much a word the catalog never uses counts against a match.
    public var unknownWeight = 3.4
    /// The same for a common English word the catalog never uses ("weather", "joke").
    public var commonUnknownWeight = 3.0

    /// The least confidence in what follows a greeting or a thanks for the bot to answer that
    /// instead ("hi, where's my order"): below it, "thanks so much" stays a thanks.
    public var requestThreshold = 0.45

    /// How much grammar and politeness words ("please", "the", "my") count, relative to their rarity.
    public var functionWordFactor = 0.6

    /// The least weight a content word has however many intents use it: "order" is in nearly every
    /// intent's examples, yet "where is that order" is about an order.
    public var minimumTermWeight = 0.6

    public init() {}

    /// The decision for candidates sorted best first.
    public func decision(for candidates: [Classification.Candidate]) -> Classification.Decision {
        guard let top = candidates.first, top.score >= fallbackThreshold else { return .fallback }
        if top.coverage < minimumCoverage && top.score < sureThreshold { return .fallback }
        if top.score >= sureThreshold { return .act(top.intent) }
        if candidates.count > 1, top.score - candidates[1].score < clarifyMargin, candidates[1].score >= fallbackThreshold {
            return .clarify([top.intent, candidates[1].intent])
        }
        if top.score >= actThreshold { return .act(top.intent) }
        return .clarify([top.intent])
    }
}
