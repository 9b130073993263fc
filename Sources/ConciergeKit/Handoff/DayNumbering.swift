import Foundation

/// Calendar days in a time zone, numbered from 1970-01-01 (day 0), for counting a report's
/// conversations and tickets day by day.
///
/// A report reads the day of every conversation and ticket: the zone's offset is looked up once
/// per quarter of an hour of the dates seen (offsets change at whole quarters in every zone), not
/// per date, and the day follows by arithmetic.
struct DayNumbering {
    let timeZone: TimeZone
    private var offsets: [Int: Int] = [:]

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The number of the day `date` falls on in the zone.
    mutating func day(of date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let quarter = seconds >= 0 ? seconds / 900 : (seconds - 899) / 900
        let offset: Int
        if let known = offsets[quarter] {
            offset = known
        } else {
            offset = timeZone.secondsFromGMT(for: date)
            offsets[quarter] = offset
        }
        let local = seconds + offset
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// Day `number` as `2026-11-03`.
    static func name(of number: Int) -> String {
        let (year, month, day) = HandoffFormat.civil(daysSince1970: number)
        return "\(year)-" + (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
    }
}
