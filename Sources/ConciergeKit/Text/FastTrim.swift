import Foundation

extension String {
    /// `trimmingCharacters(in: set)` without Foundation's bridging when nothing is to be trimmed:
    /// if the first and last characters are plain ASCII that `isTrimmed` says stay, the string is
    /// returned as it is; otherwise Foundation trims it, so the result is always the same.
    ///
    /// `isTrimmed` must say, for every ASCII byte, exactly whether `set` contains it.
    func trimming(_ set: CharacterSet, ascii isTrimmed: (UInt8) -> Bool) -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, last < 0x80, !isTrimmed(first), !isTrimmed(last) { return self }
        return trimmingCharacters(in: set)
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, fast when there is nothing to trim.
    var trimmedWhitespace: String {
        trimming(.whitespacesAndNewlines) { $0 == 0x20 || (0x09...0x0D).contains($0) }
    }
}
