import Foundation

/// How times, durations and shares read in ticket files and reports; built once per time zone
/// (no `DateFormatter`, which is slow on Linux).
struct HandoffFormat: Sendable {
    let calendar: Calendar
    private let timeZone: TimeZone

    init(timeZone: TimeZone) {
        calendar = OrderCalendar.gregorian(in: timeZone)
        self.timeZone = timeZone
    }

    /// The time zone's name as shown after a date, e.g. `UTC` or `Europe/London`.
    var zoneName: String {
        let id = calendar.timeZone.identifier
        return id == "GMT" || id == "Etc/UTC" || id == "Etc/GMT" ? "UTC" : id
    }

    /// `14:03`.
    func clock(_ date: Date) -> String { clock(local(date)) }

    /// `2026-11-22`.
    func day(_ date: Date) -> String { day(local(date)) }

    /// `2026-11-22 14:03`.
    func dayAndClock(_ date: Date) -> String {
        let t = local(date)
        return day(t) + " " + clock(t)
    }

    /// A date as read on a clock in the time zone.
    struct LocalTime: Equatable {
        var year, month, day, hour, minute: Int
    }

    /// `date` on the zone's clock, by arithmetic on the zone's offset at that instant: a
    /// `Calendar` takes microseconds per date, and a ticket file shows two dates per message.
    /// Outside 1600–9999 (the Julian calendar before 1582, among others) the calendar answers.
    func local(_ date: Date) -> LocalTime {
        let t = date.timeIntervalSince1970
        guard t >= Self.gregorianFrom, t < Self.gregorianUntil else {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return LocalTime(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0, hour: c.hour ?? 0, minute: c.minute ?? 0)
        }
        let seconds = Int(t.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let (days, rest) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayNumber, second) = rest < 0 ? (days - 1, rest + 86_400) : (days, rest)
        let (year, month, day) = Self.civil(daysSince1970: dayNumber)
        return LocalTime(year: year, month: month, day: day, hour: second / 3_600, minute: second / 60 % 60)
    }

    /// 1600-01-01 and 10000-01-01 UTC, in seconds since 1970.
    private static let gregorianFrom: TimeInterval = -11_676_096_000
    private static let gregorianUntil: TimeInterval = 253_402_300_800

    /// `14:03`.
    func clock(_ t: LocalTime) -> String { Self.twoDigits(t.hour) + ":" + Self.twoDigits(t.minute) }

    /// `2026-11-22`.
    func day(_ t: LocalTime) -> String { "\(t.year)-" + Self.twoDigits(t.month) + "-" + Self.twoDigits(t.day) }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A duration to the second, in its two largest units: `45s`, `4m 30s`, `2h 05m`, `3d 4h`.
    static func duration(_ interval: TimeInterval) -> String {
        let total = Int(interval.rounded())
        guard total >= 0 else { return "-" + duration(-interval) }
        let (days, hours, minutes, seconds) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60, total % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h " + twoDigits(minutes) + "m" }
        if minutes > 0 { return "\(minutes)m " + twoDigits(seconds) + "s" }
        return "\(seconds)s"
    }

    /// How long ago something happened, as an agent glances at it: `just now` under a minute,
    /// `4 min ago` under an hour, then ``duration(_:)``'s two units (`2h 05m ago`, `3d 4h ago`).
    static func ago(_ interval: TimeInterval) -> String {
        let minutes = Int(max(0, interval) / 60)
        if minutes == 0 { return "just now" }
        if minutes < 60 { return "\(minutes) min ago" }
        return duration(Double(minutes * 60)) + " ago"
    }

    /// Whole percentages of `counts` that add up to exactly 100 (largest remainder), all 0 when the total is 0.
    static func percentages(_ counts: [Int]) -> [Int] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        var shares = counts.map { $0 * 100 / total }
        let remainders = counts.enumerated().map { (index: $0.offset, rest: $0.element * 100 % total) }
        let missing = 100 - shares.reduce(0, +)
        for r in remainders.sorted(by: { $0.rest != $1.rest ? $0.rest > $1.rest : $0.index < $1.index }).prefix(missing) {
            shares[r.index] += 1
        }
        return shares
    }

    /// A confidence as two decimals, `0.82`.
    static func confidence(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100)." + twoDigits(hundredths % 100)
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
