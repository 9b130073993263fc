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

    public init(concepts: [Concept] = [], lemmas: [String: String] = [:], dictionary: Set<String> = []) {
        self.concepts = concepts
        self.lemmas = lemmas
        self.dictionary = dictionary
    }

    /// The concept named `name` (with its `~`).
    public func concept(named name: String) -> Concept? { concepts.first { $0.name == name } }

    /// The words the concepts list, as written: the words a typo may be corrected to.
    var memberWords: Set<String> {
        var out = Set<String>()
        for concept in concepts { for member in concept.members { out.formUnion(member.words) } }
        return out
    }

    /// The rewrites this lexicon makes, first rule first where two rewrite the same words: every
    /// member as listed, then the members' other forms (regular and irregular, and the stem of a
    /// one-word member), then the lemmas of
    /// irregular forms, each going to its lemma's concept when the lemma is a one-word member.
    func rewriteRules() -> [(variant: [String], canonical: [String])] {
        var irregular: [String: [String]] = [:] // lemma → its irregular forms
        for (form, lemma) in lemmas.sorted(by: { $0.key < $1.key }) { irregular[lemma, default: []].append(form) }
        func forms(_ word: String) -> [String] { Inflector.forms(of: word) + (irregular[word] ?? []) }

        var rules: [(variant: [String], canonical: [String])] = []
        var conceptOfWord: [String: String] = [:]
        for concept in concepts {
            for member in concept.members {
                rules.append((member.words, [concept.name]))
                if member.words.count == 1, conceptOfWord[member.words[0]] == nil { conceptOfWord[member.words[0]] = concept.name }
            }
        }
        for concept in concepts {
            for member in concept.members {
                let words = member.words
                for form in forms(words[0]) { rules.append(([form] + words.dropFirst(), [concept.name])) }
                // The stem too: a typo that happens to be it ("delet", "purchas") is no other word.
                let stem = Stemmer.stem(words[0])
                if words.count == 1, stem != words[0] { rules.append(([stem], [concept.name])) }
                if words.count > 1, let last = words.last {
                    for form in forms(last) { rules.append((words.dropLast() + [form], [concept.name])) }
                }
            }
        }
        for (form, lemma) in lemmas.sorted(by: { $0.key < $1.key }) {
            rules.append(([form], [conceptOfWord[lemma] ?? lemma]))
        }
        return rules
    }
}
