/// Reads `Intents/dictionary.txt`: English words in everyday use, one a line, which the spelling
/// corrector leaves as they are ("pleasure" is not a typo of "please"). Derived from WordNet by
/// `Intents/wordnet/derive.py`; a shop may add its brand and product names.
enum DictionaryFile {
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> Set<String> {
        var words = Set<String>()
        words.reserveCapacity(text.utf8.count / 8)
        for (lineNumber, line) in DataLines(text: text) {
            // Most lines are a plain lower-case word, taken as it is.
            if line.allSatisfy({ $0 >= 97 && $0 <= 122 }) {
                words.insert(String(decoding: line, as: UTF8.self))
                continue
            }
            // Shorthand the normalizer expands ("kinda" → "kind of") is known as its words.
            let text = String(decoding: line, as: UTF8.self).trimmingSpaces
            let normalized = TextNormalizer.words(in: text)
            guard !text.contains(" "), !text.contains("\t"), !normalized.isEmpty else {
                issues.append(ContentIssue(.error, file: file, line: lineNumber,
                                           "expected one word a line, e.g. 'pleasure'; put each word of '\(text)' on its own line"))
                continue
            }
            words.formUnion(normalized)
        }
        return words
    }
}
