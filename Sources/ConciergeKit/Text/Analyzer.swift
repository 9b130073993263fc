/// What the analyzer made of one message: the path from what was typed to the terms matched.
public struct Analysis: Sendable, Equatable {
    /// Order numbers, e-mail addresses and other facts found in the message.
    public var entities: Entities
    /// The normalised words, with entity placeholders such as `<order>`, before spelling correction.
    public var words: [String]
    /// Each correction made, e.g. `("oder", "order")` or `("trackmyorder", "track my order")`.
    public var corrections: [Correction]
    /// The canonical, stemmed terms the matcher scores.
    public var terms: [String]

    /// One spelling correction or split of a run-together word.
    public struct Correction: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
    }
}

/// The text pipeline shared by the catalog's examples and the shopper's messages:
/// entities → normalised words → spelling and run-together words → synonyms → stems.
struct Analyzer: Sendable {
    let scanner: EntityScanner
    let speller: SpellingCorrector
    let synonyms: SynonymTable

    func analyze(_ text: String, expectingOrderNumber: Bool = false) -> Analysis {
        let scanned = scanner.scan(text, expectingOrderNumber: expectingOrderNumber)
        var words: [String] = []
        for piece in scanned.pieces {
            switch piece {
            case .text(let t): words.append(contentsOf: TextNormalizer.words(in: t))
            case .entity(let kind): words.append(kind.rawValue)
            }
        }
        var corrections: [Analysis.Correction] = []
        var fixed: [String] = []
        fixed.reserveCapacity(words.count)
        var i = 0
        while i < words.count {
            let word = words[i]
            if word.hasPrefix("<") || speller.isKnown(word) || word.first?.isNumber == true {
                fixed.append(word)
            } else if i + 1 < words.count, speller.isKnown(word + words[i + 1]) {
                // "pass word" → "password", "e mail" → "email"
                let joined = word + words[i + 1]
                corrections.append(.init(from: "\(word) \(words[i + 1])", to: joined))
                fixed.append(joined)
                i += 1
            } else if let better = speller.correct(word, maxDistance: 1) {
                corrections.append(.init(from: word, to: better))
                fixed.append(better)
            } else if let parts = speller.segment(word) {
                corrections.append(.init(from: word, to: parts.joined(separator: " ")))
                fixed.append(contentsOf: parts)
            } else if let better = speller.correct(word) {
                corrections.append(.init(from: word, to: better))
                fixed.append(better)
            } else {
                fixed.append(word)
            }
            i += 1
        }
        let terms = synonyms.apply(fixed).map(Stemmer.stem)
        return Analysis(entities: scanned.entities, words: words, corrections: corrections, terms: terms)
    }
}
