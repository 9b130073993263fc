import Foundation

/// A confident answer that the shopper at once contradicted ("no, that's not what I asked") or
/// repeated (said again what the bot had just answered): a likely misunderstanding, for the
/// manager's ``Report``.
///
/// Found by ``find(in:)`` when a conversation ends and kept in its ``ConversationRecord``.
/// It reads only the transcript, so it stays a guess: it leans towards missing a misunderstanding
/// rather than blaming an answer the shopper was happy with.
public struct Misunderstanding: Codable, Sendable, Equatable {
    /// The intent the bot answered with.
    public var intent: String
    /// The matcher's confidence in that intent.
    public var confidence: Double
    /// The shopper's message the bot answered, nil when the answer followed no message.
    public var answered: String?
    /// The shopper's next message.
    public var reaction: String

    public init(intent: String, confidence: Double, answered: String?, reaction: String) {
        self.intent = intent
        self.confidence = confidence
        self.answered = answered
        self.reaction = reaction
    }

    /// The least confidence at which an answer counts as given confidently: below it, the bot
    /// was guessing and the shopper correcting it is no surprise.
    public static let minimumConfidence = 0.6

    /// How much a message must share with the one before the answer to count as the same
    /// question asked again: the Jaccard index of their content words.
    public static let repeatSimilarity = 0.6

    /// The likely misunderstandings in a transcript, oldest first.
    ///
    /// Each time the shopper writes after a run of bot turns, the last answer in that run that
    /// acted on an intent is judged, if it was confident (``minimumConfidence`` or more) and not
    /// small talk (a greeting, thanks, goodbye, who the bot is, help). It was likely misunderstood
    /// when the shopper's message contradicts it: an explicit correction ("that's not what I
    /// asked", "wrong", "you didn't answer my question", "no, I meant ..."), or a bare "no" when
    /// the bot asked nothing a "no" could answer (no prompt, no yes/no quick replies, no question
    /// mark); or when it asks again what the message before the answer asked (content words
    /// alike by ``repeatSimilarity`` or more, the same numbers). A run that an agent or the
    /// system wrote in is skipped: the shopper may be answering them.
    public static func find(in transcript: [Turn]) -> [Misunderstanding] {
        var found: [Misunderstanding] = []
        var asked: String?
        var run: [Turn] = []
        var interrupted = false
        for turn in transcript {
            switch turn.sender {
            case .bot:
                run.append(turn)
            case .agent, .system:
                interrupted = true
            case .shopper:
                if !interrupted, let answer = run.last(where: { $0.kind == .answer && $0.intent != nil }),
                   let intent = answer.intent, let confidence = answer.confidence,
                   confidence >= minimumConfidence, !IntentID.smallTalk.contains(intent) {
                    let question = run.contains(where: asksAQuestion)
                    if contradicts(turn.text, afterQuestion: question) || asked.map({ repeats(turn.text, $0) }) == true {
                        found.append(Misunderstanding(intent: intent, confidence: confidence, answered: asked, reaction: turn.text))
                    }
                }
                asked = turn.text
                run = []
                interrupted = false
            }
        }
        return found
    }

    // MARK: Contradictions

    /// Whether `reaction` says the answer before it was not what the shopper meant.
    ///
    /// An explicit correction always counts: "that's not what I asked", "you didn't answer my
    /// question", "that's not it", "wrong", "no, I meant the refund". A bare "no" (or "no, not
    /// that") counts only when the bot asked nothing it could answer (`afterQuestion` false).
    /// "No thanks", "no that's all", "no, I haven't got it yet" and "I mean, when will it come?"
    /// never count.
    static func contradicts(_ reaction: String, afterQuestion: Bool) -> Bool {
        let words = TextNormalizer.words(in: reaction)
        guard !words.isEmpty else { return false }
        if containsCorrection(words) { return true }
        // After the openers ("no", "sorry", "um"): "i meant ...", "i said ...", "no i mean ...".
        let opening = words.prefix { openers.contains($0) || negations.contains($0) }
        let negated = opening.contains(where: negations.contains)
        let rest = Array(words.dropFirst(opening.count))
        if startsCorrection(rest, negated: negated) { return true }
        return negated && !afterQuestion && (rest.isEmpty || rest == ["that"] || rest == ["that", "one"])
    }

    /// Phrases that say the answer missed the question, wherever they stand in the message.
    private static func containsCorrection(_ words: [String]) -> Bool {
        // "not what i asked / meant / said", "not what i was asking".
        for i in words.indices.dropLast(2) where words[i] == "not" && words[i + 1] == "what" && words[i + 2] == "i" {
            if words[(i + 3)...].prefix(2).contains(where: askingVerbs.contains) { return true }
        }
        for (i, (a, b)) in zip(words, words.dropFirst()).enumerated() {
            // "you did not answer", "that does not answer my question", "not answering".
            if a == "not" && (b == "answer" || b == "answered" || b == "answering") { return true }
            // "not my question", "wrong answer".
            if a == "not" && b == "my" && words.dropFirst(i + 2).first == "question" { return true }
            if a == "wrong" && b == "answer" { return true }
        }
        // "you misunderstood", "you have misunderstood me" (not "sorry, i misunderstood").
        for (j, word) in words.enumerated() where word.hasPrefix("misunderst") {
            if words[max(0, j - 2)..<j].contains("you") { return true }
        }
        // The whole message is "that's not it" or "wrong" with a few words around it, so "you
        // sent the wrong size" and "that's it" are not corrections.
        if words.count <= 6 && words.allSatisfy(aroundWrong.contains) {
            if words.contains("wrong") || words.suffix(2) == ["not", "it"] { return true }
        }
        return false
    }

    /// "i meant the refund", "i said refund", "i was asking about returns", "no i mean ...": a
    /// correction when something follows that is not a pleasantry ("no i mean thanks" is not one).
    private static func startsCorrection(_ words: [String], negated: Bool) -> Bool {
        guard words.count >= 3, words[0] == "i" else { return false }
        let from: Int
        switch words[1] {
        case "meant", "said": from = 2
        case "mean" where negated: from = 2
        case "was" where words[2] == "asking": from = 3
        default: return false
        }
        return words[from...].contains { !pleasantries.contains($0) && !grammarWords.contains($0) }
    }

    /// Whether a bot turn asks something a "no" could answer: a prompt or a clarifying question,
    /// yes/no quick replies, or a question mark at the end.
    private static func asksAQuestion(_ turn: Turn) -> Bool {
        if turn.kind == .prompt || turn.kind == .clarify { return true }
        if let replies = turn.quickReplies,
           replies.contains(where: { ["yes", "no"].contains(TextNormalizer.words(in: $0).first ?? "") }) { return true }
        return turn.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("?")
    }

    private static let negations: Set<String> = ["no", "nope", "nah", "noo", "nooo", "not"]
    private static let openers: Set<String> = ["sorry", "oh", "um", "umm", "uh", "hmm", "well", "but", "ugh", "actually"]
    private static let askingVerbs: Set<String> = ["asked", "asking", "meant", "mean", "said", "wrote", "typed"]
    /// The words a bare "wrong" or "that's not it" may stand among.
    private static let aroundWrong: Set<String> = ["no", "nope", "nah", "not", "that", "thats", "this", "is", "was", "it", "its", "the",
                                                   "you", "are", "answer", "wrong", "totally", "completely", "so", "just", "again",
                                                   "still", "all"]
    /// Words of thanks and farewell: "no i mean thanks" closes, it does not correct.
    private static let pleasantries: Set<String> = ["thanks", "thank", "cheers", "ok", "okay", "fine", "good", "great", "bye",
                                                    "goodbye", "nothing", "else", "all", "thats", "never", "mind", "nevermind",
                                                    "worries", "problem"]

    // MARK: Repeats

    /// Whether `message` says the same as `earlier`: their content words (without
    /// ``grammarWords``) have a Jaccard index of ``repeatSimilarity`` or more, and they name the
    /// same numbers (asking about order 10233, then 10234, is a new question).
    static func repeats(_ message: String, _ earlier: String) -> Bool {
        let a = contentWords(message), b = contentWords(earlier)
        guard !a.isEmpty, !b.isEmpty else { return false }
        func numbers(_ words: Set<String>) -> Set<String> { words.filter { $0.contains(where: \.isNumber) } }
        guard numbers(a) == numbers(b) else { return false }
        return Double(a.intersection(b).count) / Double(a.union(b).count) >= repeatSimilarity
    }

    private static func contentWords(_ text: String) -> Set<String> {
        Set(TextNormalizer.words(in: text).filter { !grammarWords.contains($0) })
    }

    /// Words that carry grammar, not the question: left out when comparing two messages.
    static let grammarWords: Set<String> = [
        "a", "an", "the", "i", "me", "my", "mine", "you", "your", "we", "our", "it", "its", "this", "that", "these", "those",
        "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "will", "would", "can", "could", "should",
        "have", "has", "had", "to", "of", "for", "in", "on", "at", "with", "from", "about", "by", "and", "or", "so",
        "please", "pls", "plz", "just", "hi", "hello", "hey", "there", "again", "still",
    ]
}
