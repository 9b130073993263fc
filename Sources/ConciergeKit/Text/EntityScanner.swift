/// Finds order numbers, e-mail addresses, postcodes, money amounts, dates and card numbers in
/// a shopper's message, and replaces each with a placeholder token for the matcher.
///
/// It works on whitespace-separated chunks with a little look-ahead (a postcode or a date may
/// span two chunks), by hand rather than with regular expressions, which are slow on Linux.
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
        let chunks = Self.chunks(of: text)
        var result = Result()
        var textStart = text.startIndex
        var i = 0
        func emit(_ kind: EntityKind, from first: Int, through last: Int) {
            let start = chunks[first].whole.lowerBound
            if textStart < start { result.pieces.append(.text(text[textStart..<start])) }
            result.pieces.append(.entity(kind))
            textStart = chunks[last].whole.upperBound
            i = last + 1
        }
        while i < chunks.count {
            let chunk = chunks[i]
            let core = chunk.core
            let next: Substring? = i + 1 < chunks.count ? chunks[i + 1].core : nil
            if core.hasPrefix("{{") {
                var last = i
                while last < chunks.count - 1 && !text[chunks[last].whole].contains("}") { last += 1 }
                let inner = text[chunks[i].whole.lowerBound..<chunks[last].whole.upperBound]
                emit(Self.slotKind(inner), from: i, through: last)
                continue
            }
            if let email = Self.email(core) {
                result.entities.emails.append(email)
                emit(.email, from: i, through: i)
                continue
            }
            if let last = cardRun(chunks, from: i) {
                emit(.cardNumber, from: i, through: last)
                continue
            }
            if let (amount, last) = Self.money(chunks, at: i) {
                result.entities.amounts.append(amount)
                emit(.amount, from: i, through: last)
                continue
            }
            if let last = Self.date(chunks, at: i) {
                let written = text[chunks[i].core.startIndex..<chunks[last].core.endIndex]
                result.entities.dates.append(String(written))
                emit(.date, from: i, through: last)
                continue
            }
            if let next, let postcode = Self.postcode(core, next) {
                result.entities.postcodes.append(postcode)
                emit(.postcode, from: i, through: i + 1)
                continue
            }
            if let postcode = Self.postcode(compact: core) {
                result.entities.postcodes.append(postcode)
                emit(.postcode, from: i, through: i)
                continue
            }
            let prompted = expectingOrderNumber || (i > 0 && Self.orderCues.contains(chunks[i - 1].core.lowercased()))
            if let number = orderFormat.match(core, relaxed: prompted) {
                result.entities.orderNumbers.append(number)
                emit(.orderNumber, from: i, through: i)
                continue
            }
            i += 1
        }
        if textStart < text.endIndex { result.pieces.append(.text(text[textStart...])) }
        return result
    }

    /// Words after which a short bare number is read as an order number.
    static let orderCues: Set<String> = ["order", "number", "no", "no.", "nr", "ref", "reference", "#", "order#"]

    struct Chunk {
        /// The chunk as it stands between spaces.
        var whole: Range<String.Index>
        /// The chunk without leading and trailing punctuation (a leading `#`, `£`, `$`, `€` stays).
        var core: Substring
    }

    static func chunks(of text: String) -> [Chunk] {
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

    private static func makeChunk(_ text: String, _ range: Range<String.Index>) -> Chunk {
        var core = text[range]
        while let f = core.first, !(f.isLetter || f.isNumber || f == "#" || f == "£" || f == "$" || f == "€" || f == "{") {
            core = core.dropFirst()
        }
        while let l = core.last, !(l.isLetter || l.isNumber || l == "}") {
            core = core.dropLast()
        }
        return Chunk(whole: range, core: core)
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
        guard let at = core.firstIndex(of: "@"), at > core.startIndex else { return nil }
        let domain = core[core.index(after: at)...]
        guard let dot = domain.lastIndex(of: "."), dot > domain.startIndex, domain.index(after: dot) < domain.endIndex,
              !domain.contains("@"), !core.contains(where: { $0.isWhitespace })
        else { return nil }
        return core.lowercased()
    }

    /// A card number written as one run or as groups of digits; returns the index of its last chunk.
    func cardRun(_ chunks: [Chunk], from i: Int) -> Int? {
        var digits = ""
        var j = i
        while j < chunks.count, j < i + 5 {
            let core = chunks[j].core
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

    static func money(_ chunks: [Chunk], at i: Int) -> (String, Int)? {
        let core = chunks[i].core
        if let f = core.first, f == "£" || f == "$" || f == "€", isAmount(core.dropFirst()) {
            return (String(core), i)
        }
        if let l = core.last, l == "£" || l == "€", isAmount(core.dropLast()) { return (String(core), i) }
        let lower = core.lowercased()
        for word in ["gbp", "usd", "eur", "quid"] where lower.hasSuffix(word) && isAmount(lower.dropLast(word.count)) {
            return (String(core), i)
        }
        if isAmount(core), i + 1 < chunks.count, currencyWords.contains(chunks[i + 1].core.lowercased()) {
            return ("\(core) \(chunks[i + 1].core)", i + 1)
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

    /// A date over one to three chunks; returns the index of its last chunk.
    static func date(_ chunks: [Chunk], at i: Int) -> Int? {
        let core = chunks[i].core.lowercased()
        if ["today", "yesterday", "tomorrow"].contains(core) { return i }
        if isNumericDate(core) { return i }
        if let day = dayNumber(core) {
            var j = i + 1
            if j < chunks.count, chunks[j].core.lowercased() == "of" { j += 1 }
            // "may" is a month and a verb: only "12 may" with a number before it counts.
            if j < chunks.count, months[chunks[j].core.lowercased()] != nil, (1...31).contains(day) { return j }
        }
        if months[core] != nil, core.count >= 3, i + 1 < chunks.count,
           let day = dayNumber(chunks[i + 1].core.lowercased()), (1...31).contains(day) {
            return i + 1
        }
        return nil
    }

    private static func dayNumber(_ s: String) -> Int? {
        var digits = Substring(s)
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) {
            digits = digits.dropLast(2)
            break
        }
        guard (1...2).contains(digits.count) else { return nil }
        return Int(digits)
    }

    private static func isNumericDate(_ s: String) -> Bool {
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
        guard (5...7).contains(s.count) else { return nil }
        let inward = s.suffix(3)
        let outward = s.dropLast(3)
        return postcode(outward, inward)
    }

    private static func isOutward(_ s: Substring) -> Bool {
        let c = Array(s)
        guard (2...4).contains(c.count), c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        var k = 0
        while k < c.count && c[k].isLetter { k += 1 }
        guard (1...2).contains(k), k < c.count, c[k].isNumber else { return false }
        // After the first digit: at most one more digit or letter.
        return c.count - k <= 2
    }

    private static func isInward(_ s: Substring) -> Bool {
        let c = Array(s)
        return c.count == 3 && c[0].isASCII && c[0].isNumber && c[1].isASCII && c[1].isLetter && c[2].isASCII && c[2].isLetter
    }
}
