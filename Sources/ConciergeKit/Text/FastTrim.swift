import Foundation

extension String {
    /// `trimmingCharacters(in: set)` without Foundation's bridging when nothing is to be trimmed:
    /// if the first and last characters are plain ASCII that `isTrimmed` says stay, the string is
    /// returned as it is; otherwise Foundation trims it, so the result is always the same.
    ///
    /// `isTrimmed` must say, for every ASCII byte, exactly whether `set` contains it.
    /// The set is taken as an autoclosure: fetching even a predefined `CharacterSet` costs a
    /// lookup in Foundation, which the fast path has no need of.
    func trimming(_ set: @autoclosure () -> CharacterSet, ascii isTrimmed: (UInt8) -> Bool) -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, last < 0x80, !isTrimmed(first), !isTrimmed(last) { return self }
        return trimmingCharacters(in: set())
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, fast when there is nothing to trim.
    var trimmedWhitespace: String {
        trimming(.whitespacesAndNewlines) { $0 == 0x20 || (0x09...0x0D).contains($0) }
    }
}

extension String {
    /// `caseInsensitiveCompare(other) == .orderedSame`, compared on the bytes when both strings
    /// are ASCII (where ignoring case means A–Z equals a–z), by Foundation otherwise.
    func sameIgnoringCase(_ other: String) -> Bool {
        // Most pairs differ in their first letter: told from the first bytes, before any copy.
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        if let p = utf8.first, let q = other.utf8.first, p < 0x80, q < 0x80, lower(p) != lower(q) { return false }
        // Read from both strings' storage: stepping through their UTF-8 views costs a call per byte.
        var x = self, y = other
        let same: Bool? = x.withUTF8 { a in
            y.withUTF8 { b in
                var i = 0
                while i < a.count, i < b.count {
                    let p = a[i], q = b[i]
                    guard p < 0x80, q < 0x80 else { return nil }
                    if p != q, lower(p) != lower(q) { return false }
                    i += 1
                }
                // One ended: equal only if both did, unless what is left of the other isn't ASCII.
                if i == a.count && i == b.count { return true }
                let rest = i == a.count ? UnsafeBufferPointer(rebasing: b[i...]) : UnsafeBufferPointer(rebasing: a[i...])
                return rest.allSatisfy { $0 < 0x80 } ? false : nil
            }
        }
        return same ?? (caseInsensitiveCompare(other) == .orderedSame)
    }
}

extension String {
    /// The first (or, `backwards`, the last) place `needle` occurs, matched byte for byte: for the
    /// lower-case ASCII cues the dialogue looks for in a lower-cased message, the same answer as
    /// Foundation's `range(of:)`, without its bridging (which cost more than reading the message).
    func byteRange(of needle: String, backwards: Bool = false) -> Range<String.Index>? {
        // Both read in place (copying them into arrays cost more than the search).
        let found: Int? = scanningUTF8 { hay in
            needle.scanningUTF8 { pin in
                guard let h = hay.baseAddress, let p = pin.baseAddress, !pin.isEmpty, pin.count <= hay.count else { return nil }
                @inline(__always) func matches(at i: Int) -> Bool {
                    guard h[i] == p[0] else { return false }
                    var k = 1
                    while k < pin.count && h[i + k] == p[k] { k += 1 }
                    return k == pin.count
                }
                if backwards {
                    var i = hay.count - pin.count
                    while i >= 0 {
                        if matches(at: i) { return i }
                        i -= 1
                    }
                } else {
                    for i in 0...(hay.count - pin.count) where matches(at: i) { return i }
                }
                return nil
            }
        }
        guard let at = found else { return nil }
        return utf8.index(startIndex, offsetBy: at)..<utf8.index(startIndex, offsetBy: at + needle.utf8.count)
    }
}
