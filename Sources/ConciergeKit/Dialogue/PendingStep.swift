/// What the bot asked for and is waiting to hear, so the next message is read in that light.
public enum PendingStep: Codable, Sendable, Equatable {
    /// An order number, to go on with `intent`.
    case orderNumber(intent: String)
    /// The e-mail address or postcode on the order, to go on with `intent`.
    case verification(intent: String)
    /// Which item of the order, for a return or a damaged/wrong-item report.
    case item(intent: String)
    /// Why the item is going back.
    case returnReason
    /// What happened to the item or parcel, in the shopper's words.
    case whatHappened(intent: String)
}
