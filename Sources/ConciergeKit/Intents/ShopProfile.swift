import Foundation

/// The shop's facts and policies from `Intents/shop.profile`: name, support hours, return
/// window, carriers, delivery options and the rest. Answers reach them as `{placeholders}`,
/// so a fact changed here changes every answer that mentions it.
public struct ShopProfile: Sendable, Equatable {
    /// Every single-valued key as written, e.g. `return_window_days` → `30`.
    public var values: [String: String]
    /// Delivery options in the order listed.
    public var deliveryOptions: [DeliveryOption]
    /// Carriers and their tracking-link templates.
    public var carriers: [Carrier]
    /// When people answer the chat.
    public var supportHours: SupportHours
    /// The shop's time zone, for support hours and dates.
    public var timeZone: TimeZone
    /// What the shop's order numbers look like.
    public var orderNumberFormat: OrderNumberFormat

    /// A way to have an order delivered.
    public struct DeliveryOption: Sendable, Equatable {
        public var name: String
        public var time: String
        public var price: String
    }

    /// A carrier, with its tracking link (`{tracking}` marks where the tracking number goes).
    public struct Carrier: Sendable, Equatable {
        public var name: String
        public var trackingLink: String

        /// The tracking link for `trackingNumber`.
        public func link(for trackingNumber: String) -> String {
            trackingLink.replacingOccurrences(of: "{tracking}", with: trackingNumber)
        }
    }

    /// The shop's name.
    public var name: String { values["shop_name"] ?? "our shop" }
    /// Days from delivery within which an item may be returned.
    public var returnWindowDays: Int { Int(values["return_window_days"] ?? "") ?? 30 }
    /// Categories that can never be returned, lower-cased.
    public var nonReturnableCategories: [String] { Self.list(values["non_returnable_categories"]) }
    /// Working days the shop takes to issue a refund once a return arrives.
    public var refundProcessingDays: Int { Int(values["refund_processing_days"] ?? "") ?? 3 }

    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    /// Keys whose values must be whole numbers.
    static let numericKeys: Set<String> = ["return_window_days", "refund_processing_days"]
    /// Keys that may appear more than once and build lists.
    static let listKeys: Set<String> = ["delivery", "carrier"]
    /// Keys every profile needs.
    static let requiredKeys = ["shop_name", "support_hours", "timezone", "return_window_days"]

    /// Parses a profile file; problems go to `issues`.
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> ShopProfile {
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        var delivery: [DeliveryOption] = []
        var carriers: [Carrier] = []
        func error(_ line: Int, _ message: String) { issues.append(ContentIssue(.error, file: file, line: line, message)) }

        for line in KeyValueLine.lines(of: text, missingColon: { error($0, "expected 'key: value', e.g. 'return_window_days: 30'") }) {
            let (n, key, value) = (line.number, line.key.lowercased(), line.value)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                error(n, "key '\(key)' must be letters, digits and underscores")
                continue
            }
            if key == "delivery" {
                let parts = value.split(separator: "|").map { String($0.trimmingSpaces) }
                guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                    error(n, "delivery needs three parts: 'delivery: name | how long | price'")
                    continue
                }
                delivery.append(DeliveryOption(name: parts[0], time: parts[1], price: parts[2]))
                continue
            }
            if key == "carrier" {
                let parts = value.split(separator: "|").map { String($0.trimmingSpaces) }
                guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("{tracking}") else {
                    error(n, "carrier needs 'carrier: name | tracking link with {tracking} in it'")
                    continue
                }
                carriers.append(Carrier(name: parts[0], trackingLink: parts[1]))
                continue
            }
            if let first = lines[key] {
                error(n, "'\(key)' is set twice (first on line \(first)); keep one")
                continue
            }
            if numericKeys.contains(key), Int(value) == nil || (Int(value) ?? -1) < 0 {
                error(n, "'\(key)' must be a whole number of days, e.g. '\(key): 30'")
                continue
            }
            values[key] = value
            lines[key] = n
        }
        for key in requiredKeys where values[key] == nil {
            error(0, "missing '\(key):'; every shop profile needs \(requiredKeys.joined(separator: ", "))")
        }
        var timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        if let id = values["timezone"] {
            if let tz = TimeZone(identifier: id) {
                timeZone = tz
            } else {
                error(lines["timezone"] ?? 0, "unknown time zone '\(id)'; use an IANA name such as Europe/London or America/New_York")
            }
        }
        var hours = SupportHours(periods: [])
        if let spec = values["support_hours"] {
            do {
                hours = try SupportHours(parsing: spec)
            } catch {
                issues.append(ContentIssue(.error, file: file, line: lines["support_hours"] ?? 0, "\(error)"))
            }
        }
        var format = OrderNumberFormat.standard
        if let letters = values["order_number_letters"] {
            if let r = Self.range(letters) { format.letters = r } else {
                error(lines["order_number_letters"] ?? 0, "order_number_letters must be a range such as '0-3'")
            }
        }
        if let digits = values["order_number_digits"] {
            if let r = Self.range(digits), r.lowerBound >= 1 { format.digits = r } else {
                error(lines["order_number_digits"] ?? 0, "order_number_digits must be a range such as '4-16'")
            }
        }
        return ShopProfile(values: values, deliveryOptions: delivery, carriers: carriers, supportHours: hours,
                           timeZone: timeZone, orderNumberFormat: format)
    }

    private static func range(_ s: String) -> ClosedRange<Int>? {
        let parts = s.split(separator: "-").map { Int($0.trimmingSpaces) }
        if parts.count == 1, let a = parts[0] { return a...a }
        guard parts.count == 2, let a = parts[0], let b = parts[1], a <= b, a >= 0 else { return nil }
        return a...b
    }

    /// The placeholders answers may use, each with its rendered value.
    public var placeholders: [String: String] {
        var p = values
        for name in Self.computedPlaceholders { p[name] = placeholder(name) }
        for option in deliveryOptions { p[Self.deliveryPrefix + option.name.lowercased()] = placeholder(Self.deliveryPrefix + option.name.lowercased()) }
        return p
    }

    /// `{delivery:next day}`: one delivery option, as `Next day: the next working day when ordered by 2pm, £6.95`.
    static let deliveryPrefix = "delivery:"

    /// The placeholders built from several profile lines rather than read from one.
    static let computedPlaceholders = ["support_hours", "delivery_options", "carriers"]

    /// One placeholder's rendered value, built only when an answer asks for it.
    func placeholder(_ name: String) -> String? {
        switch name {
        case "support_hours": return supportHours.description + timeZoneSuffix
        case "delivery_options": return "\n" + deliveryOptions.map { "• \($0.name): \($0.time), \($0.price)" }.joined(separator: "\n")
        case "carriers": return Self.naturalList(carriers.map(\.name))
        case _ where name.hasPrefix(Self.deliveryPrefix):
            let wanted = name.dropFirst(Self.deliveryPrefix.count)
            return deliveryOptions.first { $0.name.lowercased() == wanted }.map { "\($0.name): \($0.time), \($0.price)" }
        default: return values[name]
        }
    }

    private var timeZoneSuffix: String {
        switch timeZone.identifier {
        case "Europe/London": return " (UK time)"
        case "UTC", "GMT": return " (UTC)"
        default: return " (\(timeZone.identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? timeZone.identifier) time)"
        }
    }

    /// "a, b and c".
    static func naturalList(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// The names in `template` written as `{name}`.
    static func placeholderNames(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// `template` with each `{placeholder}` replaced by its value; unknown names are left as written
    /// (the content check reports them, so they never reach a loaded catalog).
    public func render(_ template: String, extra: [String: String] = [:]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                out += rest[open...]
                return out
            }
            let name = String(after[..<close])
            out += extra[name] ?? placeholder(name) ?? "{\(name)}"
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }
}
