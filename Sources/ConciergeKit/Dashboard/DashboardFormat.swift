import Foundation

/// How numbers, days and durations read on the dashboard: as in the plain-text report, with
/// thousands grouped and days named as a person says them.
enum DashboardFormat {
    /// `7`, `1,250`, `100,000`.
    static func count(_ n: Int) -> String {
        guard abs(n) >= 1000 else { return "\(n)" }
        var digits = String(abs(n))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + grouped
    }

    /// `4m 30s`, or a dash for none.
    static func duration(_ t: TimeInterval?) -> String {
        t.map(HandoffFormat.duration) ?? "–"
    }

    /// `67%` of `whole`, rounded as ``HandoffFormat/percentages(_:)`` rounds it; a dash for a whole of 0.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : Report.percent(part, of: whole)
    }

    /// A day of the report (`2026-11-03`) as the axis labels it (`3 Nov`) and as a table or a
    /// tooltip names it (`Tue 3 Nov`); the text as it is if it is not such a day.
    static func day(_ date: String) -> (short: String, long: String) {
        guard let number = OrderCalendar.dayNumber(ofPlainDate: date) else { return (date, date) }
        let (_, month, day) = HandoffFormat.civil(daysSince1970: number)
        let short = "\(day) " + months[month - 1]
        // 1970-01-01, day 0, was a Thursday.
        let weekday = weekdays[((number % 7) + 7 + 3) % 7]
        return (short, weekday + " " + short)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// From Monday.
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}
