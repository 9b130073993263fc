/// Reading a string's bytes where they are stored.
extension String {
    /// `body` on the string's UTF-8 bytes, read from its storage (copied once when it has none,
    /// as a bridged string may not).
    ///
    /// Walking `utf8` byte by byte goes through the view's index checks at every byte: on the
    /// per-message scans (card numbers, invisible controls, a question mark inside) that cost
    /// some 4,000 instructions of the bot's ~80,000 per message; this costs a few per byte.
    @inline(__always)
    func scanningUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
