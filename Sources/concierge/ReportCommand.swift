import ConciergeKit
import Foundation

/// `concierge report [--since DATE] [--json]`: what the shop's support manager reads.
enum ReportCommand {
    static let usage = "concierge report [--since YYYY-MM-DD] [--json] [--store DIR]  conversations, handoffs, waits, CSAT, unmatched messages"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["since", "store", "intents"], flagOptions: ["json"])
        let (store, timeZone) = try StoreLocation.open(a)
        var since: Date?
        if let text = a[option: "since"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = timeZone
            f.dateFormat = "yyyy-MM-dd"
            guard let d = f.date(from: text) else { throw UsageError("--since takes a date like 2026-11-01") }
            since = d
        }
        let report = store.report(since: since, now: Date())
        if a.has("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            Output.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Output.line(report.rendered(timeZone: timeZone))
        }
        return 0
    }
}
