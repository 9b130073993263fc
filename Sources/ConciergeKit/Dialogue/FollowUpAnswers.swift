/// The shop's answers to short questions asked right after one of its answers ("and for the
/// US?" after the customs answer, "what if it's expired?" after the gift cards), from each
/// intent's `follow_ups:` in the content, rendered and read into phrase sets once.
struct FollowUpAnswers: Sendable {
    /// One follow-up: the words that pick it and its answer, placeholders filled in.
    struct Entry: Sendable {
        let cues: PhraseSet
        let answer: String
    }

    /// Each intent's follow-ups, by its position in the catalog.
    private let byIntent: [[Entry]]
    /// Each intent's cue words (every word of every cue), by hash: a message none of whose words
    /// is one is passed over with a few bit tests.
    private let anyCueWord: [BloomFilter]

    /// A question longer than this is a question of its own, not a follow-up.
    static let longest = 12

    init(catalog: Catalog) {
        // A cue naming a concept ("~abroad_country") stands for each of its members.
        let members = Dictionary(catalog.lexicon.concepts.map { ($0.name, $0.members.map { $0.words.joined(separator: " ") }) },
                                 uniquingKeysWith: { first, _ in first })
        func phrases(_ cues: [String]) -> [String] { cues.flatMap { members[$0.lowercased()] ?? [$0] } }
        anyCueWord = catalog.intents.map { intent in
            let words = phrases(intent.followUps.flatMap(\.cues)).flatMap { TextNormalizer.words(in: $0) }
            var filter = BloomFilter(capacity: 8 * max(1, 3 * words.count))
            for word in words {
                for form in [word, Self.singular(word), Self.singular(word) + "s"] { filter.insert(form.utf8) }
            }
            return filter
        }
        byIntent = catalog.intents.map { intent in
            intent.followUps.map { followUp in
                // Each phrase with its last word in the singular and the plural too ("saturday",
                // "saturdays"), so a message's words are looked up as typed, from their hashes.
                var forms: [String] = []
                for cue in phrases(followUp.cues) {
                    let words = TextNormalizer.words(in: cue)
                    guard let last = words.last else { continue }
                    for form in Set([last, Self.singular(last), Self.singular(last) + "s"]) {
                        forms.append((words.dropLast() + [form]).joined(separator: " "))
                    }
                }
                return Entry(cues: PhraseSet(forms), answer: catalog.profile.render(followUp.answer))
            }
        }
    }

    /// Whether the intent at `position` has follow-ups: a cheap look before reading a message for them.
    func any(at position: Int) -> Bool { position < byIntent.count && !byIntent[position].isEmpty }

    /// The answer to a message of these `words` among the follow-ups of the intent at `position`:
    /// the first whose words it holds; nil when none does or the message is too long to be a follow-up.
    /// - Parameter hashes: the words' ``BloomFilter/hash(_:)``, when the caller has them: most
    ///   words are then passed over without a look-up.
    /// - Parameter only: take a follow-up only when it is the one the message names (for a question
    ///   the intent answers itself: "standard or next day?" names two, and gets the whole answer).
    func answer(to words: [String], hashes: [UInt64]? = nil, at position: Int, only: Bool = false) -> String? {
        guard any(at: position), words.count <= Self.longest else { return nil }
        let hashes = hashes?.count == words.count ? hashes ?? [] : words.map(BloomFilter.hash)
        guard hashes.contains(where: { $0 == 0 || anyCueWord[position].mightContain(hash: $0) }) else { return nil }
        let entries = byIntent[position]
        guard let first = entries.firstIndex(where: { $0.cues.occurs(in: words, hashes: hashes) }) else { return nil }
        guard only else { return entries[first].answer }
        let others = entries.indices.dropFirst(first + 1).filter { entries[$0].cues.occurs(in: words, hashes: hashes) }
        if others.isEmpty { return entries[first].answer }
        // Several named: one whose words hold all the others' ("gift card" holds "gift") is the one meant.
        let found = ([first] + others).compactMap { k in entries[k].cues.longestOccurrence(in: words).map { (k, $0) } }
        guard let widest = found.max(by: { $0.1.count < $1.1.count }),
              found.allSatisfy({ $0.0 == widest.0 || widest.1.contains($0.1.lowerBound) && widest.1.contains($0.1.upperBound - 1) })
        else { return nil }
        return entries[widest.0].answer
    }

    /// A word without a plural "s" ("saturdays" → "saturday"); words of three letters or fewer,
    /// and those ending in "ss" or "us", stay as they are. Lighter than a stem: "opened" is not "open".
    static func singular(_ word: String) -> String {
        guard word.utf8.count > 3, word.utf8.last == UInt8(ascii: "s"), !word.hasSuffix("ss"), !word.hasSuffix("us") else { return word }
        return String(word.dropLast())
    }
}
