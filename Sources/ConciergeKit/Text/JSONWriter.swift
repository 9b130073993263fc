/// Writes JSON straight into bytes: compact and safe to drop into HTML (the line protocol, the
/// session journal), or byte for byte what `JSONEncoder` writes (the agents' store, whose files
/// people and scripts read, and diff against what older versions wrote).
///
/// Keys are written in the order they are given: a caller matching `JSONEncoder`'s `.sortedKeys`
/// gives them sorted by their UTF-8 bytes, as `JSONEncoder` sorts them.
///
/// Not copyable: a writer owns the buffer it writes into, and frees it when it goes.
package struct JSONWriter: ~Copyable {
    /// How the output is laid out and escaped.
    package enum Style {
        /// Compact; `<`, `>` and `&` escaped as well, so a line can be dropped into HTML or a script.
        case htmlSafe
        /// As `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes: compact, only
        /// quotes, backslashes and control characters escaped (`\b`, `\f`, `\n`, `\r`, `\t` by
        /// their short names), whole doubles without `.0`.
        case encoder
        /// As `JSONEncoder` with `.prettyPrinted` too: a member or element per line, two spaces of
        /// indent per level, `"key" : value`, and an empty array or object over two lines.
        case prettyEncoder
    }

    /// The output, written in place: appending to an `[UInt8]` cost some 80 instructions a call
    /// (uniqueness and capacity checks, a generic copy), several times per key (see the README's
    /// "CPU per message").
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private var first = true
    private let htmlSafe: Bool
    private let pretty: Bool
    /// Objects and arrays open around the next value (for the pretty style's indent).
    private var depth = 0
    /// The last double written and where its digits are in the output.
    private var lastDouble = 0.0
    private var lastDoubleStart = 0
    private var lastDoubleLength = 0

    package init(_ style: Style = .htmlSafe, capacity: Int = 256) {
        htmlSafe = style == .htmlSafe
        pretty = style == .prettyEncoder
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What was written so far.
    package var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    // MARK: Room and bytes

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        fresh.initialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = size
    }

    @inline(__always)
    private mutating func put(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always)
    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).initialize(from: from, count: bytes.count)
        count += bytes.count
    }

    package mutating func raw(_ b: UInt8) { put(b) }

    /// Bytes written as they are (a literal such as `true`).
    package mutating func rawString(_ s: StaticString) {
        s.withUTF8Buffer { put($0) }
    }

    /// Bytes written as they are (a date already formatted).
    package mutating func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { put($0) }
    }

    // MARK: Structure

    package mutating func begin() {
        put(UInt8(ascii: "{"))
        first = true
        depth += 1
    }

    package mutating func end() {
        depth -= 1
        if pretty { closingLine(empty: first) }
        put(UInt8(ascii: "}"))
        first = false
    }

    /// A key: always one of the program's own names, which need no escaping. In the compact
    /// styles the comma, the quoted key and the colon are written in one go.
    package mutating func key(_ k: StaticString) {
        // Member by member in the pretty style, and for a one-character key given as a Unicode
        // scalar literal.
        guard !pretty, k.hasPointerRepresentation else {
            member()
            put(UInt8(ascii: "\""))
            k.withUTF8Buffer { put($0) }
            put(UInt8(ascii: "\""))
            colon()
            return
        }
        let length = k.utf8CodeUnitCount
        reserve(length + 4)
        var at = count
        if !first {
            base[at] = UInt8(ascii: ",")
            at += 1
        }
        base[at] = UInt8(ascii: "\"")
        (base + at + 1).initialize(from: k.utf8Start, count: length)
        at += length + 1
        base[at] = UInt8(ascii: "\"")
        base[at + 1] = UInt8(ascii: ":")
        count = at + 2
        first = false
    }

    /// A key that may need escaping, such as one of a dictionary's.
    package mutating func key(escaping k: String) {
        member()
        string(k)
        colon()
    }

    /// A field whose value is an array, each element written by `element`.
    package mutating func array<C: Collection>(_ k: StaticString, _ items: C, element: (inout JSONWriter, C.Element) -> Void) {
        key(k)
        put(UInt8(ascii: "["))
        depth += 1
        var empty = true
        for item in items {
            if !empty { put(UInt8(ascii: ",")) }
            empty = false
            if pretty { newline() }
            element(&self, item)
        }
        depth -= 1
        if pretty { closingLine(empty: empty) }
        put(UInt8(ascii: "]"))
    }

    package mutating func field(_ k: StaticString, _ v: String) {
        key(k)
        string(v)
    }

    package mutating func field(_ k: StaticString, _ v: Int) {
        key(k)
        integer(v)
    }

    /// A number as Swift prints it (`0.82`, `1e-07`); in the encoder styles a whole number without
    /// its `.0`, as `JSONEncoder` writes it. Not finite (which `JSONEncoder` refuses): `0`.
    package mutating func field(_ k: StaticString, _ v: Double) {
        key(k)
        guard v.isFinite else {
            put(UInt8(ascii: "0"))
            return
        }
        if millionths(v) { return }
        // A turn's time is written again and again (a shopper's message and the bot's reply share
        // it): the digits written last are copied rather than worked out again.
        if v.bitPattern == lastDouble.bitPattern, lastDoubleLength > 0 {
            reserve(lastDoubleLength)
            (base + count).initialize(from: base + lastDoubleStart, count: lastDoubleLength)
            count += lastDoubleLength
            return
        }
        let start = count
        var text = v.description
        text.withUTF8 { digits in
            if !htmlSafe && digits.count >= 2 && digits[digits.count - 2] == UInt8(ascii: ".") && digits[digits.count - 1] == UInt8(ascii: "0") {
                put(UnsafeBufferPointer(rebasing: digits.dropLast(2)))
            } else {
                put(digits)
            }
        }
        lastDouble = v
        lastDoubleStart = start
        lastDoubleLength = count - start
    }

    /// A field whose value is an array of strings.
    package mutating func field(_ k: StaticString, _ v: [String]) {
        array(k, v) { w, s in w.string(s) }
    }

    package mutating func field(_ k: StaticString, _ v: Bool) {
        key(k)
        rawString(v ? "true" : "false")
    }

    /// Writes `v` if it is a whole number of millionths from 0.0001 up to 2³³ (a confidence, or a
    /// time in seconds since 1970, rounded to the microsecond; or zero), the digits `description`
    /// gives (`0.811`, `0.5`, `1.0`, `1796298801.329228`) worked out from the integer; false,
    /// writing nothing, for any other number.
    ///
    /// Those digits are `description`'s: it writes the shortest digits that read back as `v`,
    /// and in that range two numbers a millionth apart are never the same double (the gap
    /// between doubles is under 2⁻²⁰ < 10⁻⁶), so no shorter digits would do. Below 0.0001 it
    /// writes an exponent. The tests check every thousandth and a sweep of times and confidences.
    private mutating func millionths(_ v: Double) -> Bool {
        guard v == 0 || (v >= 0.0001 && v < 8_589_934_592), v.sign == .plus else { return false }
        let scaled = (v * 1_000_000).rounded()
        guard scaled / 1_000_000 == v else { return false }
        let n = UInt64(scaled)
        let whole = n / 1_000_000
        var fraction = n % 1_000_000
        integer(Int(whole))
        if fraction == 0 {
            // `description` writes `1.0`; the encoder style drops the `.0` as JSONEncoder does.
            if htmlSafe {
                reserve(2)
                base[count] = UInt8(ascii: ".")
                base[count + 1] = UInt8(ascii: "0")
                count += 2
            }
            return true
        }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        reserve(1 + digits)
        base[count] = UInt8(ascii: ".")
        var at = count + digits
        while at > count {
            base[at] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
            at -= 1
        }
        count += 1 + digits
        return true
    }

    /// An integer in decimal, as `String(v)` writes it, without making the string.
    private mutating func integer(_ v: Int) {
        reserve(20)
        if v < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var rest = v.magnitude
        var digits = 1
        var scale: UInt = 10
        while rest >= scale && digits < 20 {
            digits += 1
            let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
            if overflow { break }
            scale = next
        }
        var at = count + digits
        count = at
        repeat {
            at -= 1
            base[at] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
            rest /= 10
        } while rest > 0
    }

    /// A JSON string: quotes, backslashes and control characters escaped, and in the HTML-safe
    /// style `<`, `>` and `&` too. Slashes and everything from 0x7F up are written as they are.
    package mutating func string(_ s: String) {
        put(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { escaped($0) }
        put(UInt8(ascii: "\""))
    }

    /// Starts a member of an object: the comma after the one before, and in the pretty style its line.
    private mutating func member() {
        if !first { put(UInt8(ascii: ",")) }
        first = false
        if pretty { newline() }
    }

    private mutating func colon() {
        if pretty {
            reserve(3)
            base[count] = UInt8(ascii: " ")
            base[count + 1] = UInt8(ascii: ":")
            base[count + 2] = UInt8(ascii: " ")
            count += 3
        } else {
            put(UInt8(ascii: ":"))
        }
    }

    private mutating func newline() {
        let indent = 2 * depth
        reserve(1 + indent)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).initialize(repeating: UInt8(ascii: " "), count: indent)
        count += 1 + indent
    }

    /// The line a closing bracket goes on; `JSONEncoder` leaves an empty line in an empty array or object.
    private mutating func closingLine(empty: Bool) {
        if empty { put(UInt8(ascii: "\n")) }
        newline()
    }

    /// Appends `utf8` escaped, copying the runs that need no escaping in one go.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let text = utf8.baseAddress else { return }
        let length = utf8.count
        var start = 0
        var i = 0
        while i < length {
            // Eight bytes at a time while none of them needs escaping (most text).
            i = Self.cleanRun(text, from: i, to: length, htmlSafe: htmlSafe)
            guard i < length else { break }
            let b = text[i]
            i += 1
            switch b {
            case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"):
                break
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                guard htmlSafe else { continue }
            default:
                continue
            }
            let at = i - 1
            if start < at { put(UnsafeBufferPointer(start: text + start, count: at - start)) }
            start = i
            reserve(6)
            base[count] = 92
            switch b {
            case UInt8(ascii: "\""): base[count + 1] = 34
            case UInt8(ascii: "\\"): base[count + 1] = 92
            case UInt8(ascii: "\n"): base[count + 1] = 110
            case UInt8(ascii: "\r"): base[count + 1] = 114
            case UInt8(ascii: "\t"): base[count + 1] = 116
            case 0x08 where !htmlSafe: base[count + 1] = UInt8(ascii: "b")
            case 0x0C where !htmlSafe: base[count + 1] = UInt8(ascii: "f")
            default:
                let high = b >> 4, low = b & 15
                base[count + 1] = UInt8(ascii: "u")
                base[count + 2] = 48
                base[count + 3] = 48
                base[count + 4] = high < 10 ? 48 + high : 87 + high
                base[count + 5] = low < 10 ? 48 + low : 87 + low
                count += 4
            }
            count += 2
        }
        if start < length { put(UnsafeBufferPointer(start: text + start, count: length - start)) }
    }

    /// Where the bytes from `start` stop being skippable eight at a time: the start of the first
    /// eight that hold one that needs escaping, or of the last few. A loop of its own for each
    /// style, with nothing of the writer's to read again at each step. (Swift's `SIMD16` compares
    /// came out as a loop over the lanes here, several times slower than these bit tricks.)
    @inline(__always)
    static func cleanRun(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int, htmlSafe: Bool) -> Int {
        var i = start
        if htmlSafe {
            while i + 8 <= end, !anyNeedsEscaping(UnsafeRawPointer(text + i).loadUnaligned(as: UInt64.self), htmlSafe: true) { i += 8 }
        } else {
            while i + 8 <= end, !anyNeedsEscaping(UnsafeRawPointer(text + i).loadUnaligned(as: UInt64.self), htmlSafe: false) { i += 8 }
        }
        return i
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\`, or with
    /// `htmlSafe` `<`, `>` or `&` (bit tricks that test all eight bytes at once; bytes of 0x80 and
    /// up never match).
    @inline(__always)
    static func anyNeedsEscaping(_ word: UInt64, htmlSafe: Bool = true) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Each term sets a byte's high bit only if some byte is zero (below 0x20 for the first),
        // so or-ed together they are tested once: 37 instructions a word rather than 52 with a
        // test and branch each (measured alone, in a scan of a bot reply).
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v }
        var found = (word &- ones &* 0x20) & ~word | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
        if htmlSafe { found |= zeroBytes(word ^ (ones &* 0x3C)) | zeroBytes(word ^ (ones &* 0x3E)) | zeroBytes(word ^ (ones &* 0x26)) }
        return found & highs != 0
    }
}
