/// Reads `Intents/compounds.txt`: two-word nouns whose meaning is not their words' ("credit
/// rating", "day off"), one a line, derived from WordNet by `Intents/wordnet/derive.py`.
enum CompoundsFile {
    /// - Returns: each compound as its two words and a space.
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> [String] {
        var compounds: [String] = []
        compounds.reserveCapacity(text.utf8.count / 14)
        for (lineNumber, line) in DataLines(text: text) {
            // Most lines are two plain lower-case words and a space, taken as they are.
            var spaces = 0, plain = true
            for b in line where !(b >= 97 && b <= 122) {
                if b == UInt8(ascii: " ") { spaces += 1 } else { plain = false }
            }
            if plain, spaces == 1, line.first != UInt8(ascii: " "), line.last != UInt8(ascii: " ") {
                compounds.append(String(decoding: line, as: UTF8.self))
                continue
            }
            let words = TextNormalizer.words(in: String(decoding: line, as: UTF8.self))
            guard words.count == 2 else {
                issues.append(ContentIssue(.error, file: file, line: lineNumber,
                                           "expected two words a line, e.g. 'credit rating'"))
                continue
            }
            compounds.append(words.joined(separator: " "))
        }
        return compounds
    }
}
