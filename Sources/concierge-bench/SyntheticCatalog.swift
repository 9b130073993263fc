/// A catalog many times the size of the demo shop's, built in memory from its files, to see how
/// loading and matching scale with the amount of content.
///
/// Every intent is copied `copies` times under a new id (`track_order` becomes `track_order_v1`
/// … `track_order_v30`). Each copy has its own small lexicon of made-up words (`qakuto`,
/// `qezifa`, …) that no shopper types: every example gets one of them appended, and every
/// keyword is followed in the list by one of them. So the vocabulary, the spelling index, the
/// feature index and the keyword lists all grow with the copies, as they would for a bigger
/// shop, while every copy stays valid content (no example belongs to two intents). Answers,
/// quick replies, the shop profile and the synonyms are left as they are.
///
/// The copies of an intent score almost alike, so on this catalog the matcher mostly asks which
/// copy was meant: the decisions are not the point, the cost of reaching them is.
enum SyntheticCatalog {
    /// How many made-up words each copy mixes into its examples and keywords.
    static let wordsPerCopy = 8

    /// The content files of the larger catalog, keyed by file name, for ``Catalog/parse(files:)``.
    /// - Parameters:
    ///   - files: the demo shop's files (`*.intents`, `shop.profile`, `synonyms.txt`) keyed by file name.
    ///   - copies: how many copies of each intent to make.
    static func files(from files: [String: String], copies: Int) -> [String: String] {
        var out: [String: String] = [:]
        for (name, text) in files {
            guard name.hasSuffix(".intents") else {
                out[name] = text
                continue
            }
            let base = String(name.dropLast(".intents".count))
            for copy in 1...copies {
                let lexicon = (0..<wordsPerCopy).map { madeUpWord((copy - 1) * wordsPerCopy + $0) }
                out["\(base)-v\(copy).intents"] = self.copy(text, number: copy, lexicon: lexicon)
            }
        }
        return out
    }

    /// One copy of an `*.intents` file: ids suffixed, a made-up word after every example and keyword.
    static func copy(_ text: String, number: Int, lexicon: [String]) -> String {
        var lines: [String] = []
        var inExamples = false
        var exampleIndex = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            let indented = line.first == " " || line.first == "\t"
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if indented || trimmed.isEmpty || trimmed.hasPrefix("#") {
                if inExamples, indented, trimmed.hasPrefix("-") {
                    lines.append("\(line) \(lexicon[exampleIndex % lexicon.count])")
                    exampleIndex += 1
                } else {
                    lines.append(String(line))
                }
                continue
            }
            let key = trimmed.prefix { $0 != ":" }.lowercased()
            let value = trimmed.drop { $0 != ":" }.dropFirst().drop { $0 == " " }
            inExamples = key == "examples"
            switch key {
            case "intent":
                lines.append("intent: \(value)_v\(number)")
            case "keywords":
                let keywords = value.split(separator: ",").map { $0.drop { $0 == " " } }
                let mixed = keywords.enumerated().flatMap { i, k in [String(k), lexicon[i % lexicon.count]] }
                lines.append("keywords: " + mixed.joined(separator: ", "))
            default:
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The `n`th made-up word: `q`, a vowel and two syllables, so it is far from any English word
    /// and from the shop's own vocabulary (no shopper's typo is "corrected" into one). Distinct
    /// for every `n` below 19,600.
    static func madeUpWord(_ n: Int) -> String {
        let vowels = Array("aeio")
        let consonants = Array("bdfgklmnprstvz")
        let syllableVowels = Array("aeiou")
        // Spread neighbouring numbers over the whole space; 7919 is coprime with 4 × 70 × 70.
        var k = (n * 7919) % 19_600
        var word = "q"
        word.append(vowels[k % 4])
        k /= 4
        for _ in 0..<2 {
            let syllable = k % 70
            word.append(consonants[syllable / 5])
            word.append(syllableVowels[syllable % 5])
            k /= 70
        }
        return word
    }
}
