import Foundation

/// How times, durations and shares read in ticket files and reports; built once per time zone
/// (a `Calendar`, no `DateFormatter`, which is slow on Linux).
struct HandoffFormat: Sendable {
    let calendar: Calendar

    init(timeZone: TimeZone) {
        calendar = OrderCalendar.gregorian(in: timeZone)
    }

    /// The time zone's name as shown after a date, e.g. `UTC` or `Europe/London`.
    var zoneName: String {
        let id = calendar.timeZone.identifier
        return id == "GMT" || id == "Etc/UTC" || id == "Etc/GMT" ? "UTC" : id
    }

    /// `14:03`.
    func clock(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return Self.twoDigits(c.hour ?? 0) + ":" + Self.twoDigits(c.minute ?? 0)
    }

    /// `2026-11-22`.
    func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(c.year ?? 0)-" + Self.twoDigits(c.month ?? 0) + "-" + Self.twoDigits(c.day ?? 0)
    }

    /// `2026-11-22 14:03`.
    func dayAndClock(_ date: Date) -> String { day(date) + " " + clock(date) }

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
