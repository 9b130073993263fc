/// Rewrites words and phrases to what they mean, longest match first: every form of a concept's
/// members to the concept ("parcels", "shipment" → `~package`), and an irregular form to its
/// lemma ("went" → "go"). Built by ``Lexicon/rewriteRules()``.
struct RewriteTable: Sendable {
    private struct Rule: Sendable {
        var variant: [String]
        var canonical: [String]
    }

    /// Rules keyed by the first word of their variant, longest variant first.
    private let rules: WordMap<[Rule]>

    /// All words that appear in variants.
    let words: Set<String>
    /// The keys of `rules`, for a cheap first look from a token's bytes before the string hash.
    private let firstWords: BloomFilter

    /// - Parameter pairs: (variant words, canonical words) pairs; a variant listed twice keeps its first canonical form.
    init(_ pairs: [(variant: [String], canonical: [String])]) {
        var rules: [String: [Rule]] = [:]
        var seen = Set<[String]>()
        var words = Set<String>()
        for pair in pairs where !pair.variant.isEmpty && seen.insert(pair.variant).inserted {
            rules[pair.variant[0], default: []].append(Rule(variant: pair.variant, canonical: pair.canonical))
            words.formUnion(pair.variant)
        }
        for key in rules.keys { rules[key]?.sort { $0.variant.count > $1.variant.count } }
        self.rules = WordMap(rules)
        self.words = words
        var firstWords = BloomFilter(capacity: rules.count)
        for key in rules.keys { firstWords.insert(key.utf8) }
        self.firstWords = firstWords
    }

    /// Whether some rule's variant starts with `word`: without such a word in them, ``replacing(_:)``
    /// leaves tokens as they are.
    func hasRule(startingWith word: String) -> Bool { rules[word] != nil }

    /// What `word` is rewritten to wherever it stands, when no longer rule starts with it: the
    /// analyzer then reads the word's term straight from its lexicon, without a rewriting pass.
    func soleRewrite(of word: String) -> [String]? {
        guard let candidates = rules[word], candidates.allSatisfy({ $0.variant.count == 1 }) else { return nil }
        return candidates.first?.canonical
    }

    /// An empty table.
    static let empty = RewriteTable([])

    /// Each rewrite ``apply(_:)`` makes in `tokens`: the words as they stood and what they became.
    /// For explaining a message, off the matching path.
    func rewrites(in tokens: [String]) -> [(from: String, to: String)] {
        var out: [(from: String, to: String)] = []
        var i = 0
        outer: while i < tokens.count {
            for rule in rules[tokens[i]] ?? [] where i + rule.variant.count <= tokens.count
                && tokens[i..<(i + rule.variant.count)].elementsEqual(rule.variant) {
                out.append((rule.variant.joined(separator: " "), rule.canonical.joined(separator: " ")))
                i += rule.variant.count
                continue outer
            }
            i += 1
        }
        return out
    }

    /// `tokens` with every variant replaced by its canonical form.
    func apply(_ tokens: [String]) -> [String] {
        replacing(tokens) ?? tokens
    }

    /// ``apply(_:)``, or nil when no variant is in `tokens` (the tokens stand as they are), so
    /// that a caller can keep what it already worked out about them.
    /// - Parameter hashes: ``BloomFilter/hash(_:)`` of each of `tokens`, when the caller has them.
    func replacing(_ tokens: [String], hashes: [UInt64]? = nil) -> [String]? {
        guard rules.count > 0 else { return nil }
        var out: [String] = []
        var replaced = false
        var i = 0
        outer: while i < tokens.count {
            let hash = hashes?[i] ?? BloomFilter.hash(tokens[i])
            if firstWords.mightContain(hash: hash), let candidates = rules[tokens[i], hash: hash] {
                for rule in candidates where i + rule.variant.count <= tokens.count {
                    // Compared in place: copying the run of tokens into an array cost an allocation per rule tried.
                    if rule.variant.count == 1 || tokens[i..<(i + rule.variant.count)].elementsEqual(rule.variant) {
                        if !replaced {
                            // The first replacement: the tokens before it stand as they are.
                            replaced = true
                            out.reserveCapacity(tokens.count + rule.canonical.count)
                            out.append(contentsOf: tokens[..<i])
                        }
                        out.append(contentsOf: rule.canonical)
                        i += rule.variant.count
                        continue outer
                    }
                }
            }
            if replaced { out.append(tokens[i]) }
            i += 1
        }
        return replaced ? out : nil
    }
}
