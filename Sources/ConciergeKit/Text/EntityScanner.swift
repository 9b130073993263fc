/// Finds order numbers, e-mail addresses, postcodes, money amounts, dates and card numbers in
/// a shopper's message, and replaces each with a placeholder token for the matcher.
///
/// It works on whitespace-separated chunks with a little look-ahead (a postcode or a date may
/// span two chunks), by hand rather than with regular expressions, which are slow on Linux.
/// How order numbers are told from phone numbers and other numbers is in
/// `EntityScanner+OrderNumbers.swift`.
public struct EntityScanner: Sendable {
    /// What counts as one of this shop's order numbers.
    public var orderFormat: OrderNumberFormat

    public init(orderFormat: OrderNumberFormat = .standard) {
        self.orderFormat = orderFormat
    }

    /// A message split into plain text and the entities found between it.
    public struct Result: Sendable {
        /// The entities, in the order they appeared.
        public var entities = Entities()
        /// The message with every entity replaced by its placeholder token.
        public var pieces: [Piece] = []
    }

    /// A run of plain text, or the placeholder of an entity.
    public enum Piece: Sendable, Equatable {
        case text(Substring)
        case entity(EntityKind)
    }

    /// Scans `text`.
    /// - Parameters:
    ///   - text: the shopper's message as typed.
    ///   - expectingOrderNumber: the bot just asked for an order number, so a short bare number counts.
    public func scan(_ text: String, expectingOrderNumber: Bool = false) -> Result {
        var result = Result()
        if holdsNoEntity(text) {
            if !text.isEmpty { result.pieces.append(.text(text[...])) }
            return result
        }
        let chunks = Self.chunks(of: text)
        var textStart = 0
        var i = 0
        while i < chunks.count {
            guard let (found, start, last) = entity(at: i, in: chunks, of: text, expectingOrderNumber: expectingOrderNumber,
                                                    adding: &result.entities)
            else {
                i += 1
                continue
            }
            // A phone number is no entity, but its groups of digits are not read again as order numbers.
            guard let kind = found else {
                i = last + 1
                continue
            }
            if textStart < start { result.pieces.append(.text(Self.slice(text, textStart..<start))) }
            result.pieces.append(.entity(kind))
            textStart = chunks[last].whole.upperBound
            i = last + 1
        }
        // Most messages hold no entity: their one piece is the whole text, taken without working out an index.
        if textStart == 0, !text.isEmpty {
            result.pieces.append(.text(text[...]))
        } else if textStart < text.utf8.count {
            result.pieces.append(.text(Self.slice(text, textStart..<text.utf8.count)))
        }
        return result
    }

    /// Whether `text` certainly holds no entity, so that ``scan(_:expectingOrderNumber:)`` gives
    /// no entities and the whole text as its one piece (none when it is empty).
    ///
    /// Only a date can start with a plain word, and only when order numbers need a digit (see
    /// `entity(at:in:of:expectingOrderNumber:adding:)`): a message of plain words that cannot
    /// start a date, as nearly every message is, holds no entity, and needs no list of chunks.
    func holdsNoEntity(_ text: String) -> Bool {
        var storage = text
        return orderFormat.digits.lowerBound > 0 && storage.withUTF8 { Self.holdsOnlyPlainWords($0) }
    }

    /// The part of `text` at these UTF-8 offsets (which fall between characters).
    static func slice(_ text: String, _ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return text[start..<utf8.index(start, offsetBy: range.count)]
    }

    /// The entity starting at chunk `i`, if any, with the UTF-8 offset where it starts (the start
    /// of the chunk, or later when a word is glued before an order number) and the index of its
    /// last chunk; its value (if it has one worth keeping) goes into `entities`. A nil kind marks
    /// a run of chunks that is no entity but must not be read as one either: a phone number.
    private func entity(at i: Int, in chunks: [Chunk], of text: String, expectingOrderNumber: Bool,
                        adding entities: inout Entities) -> (EntityKind?, Int, Int)? {
        let start = chunks[i].whole.lowerBound
        // Most chunks are plain words, ASCII letters (and perhaps an apostrophe): of all the
        // entities only a date can start with one ("march 3", "today"), since every other kind
        // needs a digit, `@`, `{`, `$`, `#` or `-`. So plain words skip straight to the date.
        let plain = orderFormat.digits.lowerBound > 0 && chunks[i].isPlainWord
        if plain {
            guard let last = Self.date(chunks, at: i, in: text) else { return nil }
            entities.dates.append(String(Self.slice(text, chunks[i].core.lowerBound..<chunks[last].core.upperBound)))
            return (.date, start, last)
        }
        let core = chunks[i].core(in: text)
        // Checking the first byte first spares most words the character-by-character comparison.
        if core.utf8.first == UInt8(ascii: "{"), core.hasPrefix("{{") {
            var last = i
            while last < chunks.count - 1 && !Self.slice(text, chunks[last].whole).contains("}") { last += 1 }
            let inner = Self.slice(text, chunks[i].whole.lowerBound..<chunks[last].whole.upperBound)
            return (Self.slotKind(inner), start, last)
        }
        if chunks[i].marks.hasAt, let email = Self.email(core) {
            entities.emails.append(email)
            return (.email, start, i)
        }
        if let last = cardRun(chunks, from: i, in: text) {
            return (.cardNumber, start, last)
        }
        if let (amount, last) = Self.money(chunks, at: i, in: text) {
            entities.amounts.append(amount)
            return (.amount, start, last)
        }
        if let last = Self.date(chunks, at: i, in: text) {
            entities.dates.append(String(Self.slice(text, chunks[i].core.lowerBound..<chunks[last].core.upperBound)))
            return (.date, start, last)
        }
        // A postcode's outward code is two to four bytes and its inward code three.
        if i + 1 < chunks.count, (2...4).contains(chunks[i].core.count), chunks[i + 1].core.count == 3,
           let postcode = Self.postcode(core, chunks[i + 1].core(in: text)) {
            entities.postcodes.append(postcode)
            return (.postcode, start, i + 1)
        }
        if (5...7).contains(chunks[i].core.count), chunks[i].marks.digits > 0, let postcode = Self.postcode(compact: core) {
            entities.postcodes.append(postcode)
            return (.postcode, start, i)
        }
        // With a hyphen for its space, `BS8-1TH`.
        if (6...8).contains(chunks[i].core.count), chunks[i].marks.digits > 0, let dash = core.firstIndex(of: "-"),
           let postcode = Self.postcode(core[..<dash], core[core.index(after: dash)...]) {
            entities.postcodes.append(postcode)
            return (.postcode, start, i)
        }
        // Without a digit there is no order number, prompted or not (see `OrderNumberFormat.match`).
        if orderFormat.digits.lowerBound > 0, chunks[i].marks.digits == 0 { return nil }
        switch orderNumber(at: i, in: chunks, of: text, expectingOrderNumber: expectingOrderNumber) {
        case .nothing:
            return nil
        case .notOrder(let last):
            return (nil, start, last)
        case .orderNumber(let number, let orderStart, let last):
            entities.orderNumbers.append(number)
            return (.orderNumber, orderStart, last)
        }
    }

    /// Whether `core` is ASCII letters, perhaps with apostrophes, and not empty.
    static func isPlainWord(_ core: Substring) -> Bool {
        let plain = core.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.isEmpty && bytes.allSatisfy { isASCIILetter($0) || $0 == UInt8(ascii: "'") }
        }
        return plain ?? (!core.isEmpty && core.utf8.allSatisfy { isASCIILetter($0) || $0 == UInt8(ascii: "'") })
    }

    /// A whitespace-separated piece of the message, as UTF-8 offsets into it: plain numbers, so
    /// that a list of chunks holds no reference to the text, and most chunks (plain words, told
    /// from their bytes) never need a `Substring` made for them.
    struct Chunk {
        /// The chunk as it stands between spaces.
        var whole: Range<Int>
        /// The chunk without leading and trailing punctuation (a leading `#`, `£`, `$`, `€` and a
        /// trailing `£`, `€` stay).
        var core: Range<Int>
        /// The first byte of `core` (0 when it is empty).
        var first: UInt8
        /// ``EntityScanner/isPlainWord(_:)`` of `core`.
        var isPlainWord: Bool
        /// ``EntityScanner/asciiWordHash(_:)`` of `core`.
        var wordHash: UInt64?
        /// What `core`'s bytes show, to rule out most entities without reading it again.
        var marks = Marks()

        /// `core` of `text`, which the chunk was read from.
        func core(in text: String) -> Substring { EntityScanner.slice(text, core) }

        /// `core` lower-cased. Made only when a check needs it: most chunks are words that the
        /// first checks already rule out from their bytes, and lower-casing every chunk was most
        /// of the cost of scanning a message.
        func lower(in text: String) -> String { core(in: text).lowercased() }
    }

    /// Facts about a chunk's core gathered from its bytes in one pass. Each entity needs some of
    /// them (an e-mail address an `@`, a card number 13 digits), so most chunks are ruled out
    /// before a `Substring` is made or a character compared.
    struct Marks {
        /// How many ASCII digits.
        var digits = 0
        /// Whether there is an `@`.
        var hasAt = false
        /// Whether there is a `/`, `-` or `.`, one of which a date in digits has.
        var hasDateSeparator = false
        /// Whether every byte is ASCII.
        var isASCII = true

        mutating func read(_ b: UInt8) {
            if EntityScanner.isASCIIDigit(b) {
                digits += 1
            } else if b == UInt8(ascii: "@") {
                hasAt = true
            } else if b == UInt8(ascii: "/") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                hasDateSeparator = true
            } else if b >= 0x80 {
                isASCII = false
            }
        }
    }

    static func chunks(of text: String) -> [Chunk] {
        // Splitting on characters costs a grapheme break per step. In ASCII text (nearly every
        // message) each byte is a character, except "\r\n", whose two bytes are both white space,
        // so splitting on bytes gives the same chunks far more cheaply.
        // Both read from the string's storage, not through its UTF-8 view or a copy of its bytes.
        var storage = text
        let ascii = storage.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? asciiChunks(of: bytes) : nil }
        if let ascii { return ascii }
        var chunks: [Chunk] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c.isWhitespace {
                if let s = start {
                    chunks.append(makeChunk(text, s..<index))
                    start = nil
                }
            } else if start == nil {
                start = index
            }
            index = text.index(after: index)
        }
        if let s = start { chunks.append(makeChunk(text, s..<text.endIndex)) }
        return chunks
    }

    /// Whether `bytes` are ASCII words that are plain once trimmed as ``asciiChunks(of:)`` trims
    /// them (see ``isPlainWord(_:)``), none of which can start a date by the first checks of
    /// ``date(_:at:in:)``: its first letter and ``dateNames``.
    private static func holdsOnlyPlainWords(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Read once, not per word: each use of a static checks that it was initialised.
        let initials = dateInitials, names = dateNames
        func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        var i = 0
        while i < bytes.count {
            if isSpace(bytes[i]) {
                i += 1
                continue
            }
            var end = i + 1
            while end < bytes.count && !isSpace(bytes[end]) { end += 1 }
            var low = i, high = end
            while low < high {
                let b = bytes[low]
                if isASCIILetter(b) || isASCIIDigit(b) || b == UInt8(ascii: "#") || b == UInt8(ascii: "$") || b == UInt8(ascii: "{") { break }
                if b >= 0x80 { return false }
                low += 1
            }
            while low < high {
                let b = bytes[high - 1]
                if isASCIILetter(b) || isASCIIDigit(b) || b == UInt8(ascii: "}") { break }
                if b >= 0x80 { return false }
                high -= 1
            }
            guard low < high else { return false }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for k in low..<high {
                let b = bytes[k]
                guard isASCIILetter(b) || b == UInt8(ascii: "'") else { return false }
                hash = (hash ^ UInt64(asciiLowercase(b))) &* 0x0000_0100_0000_01b3
            }
            // A plain core starts with a letter (trimming stops at nothing else it may hold).
            if initials[Int(asciiLowercase(bytes[low]))] && names.mightContain(hash: hash) { return false }
            i = end
        }
        return true
    }

    /// ``chunks(of:)`` for ASCII text, whose UTF-8 is `bytes`. White space in ASCII is tab, line feed, vertical tab, form
    /// feed, carriage return and space; letters and digits are `A`–`Z`, `a`–`z`, `0`–`9`.
    private static func asciiChunks(of bytes: UnsafeBufferPointer<UInt8>) -> [Chunk] {
        func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        func isLetterOrDigit(_ b: UInt8) -> Bool { isASCIILetter(b) || isASCIIDigit(b) }
        func chunk(_ start: Int, _ end: Int) -> Chunk {
            var low = start, high = end
            while low < high {
                let b = bytes[low]
                if isLetterOrDigit(b) || b == UInt8(ascii: "#") || b == UInt8(ascii: "$") || b == UInt8(ascii: "{") { break }
                low += 1
            }
            while low < high {
                let b = bytes[high - 1]
                if isLetterOrDigit(b) || b == UInt8(ascii: "}") { break }
                high -= 1
            }
            // Both checks on the core, in the one pass over its bytes (all ASCII here).
            var plain = low < high
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var marks = Marks()
            for k in low..<high {
                let b = bytes[k]
                if plain && !(isASCIILetter(b) || b == UInt8(ascii: "'")) { plain = false }
                hash = (hash ^ UInt64(asciiLowercase(b))) &* 0x0000_0100_0000_01b3
            }
            // A plain word's marks are known (letters and apostrophes only); the rare other chunk is read again.
            if !plain {
                for k in low..<high { marks.read(bytes[k]) }
            }
            let wordHash = low < high && isASCIILetter(bytes[low]) ? hash : nil
            return Chunk(whole: start..<end, core: low..<high, first: low < high ? bytes[low] : 0, isPlainWord: plain,
                         wordHash: wordHash, marks: marks)
        }
        var chunks: [Chunk] = []
        chunks.reserveCapacity(16)
        var start: Int?
        for (offset, b) in bytes.enumerated() {
            if isSpace(b) {
                if let s = start {
                    chunks.append(chunk(s, offset))
                    start = nil
                }
            } else if start == nil {
                start = offset
            }
        }
        if let s = start { chunks.append(chunk(s, bytes.count)) }
        return chunks
    }

    private static func makeChunk(_ text: String, _ range: Range<String.Index>) -> Chunk {
        var core = text[range]
        while let f = core.first, !(f.isLetter || f.isNumber || f == "#" || f == "£" || f == "$" || f == "€" || f == "{") {
            core = core.dropFirst()
        }
        // A trailing £ or € stays too: "5€" is an amount.
        while let l = core.last, !(l.isLetter || l.isNumber || l == "}" || l == "£" || l == "€") {
            core = core.dropLast()
        }
        func offset(_ index: String.Index) -> Int { text.utf8.distance(from: text.startIndex, to: index) }
        var marks = Marks()
        for b in core.utf8 { marks.read(b) }
        return Chunk(whole: offset(range.lowerBound)..<offset(range.upperBound),
                     core: offset(core.startIndex)..<offset(core.endIndex), first: core.utf8.first ?? 0,
                     isPlainWord: isPlainWord(core), wordHash: asciiWordHash(core), marks: marks)
    }

    private static func slotKind(_ inner: Substring) -> EntityKind {
        let lower = inner.lowercased()
        if lower.contains("order") { return .orderNumber }
        if lower.contains("mail") { return .email }
        if lower.contains("amount") || lower.contains("money") || lower.contains("price") { return .amount }
        if lower.contains("date") { return .date }
        if lower.contains("postcode") || lower.contains("zip") { return .postcode }
        return .slot
    }

    static func email(_ core: Substring) -> String? {
        guard core.utf8.contains(UInt8(ascii: "@")), let at = core.firstIndex(of: "@"), at > core.startIndex else { return nil }
        let domain = core[core.index(after: at)...]
        guard let dot = domain.lastIndex(of: "."), dot > domain.startIndex, domain.index(after: dot) < domain.endIndex,
              !domain.contains("@"), !core.contains(where: { $0.isWhitespace })
        else { return nil }
        return core.lowercased()
    }

    /// A card number written as one run or as groups of digits; returns the index of its last chunk.
    func cardRun(_ chunks: [Chunk], from i: Int, in text: String) -> Int? {
        // A card number starts with a digit (or a dash, or a `#` when typed where an order number
        // goes): most words stop at the first byte.
        guard i < chunks.count, !chunks[i].core.isEmpty, case let first = chunks[i].first,
              Self.isASCIIDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "#")
        else { return nil }
        // A card number has at least 13 digits, all in this chunk and the next four: most runs have too few.
        var digitsAhead = 0
        for j in i..<min(i + 5, chunks.count) { digitsAhead += chunks[j].marks.digits }
        guard digitsAhead >= 13 else { return nil }
        var digits = ""
        var j = i
        while j < chunks.count, j < i + 5 {
            let core = j == i && first == UInt8(ascii: "#") ? chunks[j].core(in: text).dropFirst() : chunks[j].core(in: text)
            guard !core.isEmpty, core.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { break }
            digits += core
            if CardNumber.isLikely(digitsOf: digits) { return j }
            j += 1
        }
        return nil
    }

    private static let currencyWords: Set<String> = [
        "pounds", "pound", "quid", "gbp", "dollars", "dollar", "usd", "euros", "euro", "eur", "bucks",
    ]

    static func money(_ chunks: [Chunk], at i: Int, in text: String) -> (String, Int)? {
        // Every amount starts with a currency sign or a digit: most words stop at the first byte.
        guard !chunks[i].core.isEmpty, case let byte = chunks[i].first,
              byte == UInt8(ascii: "$") || Self.isASCIIDigit(byte) || byte >= 0x80,
              case let core = chunks[i].core(in: text), let first = core.first, first == "£" || first == "$" || first == "€" || (first.isASCII && first.isNumber)
        else { return nil }
        if let f = core.first, f == "£" || f == "$" || f == "€", isAmount(core.dropFirst()) {
            return (String(core), i)
        }
        if let l = core.last, l == "£" || l == "€", isAmount(core.dropLast()) { return (String(core), i) }
        let lower = core.lowercased()
        for word in ["gbp", "usd", "eur", "quid"] where lower.hasSuffix(word) && isAmount(lower.dropLast(word.count)) {
            return (String(core), i)
        }
        if isAmount(core), i + 1 < chunks.count, currencyWords.contains(chunks[i + 1].lower(in: text)) {
            return ("\(core) \(chunks[i + 1].core(in: text))", i + 1)
        }
        return nil
    }

    private static func isAmount(_ s: Substring) -> Bool {
        guard let f = s.first, f.isASCII, f.isNumber, s.count <= 12 else { return false }
        var dots = 0
        for c in s {
            if c == "." { dots += 1 } else if c == "," { continue } else if !(c.isASCII && c.isNumber) { return false }
        }
        return dots <= 1
    }

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    private static let relativeDays: Set<String> = ["today", "yesterday", "tomorrow"]
    /// The names in `months` and `relativeDays`, for a cheap first look. Sized for eight times
    /// as many names, so that everyday words are rarely a "perhaps" (at the plain size, "you" was).
    private static let dateNames: BloomFilter = {
        var filter = BloomFilter(capacity: 8 * (months.count + relativeDays.count))
        for name in Array(months.keys) + relativeDays { filter.insert(name.utf8) }
        return filter
    }()
    /// Whether a date may start with each ASCII byte.
    private static let dateInitials: [Bool] = (0..<128).map { "0123456789+-tyjfmasond".utf8.contains(UInt8($0)) }

    /// A date over one to three chunks; returns the index of its last chunk.
    static func date(_ chunks: [Chunk], at i: Int, in text: String) -> Int? {
        // A date starts with a digit, a sign (a day number is read like an integer) or the first
        // letter of a month or of today, tomorrow and yesterday: most words stop here, told by
        // their first byte before anything is lower-cased.
        if !chunks[i].core.isEmpty, case let f = chunks[i].first, f < 0x80, !dateInitials[Int(asciiLowercase(f))] { return nil }
        // An ASCII word starting with a letter can only be a month or a relative day: one that is
        // neither is told by its lower-cased bytes, without making a lower-cased copy.
        if let lowerHash = chunks[i].wordHash, !dateNames.mightContain(hash: lowerHash) { return nil }
        // An ASCII chunk starting with a digit or a sign is a date in digits, which has a separator,
        // or a day number of at most four bytes ("12th").
        if chunks[i].marks.isASCII, chunks[i].wordHash == nil, chunks[i].core.count > 4, !chunks[i].marks.hasDateSeparator {
            return nil
        }
        let core = chunks[i].lower(in: text)
        let named = dateNames.mightContain(hash: BloomFilter.hash(core))
        if named, relativeDays.contains(core) { return i }
        if isNumericDate(core) { return i }
        if let day = dayNumber(core) {
            var j = i + 1
            if j < chunks.count, isOf(chunks[j].core(in: text)) { j += 1 }
            // "may" is a month and a verb: only "12 may" with a number before it counts.
            if j < chunks.count, months[chunks[j].lower(in: text)] != nil, (1...31).contains(day) { return j }
        }
        if named, months[core] != nil, core.count >= 3, i + 1 < chunks.count,
           let day = dayNumber(chunks[i + 1].lower(in: text)), (1...31).contains(day) {
            return i + 1
        }
        return nil
    }

    /// ``BloomFilter/hash(_:)`` of `core` lower-cased, when `core` is ASCII and starts with a
    /// letter (a word that is neither a number nor a date in digits); nil otherwise.
    static func asciiWordHash(_ core: Substring) -> UInt64? {
        let read: UInt64?? = core.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, isASCIILetter(first) else { return nil }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes {
                guard b < 0x80 else { return nil }
                h = (h ^ UInt64(asciiLowercase(b))) &* 0x0000_0100_0000_01b3
            }
            return h
        }
        if let read { return read }
        guard let first = core.utf8.first, isASCIILetter(first), core.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return BloomFilter.hash(core.utf8.lazy.map(asciiLowercase))
    }

    /// Whether `core` lower-cased is "of".
    private static func isOf(_ core: Substring) -> Bool {
        let utf8 = core.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return core.lowercased() == "of" }
        return utf8.count == 2 && asciiLowercase(utf8[utf8.startIndex]) == UInt8(ascii: "o")
            && asciiLowercase(utf8[utf8.index(after: utf8.startIndex)]) == UInt8(ascii: "f")
    }

    static func asciiLowercase(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    private static func dayNumber(_ s: String) -> Int? {
        // At most two ASCII digits (read like an integer, so perhaps signed) and a two-letter suffix.
        guard s.utf8.count <= 4, let first = s.utf8.first,
              isASCIIDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
        else { return nil }
        var digits = Substring(s)
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) {
            digits = digits.dropLast(2)
            break
        }
        guard (1...2).contains(digits.count) else { return nil }
        return Int(digits)
    }

    private static func isNumericDate(_ s: String) -> Bool {
        guard let first = s.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return false }
        for separator: Character in ["/", "-", "."] {
            let parts = s.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3 || (parts.count == 2 && separator == "/") else { continue }
            guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
            else { continue }
            if parts[0].count == 4 { return parts.count == 3 && parts[1].count <= 2 && parts[2].count <= 2 }
            guard parts[0].count <= 2, parts[1].count <= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { continue }
            if (1...31).contains(a) && (1...12).contains(b) || (1...12).contains(a) && (1...31).contains(b) {
                return parts.count == 2 || parts[2].count == 2 || parts[2].count == 4
            }
        }
        return false
    }

    /// A UK postcode written as two chunks, `SW1A 1AA`.
    static func postcode(_ outward: Substring, _ inward: Substring) -> String? {
        guard isOutward(outward), isInward(inward) else { return nil }
        return "\(outward.uppercased()) \(inward.uppercased())"
    }

    /// A UK postcode written without its space, `SW1A1AA`.
    static func postcode(compact s: Substring) -> String? {
        // Postcodes are ASCII letters and digits, so their bytes are their characters, and
        // there is a digit in both halves.
        guard (5...7).contains(s.utf8.count), s.utf8.contains(where: isASCIIDigit), (5...7).contains(s.count) else { return nil }
        let inward = s.suffix(3)
        let outward = s.dropLast(3)
        return postcode(outward, inward)
    }

    // Postcodes are ASCII letters and digits, so both checks read bytes.
    private static func isOutward(_ s: Substring) -> Bool {
        let c = s.utf8
        guard (2...4).contains(c.count) else { return false }
        var letters = 0 // leading letters
        var digitSeen = false
        for b in c {
            if isASCIILetter(b) {
                if !digitSeen { letters += 1 }
            } else if isASCIIDigit(b) {
                digitSeen = true
            } else {
                return false
            }
        }
        // One or two letters, a digit, then at most one more digit or letter.
        return (1...2).contains(letters) && letters < c.count && c.count - letters <= 2
    }

    private static func isInward(_ s: Substring) -> Bool {
        let c = s.utf8
        guard c.count == 3 else { return false }
        let first = c.startIndex, second = c.index(after: first), third = c.index(after: second)
        return isASCIIDigit(c[first]) && isASCIILetter(c[second]) && isASCIILetter(c[third])
    }

    static func isASCIILetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
    static func isASCIIDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
