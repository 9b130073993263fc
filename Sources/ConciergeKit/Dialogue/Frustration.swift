/// Spots an angry or abusive message, which goes straight to a person at high priority rather than
/// getting another automatic answer.
enum Frustration {
    /// Words that on their own show anger or abuse (normalised, lower case).
    static let words: Set<String> = [
        "fuck", "fucking", "fucked", "shit", "shite", "crap", "bullshit", "bloody", "damn", "wtf", "ffs", "useless",
        "pathetic", "ridiculous", "disgusting", "disgrace", "scam", "scammers", "idiots", "idiot", "stupid",
        "furious", "livid", "unacceptable", "rubbish", "worst", "incompetent",
    ]
    /// Phrases that show the shopper has had enough.
    static let phrases: [[String]] = [
        ["sick", "of"], ["fed", "up"], ["had", "enough"], ["this", "is", "a", "joke"], ["waste", "of", "time"],
        ["not", "good", "enough"], ["want", "to", "speak", "to", "a", "manager"],
    ]

    /// Whether `message` reads as angry or abusive: a strong word, a fed-up phrase, or shouting
    /// (most letters in capitals over at least three words, or "!!!").
    static func detect(_ message: String) -> Bool {
        let words = TextNormalizer.words(in: message)
        if words.contains(where: Self.words.contains) { return true }
        for phrase in phrases where KeywordIndex.contains(words, phrase) { return true }
        let letters = message.filter(\.isLetter)
        let capitals = letters.filter(\.isUppercase)
        if words.count >= 3, letters.count >= 10, capitals.count * 10 >= letters.count * 8 { return true }
        return message.contains("!!!")
    }
}
