/// The catalog's keywords, indexed so that a message is checked only against the keywords that
/// can occur in it.
///
/// Keywords are kept as sequences of term ids (the analyzer's stems, numbered by a
/// ``TermTable``), grouped by their first term, and each distinct sequence is checked once
/// however many intents list it.
struct KeywordIndex: Sendable {
    /// Per intent, its keywords as written.
    private let texts: [[String]]
    /// The distinct keyword term sequences.
    private let phrases: [[Int32]]
    /// For each phrase, the (intent, keyword) pairs that have it.
    private let owners: [[(intent: Int32, keyword: Int32)]]
    /// Term id → the phrases starting with it (empty for most terms).
    private let phrasesByFirstTerm: [[Int32]]

    /// - Parameters:
    ///   - keywords: per intent, each keyword as written and as terms (never empty).
    ///   - terms: numbers every keyword term.
    init(keywords: [[(text: String, terms: [String])]], terms table: TermTable) {
        var phrases: [[Int32]] = []
        var owners: [[(intent: Int32, keyword: Int32)]] = []
        var phraseIDs: [[Int32]: Int32] = [:]
        var phrasesByFirstTerm = [[Int32]](repeating: [], count: table.count)
        for (i, list) in keywords.enumerated() {
            for (k, keyword) in list.enumerated() {
                let terms = table.ids(keyword.terms)
                precondition(!terms.contains(-1), "the term table must number every keyword term")
                let id: Int32
                if let existing = phraseIDs[terms] {
                    id = existing
                } else {
                    id = Int32(phrases.count)
                    phraseIDs[terms] = id
                    phrases.append(terms)
                    owners.append([])
                    phrasesByFirstTerm[Int(terms[0])].append(id)
                }
                owners[Int(id)].append((Int32(i), Int32(k)))
            }
        }
        texts = keywords.map { $0.map(\.text) }
        self.phrases = phrases
        self.owners = owners
        self.phrasesByFirstTerm = phrasesByFirstTerm
    }

    /// Every keyword that occurs in a message with these term ids (-1 for a term the catalog
    /// never uses), as (intent index, keyword index), in catalog order.
    func matches(in terms: [Int32]) -> [(intent: Int, keyword: Int)] {
        var found: [(intent: Int, keyword: Int)] = []
        for (position, term) in terms.enumerated() {
            guard term >= 0, Int(term) < phrasesByFirstTerm.count else { continue }
            let starting = phrasesByFirstTerm[Int(term)]
            guard !starting.isEmpty, !terms[..<position].contains(term) else { continue }
            for p in starting where Self.contains(terms, phrases[Int(p)]) {
                for owner in owners[Int(p)] { found.append((Int(owner.intent), Int(owner.keyword))) }
            }
        }
        if found.count > 1 {
            found.sort { $0.intent < $1.intent || ($0.intent == $1.intent && $0.keyword < $1.keyword) }
        }
        return found
    }

    /// The keyword as written.
    func text(intent: Int, keyword: Int) -> String { texts[intent][keyword] }

    /// Whether `phrase` occurs in `terms` as a run of neighbouring terms.
    static func contains<T: Equatable>(_ terms: [T], _ phrase: [T]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= terms.count else { return false }
        for start in 0...(terms.count - phrase.count) where terms[start] == phrase[0] {
            if phrase.count == 1 || terms[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        }
        return false
    }
}
