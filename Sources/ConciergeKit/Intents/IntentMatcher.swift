import Foundation

/// The frozen, explainable intent matcher: built once from a ``Catalog``, then shared by every
/// conversation (it is immutable and `Sendable`).
///
/// Each example and each message is reduced to terms (see ``Analysis``) and to features: the
/// terms and the pairs of neighbouring content terms. A feature weighs more the fewer intents
/// use it. A message is scored against each intent in two ways: its similarity to the intent's
/// examples taken together, read from an inverted index (feature → intents), which also picks the
/// few intents worth a closer look; and its similarity to the closest single example of those
/// intents, found through each intent's ``ExampleIndex``. Keywords (a ``KeywordIndex``) add a small
/// bonus. Nothing scans the whole catalog per message.
public struct IntentMatcher: Sendable {
    public let catalog: Catalog
    public let settings: MatcherSettings
    let analyzer: Analyzer

    /// feature id → the feature, to name the terms a message shares with an example.
    private let featureNames: [String]
    /// feature id → whether it is a pair of terms.
    private let isPairFeature: [Bool]
    private let idf: [Double]
    /// term id (see ``TermTable``) → the feature id of the term on its own, or -1 for a term
    /// only keywords use.
    private let termFeatures: [Int32]
    /// term id → whether the term is one of ``pairStopwords``.
    private let termIsPairStopword: [Bool]
    /// (term id, term id) → the feature id of the pair.
    private let pairFeatures: TermPairTable
    /// feature → the intents using it: (intent index, where the feature is in that intent's
    /// ``ExampleIndex``, weight of the feature in that intent)
    private let postings: [[(intent: Int32, slot: Int32, weight: Double)]]
    private let intentNorms: [Double]
    private let intentIDs: [String]
    /// Per intent, its examples as sorted feature ids.
    private let examples: [[CompiledExample]]
    /// Per intent, the norm of each example (kept apart so scoring reads only numbers).
    private let exampleNorms: [[Double]]
    /// Per intent, which examples use each feature.
    private let exampleIndexes: [ExampleIndex]
    /// The most examples any intent has.
    private let largestIntent: Int
    /// The keywords of every intent.
    private let keywordIndex: KeywordIndex
    /// Per intent, its cues as term ids (see ``Cue``).
    private let cues: [CompiledCues]
    /// Per intent, whether it gives way to a request the message also holds (see ``Intent/yields``).
    private let yields: [Bool]
    /// Term id → whether mostly intents that give way use the term ("~hello", "~thanks").
    private let isYieldingTerm: [Bool]

    /// An intent's cues: each `needs:` line as alternatives (each a list of terms that must all
    /// be there), and every `excludes:` item likewise.
    struct CompiledCues: Sendable {
        var needs: [(line: Cue, alternatives: [[Int32]])] = []
        var excludes: [(item: String, terms: [Int32])] = []
        /// true: the message must be a question; false: it must not be; nil: either.
        var question: Bool?

        var isEmpty: Bool { needs.isEmpty && excludes.isEmpty && question == nil }

        /// Which cue rules out a message with these term ids, nil when they all hold: a plain
        /// value, so the bot's check builds no text; ``describe(_:)`` spells it out for `explain`.
        func failure(_ termIDs: [Int32], isQuestion: Bool) -> Failure? {
            if let question, question != isQuestion { return .form }
            if let k = needs.firstIndex(where: { need in !need.alternatives.contains { $0.allSatisfy(termIDs.contains) } }) {
                return .needs(k)
            }
            if let k = excludes.firstIndex(where: { $0.terms.allSatisfy(termIDs.contains) }) { return .excludes(k) }
            return nil
        }

        enum Failure { case form, needs(Int), excludes(Int) }

        /// A failure as `explain` and `check` show it: "needs ~refund or money".
        func describe(_ failure: Failure) -> String {
            switch failure {
            case .form: return question == true ? "asks for a question" : "asks for a statement"
            case .needs(let k): return "needs " + needs[k].line.items.joined(separator: " or ")
            case .excludes(let k): return "excludes " + excludes[k].item
            }
        }
    }

    struct CompiledExample: Sendable {
        var features: [Int32]
        var norm: Double
        var text: String
        var line: Int
    }

    /// How many intents get the closer, per-example look.
    static let shortlist = 6
    /// How many candidates a classification lists.
    static let candidateCount = 5

    /// Grammar and politeness words (as stems), weighed down whatever their rarity.
    static let functionWords: Set<String> = [
        "a", "an", "the", "to", "of", "for", "and", "or", "pleas", "i", "me", "my", "you", "your", "it", "is", "are", "be",
        "do", "doe", "can", "could", "would", "will", "with", "on", "in", "at", "thi", "this", "that", "some", "any", "just",
        "so", "we", "our", "us", "am", "was", "have", "ha", "has", "there", "not", "im", "them", "they", "from", "if",
        // The lexicon's concepts of wanting, asking for help and time fillers (Intents/concepts.txt).
        "~want", "~help", "~now",
    ]

    /// Words that carry no meaning in a pair of neighbouring terms.
    static let pairStopwords: Set<String> = [
        "a", "an", "the", "to", "of", "for", "and", "or", "pleas", "please", "i", "me", "my", "you", "your", "it", "is",
        "are", "be", "do", "doe", "does", "can", "could", "would", "will", "with", "on", "in", "at", "this", "that", "some",
        "any", "just", "so", "we", "our", "us", "am", "was", "have", "has", "want", "need", "like", "hi", "hello", "hey",
        "how", "what", "where", "when", "why", "which", "who", "there", "get", "know", "tell", "help", "ok", "im", "not",
        // The lexicon's concepts for the same words (Intents/concepts.txt).
        "~help", "~want", "~where", "~hello", "~now",
    ]

    /// Compiles `catalog` into a matcher.
    public init(catalog: Catalog, settings: MatcherSettings = MatcherSettings()) {
        self.init(catalog: catalog, settings: settings, analyzerFrom: nil)
    }

    /// The same catalog with other settings, sharing nothing that must be rebuilt... (compiled anew).
    public func with(settings: MatcherSettings) -> IntentMatcher {
        IntentMatcher(catalog: catalog, settings: settings)
    }

    private init(catalog: Catalog, settings: MatcherSettings, analyzerFrom: Analyzer?) {
        self.catalog = catalog
        self.settings = settings
        let scanner = EntityScanner(orderFormat: catalog.profile.orderNumberFormat)

        // The vocabulary: every word the content uses, less the deliberate typos in examples,
        // which are corrected like a shopper's typos so they teach the matcher nothing false.
        var counts: [String: Int] = [:]
        var usedPairs = Set<String>()
        func words(_ text: String) -> [String] {
            scanner.scan(text).pieces.flatMap { piece -> [String] in
                if case .text(let t) = piece { return TextNormalizer.words(in: t) }
                return []
            }
        }
        for intent in catalog.intents {
            for e in intent.examples + intent.keywords {
                let list = words(e.text)
                for w in list { counts[w, default: 0] += 1 }
                for (a, b) in zip(list, list.dropFirst()) { usedPairs.insert(a + " " + b) }
            }
        }

        // The lexicon, as rewrites of word sequences.
        let (rules, compounds, lexiconWords) = catalog.lexicon.rewriteRules(usedPairs: usedPairs, usedWords: Set(counts.keys))
        let rewrites = RewriteTable(rules, pairs: compounds)
        let common = CommonWords.all.union(lexiconWords)
        // A rare word that is one or two edits from a much more common word with the same first
        // letter ("oder", "refnd"), or that splits into known words ("whereismyorder"), is a typo
        // the examples show on purpose: leave it out, so it is corrected like a shopper's typo.
        let frequent = counts.filter { $0.value >= 4 }
        let dictionaryStems = Set(catalog.lexicon.dictionary.lazy.map(Stemmer.stem))
        let draft = SpellingCorrector(vocabulary: frequent, alsoKnown: common, dictionaryStems: dictionaryStems)
        var vocabulary = counts
        for (word, count) in counts where count <= 3 && !common.contains(word) && !catalog.lexicon.dictionary.contains(word) {
            if let fix = draft.correct(word), fix.first == word.first, (frequent[fix] ?? 0) >= max(8, 4 * count) {
                vocabulary[word] = nil
            } else if word.count >= 8, draft.segment(word) != nil {
                vocabulary[word] = nil
            }
        }
        // A typo may be corrected to any word a concept lists (the concept's other forms and the
        // lemmas' irregular forms are known words, but no target of corrections).
        for w in catalog.lexicon.memberWords { vocabulary[w, default: 0] += 1 }
        let speller = SpellingCorrector(vocabulary: vocabulary, alsoKnown: common, dictionaryStems: dictionaryStems)
        let analyzer = Analyzer(scanner: scanner, speller: speller, rewrites: rewrites)

        // Features of every example; every term they use is numbered.
        var termTable = TermTable()
        var featureIDs: [String: Int32] = [:]
        var intentFeatureCounts: [[Int32: Int]] = []
        var rawExamples: [[(features: [Int32], text: String, line: Int)]] = []
        var document = Set<Int32>()
        var df: [Int] = []
        for intent in catalog.intents {
            var featureCounts: [Int32: Int] = [:]
            var list: [(features: [Int32], text: String, line: Int)] = []
            for example in intent.examples {
                let terms = analyzer.analyze(example.text).terms
                for t in terms { termTable.add(t) }
                var ids = Set<Int32>()
                for f in Self.features(of: terms) {
                    let id: Int32
                    if let existing = featureIDs[f] {
                        id = existing
                    } else {
                        id = Int32(featureIDs.count)
                        featureIDs[f] = id
                        df.append(0)
                    }
                    ids.insert(id)
                }
                for id in ids { featureCounts[id, default: 0] += 1 }
                list.append((ids.sorted(), example.text, example.line))
            }
            for id in featureCounts.keys where !document.contains(id) { document.insert(id) }
            for id in featureCounts.keys { df[Int(id)] += 1 }
            document.removeAll(keepingCapacity: true)
            intentFeatureCounts.append(featureCounts)
            rawExamples.append(list)
        }
        let intentCount = Double(max(catalog.intents.count, 1))
        var idf = df.map { max(settings.minimumTermWeight, log((intentCount + 1) / (Double($0) + 0.5))) }
        // Politeness and grammar words say nothing about what the shopper wants, however few intents use them.
        // Nor does an order number or an e-mail address given along with the request: it is a fact
        // the bot keeps, not what the message asks.
        for (feature, id) in featureIDs where Self.functionWords.contains(feature) || feature.hasPrefix("<") {
            idf[Int(id)] *= settings.functionWordFactor
        }

        let exampleIndexes = rawExamples.map { list in ExampleIndex(examples: list.map(\.features)) }
        self.exampleIndexes = exampleIndexes
        var postings = [[(intent: Int32, slot: Int32, weight: Double)]](repeating: [], count: featureIDs.count)
        var intentNorms: [Double] = []
        for (i, featureCounts) in intentFeatureCounts.enumerated() {
            let n = Double(max(rawExamples[i].count, 1))
            var norm = 0.0
            // In id order, so the norm is summed the same way on every run (dictionary order is not).
            for (id, count) in featureCounts.sorted(by: { $0.key < $1.key }) {
                let w = idf[Int(id)] * (Double(count) / n).squareRoot()
                postings[Int(id)].append((Int32(i), exampleIndexes[i].slot(of: id), w))
                norm += w * w
            }
            intentNorms.append(norm.squareRoot())
        }
        examples = rawExamples.map { list in
            list.map { e in
                let norm = e.features.reduce(0.0) { $0 + idf[Int($1)] * idf[Int($1)] }.squareRoot()
                return CompiledExample(features: e.features, norm: norm, text: e.text, line: e.line)
            }
        }
        exampleNorms = examples.map { $0.map(\.norm) }
        largestIntent = examples.map(\.count).max() ?? 0
        let keywords = catalog.intents.map { intent in
            intent.keywords.map { (text: $0.text, terms: analyzer.analyze($0.text).terms) }.filter { !$0.terms.isEmpty }
        }
        for list in keywords { for keyword in list { for t in keyword.terms { termTable.add(t) } } }
        keywordIndex = KeywordIndex(keywords: keywords, terms: termTable)

        // Cues, as term ids: a concept by its name, a word or phrase as the analyzer reads it.
        func cueTerms(_ item: String) -> [Int32] {
            let terms = item.hasPrefix("~") ? [item.lowercased()] : analyzer.analyze(item).terms
            return terms.map { termTable.add($0) }
        }
        cues = catalog.intents.map { intent in
            var compiled = CompiledCues()
            for cue in intent.cues {
                switch cue.kind {
                case .needs: compiled.needs.append((cue, cue.items.map(cueTerms)))
                case .excludes: compiled.excludes += cue.items.map { ($0, cueTerms($0)) }
                case .form: compiled.question = cue.items.first == "question"
                }
            }
            return compiled
        }
        let yields = catalog.intents.map(\.yields)
        self.yields = yields

        var featureNames = [String](repeating: "", count: featureIDs.count)
        var isPairFeature = [Bool](repeating: false, count: featureIDs.count)
        var termFeatures = [Int32](repeating: -1, count: termTable.count)
        var pairs: [(first: Int32, second: Int32, feature: Int32)] = []
        for (feature, id) in featureIDs {
            featureNames[Int(id)] = feature
            let parts = feature.split(separator: " ", omittingEmptySubsequences: false)
            if parts.count == 2 {
                isPairFeature[Int(id)] = true
                pairs.append((termTable.id(String(parts[0])), termTable.id(String(parts[1])), id))
            } else {
                termFeatures[Int(termTable.id(feature))] = id
            }
        }
        // A term that mostly intents giving way use is what a greeting or a thanks is made of.
        var isYieldingTerm = [Bool](repeating: false, count: termTable.count)
        for (term, feature) in termFeatures.enumerated() where feature >= 0 {
            let users = postings[Int(feature)]
            let yielding = users.filter { yields[Int($0.intent)] }.count
            isYieldingTerm[term] = yielding > 0 && 2 * yielding >= users.count
        }
        self.isYieldingTerm = isYieldingTerm
        self.featureNames = featureNames
        self.isPairFeature = isPairFeature
        self.termFeatures = termFeatures
        termIsPairStopword = termTable.terms.map(Self.pairStopwords.contains)
        pairFeatures = TermPairTable(pairs)
        self.analyzer = analyzer.numbering(with: termTable, words: Set(counts.keys).union(vocabulary.keys).union(common))
        self.idf = idf
        self.postings = postings
        self.intentNorms = intentNorms
        intentIDs = catalog.intents.map(\.id)
    }

    /// The features of a term sequence: each term, and each pair of neighbouring content terms.
    static func features(of terms: [String]) -> [String] {
        var out = terms
        let content = terms.filter { !pairStopwords.contains($0) }
        if content.count > 1 {
            for i in 0..<(content.count - 1) { out.append(content[i] + " " + content[i + 1]) }
        }
        return out
    }

    /// Classifies one shopper message.
    /// - Parameters:
    ///   - text: the message as typed.
    ///   - expectingOrderNumber: the bot just asked for an order number, so a short bare number counts as one.
    public func classify(_ text: String, expectingOrderNumber: Bool = false) -> Classification {
        classify(analysis: analyzer.analyze(text, expectingOrderNumber: expectingOrderNumber), excluding: nil)
    }

    /// ``classify(_:expectingOrderNumber:)``, with what the lexicon rewrote listed in the analysis.
    public func explain(_ text: String) -> Classification {
        classify(analysis: analyzer.analyzeExplaining(text), excluding: nil)
    }

    /// Reads `text` as the matcher would (entities, words, corrections, terms) without scoring it.
    public func analyze(_ text: String, expectingOrderNumber: Bool = false) -> Analysis {
        analyzer.analyze(text, expectingOrderNumber: expectingOrderNumber)
    }

    /// Scores `analysis` against the catalog.
    /// - Parameters:
    ///   - excluding: an example left out of its intent (to check the content for overlaps).
    ///   - explained: whether each candidate names its closest example, the terms shared with it
    ///     and its keywords found. The bot only acts on the decision, which needs none of them,
    ///     so it is spared building and freeing them every turn.
    ///   - analysis: taken, not copied, into the classification: a caller handing over its last
    ///     use spares retaining and releasing each of its lists.
    func classify(analysis: consuming Analysis, excluding: (intent: Int, example: Int)?, explained: Bool = true,
                  onlyRequests: Bool = false) -> Classification {
        let termIDs = analysis.termIDs.count == analysis.terms.count ? analysis.termIDs : analyzer.termTable.ids(analysis.terms)
        // The message's features and their weights, each feature once: its terms, then the pairs
        // of neighbouring content terms. A message has a few dozen at most, so looking for
        // repeats in a list beats a hashed set. A pair with a term the catalog never uses is no
        // feature of any example and weighs nothing, so only known pairs are looked for.
        var known: [(id: Int32, weight: Double)] = []
        known.reserveCapacity(2 * termIDs.count)
        var unknown: [String] = []
        var unknownSquares = 0.0
        for (position, term) in termIDs.enumerated() {
            let id = term >= 0 ? termFeatures[Int(term)] : -1
            if id >= 0 {
                if !known.contains(where: { $0.id == id }) { known.append((id, idf[Int(id)])) }
                continue
            }
            let f = analysis.terms[position]
            if !unknown.contains(f) {
                unknown.append(f)
                let w = f.hasPrefix("<") ? 0.5
                    : (CommonWords.all.contains(f) || analyzer.speller.isKnown(f)) ? settings.commonUnknownWeight : settings.unknownWeight
                unknownSquares += w * w
            }
        }
        // The previous content term: -2 before the first, -1 for one the catalog never uses.
        var previous: Int32 = -2
        for (position, term) in termIDs.enumerated() {
            let isStopword = term >= 0 ? termIsPairStopword[Int(term)] : Self.pairStopwords.contains(analysis.terms[position])
            if isStopword { continue }
            if previous >= 0 && term >= 0 {
                let id = pairFeatures.feature(previous, term)
                if id >= 0, !known.contains(where: { $0.id == id }) { known.append((id, idf[Int(id)])) }
            }
            previous = term
        }
        // By id, each once: a message has a few features, which an insertion sort orders with
        // less work than the library's sort.
        known.withUnsafeMutableBufferPointer { known in
            for i in known.indices.dropFirst() {
                let feature = known[i]
                var at = i
                while at > 0 && known[at - 1].id > feature.id {
                    known[at] = known[at - 1]
                    at -= 1
                }
                known[at] = feature
            }
        }
        let messageNorm = (known.reduce(0.0) { $0 + $1.weight * $1.weight } + unknownSquares).squareRoot()
        guard messageNorm > 0, !known.isEmpty else {
            return Classification(decision: .fallback, confidence: 0, analysis: analysis, candidates: [])
        }

        // Similarity to each intent's examples taken together, from the inverted index.
        // Scratch memory for this call, in one allocation (see ``Scratch``): an array's
        // allocation looks up its generic storage type at run time, and each costs a malloc.
        let intentCount = intentIDs.count
        var postingCount = 0
        for (id, _) in known { postingCount += postings[Int(id)].count }
        let scratch = Scratch(intents: intentCount, postings: postingCount, examples: largestIntent)
        defer { scratch.deallocate() }
        let tallies = scratch.tallies
        tallies.initialize(repeating: Tally())
        var reached = scratch.reached
        for (id, w) in known {
            postings[Int(id)].withUnsafeBufferPointer { postings in
                for p in postings {
                    let i = Int(p.intent)
                    if !tallies[i].isReached {
                        tallies[i].isReached = true
                        reached.append(i)
                    }
                    tallies[i].score += w * p.weight
                }
            }
        }
        // The best few, best first, ties to the earlier intent: a bounded insertion rather than
        // sorting every intent reached.
        var shortlist = scratch.shortlist
        for r in 0..<reached.count {
            let i = reached[r]
            let score = tallies[i].score / (messageNorm * intentNorms[i])
            if shortlist.count == Self.shortlist, let last = shortlist.last, !Self.ranksBefore(score, i, last.score, last.intent) {
                continue
            }
            // Insertion by shifting the lower-ranked entries down one (cheaper than `insert(_:at:)`).
            shortlist.append((i, score))
            var at = shortlist.count - 1
            while at > 0, Self.ranksBefore(score, i, shortlist[at - 1].score, shortlist[at - 1].intent) {
                shortlist[at] = shortlist[at - 1]
                at -= 1
            }
            shortlist[at] = (i, score)
            if shortlist.count > Self.shortlist { shortlist.removeLast() }
        }
        // Intents whose keywords appear get a close look even if they missed the shortlist.
        let keywordHits = keywordIndex.matches(in: termIDs) // by intent, then keyword
        let ranked = shortlist.count
        var k = 0
        while k < keywordHits.count {
            let i = keywordHits[k].intent
            var listed = false
            for r in 0..<ranked where shortlist[r].intent == i { listed = true }
            if !listed {
                shortlist.append((i, tallies[i].score / (messageNorm * intentNorms[i])))
            }
            let first = k
            while k < keywordHits.count && keywordHits[k].intent == i { k += 1 }
            tallies[i].keywordHits = Int32(first)..<Int32(k)
        }

        // For the closer look, each shortlisted intent's hits: the message features its examples
        // use, with where each sits in the intent's example index, chained per intent in
        // ascending feature order, so each example's overlap is summed in that order.
        for r in 0..<shortlist.count { tallies[shortlist[r].intent].isShortlisted = true }
        let hits = scratch.hits
        var h = 0
        for (id, w) in known {
            let square = w * w
            postings[Int(id)].withUnsafeBufferPointer { postings in
                for p in postings where tallies[Int(p.intent)].isShortlisted {
                    let i = Int(p.intent)
                    hits.initializeElement(at: h, to: ExampleIndex.Hit(slot: p.slot, square: square, next: -1))
                    if tallies[i].firstHit < 0 {
                        tallies[i].firstHit = Int32(h)
                    } else {
                        hits[Int(tallies[i].lastHit)].next = Int32(h)
                    }
                    tallies[i].lastHit = Int32(h)
                    h += 1
                }
            }
        }

        // Whether `a` is listed before `b`: best first, equal scores in order of intent id.
        func beats(_ a: Scored, _ b: Scored) -> Bool {
            a.score > b.score || (a.score == b.score && intentIDs[a.intent] < intentIDs[b.intent])
        }

        // The closest examples of each shortlisted intent; only the best five are kept, and only
        // they are spelt out as candidates.
        var top = scratch.top
        let overlaps = scratch.overlaps
        var ruledOut: [String] = []
        for r in 0..<shortlist.count {
            let (intent, intentScore) = shortlist[r]
            if onlyRequests && yields[intent] { continue }
            if !cues[intent].isEmpty, let failure = cues[intent].failure(termIDs, isQuestion: analysis.isQuestion) {
                // The reason is spelt out only for an explanation: the bot needs only the decision.
                if explained { ruledOut.append(intentIDs[intent] + " " + cues[intent].describe(failure)) }
                continue
            }
            var best = (score: 0.0, index: -1, overlap: 0.0)
            var second = 0.0
            let excluded = excluding.map { $0.intent == intent ? $0.example : -1 } ?? -1
            exampleNorms[intent].withUnsafeBufferPointer { norms in
                for index in norms.indices { overlaps.initializeElement(at: index, to: 0) }
                exampleIndexes[intent].addOverlaps(chain: tallies[intent].firstHit, of: UnsafeBufferPointer(hits), to: overlaps)
                // The example left out is skipped as one sharing nothing is: one check per example, not two.
                if norms.indices.contains(excluded) { overlaps[excluded] = 0 }
                for index in norms.indices {
                    let overlap = overlaps[index]
                    // An example sharing nothing scores 0 (or NaN), which never beats `best` or `second`.
                    if overlap == 0 { continue }
                    let s = overlap / (messageNorm * norms[index])
                    if s > best.score {
                        second = best.score
                        best = (s, index, overlap)
                    } else if s > second {
                        second = s
                    }
                }
            }
            let keywords = Int(tallies[intent].keywordHits.lowerBound)..<Int(tallies[intent].keywordHits.upperBound)
            let bonus = min(0.12, 0.08 * Double(keywords.count))
            let score = min(1, 0.55 * best.score + 0.15 * second + 0.30 * intentScore + bonus)
            let candidate = Scored(intent: intent, score: score, exampleScore: best.score, intentScore: intentScore,
                                   coverage: best.overlap / (messageNorm * messageNorm), closest: best.index,
                                   keywords: keywords)
            if top.count == Self.candidateCount, let last = top.last, !beats(candidate, last) { continue }
            top.append(candidate)
            var at = top.count - 1
            while at > 0, beats(candidate, top[at - 1]) {
                top[at] = top[at - 1]
                at -= 1
            }
            top[at] = candidate
            if top.count > Self.candidateCount { top.removeLast() }
        }
        var candidates: [Classification.Candidate] = []
        candidates.reserveCapacity(top.count)
        for r in 0..<top.count {
            let c = top[r]
            if explained {
                let closest = c.closest >= 0 ? examples[c.intent][c.closest] : nil
                candidates.append(Classification.Candidate(
                    intent: intentIDs[c.intent], score: c.score, exampleScore: c.exampleScore, intentScore: c.intentScore,
                    coverage: c.coverage, closestExample: closest?.text ?? "",
                    sharedTerms: closest.map { shared(known, $0.features) } ?? [],
                    keywords: keywordHits[c.keywords].map { keywordIndex.text(intent: $0.intent, keyword: $0.keyword) }))
            } else {
                candidates.append(Classification.Candidate(
                    intent: intentIDs[c.intent], score: c.score, exampleScore: c.exampleScore, intentScore: c.intentScore,
                    coverage: c.coverage, closestExample: "", sharedTerms: [], keywords: []))
            }
        }
        var decision = settings.decision(for: candidates)
        if top.count > 1, !yields[top[0].intent], decision.isUnsure, excluding == nil,
           let runnerUp = (1..<top.count).first(where: { yields[top[$0].intent] }) {
            // A request next to a greeting or thanks ("hello, I want to return the cardigan") is
            // not unsure between the two: the pleasantry gives way.
            var requests = candidates
            requests.remove(at: runnerUp)
            decision = settings.decision(for: requests)
            if decision.isUnsure {
                // Still unsure: read the message without the pleasantry's words, as when it comes first.
                let closest = top[runnerUp].closest >= 0 ? examples[top[runnerUp].intent][top[runnerUp].closest].features : []
                let unsure = Classification(decision: decision, confidence: candidates[0].score, analysis: copy analysis, candidates: candidates)
                var request = givingWay(unsure, to: termIDs, besides: closest, explained: explained)
                if request.intent != nil {
                    request.gaveWay = intentIDs[top[runnerUp].intent]
                    return request
                }
            }
        }
        var result = Classification(decision: decision, confidence: candidates.first?.score ?? 0,
                                    analysis: analysis, candidates: candidates)
        result.ruledOut = ruledOut
        if top.count > 0, yields[top[0].intent], excluding == nil {
            let closest = top[0].closest >= 0 ? examples[top[0].intent][top[0].closest].features : []
            return givingWay(result, to: termIDs, besides: closest, explained: explained)
        }
        return result
    }

    /// `result`, whose best intent gives way, or what the rest of the message asks for when it
    /// asks for something the matcher would act on: "hiya, where's my order" is about the order.
    /// The rest is the message without the words it shares with the greeting's closest example
    /// (`closest`, its sorted features) and the words mostly greetings and thanks use, matched
    /// against the intents that don't give way.
    private func givingWay(_ result: Classification, to termIDs: [Int32], besides closest: [Int32], explained: Bool) -> Classification {
        var rest = result.analysis
        rest.terms = []
        rest.termIDs = []
        var hasContent = false
        for (position, id) in termIDs.enumerated() {
            if id >= 0 {
                let feature = termFeatures[Int(id)]
                if isYieldingTerm[Int(id)] || (feature >= 0 && Self.sortedContains(closest, feature)) { continue }
            }
            rest.terms.append(result.analysis.terms[position])
            rest.termIDs.append(id)
            if id >= 0 && !termIsPairStopword[Int(id)] { hasContent = true }
        }
        guard hasContent, rest.terms.count < termIDs.count else { return result }
        var request = classify(analysis: rest, excluding: (-1, -1), explained: explained, onlyRequests: true)
        guard request.intent != nil, request.confidence >= settings.requestThreshold else { return result }
        request.analysis = result.analysis
        request.gaveWay = result.candidates.first?.intent
        return request
    }

    /// The scratch memory of one classification, carved from one allocation: the intents' tallies,
    /// the intents reached, the shortlist, the hits, the examples' overlaps and the best few
    /// candidates. Every element is a plain value, so nothing needs deinitialising.
    private struct Scratch {
        let base: UnsafeMutableRawPointer
        let tallies: UnsafeMutableBufferPointer<Tally>
        let reached: ScratchList<Int>
        /// Room for the ranked few and every intent a keyword adds.
        let shortlist: ScratchList<(intent: Int, score: Double)>
        let hits: UnsafeMutableBufferPointer<ExampleIndex.Hit>
        let overlaps: UnsafeMutableBufferPointer<Double>
        /// One more than the candidates kept, for the insertion that pushes the last one out.
        let top: ScratchList<Scored>

        init(intents: Int, postings: Int, examples: Int) {
            // Each region starts at a multiple of 16 bytes, which suits every element's alignment.
            func bytes<T>(_: T.Type, _ count: Int) -> Int { (MemoryLayout<T>.stride * count + 15) & ~15 }
            let shortlistCapacity = IntentMatcher.shortlist + 1 + intents
            let topCapacity = IntentMatcher.candidateCount + 1
            let tallyBytes = bytes(Tally.self, intents), reachedBytes = bytes(Int.self, intents)
            let shortlistBytes = bytes((intent: Int, score: Double).self, shortlistCapacity)
            let hitBytes = bytes(ExampleIndex.Hit.self, postings), overlapBytes = bytes(Double.self, examples)
            let total = tallyBytes + reachedBytes + shortlistBytes + hitBytes + overlapBytes + bytes(Scored.self, topCapacity)
            let base = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
            self.base = base
            var offset = 0
            func region<T>(_: T.Type, _ count: Int, _ size: Int) -> UnsafeMutablePointer<T> {
                defer { offset += size }
                return (base + offset).bindMemory(to: T.self, capacity: count)
            }
            tallies = UnsafeMutableBufferPointer(start: region(Tally.self, intents, tallyBytes), count: intents)
            reached = ScratchList(region(Int.self, intents, reachedBytes), capacity: intents)
            shortlist = ScratchList(region((intent: Int, score: Double).self, shortlistCapacity, shortlistBytes),
                                    capacity: shortlistCapacity)
            hits = UnsafeMutableBufferPointer(start: region(ExampleIndex.Hit.self, postings, hitBytes), count: postings)
            overlaps = UnsafeMutableBufferPointer(start: region(Double.self, examples, overlapBytes), count: examples)
            top = ScratchList(region(Scored.self, topCapacity, 0), capacity: topCapacity)
        }

        func deallocate() { base.deallocate() }
    }

    /// A list kept in scratch memory: appends within a fixed capacity, no allocation of its own.
    /// For plain values only (nothing is deinitialised).
    private struct ScratchList<Element> {
        private let base: UnsafeMutablePointer<Element>
        private let capacity: Int
        private(set) var count = 0

        init(_ base: UnsafeMutablePointer<Element>, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        var last: Element? { count > 0 ? base[count - 1] : nil }

        subscript(index: Int) -> Element {
            get { base[index] }
            nonmutating set { base[index] = newValue }
        }

        mutating func append(_ element: Element) {
            precondition(count < capacity, "a scratch list outgrew the room made for it")
            (base + count).initialize(to: element)
            count += 1
        }

        mutating func removeLast() { count -= 1 }
    }

    /// What the passes over the postings gather for one intent: its similarity so far, whether
    /// the message reached it and whether it was shortlisted, the first and last of its chain of
    /// hits (-1 while it has none), and where its keywords found in the message are in the list
    /// of keyword hits (none by default).
    private struct Tally {
        var score = 0.0
        var isReached = false
        var isShortlisted = false
        var firstHit: Int32 = -1
        var lastHit: Int32 = -1
        var keywordHits: Range<Int32> = 0..<0
    }

    /// A shortlisted intent's scores, before it is spelt out as a ``Classification/Candidate``.
    private struct Scored {
        var intent: Int
        var score: Double
        var exampleScore: Double
        var intentScore: Double
        var coverage: Double
        /// The closest example's index, or -1 when no example shares anything with the message.
        var closest: Int
        /// Where the intent's keywords found in the message are in the list of hits.
        var keywords: Range<Int>
    }

    /// Whether the sorted list `ids` holds `id`.
    private static func sortedContains(_ ids: [Int32], _ id: Int32) -> Bool {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id
    }

    /// Whether an intent scoring `score` ranks before one scoring `otherScore`: higher scores
    /// first, equal scores in catalog order.
    private static func ranksBefore(_ score: Double, _ intent: Int, _ otherScore: Double, _ otherIntent: Int) -> Bool {
        score > otherScore || (score == otherScore && intent < otherIntent)
    }

    /// The single terms (not pairs) of `message` that `example` also has, in feature-id order.
    /// Both lists are sorted by id, so one merge finds them.
    private func shared(_ message: [(id: Int32, weight: Double)], _ example: [Int32]) -> [String] {
        var names: [String] = []
        names.reserveCapacity(min(message.count, example.count))
        example.withUnsafeBufferPointer { example in
            message.withUnsafeBufferPointer { message in
                var j = 0
                for (id, _) in message {
                    while j < example.count && example[j] < id { j += 1 }
                    guard j < example.count else { break }
                    if example[j] == id, !isPairFeature[Int(id)] { names.append(featureNames[Int(id)]) }
                }
            }
        }
        return names
    }

    /// Warnings for examples that, left out of their own intent, the matcher would act on as another
    /// intent: content that overlaps and will confuse shoppers.
    public func overlapWarnings() -> [ContentIssue] {
        var issues: [ContentIssue] = []
        for (i, intent) in catalog.intents.enumerated() {
            for (j, example) in intent.examples.enumerated() {
                let analysis = analyzer.analyze(example.text)
                if let failure = cues[i].failure(analysis.termIDs, isQuestion: analysis.isQuestion) {
                    issues.append(ContentIssue(.warning, file: intent.source.file, line: example.line,
                        "example \"\(example.text)\" of \(intent.id) breaks its own cue (\(intent.id) \(cues[i].describe(failure))); reword the example or the cue"))
                }
                let result = classify(analysis: analysis, excluding: (i, j))
                if let other = result.intent, other != intent.id {
                    issues.append(ContentIssue(.warning, file: intent.source.file, line: example.line,
                        "example \"\(example.text)\" of \(intent.id) is matched to \(other) (\(String(format: "%.2f", result.confidence))); reword it or add examples that tell them apart"))
                }
            }
        }
        return issues
    }
}
