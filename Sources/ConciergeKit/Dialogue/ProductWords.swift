/// The words that name the shop's products, from the item names of its orders, to tell which item
/// a message means ("can I send back the lamp"), to notice one the order doesn't have ("the
/// cushion" on an order without one), and to let the matcher read the question rather than the
/// product ("can I return my cardigan" is "can I return it").
struct ProductWords: Sendable {
    /// Stems of words that name products, without grammar and sizes: what tells items apart.
    let stems: Set<String>
    /// Of `stems`, those the shop's questions don't use: safe to read as "it" before matching.
    let neutral: Set<String>
    /// The neutral words as they appear in item names, with plain plurals: a cheap first look.
    private let surface: Set<String>
    /// `surface`, for a cheaper look still from the words' hashes.
    private let surfaceFilter: BloomFilter
    /// Every product word (of `stems`, not only the neutral ones) as it appears in item names and
    /// as its stem, with plain plurals: a message with none of them names no item of any order.
    private let anySurface: Set<String>
    private let anySurfaceFilter: BloomFilter
    /// The shop's name, in lower case: "Lantern & Loom" names the shop, not a lantern.
    let shopName: String
    /// Each product word as it appears in item names (not stemmed), by its stem: what a mistyped
    /// word ("baskt") is compared with.
    private let spelled: [(word: [Unicode.Scalar], stem: String)]
    /// Everyday English words (the lexicon's dictionary), never read as a mistyped product.
    private let everyday: Set<String>

    /// Words of item names that say nothing about which product it is.
    static let generic: Set<String> = [
        "set", "pair", "pack", "of", "large", "small", "medium", "the", "and", "with", "for", "in", "on", "a", "s", "m", "l", "xl",
        "double", "single", "king", "cm", "g", "ml", "x", "gift",
    ]
    /// In this many examples or more, a word belongs to the shop's questions ("card" in "my card was
    /// declined"), not only to its products.
    static let questionWordExamples = 3

    init(orders: OrderStore?, shopName: String, catalog: Catalog? = nil) {
        var inExamples: [String: Int] = [:]
        for intent in catalog?.intents ?? [] {
            for example in intent.examples {
                for stem in Set(TextNormalizer.words(in: example.text).map(Stemmer.stem)) { inExamples[stem, default: 0] += 1 }
            }
            // A word an intent needs or keys on ("32R" for sizes) is the shop's question, however rare in examples.
            let cueWords = intent.cues.filter { $0.kind == .needs }.flatMap(\.items).filter { !$0.hasPrefix("~") } + intent.keywords.map(\.text)
            for word in cueWords.flatMap({ TextNormalizer.words(in: $0) }) { inExamples[Stemmer.stem(word), default: 0] += Self.questionWordExamples }
        }
        var stems: Set<String> = []
        var neutral: Set<String> = []
        var surface: Set<String> = []
        var anySurface: Set<String> = []
        var spelled: [String: String] = [:]
        for order in orders?.all ?? [] {
            for item in order.items {
                for word in TextNormalizer.words(in: item.name) where word.count > 2 && !Self.generic.contains(word) && !word.allSatisfy(\.isNumber) {
                    let stem = Stemmer.stem(word)
                    guard !IntentMatcher.functionWords.contains(stem) else { continue }
                    stems.insert(stem)
                    anySurface.formUnion([word, word + "s", word + "es", stem, stem + "s", stem + "es"])
                    if word.count >= Self.shortestMistyped { spelled[word] = stem }
                    guard inExamples[stem, default: 0] < Self.questionWordExamples else { continue }
                    neutral.insert(stem)
                    surface.formUnion([word, word + "s", word + "es"])
                }
            }
        }
        self.stems = stems
        self.neutral = neutral
        self.surface = surface
        var filter = BloomFilter(capacity: 8 * max(1, surface.count))
        for word in surface { filter.insert(word.utf8) }
        surfaceFilter = filter
        self.anySurface = anySurface
        var anyFilter = BloomFilter(capacity: 8 * max(1, anySurface.count))
        for word in anySurface { anyFilter.insert(word.utf8) }
        anySurfaceFilter = anyFilter
        self.shopName = shopName.lowercased()
        self.spelled = spelled.sorted { $0.key < $1.key }.map { (Array($0.key.unicodeScalars), $0.value) }
        everyday = catalog?.lexicon.dictionary ?? []
    }

    /// Words shorter than this are never read as a mistyped product ("mug" is too close to too much).
    static let shortestMistyped = 5

    /// The stem of the product word `word` is a one-letter slip of ("baskt", "casserol", "lanter"),
    /// when it is no everyday word itself; nil otherwise.
    func mistyped(_ word: String) -> String? {
        guard !spelled.isEmpty, word.utf8.count >= Self.shortestMistyped - 1 else { return nil }
        let scalars = Array(word.unicodeScalars)
        guard !everyday.contains(word), !word.contains(where: \.isNumber) else { return nil }
        var found: String?
        for (spelling, stem) in spelled where abs(spelling.count - scalars.count) <= 1 {
            guard SpellingCorrector.distance(scalars, spelling, limit: 1) <= 1 else { continue }
            // Two products one slip away: no guess.
            if let found, found != stem { return nil }
            found = stem
        }
        return found
    }

    /// Whether the message's words may name a product (a quick look, before any stemming).
    func mayName(_ words: [String], hashes: [UInt64]? = nil) -> Bool {
        guard let hashes, hashes.count == words.count else { return words.contains { surface.contains($0) } }
        return words.indices.contains { surfaceFilter.mightContain(hash: hashes[$0]) && surface.contains(words[$0]) }
    }

    /// Whether the message's words may name any product of the shop, even one whose word its
    /// questions use too ("card"): a quick look before reading an order's item names as "it".
    func mayNameAnyProduct(_ words: [String], hashes: [UInt64]? = nil) -> Bool {
        guard let hashes, hashes.count == words.count else { return words.contains { anySurface.contains($0) } }
        return words.indices.contains { anySurfaceFilter.mightContain(hash: hashes[$0]) && anySurface.contains(words[$0]) }
    }

    /// The message's words that may name a product, stemmed, without the shop's name; a word
    /// one slip away from a product's ("baskt") counts as that product's.
    func named(in text: String) -> [String] {
        let lower = text.lowercased()
        let plain = shopName.isEmpty ? lower : lower.replacingOccurrences(of: shopName, with: " ")
        return TextNormalizer.words(in: plain).compactMap { word in
            let stem = Stemmer.stem(word)
            return stems.contains(stem) ? stem : mistyped(word)
        }
    }

    /// How many of an item the message says ("one of the candles", "2 mugs", "both"), if it says.
    func quantity(in text: String) -> Quantity.Said? {
        let words = TextNormalizer.words(in: text)
        guard Quantity.mayBeIn(words) else { return nil }
        return Quantity.said(in: words) { word in
            Quantity.itemWords.contains(word) || stems.contains(Stemmer.stem(word)) || mistyped(word) != nil
        }
    }

    /// The items of `order` the message names, each by the most words of its name, in order.
    func items(in text: String, of order: Order) -> [OrderItem] {
        let said = Set(named(in: text))
        guard !said.isEmpty else { return [] }
        let overlaps = order.items.map { said.intersection(TextNormalizer.words(in: $0.name).map(Stemmer.stem)).count }
        guard let best = overlaps.max(), best > 0 else { return [] }
        // Every item named by a word no other item shares, and the best match.
        return order.items.indices.filter { overlaps[$0] == best || overlaps[$0] > 0 && uniquelyNamed(order, $0, said) }
            .map { order.items[$0] }
    }

    private func uniquelyNamed(_ order: Order, _ index: Int, _ said: Set<String>) -> Bool {
        let mine = Set(TextNormalizer.words(in: order.items[index].name).map(Stemmer.stem)).intersection(said)
        let others = order.items.indices.filter { $0 != index }.flatMap { TextNormalizer.words(in: order.items[$0].name).map(Stemmer.stem) }
        return !mine.subtracting(others).isEmpty
    }

    /// The items a message means: those named before "not" or "instead of" when it corrects itself
    /// ("the jumper, not the throw"), else every item it names.
    func itemsMeant(in text: String, of order: Order) -> [OrderItem] {
        let lower = text.lowercased()
        for cut in [" not ", " instead of ", " rather than "] {
            if let r = lower.byteRange(of: cut) {
                let meant = items(in: String(lower[..<r.lowerBound]), of: order)
                if !meant.isEmpty { return meant }
            }
        }
        return items(in: text, of: order)
    }

    /// The item of `order` the message names by the most words of its name, if any.
    func item(in text: String, of order: Order) -> OrderItem? {
        let said = Set(named(in: text))
        guard !said.isEmpty else { return nil }
        var best: (OrderItem, Int)?
        for item in order.items {
            let overlap = said.intersection(TextNormalizer.words(in: item.name).map(Stemmer.stem)).count
            if overlap > 0, overlap > (best?.1 ?? 0) { best = (item, overlap) }
        }
        return best?.0
    }

    /// A product the message names that isn't on `order` ("cushion"), as typed; nil when every
    /// product word it uses is on the order.
    func missing(in text: String, from order: Order) -> String? {
        let onOrder = Set(order.items.flatMap { TextNormalizer.words(in: $0.name).map(Stemmer.stem) })
        let words = TextNormalizer.words(in: text)
        guard item(in: text, of: order) == nil else { return nil }
        return words.first { stems.contains(Stemmer.stem($0)) && !onOrder.contains(Stemmer.stem($0)) && !shopName.contains($0) }
    }

    /// Drops the words in front of a product that belong to how it is named: an article, and a
    /// count with what joins it ("the", "2 of the 3", "one of my", "both").
    /// - Parameter countsOnly: drop them only when a count is among them, and keep the article
    ///   ("return 2 mugs" → "return mugs"; "the mug" stays).
    private static func dropNaming(from tokens: inout [String], countsOnly: Bool = false) {
        func plain(_ token: String) -> String? {
            guard let last = token.last, !last.isPunctuation else { return nil }
            let words = TextNormalizer.words(in: token)
            return words.count == 1 ? words[0] : nil
        }
        func names(_ word: String) -> Bool { articles.contains(word) || Quantity.count(word) != nil || Quantity.allWords.contains(word) }
        var keep = tokens.count
        while keep > 0, let word = plain(tokens[keep - 1]), names(word) { keep -= 1 }
        // "2 of the", "one out of the": the count before "of" goes too.
        if keep > 0, plain(tokens[keep - 1]) == "of" {
            var k = keep - 1
            if k > 0, plain(tokens[k - 1]) == "out" { k -= 1 }
            if k > 0, let word = plain(tokens[k - 1]), Quantity.count(word) != nil || Quantity.allWords.contains(word) { keep = k - 1 }
        }
        if countsOnly {
            guard let first = tokens[keep...].firstIndex(where: { plain($0).map { Quantity.count($0) != nil || Quantity.allWords.contains($0) } ?? false })
            else { return }
            keep = first
        }
        tokens.removeLast(tokens.count - keep)
    }

    /// Words that go in front of a product's name.
    static let articles: Set<String> = ["the", "my", "that", "this", "your", "a", "an", "these", "those"]

    /// `text` with each run of words naming a product (and "that one", "this one") read as "it",
    /// so the matcher scores the question rather than the product; `text` itself when nothing changes.
    /// - Parameter every: read every product word as "it", those the shop's questions use too
    ///   ("send both candles back" → "send it back"): for a second look at a message the matcher
    ///   was unsure of.
    func neutralized(_ text: String, order: Order?, every: Bool = false) -> String {
        let lower = text.lowercased()
        var out = text
        for phrase in ["that one", "this one", "the one"] where lower.contains(phrase) {
            out = out.replacingOccurrences(of: phrase, with: "it", options: .caseInsensitive)
        }
        let shopWords = Set(TextNormalizer.words(in: shopName))
        // The order's item words, stemmed once for the whole message.
        let onOrder = Set(order?.items.flatMap { TextNormalizer.words(in: $0.name).map(Stemmer.stem) } ?? [])
        var words: [String] = []
        var inRun = false
        for raw in out.split(separator: " ", omittingEmptySubsequences: true) {
            let plain = TextNormalizer.words(in: String(raw))
            let stem = plain.count == 1 ? Stemmer.stem(plain[0]) : ""
            let isProduct = plain.count == 1 && (neutral.contains(stem) || (every || onOrder.contains(stem)) && stems.contains(stem))
                && !(shopWords.contains(plain[0]) && lower.contains(shopName))
            guard isProduct else {
                // A product word the shop's questions use too ("mug") stays, without a count in front.
                if !inRun, plain.count == 1, stems.contains(stem) { Self.dropNaming(from: &words, countsOnly: true) }
                words.append(String(raw))
                inRun = false
                continue
            }
            if !inRun {
                // "the lamp" → "it": the article goes with the product, and so does a count in
                // front of it ("2 of the 3 mugs" → "it"), which the shop's examples don't have.
                Self.dropNaming(from: &words)
                words.append(raw.last.map { $0.isPunctuation ? "it" + String($0) : "it" } ?? "it")
                inRun = true
            } else if let last = raw.last, last.isPunctuation, let previous = words.popLast() {
                // Keep the run's closing punctuation ("glass lantern," → "it,").
                words.append(previous.trimmingCharacters(in: .punctuationCharacters) + String(last))
            }
        }
        let result = words.joined(separator: " ")
        return result == text ? text : result
    }
}
