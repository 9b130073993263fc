import Foundation

/// Calendar-day arithmetic for order data, and the fast date parser the loader uses.
///
/// Export files hold millions of dates, so parsing is hand-written arithmetic rather than a
/// `DateFormatter` or `ISO8601DateFormatter` per value (both are slow on Linux).
public enum OrderCalendar {
    /// Coordinated Universal Time.
    public static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? TimeZone.current

    /// A Gregorian calendar in `timeZone`.
    public static func gregorian(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Whole calendar days from `from` to `to`, each read as a date in `timeZone` (negative when `to` is earlier).
    public static func daysBetween(_ from: Date, _ to: Date, in timeZone: TimeZone) -> Int {
        let calendar = gregorian(in: timeZone)
        return calendar.dateComponents([.day], from: calendar.startOfDay(for: from), to: calendar.startOfDay(for: to)).day ?? 0
    }

    /// Seconds in a day; UTC has no daylight saving, so shifting by whole days is exact.
    static let secondsPerDay: Double = 86_400

    /// A date written as `2026-11-20` (taken as 12:00 UTC, which is the same calendar day everywhere
    /// from UTC−11 to UTC+11) or as ISO 8601 with a time, `2026-11-20T14:03:00Z`, optionally with
    /// fractional seconds and an offset such as `+01:00` instead of `Z`.
    /// - Returns: nil when `text` is neither form or names an impossible day or time.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// The day number of `text` if it is a plain `YYYY-MM-DD` date (days since 1970-01-01).
    static func dayNumber(ofPlainDate text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard bytes.count == 10, let (y, m, d) = ymd(bytes) else { return nil }
            return daysFromCivil(y, m, d)
        }
    }

    /// The day number (days since 1970-01-01) of `date`'s calendar day in `timeZone`.
    static func dayNumber(of date: Date, in timeZone: TimeZone) -> Int {
        let parts = gregorian(in: timeZone).dateComponents([.year, .month, .day], from: date)
        return daysFromCivil(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    private static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 10, let (y, m, d) = ymd(b) else { return nil }
        let day = Double(daysFromCivil(y, m, d)) * secondsPerDay
        if b.count == 10 { return Date(timeIntervalSince1970: day + 12 * 3600) }
        // YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)
        guard b.count >= 17, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = number(b, 11, 2), b[13] == UInt8(ascii: ":"), let minute = number(b, 14, 2),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var seconds = 0.0
        if b[i] == UInt8(ascii: ":") {
            guard let s = number(b, i + 1, 2), s < 61 else { return nil }
            seconds = Double(s)
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1
                let start = i
                while i < b.count, let digit = digit(b[i]) {
                    seconds += Double(digit) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, let oh = number(b, i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
                  let om = number(b, i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        return Date(timeIntervalSince1970: day + Double(hour * 3600 + minute * 60 - offset) + seconds)
    }

    private static func ymd(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard let y = number(b, 0, 4), b[4] == UInt8(ascii: "-"), let m = number(b, 5, 2), b[7] == UInt8(ascii: "-"),
              let d = number(b, 8, 2), (1...12).contains(m), d >= 1, d <= daysInMonth(y, m) else { return nil }
        return (y, m, d)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        guard start + length <= b.count else { return nil }
        var value = 0
        for i in start..<(start + length) {
            guard let d = digit(b[i]) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    private static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
