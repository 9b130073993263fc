/// How a shop's order numbers look, so the entity scanner can tell them from other numbers.
///
/// An order number is an optional `#`, then a letter prefix, an optional `-`, then digits:
/// the default accepts `#A1234`, `113542617735902` and `00123842`. A bare run of digits
/// (no `#`, no letters) must have at least `bareMinimumDigits` digits, so that a year or a
/// quantity is not taken for an order number; the dialogue relaxes this when it has just
/// asked for an order number.
public struct OrderNumberFormat: Sendable, Equatable {
    /// How many letters may stand before the digits.
    public var letters: ClosedRange<Int>
    /// How many digits an order number has.
    public var digits: ClosedRange<Int>
    /// The fewest digits a bare number needs to count as an order number unprompted.
    public var bareMinimumDigits: Int

    public init(letters: ClosedRange<Int> = 0...3, digits: ClosedRange<Int> = 4...16, bareMinimumDigits: Int = 5) {
        self.letters = letters
        self.digits = digits
        self.bareMinimumDigits = bareMinimumDigits
    }

    /// The default format described above.
    public static let standard = OrderNumberFormat()

    /// Returns the normalised order number if `chunk` is one, otherwise nil.
    /// - Parameters:
    ///   - chunk: a whitespace-delimited piece of text with surrounding punctuation removed.
    ///   - relaxed: accept bare digit runs shorter than `bareMinimumDigits` (the bot just asked for a number).
    public func match(_ chunk: Substring, relaxed: Bool = false) -> String? {
        // No digit, no order number: most words stop here.
        if digits.lowerBound > 0, !chunk.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return nil
        }
        // A slice, not a mutated copy: removing the `#` from a substring's scalar view copies the
        // whole underlying string, which made this the costliest step of reading a message.
        var scalars = chunk.unicodeScalars[...]
        let hashed = scalars.first == "#"
        if hashed { scalars = scalars.dropFirst() }
        var letterCount = 0
        var digitCount = 0
        var sawDash = false
        var out = String.UnicodeScalarView()
        for s in scalars {
            if ("0"..."9").contains(s) {
                digitCount += 1
                out.append(s)
            } else if digitCount == 0, ("a"..."z").contains(s) || ("A"..."Z").contains(s) {
                letterCount += 1
                // An ordinary word: no need to read it to the end.
                if letterCount > letters.upperBound { return nil }
                out.append(("a"..."z").contains(s) ? Unicode.Scalar(s.value - 32)! : s)
            } else if s == "-", digitCount == 0, letterCount > 0, !sawDash {
                sawDash = true
            } else {
                return nil
            }
        }
        guard letters.contains(letterCount), digits.contains(digitCount) else { return nil }
        if !hashed && letterCount == 0 && !relaxed && digitCount < bareMinimumDigits { return nil }
        if CardNumber.isLikely(digitsOf: chunk) { return nil }
        return String(out)
    }
}
