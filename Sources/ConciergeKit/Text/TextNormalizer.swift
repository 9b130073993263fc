import Foundation

/// Turns plain text into lower-case word tokens: Unicode diacritics folded, apostrophes
/// unified, contractions and texting shorthand expanded, punctuation dropped.
///
/// `"Where’s my Café order?!"` → `["where", "is", "my", "cafe", "order"]`.
public enum TextNormalizer {
    /// The word tokens of `text`.
    public static func words<S: StringProtocol>(in text: S) -> [String] {
        var folded = String(text)
        if !folded.utf8.allSatisfy({ $0 < 0x80 }) {
            folded = folded.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        }
        var out: [String] = []
        var word = String.UnicodeScalarView()
        var apostrophe: Int? = nil // position of an apostrophe inside `word`
        var count = 0

        func flush() {
            defer {
                word = String.UnicodeScalarView()
                apostrophe = nil
                count = 0
            }
            guard !word.isEmpty else { return }
            let token = String(word)
            if let a = apostrophe {
                let base = String(token.unicodeScalars.prefix(a))
                let suffix = String(token.unicodeScalars.dropFirst(a + 1))
                if base.isEmpty {
                    if !suffix.isEmpty { appendExpanded(suffix) }
                } else if suffix.isEmpty {
                    appendExpanded(base)
                } else {
                    for part in Contractions.expand(base: base, suffix: suffix) { out.append(part) }
                }
            } else {
                appendExpanded(token)
            }
        }
        /// An apostrophe inside a word marks a contraction; anywhere else it ends the word.
        func apostropheSeen() {
            if count > 0 && apostrophe == nil {
                apostrophe = count
                word.append("'")
                count += 1
            } else {
                flush()
            }
        }
        func appendExpanded(_ token: String) {
            if let expansion = Contractions.expansions[token] {
                out.append(contentsOf: expansion)
            } else {
                out.append(token)
            }
        }

        for s in folded.unicodeScalars {
            if s.isASCII {
                let v = s.value
                if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) {
                    word.append(s)
                    count += 1
                } else if v >= 65 && v <= 90 {
                    word.append(Unicode.Scalar(v + 32)!)
                    count += 1
                } else if v == 39 || v == 96 { // ' and `
                    apostropheSeen()
                } else if v == 38 { // &
                    flush()
                    out.append("and")
                } else {
                    flush()
                }
            } else if s == "\u{2019}" || s == "\u{2018}" || s == "\u{02BC}" {
                apostropheSeen()
            } else if s.properties.isAlphabetic || s.properties.numericType != nil {
                for l in s.properties.lowercaseMapping.unicodeScalars { word.append(l) }
                count += 1
            } else {
                flush()
            }
        }
        flush()
        return out
    }
}
