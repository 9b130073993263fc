/// The shop's English: concepts (sets of words and phrases that mean one thing in a shop), lemmas
/// (irregular forms and their base words) and a dictionary of everyday words, read from
/// `Intents/concepts.txt`, `Intents/lemmas.txt` and `Intents/dictionary.txt`.
///
/// The matcher reads a shopper's words through it before stemming: "purchased", "bought" and
/// "acquiring" all become `~buy`; "went" becomes "go". It is compiled into a ``RewriteTable``
/// once, with the catalog.
public struct Lexicon: Sendable, Equatable {
    /// The concepts, in file order.
    public var concepts: [Concept]
    /// Irregular form → lemma.
    public var lemmas: [String: String]
    /// Everyday English words, which are never taken for typos.
    public var dictionary: Set<String>
    /// Two-word nouns whose meaning is not their words', each as its two words and a space ("credit rating").
    public var compounds: [String]

    public init(concepts: [Concept] = [], lemmas: [String: String] = [:], dictionary: Set<String> = [], compounds: [String] = []) {
        self.concepts = concepts
        self.lemmas = lemmas
        self.dictionary = dictionary
        self.compounds = compounds
    }

    /// The words the concepts list, as written: the words a typo may be corrected to.
    var memberWords: Set<String> {
        var out = Set<String>()
        for concept in concepts { for member in concept.members { out.formUnion(member.words) } }
        return out
    }

    /// The rewrites this lexicon makes, first rule first where two rewrite the same words: every
    /// member as listed, then the members' other forms (regular and irregular, and the stem of a
    /// one-word member), then the lemmas of irregular forms, each going to its lemma's concept
    /// when the lemma is a one-word member; and last the compounds.
    /// - Parameters:
    ///   - usedPairs: pairs of neighbouring words the shop's examples use, as "order number": a
    ///     compound among them keeps its two words, since the shop means them as it wrote them.
    ///     Every other compound with a word the examples use (`usedWords`), singular or plural, is
    ///     read as one word ("credit_rating"), which no intent uses: "what's my credit rating" is
    ///     not about rating a product. (A compound of two words the shop never uses changes nothing.)
    /// - Returns: the rules, and the words the concepts and lemmas rewrite, in every form: all known
    ///   English, so none is taken for a typo (the compounds' words are ordinary words on their own).
    func rewriteRules(usedPairs: Set<String> = [], usedWords: Set<String> = [])
        -> (rules: [RewriteTable.Rule], compounds: [RewriteTable.Pair], knownWords: Set<String>) {
        let words = wordRules()
        var known = Set<String>()
        for rule in words { known.formUnion(rule.variant) }
        return (words, compoundRules(usedPairs: usedPairs, usedWords: usedWords), known)
    }

    /// The concepts' and lemmas' rewrites, in the order ``rewriteRules(usedPairs:usedWords:)`` describes.
    private func wordRules() -> [RewriteTable.Rule] {
        // In form order, so the rules come out the same on every run (dictionary order is not).
        let sortedLemmas = lemmas.sorted { $0.key < $1.key }
        var irregular: [String: [String]] = [:] // lemma → its irregular forms
        for (form, lemma) in sortedLemmas { irregular[lemma, default: []].append(form) }
        func forms(_ word: String) -> [String] { Inflector.forms(of: word) + (irregular[word] ?? []) }

        var rules: [RewriteTable.Rule] = []
        var conceptOfWord: [String: String] = [:]
        for concept in concepts {
            for member in concept.members {
                rules.append((member.words, concept.name))
                if member.words.count == 1, conceptOfWord[member.words[0]] == nil { conceptOfWord[member.words[0]] = concept.name }
            }
        }
        for concept in concepts {
            for member in concept.members {
                let words = member.words
                for form in forms(words[0]) { rules.append(([form] + words.dropFirst(), concept.name)) }
                // The stem too: a typo that happens to be it ("delet", "purchas") is no other word.
                let stem = Stemmer.stem(words[0])
                if words.count == 1, stem != words[0] { rules.append(([stem], concept.name)) }
                if words.count > 1, let last = words.last {
                    for form in forms(last) { rules.append((words.dropLast() + [form], concept.name)) }
                }
            }
        }
        for (form, lemma) in sortedLemmas {
            rules.append(([form], conceptOfWord[lemma] ?? lemma))
        }
        return rules
    }

    /// The compounds the shop's examples don't use, singular and plural, each to one word.
    /// (Tens of thousands of lines: each is split without copying it until it is kept.)
    private func compoundRules(usedPairs: Set<String>, usedWords: Set<String>) -> [RewriteTable.Pair] {
        var pairs: [RewriteTable.Pair] = []
        for compound in compounds {
            guard let space = compound.utf8.firstIndex(of: UInt8(ascii: " ")) else { continue }
            let first = String(compound[..<space]), second = String(compound[compound.index(after: space)...])
            guard usedWords.contains(first) || usedWords.contains(second), !usedPairs.contains(compound) else { continue }
            let joined = first + "_" + second
            pairs.append((first, second, joined))
            if let plural = Inflector.forms(of: second).first, !usedPairs.contains(first + " " + plural) {
                pairs.append((first, plural, joined))
            }
        }
        return pairs
    }
}
