/// Writes JSON straight into bytes: compact and safe to drop into HTML (the line protocol, the
/// session journal), or byte for byte what `JSONEncoder` writes (the agents' store, whose files
/// people and scripts read, and diff against what older versions wrote).
///
/// Keys are written in the order they are given: a caller matching `JSONEncoder`'s `.sortedKeys`
/// gives them sorted by their UTF-8 bytes, as `JSONEncoder` sorts them.
package struct JSONWriter {
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

    package var bytes: [UInt8] = []
    private var first = true
    private let htmlSafe: Bool
    private let pretty: Bool
    /// Objects and arrays open around the next value (for the pretty style's indent).
    private var depth = 0

    package init(_ style: Style = .htmlSafe, capacity: Int = 256) {
        htmlSafe = style == .htmlSafe
        pretty = style == .prettyEncoder
        bytes.reserveCapacity(capacity)
    }

    package mutating func raw(_ b: UInt8) { bytes.append(b) }

    /// Bytes written as they are (a literal such as `true`).
    package mutating func rawString(_ s: String) { append(s) }

    /// A string's UTF-8 bytes, copied from its storage in one go (appending its `utf8` view goes
    /// a byte at a time for the short strings keys are).
    private mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    package mutating func begin() {
        bytes.append(UInt8(ascii: "{"))
        first = true
        depth += 1
    }

    package mutating func end() {
        depth -= 1
        if pretty { closingLine(empty: first) }
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// A key: always one of the program's own names, which need no escaping.
    package mutating func key(_ k: String) {
        member()
        bytes.append(UInt8(ascii: "\""))
        append(k)
        bytes.append(UInt8(ascii: "\""))
        colon()
    }

    /// A key that may need escaping, such as one of a dictionary's.
    package mutating func key(escaping k: String) {
        member()
        string(k)
        colon()
    }

    /// A field whose value is an array, each element written by `element`.
    package mutating func array<C: Collection>(_ k: String, _ items: C, element: (inout JSONWriter, C.Element) -> Void) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        depth += 1
        var empty = true
        for item in items {
            if !empty { bytes.append(UInt8(ascii: ",")) }
            empty = false
            if pretty { newline() }
            element(&self, item)
        }
        depth -= 1
        if pretty { closingLine(empty: empty) }
        bytes.append(UInt8(ascii: "]"))
    }

    package mutating func field(_ k: String, _ v: String) {
        key(k)
        string(v)
    }

    package mutating func field(_ k: String, _ v: Int) {
        key(k)
        append(String(v))
    }

    /// A number as Swift prints it (`0.82`, `1e-07`); in the encoder styles a whole number without
    /// its `.0`, as `JSONEncoder` writes it. Not finite (which `JSONEncoder` refuses): `0`.
    package mutating func field(_ k: String, _ v: Double) {
        key(k)
        guard v.isFinite else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        let text = v.description
        if !htmlSafe && text.hasSuffix(".0") {
            bytes.append(contentsOf: text.utf8.dropLast(2))
        } else {
            append(text)
        }
    }

    /// A field whose value is an array of strings.
    package mutating func field(_ k: String, _ v: [String]) {
        array(k, v) { w, s in w.string(s) }
    }

    package mutating func field(_ k: String, _ v: Bool) {
        key(k)
        rawString(v ? "true" : "false")
    }

    /// A JSON string: quotes, backslashes and control characters escaped, and in the HTML-safe
    /// style `<`, `>` and `&` too. Slashes and everything from 0x7F up are written as they are.
    package mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { escaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Starts a member of an object: the comma after the one before, and in the pretty style its line.
    private mutating func member() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        if pretty { newline() }
    }

    private mutating func colon() {
        if pretty {
            bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        let indent = 2 * depth
        if indent <= Self.spaces.count {
            bytes.append(contentsOf: Self.spaces[..<indent])
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 32)

    /// The line a closing bracket goes on; `JSONEncoder` leaves an empty line in an empty array or object.
    private mutating func closingLine(empty: Bool) {
        if empty { bytes.append(UInt8(ascii: "\n")) }
        newline()
    }

    /// Appends `utf8` escaped, copying the runs that need no escaping in one go.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var start = 0
        var i = 0
        while i < count {
            // Eight bytes at a time while none of them needs escaping (most text).
            if i + 8 <= count, !Self.anyNeedsEscaping(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self), htmlSafe: htmlSafe) {
                i += 8
                continue
            }
            let b = base[i]
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
            if start < at { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: at - start)) }
            start = i
            bytes.append(92)
            switch b {
            case UInt8(ascii: "\""): bytes.append(34)
            case UInt8(ascii: "\\"): bytes.append(92)
            case UInt8(ascii: "\n"): bytes.append(110)
            case UInt8(ascii: "\r"): bytes.append(114)
            case UInt8(ascii: "\t"): bytes.append(116)
            case 0x08 where !htmlSafe: bytes.append(UInt8(ascii: "b"))
            case 0x0C where !htmlSafe: bytes.append(UInt8(ascii: "f"))
            default:
                let high = b >> 4, low = b & 15
                bytes.append(UInt8(ascii: "u"))
                bytes.append(48)
                bytes.append(48)
                bytes.append(high < 10 ? 48 + high : 87 + high)
                bytes.append(low < 10 ? 48 + low : 87 + low)
            }
        }
        if start < count { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start)) }
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\`, or with
    /// `htmlSafe` `<`, `>` or `&` (bit tricks that test all eight bytes at once; bytes of 0x80 and
    /// up never match).
    @inline(__always)
    static func anyNeedsEscaping(_ word: UInt64, htmlSafe: Bool = true) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        if below0x20 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return true }
        return htmlSafe
            && (hasZeroByte(word ^ (ones &* 0x3C)) || hasZeroByte(word ^ (ones &* 0x3E)) || hasZeroByte(word ^ (ones &* 0x26)))
    }
}
