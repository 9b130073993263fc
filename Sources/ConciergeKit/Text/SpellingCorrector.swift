/// Corrects misspelt words to the catalog's vocabulary and splits run-together words.
///
/// Built once from the vocabulary (a symmetric-delete index: every word and each of its
/// one-letter deletions point back to the word), then only read: a look-up costs a handful of
/// hash probes, whatever the vocabulary size.
struct SpellingCorrector: Sendable {
    private let words: [String]
    /// `words`, each as Unicode scalars, for the edit distance.
    private let scalars: [[Unicode.Scalar]]
    private let frequency: [Int]
    private let deletions: [String: [Int32]]
    /// Words that need no correction: the catalog's own and common English words.
    private let known: Set<String>
    /// The stems of the known words, so an inflected form of a known word ("deliveries") is not
    /// "corrected" into another word ("delivered").
    private let knownStems: Set<String>
    /// The keys of `deletions` and the words in `known`, for a cheap look before the real one.
    private let deletionFilter: BloomFilter
    private let knownFilter: BloomFilter
    /// The length of the vocabulary's longest word, in Unicode scalars: a word longer by more
    /// than the edits allowed has no correction, and is not looked at (the look-up's work grows
    /// with the cube of a word's length: a 4,000-letter "word" took 35 seconds).
    private let longest: Int

    /// - Parameters:
    ///   - vocabulary: the catalog's words with how often each occurs; corrections go only to these.
    ///   - alsoKnown: further words that are never corrected (common English), also used to split run-together words.
    ///   - dictionaryStems: the stems of everyday words that are never corrected either, but too many
    ///     and too rare to split words into (worked out once by the caller for both its correctors).
    init(vocabulary: [String: Int], alsoKnown: Set<String>, dictionaryStems: Set<String> = []) {
        let sorted = vocabulary.keys.sorted()
        words = sorted
        scalars = sorted.map { Array($0.unicodeScalars) }
        longest = scalars.map(\.count).max() ?? 0
        frequency = sorted.map { vocabulary[$0] ?? 0 }
        var deletions: [String: [Int32]] = [:]
        for (index, word) in sorted.enumerated() where word.count >= 3 && Self.isLetters(word) {
            deletions[word, default: []].append(Int32(index))
            for variant in Self.deletes(of: word) {
                deletions[variant, default: []].append(Int32(index))
            }
        }
        self.deletions = deletions
        known = alsoKnown.union(sorted)
        knownStems = dictionaryStems.union(known.lazy.map(Stemmer.stem))
        var deletionFilter = BloomFilter(capacity: deletions.count)
        for key in deletions.keys { deletionFilter.insert(key.utf8) }
        self.deletionFilter = deletionFilter
        var knownFilter = BloomFilter(capacity: known.count)
        for word in known { knownFilter.insert(word.utf8) }
        self.knownFilter = knownFilter
    }

    /// Whether `word` is spelt as the catalog or common English spells it.
    func isKnown(_ word: String) -> Bool { known.contains(word) || knownStems.contains(Stemmer.stem(word)) }

    /// The catalog word closest to `word`, or nil when none is close enough.
    ///
    /// Words of four or five letters may be one edit away, longer words two (an edit is an
    /// insertion, deletion, substitution or swap of neighbours). Ties go to the more frequent word,
    /// then to the first in alphabetical order.
    func correct(_ word: String, maxDistance: Int? = nil) -> String? {
        let length = word.count
        if length == 3 { return restoreDroppedLetter(word) }
        guard length >= 4, Self.isLetters(word) else { return nil }
        let allowed = maxDistance ?? (length >= 7 ? 2 : 1)
        guard word.unicodeScalars.count <= longest + allowed else { return nil }
        // Every word of the vocabulary that the word, or the word less one or two letters, is
        // the word or a one-letter deletion of.
        var candidates = Set<Int32>()
        func lookUp(_ key: String) {
            if let hits = deletions[key] { candidates.formUnion(hits) }
        }
        let bytes = Array(word.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every word): each variant is hashed straight from the bytes, and only
            // those the filter may hold are built and looked up.
            func probe(skipping i: Int, _ j: Int = -1) {
                if deletionFilter.mightContain(hash: BloomFilter.hash(bytes, skipping: i, j)) {
                    lookUp(Self.string(bytes, skipping: i, j))
                }
            }
            probe(skipping: -1)
            for i in bytes.indices { probe(skipping: i) }
            if allowed >= 2 {
                for i in bytes.indices { for j in (i + 1)..<bytes.count { probe(skipping: i, j) } }
            }
        } else {
            lookUp(word)
            let ones = Self.deletes(of: word)
            for d in ones { lookUp(d) }
            if allowed >= 2 {
                // Deleting positions i then j is deleting j then i: take each pair once (j after i).
                for (i, d) in ones.enumerated() { for dd in Self.deletes(of: d, from: i) { lookUp(dd) } }
            }
        }
        var best: (index: Int, distance: Int, frequency: Int)?
        let source = Array(word.unicodeScalars)
        for c in candidates {
            let index = Int(c)
            let target = scalars[index]
            guard abs(target.count - source.count) <= allowed else { continue }
            let distance = Self.distance(source, target, limit: allowed)
            guard distance <= allowed else { continue }
            // Shoppers rarely get the first letter wrong: prefer candidates that keep it.
            let penalty = target.first == source.first ? 0 : 1
            let score = distance + penalty
            if let b = best {
                let bestScore = b.distance
                // Equal scores and frequencies go to the word first in alphabetical order, so the
                // answer never depends on the order `candidates` (a hashed set) is visited in.
                if score < bestScore || (score == bestScore && frequency[index] > b.frequency)
                    || (score == bestScore && frequency[index] == b.frequency && index < b.index) {
                    best = (index, score, frequency[index])
                }
            } else {
                best = (index, score, frequency[index])
            }
        }
        guard let best, best.distance <= allowed else { return nil }
        return words[best.index]
    }

    /// A three-letter word a shopper typed by dropping a letter inside a four-letter catalog word
    /// ("lst" → last, "itm" → item, "wnt" → want): the only correction short words get, since
    /// any other edit of three letters makes too many words. The first and last letters must
    /// stay; the most frequent such word wins.
    private func restoreDroppedLetter(_ word: String) -> String? {
        let bytes = Array(word.utf8)
        guard bytes.count == 3, bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }), let hits = deletions[word] else { return nil }
        var best: Int?
        for hit in hits {
            let candidate = Array(words[Int(hit)].utf8)
            guard candidate.count == 4, candidate.first == bytes.first, candidate.last == bytes.last else { continue }
            if let b = best, frequency[b] > frequency[Int(hit)] || (frequency[b] == frequency[Int(hit)] && b < Int(hit)) { continue }
            best = Int(hit)
        }
        return best.map { words[$0] }
    }

    /// Whether every character of `word` is a letter (checked on bytes when it is ASCII).
    static func isLetters(_ word: String) -> Bool {
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            return word.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
        }
        return word.allSatisfy(\.isLetter)
    }

    /// Splits a run-together word into two to four known words ("whereismyorder" → where is my order),
    /// preferring the fewest pieces; nil when no split uses only known words.
    /// The words of one or two letters a run-together word may hold ("whereismyorder"): no rarer
    /// ones, so that "toyota" is not read as "to yo ta".
    static let shortWords: Set<String> = [
        "a", "i", "is", "my", "to", "an", "me", "do", "of", "in", "on", "it", "be", "we", "us", "up", "or", "so", "no",
        "at", "by", "if", "go", "am", "as", "he",
    ]

    func segment(_ word: String) -> [String]? {
        // Positions count characters. In an ASCII word (nearly every word) each byte is one
        // character (only "\r\n" would not be), and cutting bytes is far cheaper than characters.
        let bytes = Array(word.utf8)
        let ascii = bytes.allSatisfy { $0 < 0x80 && $0 != 13 }
        let chars = ascii ? [] : Array(word)
        func piece(_ r: Range<Int>) -> String {
            ascii ? String(decoding: bytes[r], as: UTF8.self) : String(chars[r])
        }
        let n = ascii ? bytes.count : chars.count
        guard n >= 5, n <= 40 else { return nil }
        var best = [Int](repeating: Int.max, count: n + 1)
        var back = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        for end in 1...n {
            for start in max(0, end - 15)..<end where best[start] != Int.max {
                let ok: Bool
                if ascii {
                    // Most pieces are not words: the filter turns them away before any `String` is built.
                    ok = end - start >= 3
                        ? knownFilter.mightContain(hash: BloomFilter.hash(bytes[start..<end])) && known.contains(piece(start..<end))
                        : Self.shortWords.contains(piece(start..<end))
                } else {
                    let piece = piece(start..<end)
                    ok = piece.count >= 3 ? known.contains(piece) : Self.shortWords.contains(piece)
                }
                if ok, best[start] + 1 < best[end] {
                    best[end] = best[start] + 1
                    back[end] = start
                }
            }
        }
        guard best[n] >= 2, best[n] <= 4 else { return nil }
        var pieces: [String] = []
        var end = n
        while end > 0 {
            let start = back[end]
            pieces.append(piece(start..<end))
            end = start
        }
        return pieces.reversed()
    }

    /// `bytes` without the bytes at positions `skip` and `alsoSkip`, as a string.
    static func string(_ bytes: [UInt8], skipping skip: Int, _ alsoSkip: Int = -1) -> String {
        let kept = bytes.count - (skip >= 0 ? 1 : 0) - (alsoSkip >= 0 ? 1 : 0)
        return String(unsafeUninitializedCapacity: kept) { buffer in
            var k = 0
            for (i, b) in bytes.enumerated() where i != skip && i != alsoSkip {
                buffer[k] = b
                k += 1
            }
            return k
        }
    }

    /// `word` with one letter (Unicode scalar) left out, for each position from `first` on.
    static func deletes(of word: String, from first: Int = 0) -> [String] {
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every word): cut bytes, which is much cheaper than rebuilding scalars.
            let bytes = Array(word.utf8)
            guard bytes.count > 1 else { return [] }
            var out: [String] = []
            out.reserveCapacity(bytes.count)
            for skip in first..<max(first, bytes.count) { out.append(string(bytes, skipping: skip)) }
            return out
        }
        let scalars = Array(word.unicodeScalars)
        guard scalars.count > 1 else { return [] }
        var out: [String] = []
        out.reserveCapacity(scalars.count)
        for skip in first..<max(first, scalars.count) {
            var s = String.UnicodeScalarView()
            for (i, c) in scalars.enumerated() where i != skip { s.append(c) }
            out.append(String(s))
        }
        return out
    }

    /// Optimal-string-alignment distance, giving up early once it exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a == b { return 0 }
        let n = a.count, m = b.count
        if n == 0 { return m }
        if m == 0 { return n }
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }
}
