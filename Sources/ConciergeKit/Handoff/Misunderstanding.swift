import Foundation

/// A confident answer that the shopper at once contradicted ("no, that's not what I asked") or
/// repeated (said again what the bot had just answered): a likely misunderstanding, for the
/// manager's ``Report``.
///
/// Judged as each shopper message arrives (``answerToJudge(in:)``, then ``judge(_:words:hashes:against:in:)``), kept with the conversation,
/// and logged in its ``ConversationRecord`` when it ends.
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

    /// The likely misunderstandings in a transcript, oldest first: each shopper message judged
    /// as ``judge(_:in:)`` judges it.
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
        transcript.indices.compactMap { i in
            guard transcript[i].sender == .shopper else { return nil }
            return judge(transcript[i].text, in: transcript[..<i])
        }
    }

    /// The shopper's message `reaction`, written after `transcript`, judged against the bot's
    /// last answer: the misunderstanding it shows, if any (see ``find(in:)``).
    static func judge(_ reaction: String, in transcript: ArraySlice<Turn>) -> Misunderstanding? {
        answerToJudge(in: transcript).flatMap { judged in
            let words = TextNormalizer.words(in: reaction)
            return judge(reaction, words: words, hashes: words.map(BloomFilter.hash), against: judged, in: transcript)
        }
    }

    /// The bot's answer that the shopper's next message will be judged against: the last answer
    /// that acted on an intent in the bot's run of turns since the shopper last wrote, if it was
    /// confident and not small talk, and no agent or system turn is in the run.
    struct Judged {
        var intent: String
        var confidence: Double
        /// The shopper's message before the run, nil when the run opened the conversation.
        var asked: String?
        /// Where the run is in the transcript.
        var run: Range<Int>
    }

    /// The answer the shopper's next message, written after `transcript`, is judged against; nil
    /// for most messages, which follow no confident answer. The dialogue looks before it reads
    /// the message, so only a message that needs judging is judged.
    static func answerToJudge(in transcript: ArraySlice<Turn>) -> Judged? {
        // Read field by field in place, from the end: taking a turn out of the list copies (and
        // retains) every field it has, at every message of every chat.
        var start = transcript.endIndex
        var answer: Int?
        while start > transcript.startIndex {
            let sender = transcript[start - 1].sender
            if sender == .shopper { break }
            if sender != .bot { return nil }
            if answer == nil, transcript[start - 1].kind == .answer, transcript[start - 1].intent != nil { answer = start - 1 }
            start -= 1
        }
        guard let answer, let confidence = transcript[answer].confidence, confidence >= minimumConfidence,
              let intent = transcript[answer].intent, !IntentID.smallTalk.contains(intent) else { return nil }
        return Judged(intent: intent, confidence: confidence, asked: start > transcript.startIndex ? transcript[start - 1].text : nil,
                      run: start..<transcript.endIndex)
    }

    /// The shopper's message `reaction` (its ``TextNormalizer/words(in:)`` as `words`, their
    /// ``BloomFilter/hash(_:)`` as `hashes`) judged against the answer `judged` found in `transcript`.
    static func judge(_ reaction: String, words: [String], hashes: [UInt64], against judged: Judged,
                      in transcript: ArraySlice<Turn>) -> Misunderstanding? {
        // A hash the normalizer left at 0 was not worked out.
        let hashes = hashes.count == words.count ? zip(words, hashes).map { w, h in h == 0 ? BloomFilter.hash(w) : h } : words.map(BloomFilter.hash)
        var repeated = false
        if let asked = judged.asked, case let said = Content(words, hashes), !said.isEmpty {
            let askedWords = TextNormalizer.words(in: asked)
            repeated = repeats(said, Content(askedWords, askedWords.map(BloomFilter.hash)))
        }
        guard repeated || contradicts(words: words, hashes: hashes, afterQuestion: transcript[judged.run].contains(where: asksAQuestion)) else { return nil }
        return Misunderstanding(intent: judged.intent, confidence: judged.confidence, answered: judged.asked, reaction: reaction)
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
        let words = TextNormalizer.words(in: reaction)
        return contradicts(words: words, hashes: words.map(BloomFilter.hash), afterQuestion: afterQuestion())
    }

    /// ``contradicts(_:afterQuestion:)`` on the reaction's words and their hashes.
    private static func contradicts(words: [String], hashes: [UInt64], afterQuestion: @autoclosure () -> Bool) -> Bool {
        // Every correction below holds a negation, "wrong", "meant", "said", "asking" or
        // "misunderst…": most messages hold none, which their words' hashes tell at a glance.
        guard zip(words, hashes).contains(where: { w, h in (correctionWords.mightContain(hash: h) || w.utf8.count >= 10) && mayCorrect(w) })
        else { return false }
        if containsCorrection(words) { return true }
        // After the openers ("no", "sorry", "um"): "i meant ...", "i said ...", "no i mean ...".
        let opening = words.prefix { openers.contains($0) || negations.contains($0) }
        let negated = opening.contains(where: negations.contains)
        let rest = Array(words.dropFirst(opening.count))
        if startsCorrection(rest, negated: negated) { return true }
        return negated && (rest.isEmpty || rest == ["that"] || rest == ["that", "one"]) && !afterQuestion()
    }

    /// The words ``mayCorrect(_:)`` names, but "misunderst…", which the filter cannot hold: a
    /// word of ten letters or more is always looked at.
    private static let correctionWords: BloomFilter = {
        var filter = BloomFilter(capacity: 256)
        for word in ["no", "not", "nope", "nah", "noo", "nooo", "wrong", "meant", "said", "asking"] { filter.insert(word.utf8) }
        return filter
    }()

    /// Whether a correction may turn on `word`: a negation, "wrong", the verb of "i meant", "i
    /// said" or "i was asking" ("i mean" counts only after a negation), or "misunderst…".
    private static func mayCorrect(_ word: String) -> Bool {
        switch word {
        case "no", "not", "nope", "nah", "noo", "nooo", "wrong", "meant", "said", "asking": true
        default: word.utf8.count >= 10 && word.hasPrefix("misunderst")
        }
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
        repeats(Content(TextNormalizer.words(in: message)), Content(TextNormalizer.words(in: earlier)))
    }

    /// ``repeats(_:_:)`` on the two messages' content words.
    private static func repeats(_ a: Content, _ b: Content) -> Bool {
        guard !a.isEmpty, !b.isEmpty, a.numbers == b.numbers else { return false }
        var shared = 0, i = 0, j = 0
        while i < a.hashes.count && j < b.hashes.count {
            if a.hashes[i] == b.hashes[j] {
                shared += 1
                i += 1
                j += 1
            } else if a.hashes[i] < b.hashes[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / Double(a.hashes.count + b.hashes.count - shared) >= repeatSimilarity
    }

    /// A message's content words (those not ``grammarWords``) as the repeat check compares them:
    /// each word's ``BloomFilter/hash(_:)``, sorted, each once (a message has a handful: walking
    /// two short sorted lists of integers beats sorting strings or hashing them into sets), and
    /// the words that are numbers, sorted, each once.
    private struct Content {
        var hashes: [UInt64] = []
        var numbers: [String] = []

        init(_ words: [String]) {
            self.init(words, words.map(BloomFilter.hash))
        }

        /// - Parameter wordHashes: each word's ``BloomFilter/hash(_:)``.
        init(_ words: [String], _ wordHashes: [UInt64]) {
            hashes.reserveCapacity(words.count)
            for (w, h) in zip(words, wordHashes) {
                guard !Self.isGrammarWord(h) else { continue }
                hashes.append(h)
                if Self.isNumber(w) { numbers.append(w) }
            }
            Self.sortOnce(&hashes)
            if numbers.count > 1 { Self.sortOnce(&numbers) }
        }

        var isEmpty: Bool { hashes.isEmpty }

        /// The hashes of ``Misunderstanding/grammarWords``, sorted: a few dozen, searched by
        /// halves (hashing the hash again into a set cost more).
        private static let grammarHashes: [UInt64] = Misunderstanding.grammarWords.map(BloomFilter.hash).sorted()

        private static func isGrammarWord(_ hash: UInt64) -> Bool {
            var low = 0, high = grammarHashes.count
            while low < high {
                let mid = (low + high) / 2
                if grammarHashes[mid] < hash { low = mid + 1 } else { high = mid }
            }
            return low < grammarHashes.count && grammarHashes[low] == hash
        }

        /// Sorted, each once: a repeat follows its first.
        private static func sortOnce<T: Comparable>(_ list: inout [T]) {
            list.sort()
            var kept = 0
            for i in list.indices where kept == 0 || list[i] != list[kept - 1] {
                list.swapAt(kept, i)
                kept += 1
            }
            list.removeLast(list.count - kept)
        }

        /// Whether `w` holds a digit: an ASCII one is found byte by byte (in one pass over the
        /// word's storage); other scripts' digits need Unicode's tables.
        private static func isNumber(_ w: String) -> Bool {
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
    }

    /// Words that carry grammar, not the question: left out when comparing two messages.
    static let grammarWords: Set<String> = [
        "a", "an", "the", "i", "me", "my", "mine", "you", "your", "we", "our", "it", "its", "this", "that", "these", "those",
        "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "will", "would", "can", "could", "should",
        "have", "has", "had", "to", "of", "for", "in", "on", "at", "with", "from", "about", "by", "and", "or", "so",
        "please", "pls", "plz", "just", "hi", "hello", "hey", "there", "again", "still",
    ]
}
