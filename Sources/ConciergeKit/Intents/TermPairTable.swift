/// The pairs of neighbouring terms that are features of the catalog, keyed by the two terms'
/// ids: an open-addressing hash table on a 64-bit key, so finding a message's pairs needs
/// neither building the pair's text nor hashing a string.
struct TermPairTable: Sendable {
    /// `(first << 32 | second) + 1` per slot, 0 for an empty slot.
    private let keys: [UInt64]
    private let values: [Int32]
    private let shift: UInt64

    /// - Parameter pairs: (first term id, second term id, feature id) for each pair, each pair once.
    init(_ pairs: [(first: Int32, second: Int32, feature: Int32)]) {
        var bits: UInt64 = 4
        while (1 << bits) < pairs.count * 2 { bits += 1 }
        let capacity = 1 << Int(bits)
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Int32](repeating: -1, count: capacity)
        shift = 64 - bits
        for pair in pairs {
            let key = Self.key(pair.first, pair.second)
            var slot = Self.slot(key, shift)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = key
            values[slot] = pair.feature
        }
        self.keys = keys
        self.values = values
    }

    /// The feature id of the pair `first second`, or -1 when it is not a feature.
    func feature(_ first: Int32, _ second: Int32) -> Int32 {
        let key = Self.key(first, second)
        return keys.withUnsafeBufferPointer { keys in
            var slot = Self.slot(key, shift)
            let mask = keys.count - 1
            while true {
                let k = keys[slot]
                if k == key { return values[slot] }
                if k == 0 { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    private static func key(_ first: Int32, _ second: Int32) -> UInt64 {
        (UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))) &+ 1
    }

    /// Fibonacci hashing: the top bits of the key times 2^64/φ.
    private static func slot(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
