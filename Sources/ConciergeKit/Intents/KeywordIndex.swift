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
    /// The phrases starting with term id `t` are `firstTermPhrases[firstTermStarts[t]..<firstTermStarts[t + 1]]`
    /// (none for most terms): flat lists of numbers, so that a message term starting no phrase,
    /// nearly every one, is told by two reads, without taking hold of a nested list.
    private let firstTermStarts: [Int32]
    private let firstTermPhrases: [Int32]

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
        var starts: [Int32] = [0]
        starts.reserveCapacity(phrasesByFirstTerm.count + 1)
        for list in phrasesByFirstTerm { starts.append(starts[starts.count - 1] + Int32(list.count)) }
        firstTermStarts = starts
        firstTermPhrases = phrasesByFirstTerm.flatMap { $0 }
    }

    /// Every keyword that occurs in a message with these term ids (-1 for a term the catalog
    /// never uses), as (intent index, keyword index), in catalog order.
    func matches(in terms: [Int32]) -> [(intent: Int, keyword: Int)] {
        var found: [(intent: Int, keyword: Int)] = []
        for (position, term) in terms.enumerated() {
            guard term >= 0, Int(term) < firstTermStarts.count - 1 else { continue }
            let first = Int(firstTermStarts[Int(term)]), end = Int(firstTermStarts[Int(term) + 1])
            guard first < end, !terms[..<position].contains(term) else { continue }
            for k in first..<end {
                let p = Int(firstTermPhrases[k])
                // The phrase starts with `term`, which first occurs here: no earlier start can match.
                guard Self.contains(terms, phrases[p], from: position) else { continue }
                if found.isEmpty { found.reserveCapacity(8) }
                for owner in owners[p] { found.append((Int(owner.intent), Int(owner.keyword))) }
            }
        }
        if found.count > 1 {
            found.sort { $0.intent < $1.intent || ($0.intent == $1.intent && $0.keyword < $1.keyword) }
        }
        return found
    }

    /// The keyword as written.
    func text(intent: Int, keyword: Int) -> String { texts[intent][keyword] }

    /// Whether `phrase` occurs in `terms` as a run of neighbouring terms starting at `from` or later.
    static func contains<T: Equatable>(_ terms: [T], _ phrase: [T], from: Int = 0) -> Bool {
        guard !phrase.isEmpty, from + phrase.count <= terms.count else { return false }
        for start in from...(terms.count - phrase.count) where terms[start] == phrase[0] {
            if phrase.count == 1 || terms[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        }
        return false
    }
}
