import Foundation

/// One parcel of an order, with the carrier's tracking.
public struct Shipment: Codable, Sendable, Equatable {
    /// The carrier's name as in the shop profile, e.g. `Parcelwise`.
    public var carrier: String
    public var trackingNumber: String
    /// The items in this parcel.
    public var skus: [String]
    /// When the carrier took the parcel; nil while it is still being packed.
    public var shipped: Date?
    /// The day the carrier expects to deliver.
    public var eta: Date?
    /// When the carrier reported it delivered.
    public var delivered: Date?
    /// The carrier's scans, oldest first.
    public var events: [TrackingEvent]

    public init(carrier: String, trackingNumber: String, skus: [String], shipped: Date? = nil, eta: Date? = nil,
                delivered: Date? = nil, events: [TrackingEvent] = []) {
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.skus = skus
        self.shipped = shipped
        self.eta = eta
        self.delivered = delivered
        self.events = events
    }

    enum CodingKeys: String, CodingKey {
        case carrier, skus, shipped, eta, delivered, events
        case trackingNumber = "tracking_number"
    }

    /// Whether the parcel has arrived.
    public var isDelivered: Bool { delivered != nil }

    /// The most recent scan, if the carrier has reported any.
    public var latestEvent: TrackingEvent? { events.max { $0.time < $1.time } }

    /// Whether the parcel is overdue: not delivered, and `today` is a later calendar day than its ETA.
    ///
    /// A parcel due today is not late until the day is over, so the comparison is by calendar day
    /// in `timeZone`; pass the shop's (``ShopProfile/timeZone``) so "today" means the shop's today.
    /// - Parameters:
    ///   - today: the current time, injected so tests can fix it.
    ///   - timeZone: whose calendar days to compare; UTC when not given.
    /// - Returns: false when the parcel is delivered or has no ETA.
    public func isLate(today: Date, timeZone: TimeZone = OrderCalendar.utc) -> Bool {
        guard delivered == nil, let eta else { return false }
        let calendar = OrderCalendar.gregorian(in: timeZone)
        return calendar.startOfDay(for: today) > calendar.startOfDay(for: eta)
    }
}
