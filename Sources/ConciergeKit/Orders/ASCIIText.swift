import Foundation

/// Fast folding of the short identifiers the store compares: order numbers, emails, postcodes.
///
/// They are folded for every record at load and for every look-up, so plain ASCII text takes a
/// byte-level path; anything else falls back to Unicode-aware `String` operations.
enum ASCIIText {
    /// `text` without surrounding whitespace, optionally without a leading `#`, without the ASCII
    /// character `dropping` (and every whitespace when `dropAllSpaces`), upper- or lower-cased.
    static func fold(_ text: String, dropping: UInt8? = nil, dropAllSpaces: Bool = false, dropLeadingHash: Bool = false,
                     upperCase: Bool) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                return slowFold(String(decoding: bytes, as: UTF8.self), dropping: dropping, dropAllSpaces: dropAllSpaces,
                                dropLeadingHash: dropLeadingHash, upperCase: upperCase)
            }
            var start = bytes.startIndex
            var end = bytes.endIndex
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            if dropLeadingHash, start < end, bytes[start] == UInt8(ascii: "#") { start += 1 }
            return String(unsafeUninitializedCapacity: end - start) { out in
                var n = 0
                for i in start..<end {
                    var b = bytes[i]
                    if b == dropping || (dropAllSpaces && isSpace(b)) { continue }
                    if upperCase, b >= UInt8(ascii: "a"), b <= UInt8(ascii: "z") { b -= 32 }
                    if !upperCase, b >= UInt8(ascii: "A"), b <= UInt8(ascii: "Z") { b += 32 }
                    out[n] = b
                    n += 1
                }
                return n
            }
        }
    }

    /// Whether `text` is empty or only ASCII whitespace.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy(isSpace)
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
    }

    private static func slowFold(_ text: String, dropping: UInt8?, dropAllSpaces: Bool, dropLeadingHash: Bool, upperCase: Bool) -> String {
        var trimmed = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if dropLeadingHash, trimmed.first == "#" { trimmed = trimmed.dropFirst() }
        let dropped = dropping.map { Character(Unicode.Scalar($0)) }
        let kept = trimmed.filter { $0 != dropped && !(dropAllSpaces && $0.isWhitespace) }
        return upperCase ? kept.uppercased() : kept.lowercased()
    }
}
