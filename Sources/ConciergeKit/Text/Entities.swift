/// The facts the entity scanner found in one shopper message, in the order they appeared.
///
/// Entities are pulled out before intent matching so that "where is #A1234" and
/// "where is 00123842" look the same to the matcher (both become the token `<order>`),
/// and so that the dialogue can remember an order number or e-mail address once given.
public struct Entities: Sendable, Equatable, Codable {
    /// Order numbers, normalised: upper case, without `#`, spaces or dashes (`#a-1234` → `A1234`).
    public var orderNumbers: [String] = []
    /// E-mail addresses, lower-cased.
    public var emails: [String] = []
    /// Postcodes, upper-cased with one space before the inward code (`sw1a1aa` → `SW1A 1AA`).
    public var postcodes: [String] = []
    /// Money amounts as written, e.g. `£12.50` or `30 pounds`.
    public var amounts: [String] = []
    /// Dates as written, e.g. `12 March`, `2026-03-12` or `yesterday`.
    public var dates: [String] = []

    public init() {}

    /// Whether nothing was found.
    public var isEmpty: Bool {
        orderNumbers.isEmpty && emails.isEmpty && postcodes.isEmpty && amounts.isEmpty && dates.isEmpty
    }
}

/// The kind of an entity, and the placeholder token it leaves in the text the matcher sees.
public enum EntityKind: String, Sendable, CaseIterable, Codable {
    case orderNumber = "<order>"
    case email = "<email>"
    case postcode = "<postcode>"
    case amount = "<money>"
    case date = "<date>"
    case cardNumber = "<card>"
    /// A template slot such as `{{Account Type}}` in pasted or generated text.
    case slot = "<slot>"
}
