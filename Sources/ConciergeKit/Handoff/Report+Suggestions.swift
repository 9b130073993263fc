import Foundation

extension Report {
    /// A message the bot did not understand, how often shoppers wrote it, and the intent that might fit.
    public struct Unmatched: Codable, Sendable, Equatable {
        /// The message, normalised (``TextNormalizer``): messages that differ only in case,
        /// punctuation or accents count as one.
        public var text: String
        public var count: Int
        /// The intent the shop's matcher scores highest for it now; nil when none comes close
        /// (a new intent may be needed) or the report was made without the matcher.
        public var mightFit: Suggestion?

        public init(text: String, count: Int, mightFit: Suggestion? = nil) {
            self.text = text
            self.count = count
            self.mightFit = mightFit
        }
    }

    /// An intent that might fit a message the bot missed or misread, so the content's editor knows
    /// where to add it as an example.
    public struct Suggestion: Codable, Sendable, Equatable {
        /// The intent's id.
        public var intent: String
        /// The matcher's score for it, 0...1: how close the message already is.
        public var score: Double

        public init(intent: String, score: Double) {
            self.intent = intent
            self.score = score
        }

        /// The least score worth suggesting: below it the matcher is only guessing from a shared word or two.
        public static let minimumScore = 0.2

        /// The intent that might fit an unmatched message: the matcher's best candidate for it,
        /// small talk aside, if it scores ``minimumScore`` or more.
        ///
        /// The message fell back when the shopper wrote it; since then the content may have
        /// changed, so the best candidate may now even be answered.
        static func forUnmatched(_ text: String, matcher: IntentMatcher) -> Suggestion? {
            best(matcher.classify(text).candidates, excluding: [])
        }

        /// The intent that might fit a misunderstood message: the best candidate other than the
        /// intent that answered (and small talk), for the message it answered or for the shopper's
        /// reaction, whichever scores higher ("no, I meant the refund" names it best), if it
        /// scores ``minimumScore`` or more.
        static func forMisunderstanding(_ kind: MisunderstandingCount, matcher: IntentMatcher) -> Suggestion? {
            let candidates = [kind.example, kind.reaction].compactMap { $0 }.flatMap { matcher.classify($0).candidates }
            return best(candidates, excluding: [kind.intent])
        }

        private static func best(_ candidates: [Classification.Candidate], excluding: Set<String>) -> Suggestion? {
            let fitting = candidates.filter { !excluding.contains($0.intent) && !IntentID.smallTalk.contains($0.intent) }
            guard let top = fitting.max(by: { ($0.score, $1.intent) < ($1.score, $0.intent) }), top.score >= minimumScore else { return nil }
            return Suggestion(intent: top.intent, score: top.score)
        }
    }
}
