/// What the analyzer made of one message: the path from what was typed to the terms matched.
public struct Analysis: Sendable, Equatable {
    /// Order numbers, e-mail addresses and other facts found in the message.
    public var entities: Entities
    /// The normalised words, with entity placeholders such as `<order>`, before spelling correction.
    public var words: [String]
    /// Each correction made, e.g. `("oder", "order")` or `("trackmyorder", "track my order")`.
    public var corrections: [Correction]
    /// Whether the message is a question (see ``Cue/isQuestion(text:words:)``).
    public var isQuestion = false
    /// What the lexicon read the words as, e.g. `("purchased", "~buy")` or `("went", "go")`; only
    /// worked out when the message is explained.
    public var rewrites: [Correction] = []
    /// The canonical, stemmed terms the matcher scores.
    public var terms: [String]
    /// The id of each of `terms` in the matcher's ``TermTable`` (-1 for a term the catalog
    /// never uses); empty when the analyzer had no table yet (while the catalog is compiled).
    var termIDs: [Int32] = []

    /// One spelling correction or split of a run-together word.
    public struct Correction: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
    }
}

/// The text pipeline shared by the catalog's examples and the shopper's messages:
/// entities → normalised words → spelling and run-together words → lexicon (concepts and lemmas) → stems.
struct Analyzer: Sendable {
    let scanner: EntityScanner
    let speller: SpellingCorrector
    let rewrites: RewriteTable
    /// Numbers the catalog's terms; empty until the matcher has compiled the catalog.
    private(set) var termTable = TermTable()
    /// `termTable`'s ids, frozen for reading messages.
    private var termLookup = WordMap<Int32>()
    /// What is worked out about each of the catalog's words and common English words, so that a
    /// shopper's word costs one look-up: whether the speller knows it, its term and the term's id.
    private var lexicon = WordMap<Lexeme>()

    /// Marks a term not yet worked out in ``read(_:expectingOrderNumber:)`` (no real id is negative but -1).
    private static let toDo = Int32.min

    private struct Lexeme: Sendable {
        var isKnown: Bool
        var term: String
        var termID: Int32
        /// Whether a rewrite starts with the word (see ``RewriteTable/hasRule(startingWith:)``).
        var startsRewrite: Bool
    }

    init(scanner: EntityScanner, speller: SpellingCorrector, rewrites: RewriteTable) {
        self.scanner = scanner
        self.speller = speller
        self.rewrites = rewrites
    }

    /// The terms that label an e-mail address or a postcode given in the message ("my email is
    /// <email>", "postcode: <postcode>"): they are part of the fact, not of what the message asks.
    private static let labels: [String: Set<String>] = [
        "<email>": ["~email", "address", "is"],
        "<postcode>": ["postcod", "zip", "zipcod", "code", "~ship", "is"],
    ]

    /// Words that may stand between a fact and its label after it ("<postcode> is my postcode").
    private static let trailingFillers: Set<String> = ["my", "the", "our", "that", "its"]

    /// Removes the run of label terms right before each e-mail address or postcode, when the run
    /// holds more than "is": "change my email to <email>" keeps its "~email".
    static func dropLabels(of entities: Entities, terms: inout [String], ids: inout [Int32]) {
        guard !entities.emails.isEmpty || !entities.postcodes.isEmpty else { return }
        var i = 0
        while i < terms.count {
            guard let words = labels[terms[i]] else {
                i += 1
                continue
            }
            // After it too: "<postcode> is my postcode", "<email> is the email on it".
            var end = i + 1, labelEnd: Int?
            while end < terms.count, words.contains(terms[end]) || trailingFillers.contains(terms[end]) {
                if terms[end] != "is", words.contains(terms[end]) { labelEnd = end + 1 }
                end += 1
            }
            if let labelEnd {
                terms.removeSubrange(i + 1..<labelEnd)
                if ids.count > i + 1 { ids.removeSubrange(i + 1..<min(labelEnd, ids.count)) }
            }
            var start = i
            while start > 0, words.contains(terms[start - 1]) { start -= 1 }
            if terms[start..<i].contains(where: { $0 != "is" }) {
                terms.removeSubrange(start..<i)
                if ids.count > start { ids.removeSubrange(start..<min(i, ids.count)) }
                i = start
            }
            i += 1
        }
    }

    /// Capitalised words that are no names: months and days of the week.
    private static let calendarWords: Set<[UInt8]> = Set([
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ].map { Array($0.utf8) })

    /// What a name becomes: a placeholder, weighed as the entities' are.
    static let name = "<name>"

    /// The words of `text` written with a capital and then small letters anywhere but at the start
    /// of a sentence ("hi I'm Grace Okafor" → grace, okafor), lower-cased; nil when there are none
    /// (most messages: one pass over the bytes finds no capital past the first).
    static func capitalizedWords(in text: String) -> Set<String>? {
        var out: Set<String>?
        var sentenceStart = true
        var bytes = text.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? bytes.next() {
            pending = nil
            if b >= 65 && b <= 90 && !sentenceStart {
                var word = [b + 32]
                var allSmall = true
                while let c = bytes.next() {
                    if c >= 97 && c <= 122 { word.append(c) } else if c >= 65 && c <= 90 { allSmall = false; word.append(c + 32) } else { pending = c; break }
                }
                if allSmall && word.count > 1 && !calendarWords.contains(word) {
                    if out == nil { out = [] }
                    out?.insert(String(decoding: word, as: UTF8.self))
                }
                continue
            }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == 10 {
                sentenceStart = true
            } else if b != 32 && b != 9 {
                sentenceStart = false
            }
        }
        return out
    }

    /// This analyzer numbering terms with `table`, with what it takes to read each of `words` worked out once.
    func numbering<S: Sequence>(with table: TermTable, words: S) -> Analyzer where S.Element == String {
        var out = self
        out.termTable = table
        out.termLookup = table.frozenIDs
        var lexicon: [String: Lexeme] = [:]
        for word in words {
            // A word the lexicon always rewrites to one word ("parcel" → ~package) has that word's term.
            if let sole = rewrites.soleRewrite(of: word) {
                let term = Stemmer.stem(sole)
                lexicon[word] = Lexeme(isKnown: speller.isKnown(word), term: term, termID: table.id(term), startsRewrite: false)
                continue
            }
            let term = Stemmer.stem(word)
            lexicon[word] = Lexeme(isKnown: speller.isKnown(word), term: term, termID: table.id(term),
                                   startsRewrite: rewrites.hasRule(startingWith: word))
        }
        out.lexicon = WordMap(lexicon)
        return out
    }

    func analyze(_ text: String, expectingOrderNumber: Bool = false) -> Analysis {
        read(text, expectingOrderNumber: expectingOrderNumber).analysis
    }

    /// ``analyze(_:expectingOrderNumber:)``, also listing what the lexicon rewrote.
    func analyzeExplaining(_ text: String) -> Analysis {
        readHashed(text, explaining: true).analysis
    }

    /// Analyzes `text`, and also gives its plain words: `TextNormalizer.words(in: text)`, read
    /// once for both (they differ from the analysis's words only when there are entities).
    func read(_ text: String, expectingOrderNumber: Bool = false) -> (analysis: Analysis, plainWords: [String]) {
        let reading = readHashed(text, expectingOrderNumber: expectingOrderNumber)
        return (reading.analysis, reading.plainWords)
    }

    /// ``read(_:expectingOrderNumber:)``, with the ``BloomFilter/hash(_:)`` of each plain word.
    func readHashed(_ text: String, expectingOrderNumber: Bool = false, explaining: Bool = false)
        -> (analysis: Analysis, plainWords: [String], plainWordHashes: [UInt64]) {
        var words: [String] = []
        // Each word's hash, as the normalizer worked it out: the lexicon is looked up without hashing again.
        var hashes: [UInt64] = []
        words.reserveCapacity(text.utf8.count / 4 + 2)
        hashes.reserveCapacity(text.utf8.count / 4 + 2)
        var hasEntity = false
        let entities: Entities
        if scanner.holdsNoEntity(text) {
            // What the scan would give, without its list of pieces: no entities, and the whole text.
            TextNormalizer.append(wordsIn: text, to: &words, hashes: &hashes)
            entities = Entities()
        } else {
            let scanned = scanner.scan(text, expectingOrderNumber: expectingOrderNumber)
            for piece in scanned.pieces {
                switch piece {
                case .text(let t): TextNormalizer.append(wordsIn: t, to: &words, hashes: &hashes)
                case .entity(let kind):
                    words.append(kind.rawValue)
                    hashes.append(0) // a placeholder is never looked up
                    hasEntity = true
                }
            }
            entities = scanned.entities
        }
        // Without entities the only piece is the whole text, so its words are the plain words.
        var plainWords = words, plainHashes = hashes
        if hasEntity {
            plainWords = []
            plainHashes = []
            TextNormalizer.append(wordsIn: text, to: &plainWords, hashes: &plainHashes)
        }
        var corrections: [Analysis.Correction] = []
        // The words after spelling: `words` itself until a word may need correcting (most
        // messages have none), and from then on a copy with the corrections, `fixed`.
        var fixed: [String] = []
        var corrected = false
        // The term of each of the fixed words whose look-up in `lexicon` the spelling check already made;
        // `Self.toDo` marks the others. Most words stand as typed, and then need no second look-up.
        var terms: [String] = []
        var termIDs: [Int32] = []
        // Whether a rewrite may start at one of the fixed words: known for the words of the lexicon, so
        // that a message without one (most messages) skips the rewrites' look-ups altogether.
        var mayHaveRewrite = false
        terms.reserveCapacity(words.count)
        termIDs.reserveCapacity(words.count)
        var i = 0
        /// Keeps a word's term as the lexicon has it; a word it doesn't know might start a rewrite.
        func take(_ lexeme: Lexeme?) {
            if let lexeme {
                terms.append(lexeme.term)
                termIDs.append(lexeme.termID)
                mayHaveRewrite = mayHaveRewrite || lexeme.startsRewrite
            } else {
                mayHaveRewrite = true
            }
        }
        /// From the first word that needs correcting on, the fixed words are a copy of those before it.
        func beginCorrecting(at i: Int) {
            guard !corrected else { return }
            corrected = true
            fixed.reserveCapacity(words.count)
            fixed.append(contentsOf: words[..<i])
        }
        // Capitalised words inside a sentence that neither the catalog nor everyday English knows
        // ("Okafor", "Priya"): names.
        let names = Self.capitalizedWords(in: text)
        while i < words.count {
            let word = words[i]
            // Only entity placeholders start with "<" (the normalizer drops it), so a byte check
            // will do, and none is needed in a message without entities.
            let isPlaceholder = hasEntity && word.utf8.first == UInt8(ascii: "<")
            let lexeme = isPlaceholder ? nil : lexicon[word, hash: hashes[i]]
            if let names, lexeme == nil, names.contains(word), !speller.isKnown(word) {
                // A name says who or where, not what the shopper wants: it weighs as an entity does.
                beginCorrecting(at: i)
                corrections.append(.init(from: word, to: Self.name))
                fixed.append(Self.name)
            } else if isPlaceholder || (lexeme?.isKnown ?? speller.isKnown(word)) || word.first?.isNumber == true {
                if corrected { fixed.append(word) }
                take(lexeme)
            } else {
                beginCorrecting(at: i)
                if i + 1 < words.count, speller.isKnown(word + words[i + 1]) {
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
                    take(lexeme)
                }
            }
            // A corrected or joined word was not looked up in the lexicon.
            while terms.count < (corrected ? fixed.count : i + 1) {
                terms.append("")
                termIDs.append(Self.toDo)
                mayHaveRewrite = true
            }
            i += 1
        }
        if !corrected { fixed = words }
        // The words' hashes hold for the fixed words when nothing was corrected (a placeholder's
        // is no hash, but no rewrite starts with a placeholder).
        let replaced = mayHaveRewrite ? rewrites.replacing(fixed, hashes: corrected || hasEntity ? nil : hashes) : nil
        if replaced != nil {
            // The lexicon changed the words: every term is worked out anew.
            terms.removeAll(keepingCapacity: true)
            termIDs.removeAll(keepingCapacity: true)
        }
        for (position, word) in (replaced ?? fixed).enumerated() where replaced != nil || termIDs[position] == Self.toDo {
            let term: String, id: Int32
            if let known = lexicon[word] {
                (term, id) = (known.term, known.termID)
            } else {
                term = Stemmer.stem(word)
                id = termLookup[term] ?? -1
            }
            if replaced != nil {
                terms.append(term)
                termIDs.append(id)
            } else {
                terms[position] = term
                termIDs[position] = id
            }
        }
        if hasEntity { Self.dropLabels(of: entities, terms: &terms, ids: &termIDs) }
        if termTable.count == 0 { termIDs = [] }
        var analysis = Analysis(entities: entities, words: words, corrections: corrections, terms: terms, termIDs: termIDs)
        analysis.isQuestion = Cue.isQuestion(text: text, words: words)
        if explaining {
            analysis.rewrites = rewrites.rewrites(in: fixed).map { Analysis.Correction(from: $0.from, to: $0.to) }
        }
        return (analysis, plainWords, plainHashes)
    }
}
