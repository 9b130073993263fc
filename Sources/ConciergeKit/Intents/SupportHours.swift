import Foundation

/// When people answer the chat, e.g. `Mon-Fri 09:00-18:00; Sat 10:00-16:00`, in the shop's time zone.
public struct SupportHours: Sendable, Equatable, CustomStringConvertible {
    /// Days (1 = Monday … 7 = Sunday) with opening and closing minutes after midnight.
    public struct Period: Sendable, Equatable {
        public var days: [Int]
        public var opens: Int
        public var closes: Int
    }

    public var periods: [Period]

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let fullDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(periods: [Period]) { self.periods = periods }

    /// Parses `Mon-Fri 09:00-18:00; Sat 10:00-16:00`.
    init(parsing spec: String) throws {
        let hint = "write support hours like 'Mon-Fri 09:00-18:00; Sat 10:00-16:00'"
        var periods: [Period] = []
        for part in spec.split(separator: ";") {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2 else { throw ParseError(description: "can't read '\(part.trimmingSpaces)'; \(hint)") }
            let dayRange = words[0].lowercased().split(separator: "-")
            guard let first = dayRange.first.flatMap({ Self.dayNames.firstIndex(of: String($0.prefix(3))) }),
                  let last = (dayRange.count == 2 ? dayRange.last : dayRange.first).flatMap({ Self.dayNames.firstIndex(of: String($0.prefix(3))) }),
                  dayRange.count <= 2, first <= last
            else { throw ParseError(description: "can't read the days '\(words[0])'; \(hint)") }
            let times = words[1].split(separator: "-")
            guard times.count == 2, let opens = Self.minutes(times[0]), let closes = Self.minutes(times[1]), opens < closes else {
                throw ParseError(description: "can't read the times '\(words[1])'; \(hint)")
            }
            periods.append(Period(days: Array((first + 1)...(last + 1)), opens: opens, closes: closes))
        }
        guard !periods.isEmpty else { throw ParseError(description: "support_hours is empty; \(hint)") }
        self.periods = periods
    }

    private static func minutes(_ s: Substring) -> Int? {
        let p = s.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// "Monday to Friday 09:00–18:00 and Saturday 10:00–16:00".
    public var description: String {
        ShopProfile.naturalList(periods.map { p in
            let days = p.days.count == 1 ? Self.fullDayNames[p.days[0] - 1]
                : "\(Self.fullDayNames[p.days[0] - 1]) to \(Self.fullDayNames[p.days[p.days.count - 1] - 1])"
            return "\(days) \(Self.clock(p.opens))–\(Self.clock(p.closes))"
        })
    }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// Whether people are answering at `date` in `timeZone`.
    public func isOpen(at date: Date, in timeZone: TimeZone) -> Bool {
        let (weekday, minute) = Self.local(date, timeZone)
        return periods.contains { $0.days.contains(weekday) && $0.opens <= minute && minute < $0.closes }
    }

    /// The next moment people answer after `date`, described like "Monday at 09:00"; nil when there are no hours.
    public func nextOpening(after date: Date, in timeZone: TimeZone) -> String? {
        let (weekday, minute) = Self.local(date, timeZone)
        for offset in 0...7 {
            let day = (weekday - 1 + offset) % 7 + 1
            let opens = periods.filter { $0.days.contains(day) }.map(\.opens).filter { offset > 0 || $0 > minute }.min()
            if let opens {
                let when = offset == 0 ? "today" : offset == 1 ? "tomorrow" : Self.fullDayNames[day - 1]
                return "\(when) at \(Self.clock(opens))"
            }
        }
        return nil
    }

    private static func local(_ date: Date, _ timeZone: TimeZone) -> (weekday: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays run Sunday = 1 … Saturday = 7; ours run Monday = 1 … Sunday = 7.
        let weekday = ((c.weekday ?? 1) + 5) % 7 + 1
        return (weekday, (c.hour ?? 0) * 60 + (c.minute ?? 0))
    }
}
