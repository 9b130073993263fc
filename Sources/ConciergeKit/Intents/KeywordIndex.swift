/// The catalog's keywords, indexed so that a message is checked only against the keywords that
/// can occur in it.
///
/// Keywords are kept as term sequences (the analyzer's stems), grouped by their first term, and
/// each distinct sequence is checked once however many intents list it.
struct KeywordIndex: Sendable {
    /// Per intent, its keywords as written.
    private let texts: [[String]]
    /// The distinct keyword term sequences.
    private let phrases: [[String]]
    /// For each phrase, the (intent, keyword) pairs that have it.
    private let owners: [[(intent: Int32, keyword: Int32)]]
    /// First term → the phrases starting with it.
    private let phrasesByFirstTerm: [String: [Int32]]

    /// - Parameter keywords: per intent, each keyword as written and as terms (never empty).
    init(keywords: [[(text: String, terms: [String])]]) {
        var phrases: [[String]] = []
        var owners: [[(intent: Int32, keyword: Int32)]] = []
        var phraseIDs: [[String]: Int32] = [:]
        var phrasesByFirstTerm: [String: [Int32]] = [:]
        for (i, list) in keywords.enumerated() {
            for (k, keyword) in list.enumerated() {
                let id: Int32
                if let existing = phraseIDs[keyword.terms] {
                    id = existing
                } else {
                    id = Int32(phrases.count)
                    phraseIDs[keyword.terms] = id
                    phrases.append(keyword.terms)
                    owners.append([])
                    phrasesByFirstTerm[keyword.terms[0], default: []].append(id)
                }
                owners[Int(id)].append((Int32(i), Int32(k)))
            }
        }
        texts = keywords.map { $0.map(\.text) }
        self.phrases = phrases
        self.owners = owners
        self.phrasesByFirstTerm = phrasesByFirstTerm
    }

    /// Every keyword that occurs in `terms`, as (intent index, keyword index), in catalog order.
    func matches(in terms: [String]) -> [(intent: Int, keyword: Int)] {
        var found: [(intent: Int, keyword: Int)] = []
        for (position, term) in terms.enumerated() {
            guard let starting = phrasesByFirstTerm[term], !terms[..<position].contains(term) else { continue }
            for p in starting where Self.contains(terms, phrases[Int(p)]) {
                for owner in owners[Int(p)] { found.append((Int(owner.intent), Int(owner.keyword))) }
            }
        }
        return found.sorted { $0.intent < $1.intent || ($0.intent == $1.intent && $0.keyword < $1.keyword) }
    }

    /// The keyword as written.
    func text(intent: Int, keyword: Int) -> String { texts[intent][keyword] }

    /// Whether `phrase` occurs in `terms` as a run of neighbouring terms.
    static func contains(_ terms: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= terms.count else { return false }
        for start in 0...(terms.count - phrase.count) where terms[start] == phrase[0] {
            if phrase.count == 1 || terms[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        }
        return false
    }
}
