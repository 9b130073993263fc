import Foundation
import Testing

/// The tests of `Sources/ConciergeKit/Dashboard`, grouped so `swift test --filter Dashboard` runs them all.
@Suite enum Dashboard {
    /// Reads the page back as a person would: a table's cells by its caption, and the text of elements.
    enum Page {
        /// The rows of the table captioned `caption` (body, then footer), each as its cells' text.
        static func table(_ caption: String, in html: String) -> [[String]] {
            guard let start = html.range(of: "<caption>" + escaped(caption) + "</caption>"),
                  let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return [] }
            let body = String(html[start.upperBound..<end.lowerBound])
            return matches(#"<tr>(.*?)</tr>"#, in: body).dropFirst().map { row in
                matches(#"<t[hd][^>]*>(.*?)</t[hd]>"#, in: row).map(unescaped)
            }
        }

        /// The text of every `<tag>` (without attributes' effect), unescaped.
        static func texts(of tag: String, in html: String) -> [String] {
            matches("<\(tag)(?: [^>]*)?>(.*?)</\(tag)>", in: html).map(unescaped)
        }

        /// The first group of every match of `pattern`.
        static func matches(_ pattern: String, in text: String) -> [String] {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
                Range(match.range(at: 1), in: text).map { String(text[$0]) }
            }
        }

        static func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
        }

        static func unescaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        }
    }
}
