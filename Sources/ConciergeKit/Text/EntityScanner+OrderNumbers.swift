/// How the entity scanner tells an order number from the other numbers a shopper types.
///
/// A chunk with a digit that is no other entity is read in this order:
/// 1. the words before it: "order", "ref", "order no." make even a short number an order number
///    (and skip the checks below that would rule it out); "phone", "zip", "tracking number",
///    "account number" make it no order number at all;
/// 2. a phone number (`+44 7700 900123`, `0161 496 0732`, `07700900123`) is no order number, and
///    none of its groups of digits is read again;
/// 3. after a cue, groups of three or four digits one space or dash apart are one number
///    (`order number is 1234 5678 9012`, `order 1234-5678-9012`);
/// 4. a cue glued to the number (`order732201349959`, `purchase#A1234`, `order-no.00123842`,
///    `ord12345678`) leaves the word as text and takes the rest as the order number;
/// 5. otherwise the chunk is one if ``OrderNumberFormat/match(_:relaxed:)`` says so.
extension EntityScanner {
    /// What ``orderNumber(at:in:of:expectingOrderNumber:)`` made of a chunk.
    enum NumberReading {
        /// Neither an order number nor a run of digits to pass over.
        case nothing
        /// Digits that are not an order number (a phone number, or the number after "zip"), to
        /// be left as text up to and including the chunk at `last`.
        case notOrder(last: Int)
        /// An order number, normalised, starting at UTF-8 offset `start` and ending with the chunk at `last`.
        case orderNumber(String, start: Int, last: Int)
    }

    /// What a word standing before a number says about it.
    enum OrderCue {
        /// The number is an order's: "order", "ref", "purchase", "invoice".
        case order
        /// A word for "number" ("no.", "nr", "#"): an order's after "order", but not after "phone".
        case number
        /// The number is something else's: "phone", "zip", "tracking", "account".
        case notOrder
        /// "my", "your": "my number" is as often a phone number as anything.
        case owner
        /// A word passed over on the way back to the cue: "is", or a lone ":" or "-".
        case filler
    }

    /// Whether the words before a number make it an order number, rule it out, or say nothing.
    enum OrderContext {
        case cued, plain, ruledOut
    }

    /// The cue words, by ``BloomFilter/hash(_:)`` of their lower-cased bytes (as ``Chunk/wordHash`` has them).
    static let orderCueWords: [UInt64: (word: String, cue: OrderCue)] = {
        let words: [OrderCue: [String]] = [
            .order: ["order", "orders", "order's", "ord", "oder", "ordr", "orderno", "ordernr", "ordernum", "ordernumber",
                     "order-no", "order-nr", "order-number", "orderid", "order-id", "purchase", "ref", "reference",
                     "invoice", "confirmation"],
            .number: ["number", "num", "no", "nr", "id", "n"],
            .notOrder: ["phone", "mobile", "tel", "telephone", "cell", "landline", "fax", "whatsapp", "call", "ring",
                        "text", "contact", "tracking", "card", "account", "acct", "customer", "member", "membership", "loyalty",
                        "postcode", "zip", "zipcode", "postal", "house", "flat", "apt", "apartment", "room", "item",
                        "sku", "product", "model", "serial", "size", "qty", "quantity", "pin", "code", "voucher",
                        "coupon", "promo", "discount", "extension", "ext"],
            .owner: ["my", "your", "our", "his", "her", "their"],
            .filler: ["is", "was"],
        ]
        var table: [UInt64: (word: String, cue: OrderCue)] = [:]
        for (cue, list) in words {
            for word in list { table[BloomFilter.hash(word)] = (word, cue) }
        }
        return table
    }()

    /// The order number, phone number or nothing at chunk `i`, which holds a digit and is no other entity.
    func orderNumber(at i: Int, in chunks: [Chunk], of text: String, expectingOrderNumber: Bool) -> NumberReading {
        // The last four digits a masked card number keeps ("•••• •••• •••• 1111") are the card's.
        if i > 0, Self.slice(text, chunks[i - 1].whole).hasSuffix(CardNumber.maskedGroup) { return .notOrder(last: i) }
        let context = orderContext(before: i, in: chunks, of: text)
        if context == .ruledOut { return .notOrder(last: Self.digitRun(chunks, from: i, in: text)) }
        // "order 07700900123" is taken at its word; unasked, the same digits are a phone number.
        // No order number starts with "+", cue or not.
        if let last = Self.phoneNumber(chunks, at: i, in: text, afterOrderCue: context == .cued) { return .notOrder(last: last) }
        let prompted = expectingOrderNumber || context == .cued
        let chunk = chunks[i]
        if prompted, let (number, last) = groupedOrderNumber(chunks, at: i, in: text) {
            return .orderNumber(number, start: chunk.whole.lowerBound, last: last)
        }
        let core = Self.withoutPossessive(chunk.core(in: text))
        if let (number, offset) = gluedOrderNumber(core) {
            return .orderNumber(number, start: chunk.core.lowerBound + offset, last: i)
        }
        if let number = orderFormat.match(core, relaxed: prompted) {
            return .orderNumber(number, start: chunk.whole.lowerBound, last: i)
        }
        return .nothing
    }

    /// What the words before chunk `i` say: an order cue ("order", "order number is", "ref:")
    /// makes it `cued`, a word for something else ("phone", "zip is", "tracking number") `ruledOut`.
    func orderContext(before i: Int, in chunks: [Chunk], of text: String) -> OrderContext {
        var j = i - 1
        var skipped = 0
        while j >= 0 {
            guard let cue = Self.orderCue(chunks[j], in: text) else { return .plain }
            switch cue {
            case .order: return .cued
            case .notOrder: return .ruledOut
            case .owner: return .plain
            case .filler:
                // "order number is: 1234" passes over two; more is no longer about the number.
                guard skipped < 2 else { return .plain }
                skipped += 1
                j -= 1
            case .number:
                // "order no." and a message starting "no. 1234" are cues; "phone number" and "my number" are not.
                guard j > 0, let before = Self.orderCue(chunks[j - 1], in: text) else { return .cued }
                switch before {
                case .notOrder: return .ruledOut
                case .owner: return .plain
                case .order, .number, .filler: return .cued
                }
            }
        }
        return .plain
    }

    /// The cue `chunk` is, if any. An order or number cue counts only when followed by nothing
    /// or by `.`, `:`, `#`, `-` or `=`: after "no," or "order!" a number starts something new.
    static func orderCue(_ chunk: Chunk, in text: String) -> OrderCue? {
        if chunk.core.isEmpty {
            // A lone "#" is a number sign; a lone ":" or "-" is passed over.
            return slice(text, chunk.whole).utf8.contains(UInt8(ascii: "#")) ? .number : .filler
        }
        guard let hash = chunk.wordHash, let (word, cue) = orderCueWords[hash],
              slice(text, chunk.core).utf8.elementsEqual(word.utf8, by: { asciiLowercase($0) == $1 })
        else { return nil }
        switch cue {
        case .order, .number:
            let after = slice(text, chunk.core.upperBound..<chunk.whole.upperBound).utf8
            return after.allSatisfy { ".:#-=".utf8.contains($0) } ? cue : nil
        case .notOrder, .owner, .filler:
            return cue
        }
    }

    /// A phone number starting at chunk `i`, as the index of its last chunk: `+` and 8–15 digits,
    /// or a `0` and 10–11 digits in groups (`0161 496 0732`, `07700 900123`), or 11 digits in one
    /// (`07700900123`, starting `01`, `02`, `03`, `07` or `08` as UK numbers do). After an order
    /// cue only the first kind is a phone number: "order 07700900123" is taken at its word.
    static func phoneNumber(_ chunks: [Chunk], at i: Int, in text: String, afterOrderCue: Bool) -> Int? {
        let chunk = chunks[i]
        let first = chunk.first
        let plus = chunk.core.lowerBound > chunk.whole.lowerBound
            && slice(text, chunk.whole.lowerBound..<chunk.core.lowerBound).utf8.contains(UInt8(ascii: "+"))
        // Most numbers stop here: neither a "+" before them nor a leading zero.
        guard plus || (first == UInt8(ascii: "0") && !afterOrderCue) else { return nil }
        let digitsAllowed = plus ? 8...15 : 10...11
        var digits = 0
        var found: Int?
        var j = i
        while j < chunks.count, isDigitGroup(chunks[j], in: text) {
            digits += chunks[j].marks.digits
            guard digits <= digitsAllowed.upperBound else { break }
            if digitsAllowed.contains(digits) { found = j }
            // A comma or a full stop after a group ends the number.
            guard chunks[j].whole.upperBound == chunks[j].core.upperBound else { break }
            j += 1
        }
        guard let last = found else { return nil }
        if plus || last > i { return last }
        let second = slice(text, chunk.core).utf8.dropFirst().first ?? 0
        return digits == 11 && "12378".utf8.contains(second) ? last : nil
    }

    /// The index of the last chunk of the run of digit groups starting at chunk `i` (`i` itself at least).
    static func digitRun(_ chunks: [Chunk], from i: Int, in text: String) -> Int {
        var j = i
        while j + 1 < chunks.count, chunks[j].whole.upperBound == chunks[j].core.upperBound,
              isDigitGroup(chunks[j + 1], in: text) {
            j += 1
        }
        return j
    }

    /// Whether `chunk` is digits, perhaps with `-`, `.`, `(` or `)` among them, as phone numbers are written.
    static func isDigitGroup(_ chunk: Chunk, in text: String) -> Bool {
        guard chunk.marks.digits > 0, isASCIIDigit(chunk.first) else { return false }
        return slice(text, chunk.core).utf8.allSatisfy { isASCIIDigit($0) || "-.()".utf8.contains($0) }
    }

    /// An order number written in groups of three or four digits one space or dash apart, after
    /// a cue: `order number is 1234 5678 9012` and `order 1234-5678-9012` are `123456789012`.
    /// Returns it and the index of its last chunk.
    func groupedOrderNumber(_ chunks: [Chunk], at i: Int, in text: String) -> (String, Int)? {
        func isGroup(_ c: Chunk) -> Bool { (3...4).contains(c.core.count) && c.marks.digits == c.core.count }
        if chunks[i].marks.hasDateSeparator, let number = dashedOrderNumber(chunks[i].core(in: text)) { return (number, i) }
        guard isGroup(chunks[i]) else { return nil }
        var count = chunks[i].core.count
        var last = i
        // Punctuation after a group ("1234, 5678") ends the number.
        while last + 1 < chunks.count, chunks[last].whole.upperBound == chunks[last].core.upperBound,
              isGroup(chunks[last + 1]), count + chunks[last + 1].core.count <= orderFormat.digits.upperBound {
            last += 1
            count += chunks[last].core.count
        }
        guard last > i, orderFormat.digits.contains(count) else { return nil }
        var number = ""
        number.reserveCapacity(count)
        for j in i...last { number += Self.slice(text, chunks[j].core) }
        return CardNumber.isLikely(digitsOf: number) ? nil : (number, last)
    }

    /// `core` as groups of three or four digits joined by single dashes (`1234-5678-9012`), without the dashes.
    func dashedOrderNumber(_ core: Substring) -> String? {
        var number = ""
        var group = 0
        for b in core.utf8 {
            if Self.isASCIIDigit(b) {
                group += 1
                number.unicodeScalars.append(Unicode.Scalar(b))
            } else if b == UInt8(ascii: "-"), (3...4).contains(group) {
                group = 0
            } else {
                return nil
            }
        }
        guard (3...4).contains(group), number.utf8.count > group, orderFormat.digits.contains(number.utf8.count),
              !CardNumber.isLikely(digitsOf: number)
        else { return nil }
        return number
    }

    /// An order number after a cue glued to it: `order732201349959`, `order:12345`,
    /// `order-no.00123842`, `ord12345678`, `purchase#A1234`, `nº4455`. Returns the order number
    /// and the UTF-8 offset in `core` where it starts; nil when there is no cue before the digits.
    func gluedOrderNumber(_ core: Substring) -> (String, Int)? {
        // Only digits end an order number, and a glued one has something before its digits.
        guard let last = core.utf8.last, Self.isASCIIDigit(last), !Self.isASCIIDigit(core.utf8.first ?? 0) else { return nil }
        let found = core.utf8.withContiguousStorageIfAvailable { gluedOrderNumber(in: $0) }
            ?? Array(core.utf8).withUnsafeBufferPointer { gluedOrderNumber(in: $0) }
        guard let tail = found else { return nil }
        let start = core.utf8.index(core.utf8.startIndex, offsetBy: tail)
        guard let number = orderFormat.match(core[start...], relaxed: true) else { return nil }
        return (number, tail)
    }

    /// ``gluedOrderNumber(_:)`` on the core's bytes: the offset where the order number starts.
    private func gluedOrderNumber(in b: UnsafeBufferPointer<UInt8>) -> Int? {
        func isSeparator(_ x: UInt8) -> Bool {
            // `#:.-=_/`, and the second bytes of `°` and `º` (C2 B0, C2 BA) with the first.
            "#:.-=_/".utf8.contains(x) || x == 0xC2 || x == 0xB0 || x == 0xBA
        }
        var digits = b.count
        while digits > 0 && Self.isASCIIDigit(b[digits - 1]) { digits -= 1 }
        guard digits > 0 else { return nil }
        // The letters of the order number itself (`A` in `purchase#A1234`), or of the cue (`ord12345678`).
        var letters = digits
        if b[letters - 1] == UInt8(ascii: "-") { letters -= 1 }
        var l = letters
        while l > 0 && Self.isASCIILetter(b[l - 1]) { l -= 1 }
        if l < letters, let cue = Self.cue(b[l..<letters]), cue != .notOrder {
            // A cue glued straight to the digits: "ord12345678", "number12345678".
            return digits
        }
        // Otherwise separators must stand between the cue and the number: "order:12345", "purchase#A1234".
        var tail = digits
        if l < letters, letters - l <= orderFormat.letters.upperBound, l > 0, isSeparator(b[l - 1]) { tail = l }
        var s = tail
        while s > 0 && isSeparator(b[s - 1]) { s -= 1 }
        guard s < tail else { return nil }
        var w = s
        while w > 0 && Self.isASCIILetter(b[w - 1]) { w -= 1 }
        guard w < s, let cue = Self.cue(b[w..<s]) else { return nil }
        if cue == .number {
            // "order-no.00123842" is an order's, "phone-no.07700900123" not.
            var v = w
            while v > 0 && isSeparator(b[v - 1]) { v -= 1 }
            var u = v
            while u > 0 && Self.isASCIILetter(b[u - 1]) { u -= 1 }
            if u < v, Self.cue(b[u..<v]) == .notOrder { return nil }
        }
        return tail
    }

    /// The order, number or not-an-order cue that these ASCII letters spell, if any.
    private static func cue(_ letters: Slice<UnsafeBufferPointer<UInt8>>) -> OrderCue? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in letters { hash = (hash ^ UInt64(asciiLowercase(b))) &* 0x0000_0100_0000_01b3 }
        guard let (word, cue) = orderCueWords[hash], letters.elementsEqual(word.utf8, by: { asciiLowercase($0) == $1 })
        else { return nil }
        return cue == .owner || cue == .filler ? nil : cue
    }

    /// `core` without a possessive `'s` or `’s` after a digit: "12345678's parcel".
    static func withoutPossessive(_ core: Substring) -> Substring {
        let utf8 = core.utf8
        guard let last = utf8.last, last == UInt8(ascii: "s") || last == UInt8(ascii: "S") else { return core }
        for apostrophe in ["'", "\u{2019}"] where core.dropLast().hasSuffix(apostrophe) {
            let kept = core.dropLast().dropLast()
            return kept.utf8.last.map(isASCIIDigit) == true ? kept : core
        }
        return core
    }
}
