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
        var w = Array(word.utf8)
        guard w.count > 3, w.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }

        // Plurals.
        if ends(w, "ies") && w.count > 4 {
            w.removeLast(3)
            w.append(UInt8(ascii: "y"))
        } else if ends(w, "sses") || ends(w, "shes") || ends(w, "ches") || ends(w, "xes") {
            w.removeLast(2)
        } else if ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is") {
            w.removeLast()
        }
        // Common derivational and inflectional endings.
        if ends(w, "ation") && w.count >= 8 {
            w.removeLast(5)
        } else if ends(w, "ing") && w.count >= 6 {
            w.removeLast(3)
        } else if ends(w, "ed") && w.count >= 5 && !ends(w, "eed") {
            w.removeLast(2)
        }
        // "shipp" → "ship", "cancell" → "cancel"; a final double s stays ("address").
        if w.count >= 4, w[w.count - 1] == w[w.count - 2], w[w.count - 1] != UInt8(ascii: "s") {
            w.removeLast()
        }
        if ends(w, "e") && w.count >= 5 && !ends(w, "ee") {
            w.removeLast()
        }
        return String(decoding: w, as: UTF8.self)
    }

    /// Whether `w` is longer than `suffix` and ends with it. (A function of `w`, not a local
    /// function capturing it: each read of a captured variable that changes is checked for
    /// exclusive access at run time.)
    private static func ends(_ w: [UInt8], _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard w.count > n else { return false }
        return w.suffix(n).elementsEqual(UnsafeBufferPointer(start: suffix.utf8Start, count: n))
    }
}
