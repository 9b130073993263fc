/// Phrases of one or more words, found in a message's words without building strings: the words
/// are compared in place, and only phrases starting with a word of the message are tried.
struct PhraseSet: Sendable {
    /// Each phrase's words, by its first word.
    private let byFirstWord: [String: [[String]]]
    /// The first words, for a cheap first look from a word's hash (see ``BloomFilter``).
    private let firstWords: BloomFilter

    /// - Parameter phrases: each normalised as messages are (``TextNormalizer/words(in:)``).
    init<S: Sequence>(_ phrases: S) where S.Element == String {
        var byFirstWord: [String: [[String]]] = [:]
        for phrase in phrases {
            let words = TextNormalizer.words(in: phrase)
            guard let first = words.first else { continue }
            byFirstWord[first, default: []].append(words)
        }
        self.byFirstWord = byFirstWord
        var filter = BloomFilter(capacity: 8 * max(1, byFirstWord.count))
        for word in byFirstWord.keys { filter.insert(word.utf8) }
        firstWords = filter
    }

    /// Whether one of the phrases occurs in `words` as consecutive whole words.
    /// - Parameter hashes: each word's ``BloomFilter/hash(_:)``, when the caller has them: most
    ///   words then need no `String` look-up at all.
    func occurs(in words: [String], hashes: [UInt64]? = nil) -> Bool {
        let hashed = hashes?.count == words.count ? hashes : nil
        for start in words.indices {
            if let hashed, hashed[start] != 0, !firstWords.mightContain(hash: hashed[start]) { continue }
            guard let candidates = byFirstWord[words[start]] else { continue }
            for phrase in candidates where start + phrase.count <= words.count {
                var k = 1
                while k < phrase.count && words[start + k] == phrase[k] { k += 1 }
                if k == phrase.count { return true }
            }
        }
        return false
    }

    /// Where the longest of the phrases found in `words` stands (its range of words), nil when none occurs.
    func longestOccurrence(in words: [String]) -> Range<Int>? {
        var best: Range<Int>?
        for start in words.indices {
            guard let candidates = byFirstWord[words[start]] else { continue }
            for phrase in candidates where start + phrase.count <= words.count && phrase.count > (best?.count ?? 0) {
                if words[start..<(start + phrase.count)].elementsEqual(phrase) { best = start..<(start + phrase.count) }
            }
        }
        return best
    }

    /// Whether `words`, joined, is exactly one of the phrases.
    func isWhole(_ words: [String]) -> Bool {
        guard let first = words.first, let candidates = byFirstWord[first] else { return false }
        return candidates.contains(words)
    }
}
