import Foundation

/// Recognises payment-card numbers so they are never stored or mistaken for order numbers.
public enum CardNumber {
    /// Whether `text` holds 13–19 digits (spaces and dashes allowed between them) that start
    /// like a card number (2–6) and pass the Luhn check.
    public static func isLikely<S: StringProtocol>(digitsOf text: S) -> Bool {
        var digits: [UInt8] = []
        for s in text.unicodeScalars {
            if ("0"..."9").contains(s) {
                digits.append(UInt8(s.value - 48))
            } else if s != " " && s != "-" && s != "#" {
                return false
            }
        }
        return isLikely(digits: digits)
    }

    static func isLikely(digits: [UInt8]) -> Bool {
        guard (13...19).contains(digits.count), let first = digits.first, (2...6).contains(first) else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if i % 2 == 1 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return sum % 10 == 0
    }

    /// Replaces every card-like digit run in `text` (digits possibly grouped by spaces, dashes,
    /// dots, slashes or underscores, in any script's digits: `４１１１`) with a mask that keeps only
    /// the last four digits, e.g. `•••• •••• •••• 4242`.
    public static func mask(_ text: String) -> String {
        // Most texts hold no run of digits, spaces and dashes with as many digits as the
        // shortest card number (order numbers and dates don't): nothing to mask.
        // Read from the string's storage: its `utf8` view went byte by byte through the view's
        // index checks, a tenth of the bot's cost on a short message (see `String+Bytes.swift`).
        let longEnough = text.scanningUTF8 { utf8 in
            var run = 0
            // The bytes since the last digit: one separator (one ASCII byte, or one character of
            // up to three bytes) keeps the run going, anything more ends it, as the pass below says.
            var gap = 0, gapHasASCII = false
            // The last two bytes, to tell a full-width digit (EF BC 90–99).
            var before = (UInt8(0), UInt8(0))
            for byte in utf8 {
                if byte &- 48 < 10 || (byte &- 0x90 < 10 && before == (0xEF, 0xBC)) {
                    run += 1
                    if run >= 13 { return true }
                    gap = 0
                    gapHasASCII = false
                } else {
                    gap += 1
                    if byte < 0x80 {
                        if !isASCIISeparator(byte) || gapHasASCII || gap > 1 { run = 0 }
                        gapHasASCII = true
                    } else if gapHasASCII || gap > 3 {
                        run = 0
                    }
                }
                before = (before.1, byte)
            }
            return false
        }
        guard longEnough else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard digit(scalars[i]) != nil, i == 0 || !isWordScalar(scalars[i - 1]) else {
                out.append(scalars[i])
                i += 1
                continue
            }
            // Take the longest run of digits, single spaces and dashes.
            var j = i
            var digits: [UInt8] = []
            var groups: [Int] = [0]
            var lastDigitEnd = i
            while j < scalars.count {
                let s = scalars[j]
                if let d = digit(s) {
                    digits.append(d)
                    groups[groups.count - 1] += 1
                    j += 1
                    lastDigitEnd = j
                } else if isSeparator(s), j + 1 < scalars.count, digit(scalars[j + 1]) != nil {
                    groups.append(0)
                    j += 1
                } else {
                    break
                }
                if digits.count > 19 { break }
            }
            // A number written the way cards print theirs is a card even with a digit wrong.
            let cardShaped = (groups == [4, 4, 4, 4] || groups == [4, 6, 5]) && (2...6).contains(digits.first ?? 0)
            // A card's sixteen digits with more typed straight after them (its code, say).
            let cardThenMore = digits.count > 16 && isLikely(digits: Array(digits.prefix(16)))
            if isLikely(digits: digits) || cardShaped || cardThenMore, lastDigitEnd == scalars.count || !isWordScalar(scalars[lastDigitEnd]) {
                let tail = digits.suffix(4).map { String($0) }.joined()
                out.append(contentsOf: "\(maskedGroup) \(maskedGroup) \(maskedGroup) \(tail)".unicodeScalars)
                i = lastDigitEnd
            } else {
                // Not a card: copy the digits up to the end of this first digit group.
                var k = i
                while k < scalars.count, digit(scalars[k]) != nil {
                    out.append(scalars[k])
                    k += 1
                }
                i = k
            }
        }
        return maskingSecurityCodes(String(out))
    }

    /// A card's security code and expiry typed with it ("cvv 123", "exp 08/28"), masked.
    private static func maskingSecurityCodes(_ text: String) -> String {
        let lower = text.lowercased()
        guard ["cvv", "cvc", "cv2", "security code", "exp"].contains(where: { lower.contains($0) }) else { return text }
        var out = text
        for (pattern, replacement) in securityPatterns {
            out = pattern.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: replacement)
        }
        return out
    }

    private static let securityPatterns: [(NSRegularExpression, String)] = [
        ("(?i)\\b(cvv|cvc|cv2|security code)(\\W{0,3})\\d{3,4}\\b", "$1$2•••"),
        ("(?i)\\b(exp|expiry|expires|expiring)(\\W{0,3})\\d{1,2}\\s*/\\s*\\d{2,4}\\b", "$1$2••/••"),
    ].map { pattern, template in
        // The patterns are constants, checked by the tests.
        (try! NSRegularExpression(pattern: pattern), template) // swiftlint:disable:this force_try
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || digit(s) != nil
    }

    /// What stands for each hidden group of four digits in a masked card number.
    static let maskedGroup = "••••"

    /// The value of a decimal digit in any script (`7`, `７`, `٧`), nil for anything else.
    static func digit(_ s: Unicode.Scalar) -> UInt8? {
        if ("0"..."9").contains(s) { return UInt8(s.value - 48) }
        guard s.value >= 0x80, s.properties.numericType == .decimal, let v = s.properties.numericValue else { return nil }
        return UInt8(v)
    }

    /// Whether an ASCII byte may stand between a card's digit groups: space, `-`, `.`, `/`, `_`
    /// (compared, not looked up in a set: this runs on every byte of every message).
    @inline(__always)
    private static func isASCIISeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x2D || b == 0x2E || b == 0x2F || b == 0x5F
    }

    /// What may stand between a card's digit groups: those, a non-breaking or narrow space, a
    /// Unicode dash or minus, or a full-width hyphen or space.
    static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return isASCIISeparator(UInt8(s.value)) }
        return [0x00A0, 0x2007, 0x2009, 0x202F, 0x2212, 0xFF0D, 0x3000].contains(s.value) || (0x2010...0x2015).contains(s.value)
    }
}
