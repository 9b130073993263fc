/// Writes compact JSON straight into bytes.
struct JSONWriter {
    var bytes: [UInt8] = []
    private var first = true

    init() {
        bytes.reserveCapacity(256)
    }

    mutating func raw(_ b: UInt8) { bytes.append(b) }

    /// Bytes written as they are (a literal such as `true`).
    mutating func rawString(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func begin() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func end() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// A key: always one of the program's own names, which need no escaping.
    mutating func key(_ k: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: k.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A field whose value is an array, each element written by `element`.
    mutating func array<C: Collection>(_ k: String, _ items: C, element: (inout JSONWriter, C.Element) -> Void) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func field(_ k: String, _ v: String) {
        key(k)
        string(v)
    }

    mutating func field(_ k: String, _ v: Int) {
        key(k)
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func field(_ k: String, _ v: Double) {
        key(k)
        bytes.append(contentsOf: (v.isFinite ? String(v) : "0").utf8)
    }

    /// A JSON string: quotes, backslashes and control characters escaped; `<`, `>` and `&` too, so
    /// a line can be dropped into HTML or a script safely.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { escaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` escaped, copying the runs that need no escaping in one go.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var start = 0
        var i = 0
        while i < count {
            // Eight bytes at a time while none of them needs escaping (most text).
            if i + 8 <= count, !Self.anyNeedsEscaping(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let b = base[i]
            i += 1
            switch b {
            case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                break
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

    /// Whether any of the eight bytes in `word` is a control character, `"`, `\`, `<`, `>` or
    /// `&` (bit tricks that test all eight bytes at once; bytes of 0x80 and up never match).
    @inline(__always)
    static func anyNeedsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
            || hasZeroByte(word ^ (ones &* 0x3C)) || hasZeroByte(word ^ (ones &* 0x3E)) || hasZeroByte(word ^ (ones &* 0x26))
    }
}
