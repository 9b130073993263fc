/// Spots an angry or abusive message, which goes straight to a person at high priority rather than
/// getting another automatic answer.
enum Frustration {
    /// Words that on their own show anger or abuse (normalised, lower case).
    static let words: Set<String> = [
        "fuck", "fucking", "fucked", "shit", "shite", "bullshit", "wtf", "ffs", "useless",
        "pathetic", "ridiculous", "disgusting", "disgrace", "scam", "scammers", "idiots", "idiot", "stupid",
        "furious", "livid", "unacceptable", "rubbish", "worst", "incompetent",
    ]
    /// Words said in passing as often as in anger ("bloody hell, I forgot my password again"):
    /// anger only two together (or with shouting, which is anger anyway).
    static let mildWords: Set<String> = ["bloody", "damn", "damned", "crap", "crappy", "bugger", "blimey"]
    /// `words` and `mildWords`, for a cheap first look from a word's bytes before the string hash. Sized for
    /// eight times as many words, so that everyday words are rarely a "perhaps".
    private static let filter: BloomFilter = {
        let all = words.union(mildWords)
        var filter = BloomFilter(capacity: 8 * all.count)
        for word in all { filter.insert(word.utf8) }
        return filter
    }()
    /// The first words of `phrases`, for the same cheap first look.
    private static let phraseStarts: BloomFilter = {
        var filter = BloomFilter(capacity: 8 * phrases.count)
        for phrase in phrases { filter.insert(phrase[0].utf8) }
        return filter
    }()
    /// Phrases that show the shopper has had enough.
    static let phrases: [[String]] = [
        ["sick", "of"], ["fed", "up"], ["had", "enough"], ["this", "is", "a", "joke"], ["waste", "of", "time"],
        ["not", "good", "enough"], ["want", "to", "speak", "to", "a", "manager"], ["want", "a", "manager"], ["speak", "to", "a", "manager"],
        ["your", "manager"], ["a", "supervisor"], ["your", "supervisor"],
    ]

    /// Whether `message` reads as angry or abusive: a strong word or two mild ones, a fed-up
    /// phrase, or shouting (most letters in capitals over at least four plain words, or "!!!").
    static func detect(_ message: String) -> Bool {
        detect(message, words: TextNormalizer.words(in: message))
    }

    /// ``detect(_:)`` with the message's words already read.
    /// - Parameters:
    ///   - words: `TextNormalizer.words(in: message)`.
    ///   - hashes: ``BloomFilter/hash(_:)`` of each of `words`, when the caller has them.
    static func detect(_ message: String, words: [String], hashes: [UInt64]? = nil) -> Bool {
        // Read once, not per word: each use of a static checks that it was initialised.
        let filter = Self.filter, phraseStarts = Self.phraseStarts
        // By index: a word is taken out of the list only when a filter says "perhaps".
        var mild = 0
        for start in words.indices {
            let hash = hashes?[start] ?? BloomFilter.hash(words[start])
            if filter.mightContain(hash: hash) {
                if Self.words.contains(words[start]) { return true }
                if Self.mildWords.contains(words[start]) {
                    mild += 1
                    if mild == 2 { return true }
                }
            }
            // Whether a phrase starts here: the same as looking for each phrase in turn.
            guard phraseStarts.mightContain(hash: hash) else { continue }
            let word = words[start]
            for phrase in phrases where phrase[0] == word && start + phrase.count <= words.count
                && words[start..<(start + phrase.count)].elementsEqual(phrase) {
                return true
            }
        }
        let (plainWords, letters, capitals, ascii, exclaimed) = shape(message)
        if plainWords >= 4, letters >= 12, capitals * 10 >= letters * 8 { return true }
        return ascii ? exclaimed : message.contains("!!!")
    }

    /// Over `message`'s plain words (what stands between spaces, less anything with a digit or
    /// an `@`: an order number, a postcode or an e-mail address typed in capitals is no shouting,
    /// and neither is "MY POSTCODE IS BS8 1TH"), how many have letters, how many letters they
    /// have, and how many of those are capitals. Counted on the bytes when the message is ASCII
    /// (where a letter is A–Z or a–z), which is the same answer `Character.isLetter` and
    /// `isUppercase` give, and much cheaper.
    static func letterCounts(_ message: String) -> (plainWords: Int, letters: Int, capitals: Int, ascii: Bool) {
        let s = shape(message)
        return (s.plainWords, s.letters, s.capitals, s.ascii)
    }

    /// ``letterCounts(_:)``, and for an ASCII message (where a byte is a character) whether
    /// "!!!" occurs in it, both from one pass over its bytes.
    private static func shape(_ message: String) -> (plainWords: Int, letters: Int, capitals: Int, ascii: Bool, exclaimed: Bool) {
        var plainWords = 0, letters = 0, capitals = 0, run = 0
        // The word being read: its letters and capitals, and whether it holds a digit or an `@`.
        var wordLetters = 0, wordCapitals = 0, tainted = false
        var exclaimed = false
        var text = message
        let ascii = text.withUTF8 { bytes in
            for b in bytes {
                guard b < 0x80 else { return false }
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    if !tainted && wordLetters > 0 { plainWords += 1; letters += wordLetters; capitals += wordCapitals }
                    wordLetters = 0; wordCapitals = 0; tainted = false
                } else if b >= 0x41 && b <= 0x5A {
                    wordLetters += 1
                    wordCapitals += 1
                } else if b >= 0x61 && b <= 0x7A {
                    wordLetters += 1
                } else if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "@") {
                    tainted = true
                }
                run = b == UInt8(ascii: "!") ? run + 1 : 0
                if run == 3 { exclaimed = true }
            }
            if !tainted && wordLetters > 0 { plainWords += 1; letters += wordLetters; capitals += wordCapitals }
            return true
        }
        guard ascii else {
            let plain = message.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .filter { word in !word.contains(where: { $0.isNumber || $0 == "@" }) && word.contains(where: \.isLetter) }
            let all = plain.flatMap { $0.filter(\.isLetter) }
            return (plain.count, all.count, all.filter(\.isUppercase).count, false, false)
        }
        return (plainWords, letters, capitals, true, exclaimed)
    }
}
