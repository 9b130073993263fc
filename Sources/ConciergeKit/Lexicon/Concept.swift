/// A set of words and phrases that mean one thing in a shop, like ChatScript's concept sets:
/// `~buy` for buy, purchase and acquire. The matcher reads every member, in any of its forms, as
/// the concept's name, so an intent's examples need only one of them.
public struct Concept: Sendable, Equatable {
    /// The name, with its `~`, e.g. `~refund`.
    public var name: String
    /// The members, as normalised words (one for a word, several for a phrase).
    public var members: [Member]
    /// Where the concept is defined.
    public var source: SourceLocation

    /// One word or phrase of a concept.
    public struct Member: Sendable, Equatable {
        public var words: [String]
        public var line: Int
    }

    /// Whether `name` is `~` followed by lower-case letters, digits and underscores.
    static func isValidName(_ name: String) -> Bool {
        name.count > 1 && name.first == "~"
            && name.dropFirst().allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "_" }
    }
}
