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
        // The shopper's message before the bot's run of turns; its content words once worked out.
        var asked: String?
        var askedWords: [String]?
        // The bot's run, by index: copying each turn cost more than reading it.
        var run: [Int] = []
        var interrupted = false
        for (index, turn) in transcript.enumerated() {
            switch turn.sender {
            case .bot:
                run.append(index)
            case .agent, .system:
                interrupted = true
            case .shopper:
                var words: [String]?
                if !interrupted, let last = run.last(where: { transcript[$0].kind == .answer && transcript[$0].intent != nil }),
                   case let answer = transcript[last], let intent = answer.intent, let confidence = answer.confidence,
                   confidence >= minimumConfidence, !IntentID.smallTalk.contains(intent) {
                    let tokens = TextNormalizer.words(in: turn.text)
                    var repeated = false
                    if let asked {
                        let earlier = askedWords ?? contentWords(TextNormalizer.words(in: asked))
                        words = contentWords(tokens)
                        repeated = repeats(words!, earlier)
                    }
                    if repeated || contradicts(words: tokens, afterQuestion: run.contains { asksAQuestion(transcript[$0]) }) {
                        found.append(Misunderstanding(intent: intent, confidence: confidence, answered: asked, reaction: turn.text))
                    }
                }
                asked = turn.text
                askedWords = words
                run.removeAll(keepingCapacity: true)
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
    static func contradicts(_ reaction: String, afterQuestion: @autoclosure () -> Bool) -> Bool {
        contradicts(words: TextNormalizer.words(in: reaction), afterQuestion: afterQuestion())
    }

    /// ``contradicts(_:afterQuestion:)`` on the reaction's words.
    private static func contradicts(words: [String], afterQuestion: @autoclosure () -> Bool) -> Bool {
        guard !words.isEmpty else { return false }
        if containsCorrection(words) { return true }
        // After the openers ("no", "sorry", "um"): "i meant ...", "i said ...", "no i mean ...".
        let opening = words.prefix { openers.contains($0) || negations.contains($0) }
        let negated = opening.contains(where: negations.contains)
        let rest = Array(words.dropFirst(opening.count))
        if startsCorrection(rest, negated: negated) { return true }
        return negated && (rest.isEmpty || rest == ["that"] || rest == ["that", "one"]) && !afterQuestion()
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
        if let replies = turn.quickReplies, replies.contains(where: { reply in
            let first = reply.drop { !$0.isLetter }.prefix { $0.isLetter }.lowercased()
            return first == "yes" || first == "no"
        }) { return true }
        // The last character that is not a space or a line break (read from the end, without
        // trimming a copy of the whole text).
        return turn.text.utf8.reversed().first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "?")
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
        repeats(contentWords(TextNormalizer.words(in: message)), contentWords(TextNormalizer.words(in: earlier)))
    }

    /// ``repeats(_:_:)`` on the two messages' content words, each sorted without repeats (a
    /// message has a handful: walking two short sorted lists beats hashing them into sets).
    private static func repeats(_ a: [String], _ b: [String]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        // An ASCII digit is found byte by byte (in one pass over the word's storage); other
        // scripts' digits need Unicode's tables.
        func isNumber(_ w: String) -> Bool {
            let (digit, nonASCII) = w.scanningUTF8 { bytes -> (Bool, Bool) in
                var nonASCII = false
                for b in bytes {
                    if b >= 0x30 && b <= 0x39 { return (true, nonASCII) }
                    if b >= 0x80 { nonASCII = true }
                }
                return (false, nonASCII)
            }
            return digit || (nonASCII && w.contains(where: \.isNumber))
        }
        guard a.filter(isNumber) == b.filter(isNumber) else { return false }
        var shared = 0, i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / Double(a.count + b.count - shared) >= repeatSimilarity
    }

    /// The words of a message that are not ``grammarWords``, sorted, each once.
    private static func contentWords(_ words: [String]) -> [String] {
        var content = words.filter { !isGrammarWord($0) }
        content.sort()
        // Each once: sorted, so a repeat follows its first.
        var kept = 0
        for i in content.indices where kept == 0 || content[i] != content[kept - 1] {
            content.swapAt(kept, i)
            kept += 1
        }
        content.removeLast(content.count - kept)
        return content
    }

    /// Whether `word` is one of ``grammarWords``: all short and ASCII, so looked for by their length
    /// and bytes packed into an integer in a sorted list (hashing each word into the set cost several
    /// times more, at every shopper message of every chat that ends).
    static func isGrammarWord(_ word: String) -> Bool {
        guard let packed = packedASCII(word) else { return false }
        var low = 0, high = packedGrammarWords.count
        while low < high {
            let mid = (low + high) / 2
            if packedGrammarWords[mid] < packed { low = mid + 1 } else { high = mid }
        }
        return low < packedGrammarWords.count && packedGrammarWords[low] == packed
    }

    /// A word of at most seven ASCII bytes as an integer: its length, then a byte per byte (nil
    /// for any other word).
    private static func packedASCII(_ word: String) -> UInt64? {
        var word = word
        return word.withUTF8 { bytes in
            guard bytes.count <= 7 else { return nil }
            var packed = UInt64(bytes.count)
            for b in bytes {
                guard b < 0x80 else { return nil }
                packed = packed << 8 | UInt64(b)
            }
            return packed
        }
    }

    /// ``grammarWords`` packed by ``packedASCII(_:)``, sorted.
    private static let packedGrammarWords: [UInt64] = grammarWords.map { word in
        guard let packed = packedASCII(word) else { fatalError("grammar word \(word) must be ASCII of at most 7 bytes") }
        return packed
    }.sorted()

    /// Words that carry grammar, not the question: left out when comparing two messages.
    static let grammarWords: Set<String> = [
        "a", "an", "the", "i", "me", "my", "mine", "you", "your", "we", "our", "it", "its", "this", "that", "these", "those",
        "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "will", "would", "can", "could", "should",
        "have", "has", "had", "to", "of", "for", "in", "on", "at", "with", "from", "about", "by", "and", "or", "so",
        "please", "pls", "plz", "just", "hi", "hello", "hey", "there", "again", "still",
    ]
}
