import Foundation

/// The frozen, explainable intent matcher: built once from a ``Catalog``, then shared by every
/// conversation (it is immutable and `Sendable`).
///
/// Each example and each message is reduced to terms (see ``Analysis``) and to features: the
/// terms and the pairs of neighbouring content terms. A feature weighs more the fewer intents
/// use it. A message is scored against each intent in two ways: its similarity to the intent's
/// examples taken together, read from an inverted index (feature → intents), which also picks the
/// few intents worth a closer look; and its similarity to the closest single example of those
/// intents. Keywords add a small bonus. Nothing scans the whole catalog per message.
public struct IntentMatcher: Sendable {
    public let catalog: Catalog
    public let settings: MatcherSettings
    let analyzer: Analyzer

    private let featureIDs: [String: Int32]
    /// feature id → the feature, for naming the terms a message shares with an example.
    private let featureNames: [String]
    private let idf: [Double]
    /// feature → (intent index, weight of the feature in that intent)
    private let postings: [[(intent: Int32, weight: Double)]]
    private let intentNorms: [Double]
    private let intentIDs: [String]
    /// Per intent, its examples as sorted feature ids.
    private let examples: [[CompiledExample]]
    /// Per intent, its keywords as term sequences.
    private let keywords: [[(text: String, terms: [String])]]

    struct CompiledExample: Sendable {
        var features: [Int32]
        var norm: Double
        var text: String
        var line: Int
    }

    /// How many intents get the closer, per-example look.
    static let shortlist = 8

    /// Grammar and politeness words (as stems), weighed down whatever their rarity.
    static let functionWords: Set<String> = [
        "a", "an", "the", "to", "of", "for", "and", "or", "pleas", "i", "me", "my", "you", "your", "it", "is", "are", "be",
        "do", "doe", "can", "could", "would", "will", "with", "on", "in", "at", "thi", "this", "that", "some", "any", "just",
        "so", "we", "our", "us", "am", "was", "have", "ha", "has", "there", "not", "im", "them", "they", "from", "if",
    ]

    /// Words that carry no meaning in a pair of neighbouring terms.
    static let pairStopwords: Set<String> = [
        "a", "an", "the", "to", "of", "for", "and", "or", "pleas", "please", "i", "me", "my", "you", "your", "it", "is",
        "are", "be", "do", "doe", "does", "can", "could", "would", "will", "with", "on", "in", "at", "this", "that", "some",
        "any", "just", "so", "we", "our", "us", "am", "was", "have", "has", "want", "need", "like", "hi", "hello", "hey",
        "how", "what", "where", "when", "why", "which", "who", "there", "get", "know", "tell", "help", "ok", "im", "not",
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

        // The synonyms, as word sequences.
        var synonymPairs: [(variant: [String], canonical: [String])] = []
        for entry in catalog.synonyms {
            let canonical = TextNormalizer.words(in: entry.canonical)
            for v in entry.variants { synonymPairs.append((TextNormalizer.words(in: v), canonical)) }
        }
        let synonyms = SynonymTable(synonymPairs)

        // The vocabulary: every word the content uses, less the deliberate typos in examples,
        // which are corrected like a shopper's typos so they teach the matcher nothing false.
        var counts: [String: Int] = [:]
        func words(_ text: String) -> [String] {
            scanner.scan(text).pieces.flatMap { piece -> [String] in
                if case .text(let t) = piece { return TextNormalizer.words(in: t) }
                return []
            }
        }
        for intent in catalog.intents {
            for e in intent.examples + intent.keywords {
                for w in words(e.text) { counts[w, default: 0] += 1 }
            }
        }
        let common = CommonWords.all.union(synonyms.words)
        let frequent = counts.filter { $0.value >= 2 }
        let draft = SpellingCorrector(vocabulary: frequent, alsoKnown: common)
        var vocabulary = counts
        for (word, count) in counts where count == 1 && !common.contains(word) {
            if let fix = draft.correct(word), (frequent[fix] ?? 0) >= 3 { vocabulary[word] = nil }
        }
        for w in synonyms.words { vocabulary[w, default: 0] += 1 }
        let speller = SpellingCorrector(vocabulary: vocabulary, alsoKnown: common)
        let analyzer = Analyzer(scanner: scanner, speller: speller, synonyms: synonyms)
        self.analyzer = analyzer

        // Features of every example.
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
        var idf = df.map { log((intentCount + 1) / (Double($0) + 0.5)) }
        // Politeness and grammar words say nothing about what the shopper wants, however few intents use them.
        for (feature, id) in featureIDs where Self.functionWords.contains(feature) {
            idf[Int(id)] *= settings.functionWordFactor
        }

        var postings = [[(intent: Int32, weight: Double)]](repeating: [], count: featureIDs.count)
        var intentNorms: [Double] = []
        for (i, featureCounts) in intentFeatureCounts.enumerated() {
            let n = Double(max(rawExamples[i].count, 1))
            var norm = 0.0
            for (id, count) in featureCounts {
                let w = idf[Int(id)] * (Double(count) / n).squareRoot()
                postings[Int(id)].append((Int32(i), w))
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
        keywords = catalog.intents.map { intent in
            intent.keywords.map { ($0.text, analyzer.analyze($0.text).terms) }.filter { !$0.terms.isEmpty }
        }
        self.featureIDs = featureIDs
        var featureNames = [String](repeating: "", count: featureIDs.count)
        for (name, id) in featureIDs { featureNames[Int(id)] = name }
        self.featureNames = featureNames
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

    /// Reads `text` as the matcher would (entities, words, corrections, terms) without scoring it.
    public func analyze(_ text: String, expectingOrderNumber: Bool = false) -> Analysis {
        analyzer.analyze(text, expectingOrderNumber: expectingOrderNumber)
    }

    func classify(analysis: Analysis, excluding: (intent: Int, example: Int)?) -> Classification {
        // The message's features and their weights.
        var known: [(id: Int32, weight: Double)] = []
        var unknownSquares = 0.0
        var seen = Set<String>()
        for f in Self.features(of: analysis.terms) where seen.insert(f).inserted {
            if let id = featureIDs[f] {
                known.append((id, idf[Int(id)]))
            } else if !f.contains(" ") {
                let w = f.hasPrefix("<") ? 0.5
                    : (CommonWords.all.contains(f) || analyzer.speller.isKnown(f)) ? settings.commonUnknownWeight : settings.unknownWeight
                unknownSquares += w * w
            }
        }
        known.sort { $0.id < $1.id }
        let messageNorm = (known.reduce(0.0) { $0 + $1.weight * $1.weight } + unknownSquares).squareRoot()
        guard messageNorm > 0, !known.isEmpty else {
            return Classification(decision: .fallback, confidence: 0, analysis: analysis, candidates: [])
        }

        // Similarity to each intent's examples taken together, from the inverted index.
        var accumulated: [Int32: Double] = [:]
        for (id, w) in known {
            for p in postings[Int(id)] { accumulated[p.intent, default: 0] += w * p.weight }
        }
        var shortlist = accumulated.map { (intent: Int($0.key), score: $0.value / (messageNorm * intentNorms[Int($0.key)])) }
        shortlist.sort { $0.score > $1.score || ($0.score == $1.score && $0.intent < $1.intent) }
        if shortlist.count > Self.shortlist { shortlist.removeLast(shortlist.count - Self.shortlist) }
        // Intents whose keywords appear get a close look even if they missed the shortlist.
        var keywordHits: [Int: [String]] = [:]
        for (i, list) in keywords.enumerated() {
            for k in list where Self.contains(analysis.terms, k.terms) { keywordHits[i, default: []].append(k.text) }
        }
        for i in keywordHits.keys where !shortlist.contains(where: { $0.intent == i }) {
            shortlist.append((i, (accumulated[Int32(i)] ?? 0) / (messageNorm * intentNorms[i])))
        }

        // The closest examples of each shortlisted intent.
        var candidates: [Classification.Candidate] = []
        for (intent, intentScore) in shortlist {
            var best = (score: 0.0, index: -1, overlap: 0.0)
            var second = 0.0
            for (index, example) in examples[intent].enumerated() {
                if let excluding, excluding.intent == intent, excluding.example == index { continue }
                let overlap = dot(known, example.features)
                let s = overlap / (messageNorm * example.norm)
                if s > best.score {
                    second = best.score
                    best = (s, index, overlap)
                } else if s > second {
                    second = s
                }
            }
            let hits = keywordHits[intent] ?? []
            let bonus = min(0.12, 0.08 * Double(hits.count))
            let score = min(1, 0.55 * best.score + 0.15 * second + 0.30 * intentScore + bonus)
            let closest = best.index >= 0 ? examples[intent][best.index] : nil
            candidates.append(.init(
                intent: intentIDs[intent], score: score, exampleScore: best.score, intentScore: intentScore,
                coverage: best.overlap / (messageNorm * messageNorm),
                closestExample: closest?.text ?? "",
                sharedTerms: closest.map { shared(known, $0.features) } ?? [],
                keywords: hits))
        }
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.intent < $1.intent) }
        if candidates.count > 5 { candidates.removeLast(candidates.count - 5) }
        return Classification(decision: settings.decision(for: candidates), confidence: candidates.first?.score ?? 0,
                              analysis: analysis, candidates: candidates)
    }

    private func dot(_ message: [(id: Int32, weight: Double)], _ example: [Int32]) -> Double {
        var i = 0, j = 0, sum = 0.0
        while i < message.count && j < example.count {
            let a = message[i].id, b = example[j]
            if a == b {
                sum += message[i].weight * message[i].weight
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }

    /// The single terms (not pairs) the message shares with an example, in the message's order.
    /// Both lists are sorted by feature id, so one walk finds them.
    private func shared(_ message: [(id: Int32, weight: Double)], _ example: [Int32]) -> [String] {
        var out: [String] = []
        var i = 0, j = 0
        while i < message.count && j < example.count {
            let a = message[i].id, b = example[j]
            if a == b {
                let name = featureNames[Int(a)]
                if !name.contains(" ") { out.append(name) }
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    static func contains(_ terms: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= terms.count else { return false }
        for start in 0...(terms.count - phrase.count) where terms[start] == phrase[0] {
            if phrase.count == 1 || Array(terms[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }

    /// Warnings for examples that, left out of their own intent, the matcher would act on as another
    /// intent: content that overlaps and will confuse shoppers.
    public func overlapWarnings() -> [ContentIssue] {
        var issues: [ContentIssue] = []
        for (i, intent) in catalog.intents.enumerated() {
            for (j, example) in intent.examples.enumerated() {
                let result = classify(analysis: analyzer.analyze(example.text), excluding: (i, j))
                if let other = result.intent, other != intent.id {
                    issues.append(ContentIssue(.warning, file: intent.source.file, line: example.line,
                        "example \"\(example.text)\" of \(intent.id) is matched to \(other) (\(String(format: "%.2f", result.confidence))); reword it or add examples that tell them apart"))
                }
            }
        }
        return issues
    }
}
