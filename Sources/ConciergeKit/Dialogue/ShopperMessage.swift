/// One shopper message as the dialogue reads it: the text, what the matcher made of it, and its
/// plain words for the flows' own checks (a yes, an item's name, a leave phrase).
struct ShopperMessage {
    let text: String
    let classification: Classification
    /// The normalised words, without spelling correction.
    let words: [String]
    /// Each word's ``BloomFilter/hash(_:)``, for cheap phrase look-ups.
    let hashes: [UInt64]

    /// - Parameters:
    ///   - words: the normalised words, when the caller has them already.
    ///   - hashes: their hashes, likewise.
    init(_ text: String, classification: Classification, words: [String]? = nil, hashes: [UInt64]? = nil) {
        self.text = text
        self.classification = classification
        let words = words ?? TextNormalizer.words(in: text)
        self.words = words
        self.hashes = hashes?.count == words.count ? hashes! : words.map(BloomFilter.hash)
    }

    var entities: Entities { classification.analysis.entities }

    /// Whether any of `phrases` occurs in the message as whole words.
    func mentions(_ phrases: PhraseSet) -> Bool {
        phrases.occurs(in: words, hashes: hashes)
    }

    /// The intent the matcher would act on with at least `confidence`, read on its own.
    func confidentIntent(_ confidence: Double = 0.5) -> String? {
        guard let intent = classification.intent, classification.confidence >= confidence else { return nil }
        return intent
    }
}
