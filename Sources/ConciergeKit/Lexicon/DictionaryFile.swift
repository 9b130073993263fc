/// Reads `Intents/dictionary.txt`: English words in everyday use, one a line, which the spelling
/// corrector leaves as they are ("pleasure" is not a typo of "please"). Derived from WordNet by
/// `Intents/wordnet/derive.py`; a shop may add its brand and product names.
enum DictionaryFile {
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> Set<String> {
        var words = Set<String>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces.trimmingCharacters(in: ["\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            // Most lines are a plain lower-case word, taken as it is.
            if line.utf8.allSatisfy({ $0 >= 97 && $0 <= 122 }) {
                words.insert(String(line))
                continue
            }
            // Shorthand the normalizer expands ("kinda" → "kind of") is known as its words.
            let normalized = TextNormalizer.words(in: line)
            guard !line.contains(" "), !line.contains("\t"), !normalized.isEmpty else {
                issues.append(ContentIssue(.error, file: file, line: index + 1,
                                           "expected one word a line, e.g. 'pleasure'; put each word of '\(line)' on its own line"))
                continue
            }
            words.formUnion(normalized)
        }
        return words
    }
}
