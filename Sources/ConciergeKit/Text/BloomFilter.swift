/// A set of byte strings that can only say "certainly not here" or "perhaps here": a cheap first
/// look before a hashed `String` look-up.
///
/// The spelling corrector tries dozens of variants of every unknown word (each one-letter and
/// two-letter deletion, each way of splitting it), nearly all of which it does not know. Building
/// each variant as a `String` and hashing it was most of the cost of reading a message with an
/// unknown word; with this filter, variants are hashed straight from the word's bytes and only the
/// rare "perhaps" is built and looked up. It never says "certainly not" for a string it holds, so
/// the answers are the same as without it.
struct BloomFilter: Sendable {
    private var bits: [UInt64]
    private let mask: UInt64

    /// An empty filter sized for about `capacity` strings (16 bits each, two probes: about one
    /// "perhaps" in 70 for strings it does not hold).
    init(capacity: Int) {
        var size = 64
        while size < capacity * 16 { size *= 2 }
        bits = [UInt64](repeating: 0, count: size / 64)
        mask = UInt64(size - 1)
    }

    /// Adds the string with these UTF-8 bytes.
    mutating func insert<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let h = Self.hash(bytes)
        let a = h & mask, b = (h >> 32) & mask
        bits[Int(a >> 6)] |= 1 << (a & 63)
        bits[Int(b >> 6)] |= 1 << (b & 63)
    }

    /// Whether the string whose bytes hash to `hash` (see ``hash(_:)``) may be in the filter.
    func mightContain(hash h: UInt64) -> Bool {
        let a = h & mask, b = (h >> 32) & mask
        return bits[Int(a >> 6)] & (1 << (a & 63)) != 0 && bits[Int(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// FNV-1a of `bytes`: simple, and good enough to spread short words over the bits.
    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// ``hash(_:)`` of the UTF-8 of `string`, read from its storage (stepping through a
    /// `String.UTF8View` costs more than the hash itself).
    static func hash(_ string: String) -> UInt64 {
        var string = string
        return string.withUTF8 { hash($0) }
    }

    /// ``hash(_:)`` of `bytes` without the bytes at positions `skip` and `alsoSkip`.
    static func hash(_ bytes: [UInt8], skipping skip: Int, _ alsoSkip: Int = -1) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, b) in bytes.enumerated() where i != skip && i != alsoSkip { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
