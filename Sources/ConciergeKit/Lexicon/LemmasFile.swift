/// Reads `Intents/lemmas.txt`: irregular forms and their lemmas, `form lemma` a line
/// (`bought buy`, `children child`), derived from WordNet by `Intents/wordnet/derive.py`.
enum LemmasFile {
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> [String: String] {
        var lemmas: [String: String] = [:]
        var lines: [String: Int] = [:]
        for (n, bytes) in DataLines(text: text) {
            let line = String(decoding: bytes, as: UTF8.self)
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isLetter } }) else {
                issues.append(ContentIssue(.error, file: file, line: n, "expected 'form lemma' in plain letters, e.g. 'bought buy'"))
                continue
            }
            let form = parts[0].lowercased(), lemma = parts[1].lowercased()
            if let first = lines[form] {
                issues.append(ContentIssue(.error, file: file, line: n, "'\(form)' already has a lemma on line \(first); keep one of the two lines"))
                continue
            }
            if form == lemma { continue }
            lines[form] = n
            lemmas[form] = lemma
        }
        return lemmas
    }
}
