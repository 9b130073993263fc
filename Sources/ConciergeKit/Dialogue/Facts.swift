/// What the bot has learned in a conversation, so the shopper never has to say it twice and an
/// agent taking over sees it at once.
public struct Facts: Codable, Sendable, Equatable {
    /// The order being talked about, normalised (`#10231` → `10231`).
    public var orderNumber: String?
    /// The e-mail address the shopper gave.
    public var email: String?
    /// The postcode the shopper gave.
    public var postcode: String?
    /// An identity the host application vouches for (a signed-in shopper); verified for their own orders only.
    public var customerEmail: String?
    /// Orders this shopper has proved are theirs.
    public var verifiedOrders: [String] = []
    /// Whether the e-mail or postcode was given since the last verification attempt; an attempt
    /// with details already used for another order does not count as a failure.
    public var freshDetails = false
    /// Failed verification attempts; at three the bot stops looking orders up.
    public var failedVerifications = 0
    /// The item (SKU) a return or report is about.
    public var item: String?
    /// How many of ``item`` the shopper means, when fewer than the order has ("one of the two candles").
    public var quantity: Int?
    /// Why the shopper is returning or reporting an item.
    public var reason: String?
    /// What happened, in the shopper's words (damaged, wrong or missing items).
    public var whatHappened: String?
    /// A new delivery address the shopper gave.
    public var address: String?
    /// Requests recorded for the shop in this conversation (return, cancellation, change ids).
    public var requests: [String] = []
    /// Other order numbers asked about in the same message as ``orderNumber`` ("where are 10233
    /// and 10240?"), answered in turn once the question about it is done; each needs its own proof:
    /// an e-mail address or postcode given once is tried on each, and counts as a wrong guess on
    /// each it doesn't match.
    public var queuedOrders: [String]?

    public init() {}

    /// Whether nothing says who the shopper is: no order of theirs verified, no identity vouched for.
    public var isAnonymous: Bool { verifiedOrders.isEmpty && customerEmail == nil }

    /// Whether order look-ups are locked after too many failed attempts.
    public var isLockedOut: Bool { failedVerifications >= Facts.maximumAttempts }

    /// Attempts allowed before the bot stops looking orders up.
    public static let maximumAttempts = 3

    /// Order numbers taken from one message; more are left out, so that one message with a
    /// postcode cannot try it against a run of numbers (see ``queuedOrders``).
    public static let maximumOrdersAtOnce = 3
}
