import Foundation

/// Turns plain text into lower-case word tokens: Unicode diacritics folded, apostrophes
/// unified, contractions and texting shorthand expanded, punctuation dropped.
///
/// `"Where’s my Café order?!"` → `["where", "is", "my", "cafe", "order"]`.
public enum TextNormalizer {
    /// The word tokens of `text`.
    public static func words<S: StringProtocol>(in text: S) -> [String] {
        var tokens: [String] = []
        // Room for a word every few bytes, so the list is not grown again and again.
        tokens.reserveCapacity(text.utf8.count / 4 + 2)
        append(wordsIn: text, to: &tokens)
        return tokens
    }

    /// Appends the word tokens of `text` to `tokens`: ``words(in:)`` for a caller gathering the
    /// words of several pieces of text in one list.
    static func append<S: StringProtocol>(wordsIn text: S, to tokens: inout [String]) {
        var hashes: [UInt64] = []
        append(wordsIn: text, to: &tokens, hashes: &hashes, recordingHashes: false)
    }

    /// ``append(wordsIn:to:)``, also appending to `hashes` the ``BloomFilter/hash(_:)`` of each
    /// token appended, which the normalizer works out anyway for most words: a caller looking the
    /// words up in a ``WordMap`` or a ``BloomFilter`` then need not hash them again.
    static func append<S: StringProtocol>(wordsIn text: S, to tokens: inout [String], hashes: inout [UInt64]) {
        append(wordsIn: text, to: &tokens, hashes: &hashes, recordingHashes: true)
    }

    private static func append<S: StringProtocol>(wordsIn text: S, to tokens: inout [String], hashes: inout [UInt64],
                                                  recordingHashes: Bool) {
        var words = WordBuilder()
        words.recordsHashes = recordingHashes
        // Moved, not copied: the builder appends to the only reference to each list.
        swap(&words.tokens, &tokens)
        swap(&words.hashes, &hashes)
        defer {
            swap(&words.tokens, &tokens)
            swap(&words.hashes, &hashes)
        }
        // Read straight from the string's storage when it has one (native strings do): stepping
        // through a substring's UTF-8 view costs a call per byte.
        let readAsASCII: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            words.take(ascii: bytes)
            return true
        }
        if readAsASCII == true {
            // Nothing to fold, and every byte is a Unicode scalar.
        } else if readAsASCII == nil, text.utf8.allSatisfy({ $0 < 0x80 }) {
            for v in text.utf8 { words.take(ascii: v) }
        } else {
            let folded = String(text).folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            for s in folded.unicodeScalars {
                if s.isASCII {
                    words.take(ascii: UInt8(s.value))
                } else if s == "\u{2019}" || s == "\u{2018}" || s == "\u{02BC}" {
                    words.takeApostrophe()
                } else if s.properties.isAlphabetic || s.properties.numericType != nil {
                    words.take(letter: s.properties.lowercaseMapping)
                } else {
                    words.endWord()
                }
            }
        }
        words.endWord()
    }

    /// The single tokens ``Contractions/expansions`` knows, for a cheap first look.
    static let expandable: BloomFilter = {
        var filter = BloomFilter(capacity: Contractions.expansions.count)
        for key in Contractions.expansions.keys { filter.insert(key.utf8) }
        return filter
    }()

    /// The tokens so far and the word being read. (A struct with mutating methods rather than
    /// local functions, whose captured variables Swift would box and check on every access.)
    private struct WordBuilder {
        var tokens: [String] = []
        /// The hash of each of `tokens`, when `recordsHashes`.
        var hashes: [UInt64] = []
        var recordsHashes = false
        /// The word so far as UTF-8: appending bytes is much cheaper than appending to a
        /// `String.UnicodeScalarView`, and the token built from them is the same.
        var word: [UInt8] = []
        /// Where an apostrophe stands in `word`, counted as `count` counts.
        var apostrophe: Int?
        /// Characters read into `word` (a letter whose lower case is several scalars counts once).
        var count = 0


        mutating func take(ascii v: UInt8) {
            if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) {
                word.append(v)
                count += 1
            } else if v >= 65 && v <= 90 {
                word.append(v + 32)
                count += 1
            } else if v == 39 || v == 96 { // ' and `
                takeApostrophe()
            } else if v == 38 { // &
                endWord()
                push("and")
            } else {
                endWord()
            }
        }

        /// ``take(ascii:)`` of each of `bytes`. A word typed in lower case (with digits perhaps)
        /// is the commonest run, and it is made straight from the bytes, not byte by byte in `word`.
        mutating func take(ascii bytes: UnsafeBufferPointer<UInt8>) {
            func isLowerOrDigit(_ v: UInt8) -> Bool { (v >= 97 && v <= 122) || (v >= 48 && v <= 57) }
            // What `take(ascii:)` would add to the word being read: a capital or an apostrophe.
            func continuesWord(_ v: UInt8) -> Bool { (v >= 65 && v <= 90) || v == 39 || v == 96 }
            var i = 0
            while i < bytes.count {
                let v = bytes[i]
                if word.isEmpty && isLowerOrDigit(v) {
                    var end = i + 1
                    while end < bytes.count && isLowerOrDigit(bytes[end]) { end += 1 }
                    if end == bytes.count || !continuesWord(bytes[end]) {
                        let run = UnsafeBufferPointer(rebasing: bytes[i..<end])
                        appendWord(String(decoding: run, as: UTF8.self), hash: BloomFilter.hash(run))
                        i = end
                        continue
                    }
                }
                take(ascii: v)
                i += 1
            }
        }

        mutating func take(letter lowercase: String) {
            word.append(contentsOf: lowercase.utf8)
            count += 1
        }

        /// An apostrophe inside a word is kept (for contractions); anywhere else it ends the word.
        mutating func takeApostrophe() {
            if count > 0 && apostrophe == nil {
                apostrophe = count
                word.append(UInt8(ascii: "'"))
                count += 1
            } else {
                endWord()
            }
        }

        mutating func endWord() {
            // Between words (after a space, say) there is nothing to end or reset.
            if word.isEmpty && count == 0 && apostrophe == nil { return }
            defer {
                word.removeAll(keepingCapacity: true)
                apostrophe = nil
                count = 0
            }
            guard !word.isEmpty else { return }
            let token = String(decoding: word, as: UTF8.self)
            if let a = apostrophe {
                let base = String(token.unicodeScalars.prefix(a))
                let suffix = String(token.unicodeScalars.dropFirst(a + 1))
                if base.isEmpty {
                    if !suffix.isEmpty { appendExpanded(suffix) }
                } else if suffix.isEmpty {
                    appendExpanded(base)
                } else {
                    push(contentsOf: Contractions.expand(base: base, suffix: suffix))
                }
            } else {
                appendWord(token, hash: BloomFilter.hash(word))
            }
        }

        /// Appends `token`, a word without an apostrophe whose bytes hash to `hash`, expanded if
        /// it is shorthand.
        mutating func appendWord(_ token: String, hash: UInt64) {
            if TextNormalizer.expandable.mightContain(hash: hash) {
                appendExpanded(token)
            } else {
                // Most words expand to nothing: the filter says so from the bytes, without the
                // dictionary's string hash.
                push(token, hash: hash)
            }
        }

        mutating func appendExpanded(_ token: String) {
            if let expansion = Contractions.expansions[token] {
                push(contentsOf: expansion)
            } else {
                push(token)
            }
        }

        /// Appends `token`, whose bytes hash to `hash`.
        mutating func push(_ token: String, hash: UInt64) {
            tokens.append(token)
            if recordsHashes { hashes.append(hash) }
        }

        /// Appends `token`, hashed only when hashes are recorded.
        mutating func push(_ token: String) {
            push(token, hash: recordsHashes ? BloomFilter.hash(token) : 0)
        }

        mutating func push(contentsOf list: [String]) {
            for token in list { push(token) }
        }
    }
}
