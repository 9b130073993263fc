/// Corrects misspelt words to the catalog's vocabulary and splits run-together words.
///
/// Built once from the vocabulary (a symmetric-delete index: every word and each of its
/// one-letter deletions point back to the word), then only read: a look-up costs a handful of
/// hash probes, whatever the vocabulary size.
struct SpellingCorrector: Sendable {
    private let words: [String]
    private let frequency: [Int]
    private let deletions: [String: [Int32]]
    /// Words that need no correction: the catalog's own and common English words.
    private let known: Set<String>

    /// - Parameters:
    ///   - vocabulary: the catalog's words with how often each occurs; corrections go only to these.
    ///   - alsoKnown: further words that are never corrected (common English), also used to split run-together words.
    init(vocabulary: [String: Int], alsoKnown: Set<String>) {
        let sorted = vocabulary.keys.sorted()
        words = sorted
        frequency = sorted.map { vocabulary[$0] ?? 0 }
        var deletions: [String: [Int32]] = [:]
        for (index, word) in sorted.enumerated() where word.count >= 3 && word.allSatisfy(\.isLetter) {
            deletions[word, default: []].append(Int32(index))
            for variant in Self.deletes(of: word) {
                deletions[variant, default: []].append(Int32(index))
            }
        }
        self.deletions = deletions
        known = alsoKnown.union(sorted)
    }

    /// Whether `word` is spelt as the catalog or common English spells it.
    func isKnown(_ word: String) -> Bool { known.contains(word) }

    /// The catalog word closest to `word`, or nil when none is close enough.
    ///
    /// Words of four or five letters may be one edit away, longer words two (an edit is an
    /// insertion, deletion, substitution or swap of neighbours). Ties go to the more frequent word.
    func correct(_ word: String, maxDistance: Int? = nil) -> String? {
        let length = word.count
        guard length >= 4, word.allSatisfy(\.isLetter) else { return nil }
        let allowed = maxDistance ?? (length >= 7 ? 2 : 1)
        var candidates = Set<Int32>()
        func probe(_ key: String) {
            if let hits = deletions[key] { candidates.formUnion(hits) }
        }
        probe(word)
        let ones = Self.deletes(of: word)
        for d in ones { probe(d) }
        if allowed >= 2 {
            for d in ones { for dd in Self.deletes(of: d) { probe(dd) } }
        }
        var best: (index: Int, distance: Int, frequency: Int)?
        let source = Array(word.unicodeScalars)
        for c in candidates {
            let index = Int(c)
            let target = Array(words[index].unicodeScalars)
            guard abs(target.count - source.count) <= allowed else { continue }
            let distance = Self.distance(source, target, limit: allowed)
            guard distance <= allowed else { continue }
            // Shoppers rarely get the first letter wrong: prefer candidates that keep it.
            let penalty = target.first == source.first ? 0 : 1
            let score = distance + penalty
            if let b = best {
                let bestScore = b.distance
                if score < bestScore || (score == bestScore && frequency[index] > b.frequency) {
                    best = (index, score, frequency[index])
                }
            } else {
                best = (index, score, frequency[index])
            }
        }
        guard let best, best.distance <= allowed else { return nil }
        return words[best.index]
    }

    /// Splits a run-together word into two to four known words ("whereismyorder" → where is my order),
    /// preferring the fewest pieces; nil when no split uses only known words.
    func segment(_ word: String) -> [String]? {
        let chars = Array(word)
        let n = chars.count
        guard n >= 5, n <= 40 else { return nil }
        var best = [Int](repeating: Int.max, count: n + 1)
        var back = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        for end in 1...n {
            for start in max(0, end - 15)..<end where best[start] != Int.max {
                let piece = String(chars[start..<end])
                let ok = piece.count >= 2 ? known.contains(piece) : (piece == "a" || piece == "i")
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
            pieces.append(String(chars[start..<end]))
            end = start
        }
        return pieces.reversed()
    }

    static func deletes(of word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count > 1 else { return [] }
        var out: [String] = []
        out.reserveCapacity(scalars.count)
        for skip in 0..<scalars.count {
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
