/// Rewrites words and phrases to what they mean, longest match first: every form of a concept's
/// members to the concept ("parcels", "shipment" → `~package`), an irregular form to its lemma
/// ("went" → "go"), and a compound the shop never uses to one word ("credit rating" →
/// `credit_rating`). Built by ``Lexicon/rewriteRules(usedPairs:usedWords:)``.
struct RewriteTable: Sendable {
    /// Words, and the one word they become.
    typealias Rule = (variant: [String], canonical: String)
    /// Two words, and the one word they become.
    typealias Pair = (first: String, second: String, canonical: String)

    /// The rules whose variant starts with one word: those of three words or more, longest first;
    /// those of two, by their second word (tens of thousands of compounds, so a hash look-up
    /// rather than a scan); and the one-word rule.
    private struct Entry: Sendable {
        var long: [Rule] = []
        var pairs: [String: String] = [:]
        var single: String?
    }

    private let entries: WordMap<Entry>
    /// The keys of `entries`, for a cheap first look from a token's bytes before the string hash.
    private let firstWords: BloomFilter

    /// - Parameters:
    ///   - rules: words and what they become; a variant listed twice keeps its first canonical form.
    ///   - pairs: further two-word rules, after `rules` (the compounds, kept apart so that tens of
    ///     thousands of them don't each need an array).
    init(_ rules: [Rule], pairs: [Pair] = []) {
        var entries: [String: Entry] = [:]
        for rule in rules {
            let variant = rule.variant
            guard let first = variant.first else { continue }
            switch variant.count {
            case 1:
                if entries[first, default: Entry()].single == nil { entries[first, default: Entry()].single = rule.canonical }
            case 2:
                if entries[first, default: Entry()].pairs[variant[1]] == nil { entries[first, default: Entry()].pairs[variant[1]] = rule.canonical }
            default:
                if entries[first, default: Entry()].long.contains(where: { $0.variant == variant }) == false {
                    entries[first, default: Entry()].long.append(rule)
                }
            }
        }
        for pair in pairs where entries[pair.first, default: Entry()].pairs[pair.second] == nil {
            entries[pair.first, default: Entry()].pairs[pair.second] = pair.canonical
        }
        for key in entries.keys { entries[key]?.long.sort { $0.variant.count > $1.variant.count } }
        self.entries = WordMap(entries)
        var firstWords = BloomFilter(capacity: entries.count)
        for key in entries.keys { firstWords.insert(key.utf8) }
        self.firstWords = firstWords
    }

    /// Whether some rule's variant starts with `word`: without such a word in them, ``replacing(_:hashes:)``
    /// leaves tokens as they are.
    func hasRule(startingWith word: String) -> Bool { entries[word] != nil }

    /// What `word` is rewritten to wherever it stands, when no longer rule starts with it: the
    /// analyzer then reads the word's term straight from its lexicon, without a rewriting pass.
    func soleRewrite(of word: String) -> String? {
        guard let entry = entries[word], entry.long.isEmpty, entry.pairs.isEmpty else { return nil }
        return entry.single
    }

    /// The rule matching `tokens` at `i`, longest first: how many tokens it takes and what they become.
    private func match(_ tokens: [String], at i: Int, hash: UInt64) -> (length: Int, canonical: String)? {
        guard firstWords.mightContain(hash: hash), let entry = entries[tokens[i], hash: hash] else { return nil }
        // Compared in place: copying the run of tokens into an array cost an allocation per rule tried.
        for rule in entry.long where i + rule.variant.count <= tokens.count
            && tokens[i..<(i + rule.variant.count)].elementsEqual(rule.variant) {
            return (rule.variant.count, rule.canonical)
        }
        if i + 1 < tokens.count, !entry.pairs.isEmpty, let canonical = entry.pairs[tokens[i + 1]] { return (2, canonical) }
        return entry.single.map { (1, $0) }
    }

    /// Each rewrite ``replacing(_:hashes:)`` makes in `tokens`: the words as they stood and what they became.
    /// For explaining a message, off the matching path.
    func rewrites(in tokens: [String]) -> [(from: String, to: String)] {
        var out: [(from: String, to: String)] = []
        var i = 0
        while i < tokens.count {
            if let (length, canonical) = match(tokens, at: i, hash: BloomFilter.hash(tokens[i])) {
                out.append((tokens[i..<(i + length)].joined(separator: " "), canonical))
                i += length
            } else {
                i += 1
            }
        }
        return out
    }

    /// `tokens` with every variant replaced by its canonical form, or nil when no variant is in
    /// `tokens` (the tokens stand as they are), so that a caller can keep what it already worked out about them.
    /// - Parameter hashes: ``BloomFilter/hash(_:)`` of each of `tokens`, when the caller has them.
    func replacing(_ tokens: [String], hashes: [UInt64]? = nil) -> [String]? {
        guard entries.count > 0 else { return nil }
        var out: [String] = []
        var replaced = false
        var i = 0
        while i < tokens.count {
            if let (length, canonical) = match(tokens, at: i, hash: hashes?[i] ?? BloomFilter.hash(tokens[i])) {
                if !replaced {
                    // The first replacement: the tokens before it stand as they are.
                    replaced = true
                    out.reserveCapacity(tokens.count)
                    out.append(contentsOf: tokens[..<i])
                }
                out.append(canonical)
                i += length
                continue
            }
            if replaced { out.append(tokens[i]) }
            i += 1
        }
        return replaced ? out : nil
    }
}
