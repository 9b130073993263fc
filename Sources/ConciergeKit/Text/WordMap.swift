/// A frozen map from words to values, hashed from the words' UTF-8 bytes.
///
/// `Dictionary` hashes a `String` with SipHash, which for the short words of a message costs
/// more than the rest of the look-up; FNV-1a of the bytes (see ``BloomFilter/hash(_:)``) costs a
/// fraction of that and spreads words well enough. Built once from a dictionary, then only read.
struct WordMap<Value: Sendable>: Sendable {
    private let keys: [String]
    private let values: [Value]
    /// Open addressing: each slot holds an index into `keys` plus one, or 0 when empty.
    private let slots: [Int32]
    private let mask: Int

    /// A map holding the entries of `dictionary`.
    init(_ dictionary: [String: Value]) {
        var size = 16
        // At most half full, so a look-up for a word that is not here stops soon.
        while size < 2 * dictionary.count { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        var keys: [String] = []
        var values: [Value] = []
        keys.reserveCapacity(dictionary.count)
        values.reserveCapacity(dictionary.count)
        for (key, value) in dictionary {
            var i = Int(truncatingIfNeeded: BloomFilter.hash(key)) & (size - 1)
            while slots[i] != 0 { i = (i + 1) & (size - 1) }
            keys.append(key)
            values.append(value)
            slots[i] = Int32(keys.count)
        }
        self.keys = keys
        self.values = values
        self.slots = slots
        mask = size - 1
    }

    /// An empty map.
    init() { self.init([:]) }

    /// How many words the map holds.
    var count: Int { keys.count }

    /// The value for `word`, if the map has it.
    subscript(word: String) -> Value? {
        self[word, hash: BloomFilter.hash(word)]
    }

    /// The value for `word`, whose ``BloomFilter/hash(_:)`` the caller has already worked out.
    subscript(word: String, hash hash: UInt64) -> Value? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = Int(slots[i])
            if slot == 0 { return nil }
            if keys[slot - 1] == word { return values[slot - 1] }
            i = (i + 1) & mask
        }
    }
}
