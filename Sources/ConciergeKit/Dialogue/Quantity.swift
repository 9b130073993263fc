/// How many of an item a shopper means: "2 of the 3 mugs", "one of the candles", "cancel 1 mug",
/// "both candles".
///
/// Read from a message's normalised words (``TextNormalizer/words(in:)``); a request records it,
/// and the reply says it, only when it is fewer than the order has of that item.
enum Quantity {
    /// What a message says about how many: a number, or all of them ("both", "all 3").
    enum Said: Equatable {
        case count(Int)
        case all
    }

    /// Number words up to twelve; a shopper writes larger counts in digits.
    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "single": 1, "couple": 2,
    ]

    /// Words that make "one" a pronoun ("that one", "the other one"), not a count.
    static let pronounBefore: Set<String> = ["that", "this", "the", "other", "which", "last", "first", "second", "every", "any", "no", "each"]

    /// Words that may stand between a count and what is counted: "2 of the 3 mugs", "one of my candles".
    static let between: Set<String> = ["of", "the", "my", "those", "these", "them", "out", "x", "more", "extra"]

    /// Words that say every one of the item: "both candles", "all of the mugs", "all 3".
    static let allWords: Set<String> = ["both", "all"]

    /// A count: digits (at most two, so an order number never is one) or a number word.
    static func count(_ word: String) -> Int? {
        if let n = numberWords[word] { return n }
        guard (1...2).contains(word.utf8.count), word.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
        return Int(word).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether a message's words may hold a quantity: a cheap look before ``said(in:countable:)``.
    /// - Parameter hashes: the words' ``BloomFilter/hash(_:)``, when the caller has them: most
    ///   messages are then told apart without a look-up.
    static func mayBeIn(_ words: [String], hashes: [UInt64]? = nil) -> Bool {
        for word in words {
            let utf8 = word.utf8
            if utf8.count <= 2, let first = utf8.first, first &- UInt8(ascii: "0") < 10 { return true }
        }
        return countWords.occurs(in: words, hashes: hashes)
    }

    /// The words of ``numberWords`` and ``allWords``, for ``mayBeIn(_:hashes:)``.
    static let countWords = PhraseSet(Array(numberWords.keys) + Array(allWords))

    /// The quantity a message says, when a count stands before something countable ("2 mugs",
    /// "1 of the 2 casseroles", "one item", "both of them"); nil when it says none.
    /// - Parameter countable: whether a word names what may be counted (a product word, "item").
    static func said(in words: [String], countable: (String) -> Bool) -> Said? {
        for (k, word) in words.enumerated() {
            if allWords.contains(word) {
                // "both candles", "all of the mugs", "all 3 of them"; "all good" says nothing.
                var j = k + 1
                while j < words.count, between.contains(words[j]) || count(words[j]) != nil { j += 1 }
                if j > k + 1 || (j < words.count && countable(words[j])) { return .all }
                continue
            }
            guard let n = count(word) else { continue }
            if word == "one", k > 0, pronounBefore.contains(words[k - 1]) { continue }
            if word == "couple", k + 1 < words.count, words[k + 1] != "of" { continue }
            if word == "single", k == 0 || words[k - 1] != "a" { continue }
            // What follows the count: "of the 3", then the thing counted.
            var j = k + 1
            var sawOf = false
            while j < words.count, between.contains(words[j]) || (sawOf && count(words[j]) != nil) {
                if words[j] == "of" { sawOf = true }
                j += 1
            }
            if j < words.count, countable(words[j]) { return .count(n) }
            // "2 of them", "one of those": a count of what was talked about.
            if sawOf, words[j - 1] == "them" || words[j - 1] == "those" || words[j - 1] == "these" { return .count(n) }
        }
        return nil
    }

    /// Words that say what a quantity counts without naming a product.
    static let itemWords: Set<String> = ["item", "items", "thing", "things", "piece", "pieces"]

    /// The count of an item of `ordered` pieces a message asks for, when it is fewer than all of them.
    static func part(_ said: Said?, of ordered: Int) -> Int? {
        guard case .count(let n)? = said, ordered > 1, n < ordered else { return nil }
        return n
    }

    /// The count of an item of `ordered` pieces a message names, at most all of them ("both" is 2
    /// of 2; "3 mugs" of an order with 2 is 2), when it names one for an item of more than one piece.
    static func named(_ said: Said?, of ordered: Int) -> Int? {
        guard ordered > 1, let said else { return nil }
        switch said {
        case .count(let n): return min(n, ordered)
        case .all: return ordered
        }
    }

    /// "Enamel mug, cream (1 of 2)", "Enamel mug, cream (both)", "… (all 3)"; the name alone
    /// without a count or for an item of one piece.
    static func phrase(_ name: String, count: Int?, of ordered: Int) -> String {
        guard let count, ordered > 1 else { return name }
        if count < ordered { return "\(name) (\(count) of \(ordered))" }
        return "\(name) (\(ordered == 2 ? "both" : "all \(ordered)"))"
    }
}
