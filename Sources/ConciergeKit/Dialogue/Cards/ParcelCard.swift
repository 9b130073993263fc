import Foundation

/// One parcel of an order: who carries it, where it stands, when it is due, the carrier's latest
/// scan and the link to follow it.
///
/// Wire fields: `order`; `index` and `count` (parcel 1 of 2); `items` (the names of what is in
/// it); `carrier`; `tracking_number`; `tracking_url` (only ever an `https:` link, absent when the
/// shop has none for the carrier); `state` (see ``State``); `expected` and `delivered` (days,
/// `2026-11-24`, each when known); `last_event`: `{time, description, location?}`, its time in
/// UTC (`2026-11-21T14:03:00Z`).
public struct ParcelCard: Codable, Sendable, Equatable {
    /// Where the parcel stands, as the reply's text says it.
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Still being packed: the carrier hasn't taken it.
        case preparing
        /// With the carrier, on time.
        case inTransit = "in_transit"
        /// On the van for delivery today.
        case outForDelivery = "out_for_delivery"
        /// Past its expected day.
        case late
        /// More than two days past its expected day: a replacement or refund is due.
        case overdue
        /// Delivered.
        case delivered
    }

    /// A scan by the carrier.
    public struct Event: Codable, Sendable, Equatable {
        /// When, to the second.
        public var time: Date
        /// What happened, in the carrier's words.
        public var description: String
        public var location: String?

        public init(time: Date, description: String, location: String? = nil) {
            self.time = Date(timeIntervalSince1970: (time.timeIntervalSince1970).rounded(.down))
            self.description = description
            self.location = location
        }

        enum CodingKeys: String, CodingKey {
            case time, description, location
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let text = try c.decode(String.self, forKey: .time)
            guard let time = Self.time(text) else {
                throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "\"\(text)\" is not a time; write it as 2026-11-21T14:03:00Z")
            }
            self.time = time
            description = try c.decode(String.self, forKey: .description)
            location = try c.decodeIfPresent(String.self, forKey: .location)
        }

        /// The time as text in every format, whatever the encoder's date strategy.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(description, forKey: .description)
            try c.encodeIfPresent(location, forKey: .location)
            try c.encode(Self.text(time), forKey: .time)
        }

        /// `2026-11-21T14:03:00Z`: the time in UTC, to the second.
        static func text(_ time: Date) -> String {
            let seconds = Int((time.timeIntervalSince1970).rounded(.down))
            let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
            let (d, s) = second < 0 ? (days - 1, second + 86_400) : (days, second)
            let (y, m, day) = HandoffFormat.civil(daysSince1970: d)
            return CalendarDay(year: y, month: m, day: day).description + "T" + CalendarDay.digits(s / 3600, 2) + ":"
                + CalendarDay.digits(s / 60 % 60, 2) + ":" + CalendarDay.digits(s % 60, 2) + "Z"
        }

        /// Reads what ``text(_:)`` writes; nil for anything else.
        static func time(_ text: String) -> Date? {
            let utf8 = Array(text.utf8)
            guard utf8.count == 20, utf8[10] == UInt8(ascii: "T"), utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
                  utf8[19] == UInt8(ascii: "Z"), let day = CalendarDay(String(decoding: utf8[0..<10], as: UTF8.self)),
                  let h = Int(String(decoding: utf8[11..<13], as: UTF8.self)), let m = Int(String(decoding: utf8[14..<16], as: UTF8.self)),
                  let s = Int(String(decoding: utf8[17..<19], as: UTF8.self)), h < 24, m < 60, s < 61 else { return nil }
            let days = OrderCalendar.daysFromCivil(day.year, day.month, day.day)
            return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + h * 3600 + m * 60 + s))
        }
    }

    /// The order number.
    public var order: String
    /// Which parcel of the order this is (from 1), and how many there are.
    public var index: Int
    public var count: Int
    /// The names of the items in it.
    public var items: [String]
    public var carrier: String
    public var trackingNumber: String
    /// The carrier's tracking page; only `https:` links are kept.
    public var trackingURL: String?
    public var state: State
    /// The day the carrier expects to deliver it.
    public var expected: CalendarDay?
    /// The day it was delivered.
    public var delivered: CalendarDay?
    /// The carrier's latest scan.
    public var lastEvent: Event?

    public init(order: String, index: Int = 1, count: Int = 1, items: [String], carrier: String, trackingNumber: String,
                trackingURL: String? = nil, state: State, expected: CalendarDay? = nil, delivered: CalendarDay? = nil, lastEvent: Event? = nil) {
        self.order = order
        self.index = index
        self.count = count
        self.items = items
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.trackingURL = trackingURL.flatMap(Self.safeLink)
        self.state = state
        self.expected = expected
        self.delivered = delivered
        self.lastEvent = lastEvent
    }

    enum CodingKeys: String, CodingKey {
        case order, index, count, items, carrier, state, expected, delivered
        case trackingNumber = "tracking_number"
        case trackingURL = "tracking_url"
        case lastEvent = "last_event"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(order: try c.decode(String.self, forKey: .order), index: try c.decode(Int.self, forKey: .index),
                  count: try c.decode(Int.self, forKey: .count), items: try c.decode([String].self, forKey: .items),
                  carrier: try c.decode(String.self, forKey: .carrier), trackingNumber: try c.decode(String.self, forKey: .trackingNumber),
                  trackingURL: try c.decodeIfPresent(String.self, forKey: .trackingURL), state: try c.decode(State.self, forKey: .state),
                  expected: try c.decodeIfPresent(CalendarDay.self, forKey: .expected),
                  delivered: try c.decodeIfPresent(CalendarDay.self, forKey: .delivered),
                  lastEvent: try c.decodeIfPresent(Event.self, forKey: .lastEvent))
    }

    /// `link` when it is an `https:` address with nothing in it that could end or disguise it
    /// (spaces, controls, quotes, angle brackets); nil otherwise.
    static func safeLink(_ link: String) -> String? {
        guard link.utf8.count > 8, link.lowercased().hasPrefix("https://"),
              !link.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "\"'<>\\`".unicodeScalars.contains($0) || BidiControls.isControl($0) })
        else { return nil }
        return link
    }
}

extension ParcelCard {
    /// The card for parcel `s` of `order` as of `today`, worded by `wording` (the shop's carriers
    /// and calendar).
    init(_ s: Shipment, of order: Order, wording: OrderWording, today: Date) {
        let index = (order.shipments.firstIndex(of: s) ?? 0) + 1
        let state: State
        if s.delivered != nil {
            state = .delivered
        } else if wording.isOverdue(s, today: today) {
            state = .overdue
        } else if s.isLate(today: today, timeZone: wording.profile.timeZone) {
            state = .late
        } else if order.status == .outForDelivery {
            state = .outForDelivery
        } else if s.shipped == nil {
            state = .preparing
        } else {
            state = .inTransit
        }
        self.init(order: order.id, index: index, count: order.shipments.count,
                  items: order.items.filter { s.skus.contains($0.sku) }.map { Card.shown($0.name) },
                  carrier: Card.shown(s.carrier), trackingNumber: s.trackingNumber, trackingURL: wording.trackingLink(s), state: state,
                  expected: s.eta.map { CalendarDay($0, in: wording.calendar) },
                  delivered: s.delivered.map { CalendarDay($0, in: wording.calendar) },
                  lastEvent: s.latestEvent.map { Event(time: $0.time, description: Card.shown($0.description), location: $0.location.map(Card.shown)) })
    }
}
