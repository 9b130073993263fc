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

    /// A question longer than this is a question of its own, not a follow-up.
    static let longest = 12

    init(catalog: Catalog) {
        byIntent = catalog.intents.map { intent in
            intent.followUps.map { followUp in
                // In the singular, as the message's words are read, so "saturdays" finds "saturday".
                let cues = followUp.cues.map { TextNormalizer.words(in: $0).map(Self.singular).joined(separator: " ") }
                return Entry(cues: PhraseSet(cues), answer: catalog.profile.render(followUp.answer))
            }
        }
    }

    /// Whether the intent at `position` has follow-ups: a cheap look before reading a message for them.
    func any(at position: Int) -> Bool { position < byIntent.count && !byIntent[position].isEmpty }

    /// The answer to a message of these `words` among the follow-ups of the intent at `position`:
    /// the first whose words it holds; nil when none does or the message is too long to be a follow-up.
    func answer(to words: [String], at position: Int) -> String? {
        guard any(at: position), words.count <= Self.longest else { return nil }
        let singular = words.map(Self.singular)
        return byIntent[position].first { $0.cues.occurs(in: singular) }?.answer
    }

    /// A word without a plural "s" ("saturdays" → "saturday"); words of three letters or fewer,
    /// and those ending in "ss" or "us", stay as they are. Lighter than a stem: "opened" is not "open".
    static func singular(_ word: String) -> String {
        guard word.utf8.count > 3, word.utf8.last == UInt8(ascii: "s"), !word.hasSuffix("ss"), !word.hasSuffix("us") else { return word }
        return String(word.dropLast())
    }
}
