/// The words that name the shop's products, from the item names of its orders, to tell which item
/// a message means ("can I send back the lamp") and to notice one the order doesn't have ("the
/// cushion" on an order without one).
struct ProductWords: Sendable {
    /// Stems of words that name products, without grammar, sizes and colours shared by many items.
    let stems: Set<String>
    /// The shop's name, in lower case: "Lantern & Loom" names the shop, not a lantern.
    let shopName: String

    /// Words of item names that say nothing about which product it is.
    static let generic: Set<String> = [
        "set", "pair", "pack", "of", "large", "small", "medium", "the", "and", "with", "for", "in", "on", "a", "s", "m", "l", "xl",
        "double", "single", "king", "cm", "g", "ml", "x", "gift",
    ]

    init(orders: OrderStore?, shopName: String) {
        var stems: Set<String> = []
        for order in orders?.all ?? [] {
            for item in order.items {
                for word in TextNormalizer.words(in: item.name) where word.count > 2 && !Self.generic.contains(word) && !word.allSatisfy(\.isNumber) {
                    stems.insert(Stemmer.stem(word))
                }
            }
        }
        self.stems = stems.subtracting(IntentMatcher.functionWords)
        self.shopName = shopName.lowercased()
    }

    /// The message's words that may name a product, stemmed, without the shop's name.
    func named(in text: String) -> [String] {
        let lower = text.lowercased()
        let plain = shopName.isEmpty ? lower : lower.replacingOccurrences(of: shopName, with: " ")
        return TextNormalizer.words(in: plain).map(Stemmer.stem).filter { stems.contains($0) }
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

    /// `text` with the words naming an item of `order` (and "that one", "this one") read as "it",
    /// so the matcher scores the question rather than the product; `text` itself when nothing changes.
    func neutralized(_ text: String, order: Order?) -> String {
        let lower = text.lowercased()
        var out = text
        for phrase in ["that one", "this one", "the one"] where lower.contains(phrase) {
            out = out.replacingOccurrences(of: phrase, with: "it", options: .caseInsensitive)
        }
        guard let order, let item = item(in: out, of: order) else { return out }
        let itemStems = Set(TextNormalizer.words(in: item.name).map(Stemmer.stem))
        var words: [String] = []
        var replaced = false
        for raw in out.split(separator: " ", omittingEmptySubsequences: true) {
            let plain = TextNormalizer.words(in: String(raw))
            if plain.count == 1, itemStems.contains(Stemmer.stem(plain[0])), stems.contains(Stemmer.stem(plain[0])) {
                if !replaced {
                    // "the lamp" → "it": the article goes with the product.
                    if let last = words.last, ["the", "my", "that", "this", "your"].contains(last.lowercased()) { words.removeLast() }
                    words.append(raw.last.map { $0.isPunctuation ? "it" + String($0) : "it" } ?? "it")
                    replaced = true
                }
                continue
            }
            words.append(String(raw))
        }
        return words.joined(separator: " ")
    }
}
