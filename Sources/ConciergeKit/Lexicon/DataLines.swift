/// The lines of a lexicon data file that hold data, read as bytes (splitting a `String` into lines
/// costs a Unicode check per character, and the dictionary and compounds have tens of thousands):
/// each with its 1-based line number, without a final carriage return, blank lines and `#`
/// comments skipped.
struct DataLines: Sequence {
    let text: String

    func makeIterator() -> AnyIterator<(number: Int, bytes: ArraySlice<UInt8>)> {
        var lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).makeIterator()
        var number = 0
        return AnyIterator {
            while let raw = lines.next() {
                number += 1
                let line = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw
                if line.allSatisfy({ $0 == 32 || $0 == 9 }) || line.first == UInt8(ascii: "#") { continue }
                return (number, line)
            }
            return nil
        }
    }
}
