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
        let a = utf8, b = other.utf8
        var i = a.startIndex, j = b.startIndex
        while i != a.endIndex, j != b.endIndex {
            let x = a[i], y = b[j]
            guard x < 0x80, y < 0x80 else { return caseInsensitiveCompare(other) == .orderedSame }
            if x != y {
                let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
                let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
                if lx != ly { return false }
            }
            a.formIndex(after: &i)
            b.formIndex(after: &j)
        }
        // One ended: equal only if both did, unless what is left of the other isn't ASCII.
        if i == a.endIndex && j == b.endIndex { return true }
        let rest = i == a.endIndex ? b[j...] : a[i...]
        return rest.allSatisfy { $0 < 0x80 } ? false : caseInsensitiveCompare(other) == .orderedSame
    }
}
