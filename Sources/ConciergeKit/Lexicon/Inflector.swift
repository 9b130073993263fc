/// The regular inflections of an English word: plural or third person (-s, -es, -ies), past
/// (-ed, -d, -ied, with a doubled final consonant) and -ing. It errs on the side of too many:
/// a form nobody types ("moneys") costs nothing, a missing one ("purchasing") costs a match.
enum Inflector {
    /// `word`'s regular forms, without `word` itself; empty for anything but lower-case letters.
    static func forms(of word: String) -> [String] {
        let w = Array(word.utf8)
        guard w.count >= 2, w.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return [] }
        func isVowel(_ c: UInt8) -> Bool { "aeiou".utf8.contains(c) }
        let last = w[w.count - 1], beforeLast = w[w.count - 2]
        var out: [String] = []
        // -s
        if word.hasSuffix("s") || word.hasSuffix("x") || word.hasSuffix("z") || word.hasSuffix("ch") || word.hasSuffix("sh") {
            out.append(word + "es")
        } else if last == UInt8(ascii: "y") && !isVowel(beforeLast) {
            out.append(String(word.dropLast()) + "ies")
        } else {
            out.append(word + "s")
        }
        // -ed and -ing
        if last == UInt8(ascii: "e") {
            out.append(word + "d")
            if word.hasSuffix("ie") {
                out.append(String(word.dropLast(2)) + "ying")
            } else if word.hasSuffix("ee") {
                out.append(word + "ing")
            } else {
                out.append(String(word.dropLast()) + "ing")
            }
        } else if last == UInt8(ascii: "y") && !isVowel(beforeLast) {
            out.append(String(word.dropLast()) + "ied")
            out.append(word + "ing")
        } else {
            out.append(word + "ed")
            out.append(word + "ing")
            // A final consonant after one vowel may double: shipped, cancelled, refitting.
            if !isVowel(last), !"wxy".utf8.contains(last), isVowel(beforeLast), w.count < 3 || !isVowel(w[w.count - 3]) {
                let doubled = word + String(UnicodeScalar(last))
                out.append(doubled + "ed")
                out.append(doubled + "ing")
            }
        }
        return out
    }
}
