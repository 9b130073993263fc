import Foundation

/// One `key: value` line of a content file (`shop.profile`, `wording.txt`, `saved-replies.txt`).
struct KeyValueLine {
    /// Its line number, from 1.
    var number: Int
    /// What stands before the first colon, trimmed, as written.
    var key: String
    /// What stands after it, trimmed.
    var value: String

    /// The `key: value` lines of `text`. Blank lines and `#` comments are skipped; a line without
    /// a colon is left out and its number given to `missingColon`, for the file's own error.
    static func lines(of text: String, missingColon: (Int) -> Void) -> [KeyValueLine] {
        var lines: [KeyValueLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces.trimmingCharacters(in: ["\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                missingColon(index + 1)
                continue
            }
            lines.append(KeyValueLine(number: index + 1, key: String(line[..<colon].trimmingSpaces),
                                      value: String(line[line.index(after: colon)...].trimmingSpaces)))
        }
        return lines
    }
}
