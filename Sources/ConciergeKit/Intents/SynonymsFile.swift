/// Reads `Intents/synonyms.txt`: one line per canonical word or phrase and its variants,
/// `package: parcel, shipment, packet`. Every variant is read as if the canonical form had been written.
enum SynonymsFile {
    /// (canonical, variants, line) entries.
    struct Entry: Sendable, Equatable {
        var canonical: String
        var variants: [String]
        var line: Int
    }

    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> [Entry] {
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = index + 1
            let line = raw.trimmingSpaces.trimmingCharacters(in: ["\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                issues.append(ContentIssue(.error, file: file, line: n, "expected 'canonical: variant, variant', e.g. 'package: parcel, shipment'"))
                continue
            }
            let canonical = String(line[..<colon].trimmingSpaces)
            let variants = line[line.index(after: colon)...].split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
            if canonical.isEmpty || variants.isEmpty {
                issues.append(ContentIssue(.error, file: file, line: n, "a synonym line needs a word before ':' and at least one variant after it"))
                continue
            }
            for v in variants {
                let key = TextNormalizer.words(in: v).joined(separator: " ")
                if let first = seen[key] {
                    issues.append(ContentIssue(.error, file: file, line: n, "variant '\(v)' is already listed on line \(first); a variant can have only one canonical form"))
                } else {
                    seen[key] = n
                }
            }
            entries.append(Entry(canonical: canonical, variants: variants, line: n))
        }
        return entries
    }
}
