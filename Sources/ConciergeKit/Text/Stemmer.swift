/// A light English suffix stripper, so "tracking", "tracked" and "tracks" all match "track".
///
/// It is deliberately small: the same function runs over the shop's examples and over the
/// shopper's words, so it only has to be consistent, not linguistically exact.
/// `cancellation`, `cancelled`, `cancelling` → `cancel`; `deliveries` → `delivery`;
/// `charged`, `charge` → `charg`.
enum Stemmer {
    static func stem(_ word: String) -> String {
        // Every rule below needs a last letter of s, d, g, n or e, or a doubled last letter; other
        // words come back as they are, without copying them.
        let bytes = word.utf8
        guard bytes.count > 3, let last = bytes.last else { return word }
        let beforeLast = bytes[bytes.index(bytes.endIndex, offsetBy: -2)]
        guard "sdgne".utf8.contains(last) || last == beforeLast else { return word }
        // Every rule takes letters off the end (and "ies" puts a "y" back), so the stem is worked
        // out as a length over the word's own bytes, without copying them.
        let stem: (count: Int, y: Bool)? = word.scanningUTF8 { bytes in
            guard bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return nil }
            var w = Stem(bytes: bytes, count: bytes.count)
            // Plurals.
            if w.ends("ies") && w.count > 4 {
                w.drop(3)
                w.appendY()
            } else if w.ends("sses") || w.ends("shes") || w.ends("ches") || w.ends("xes") {
                w.drop(2)
            } else if w.ends("s") && !w.ends("ss") && !w.ends("us") && !w.ends("is") {
                w.drop(1)
            }
            // Common derivational and inflectional endings.
            if w.ends("ation") && w.count >= 8 {
                w.drop(5)
            } else if w.ends("ing") && w.count >= 6 {
                w.drop(3)
            } else if w.ends("ed") && w.count >= 5 && !w.ends("eed") {
                w.drop(2)
            }
            // "shipp" → "ship", "cancell" → "cancel"; a final double s stays ("address").
            if w.count >= 4, w[w.count - 1] == w[w.count - 2], w[w.count - 1] != UInt8(ascii: "s") {
                w.drop(1)
            }
            if w.ends("e") && w.count >= 5 && !w.ends("ee") {
                w.drop(1)
            }
            return (w.count, w.y)
        }
        guard let stem, stem.count != word.utf8.count || stem.y else { return word }
        return word.scanningUTF8 { bytes in
            stem.y ? String(decoding: bytes[..<(stem.count - 1)], as: UTF8.self) + "y" : String(decoding: bytes[..<stem.count], as: UTF8.self)
        }
    }

    /// A word being stemmed: the first `count` bytes of the word, the last of them a "y" instead
    /// when `y` is set (put back for a plural's "ies").
    private struct Stem {
        let bytes: UnsafeBufferPointer<UInt8>
        var count: Int
        var y = false

        subscript(_ i: Int) -> UInt8 { y && i == count - 1 ? UInt8(ascii: "y") : bytes[i] }

        /// Whether the stem is longer than `suffix` and ends with it.
        func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            guard count > n else { return false }
            for k in 0..<n where self[count - n + k] != suffix.utf8Start[k] { return false }
            return true
        }

        mutating func drop(_ n: Int) {
            count -= n
            y = false
        }

        /// After dropping "ies": the "y" goes where the "i" was.
        mutating func appendY() {
            count += 1
            y = true
        }
    }
}
