/// Reads `Intents/concepts.txt`: one concept a line, its name and the words and phrases that mean
/// it in a shop, `~refund: refund, reimbursement, money back, rebate`. Members are written in
/// their base form; every inflection of them is matched too (see ``Inflector``).
enum ConceptsFile {
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> [Concept] {
        var concepts: [Concept] = []
        var members: [String: (concept: String, line: Int)] = [:]
        var names: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = index + 1
            let line = raw.trimmingSpaces.trimmingCharacters(in: ["\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            func error(_ message: String) { issues.append(ContentIssue(.error, file: file, line: n, message)) }
            guard let colon = line.firstIndex(of: ":") else {
                error("expected '~name: word, word', e.g. '~package: package, parcel, shipment'")
                continue
            }
            let name = String(line[..<colon].trimmingSpaces).lowercased()
            let listed = line[line.index(after: colon)...].split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
            guard Concept.isValidName(name) else {
                error("concept name '\(name)' must be '~' and lower-case letters, digits or underscores, e.g. ~package")
                continue
            }
            if let first = names[name] {
                error("concept \(name) is already defined on line \(first); add these words to that line instead")
                continue
            }
            names[name] = n
            guard !listed.isEmpty else {
                error("concept \(name) has no words; list them after ':' separated by commas")
                continue
            }
            var words: [Concept.Member] = []
            for member in listed {
                let normalized = TextNormalizer.words(in: member)
                guard !normalized.isEmpty else {
                    error("'\(member)' in \(name) has no letters or digits; remove it")
                    continue
                }
                let key = normalized.joined(separator: " ")
                if let other = members[key] {
                    error("'\(member)' is already in \(other.concept) on line \(other.line); a word or phrase can mean only one concept")
                    continue
                }
                members[key] = (name, n)
                words.append(Concept.Member(words: normalized, line: n))
            }
            concepts.append(Concept(name: name, members: words, source: SourceLocation(file: file, line: n)))
        }
        return concepts
    }
}
