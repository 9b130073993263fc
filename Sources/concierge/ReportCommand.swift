import ConciergeKit
import Foundation

/// `concierge report [--since DATE] [--json] [--html FILE]`: what the shop's support manager reads.
///
/// One ``Report`` is computed and shown as text (the default), as JSON (`--json`) or written as the
/// dashboard page (`--html FILE`, `-` for standard output), so every form has the same numbers.
enum ReportCommand {
    static let usage = "concierge report [--since YYYY-MM-DD] [--json] [--html FILE] [--store DIR]  conversations, handoffs, waits, CSAT, unmatched messages; --html writes the dashboard page"

    static func run(_ args: [String]) throws -> Int32 {
        try run(args, now: Date(), output: Output.line, warning: Output.error)
    }

    /// The command, with the clock and the output passed in (for tests).
    /// - Parameters:
    ///   - now: the end of the period, and when the page says it was made.
    ///   - output: writes one block of text to standard output.
    ///   - warning: writes one line to standard error.
    static func run(_ args: [String], now: Date, output: (String) -> Void, warning: (String) -> Void) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["since", "store", "intents", "html"], flagOptions: ["json"])
        if let path = a[option: "html"], path.isEmpty { throw UsageError("--html needs a file name, e.g. --html report.html (or - for standard output)") }
        let content = ContentLocation.directory(a[option: "intents"])
        // The report needs only the store; the content gives the shop's time zone and name and the
        // matcher that names the intents that might fit, and is done without if it does not load.
        let catalog: Catalog?
        do {
            catalog = try Catalog.load(from: content)
        } catch {
            catalog = nil
            warning("concierge report: the content in \(content) does not load, so the report counts days in UTC and names no intent that might fit; `concierge check` says what is wrong")
        }
        let timeZone = catalog?.profile.timeZone ?? OrderCalendar.utc
        let store = try HandoffStore(directory: StoreLocation.directory(a[option: "store"], contentDirectory: content), timeZone: timeZone)
        let since = try a[option: "since"].map { try day($0, in: timeZone) }
        let report = store.report(since: since, now: now, timeZone: timeZone, matcher: catalog.map { IntentMatcher(catalog: $0) })

        if let path = a[option: "html"] {
            let page = DashboardPage(report: report, shop: catalog?.profile.name ?? "the shop", generatedAt: now).html
            if path == "-" {
                output(page)
                return 0
            }
            try write(page, to: path)
            if !a.has("json") {
                output("Wrote the dashboard (\(report.conversations) conversation\(report.conversations == 1 ? "" : "s"), \(report.tickets) ticket\(report.tickets == 1 ? "" : "s")) to \(path).")
            }
        }
        if a.has("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            output(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if a[option: "html"] == nil {
            output(report.rendered(timeZone: timeZone))
        }
        return 0
    }

    /// The start of `text` (`2026-11-01`) in the shop's time zone.
    private static func day(_ text: String, in timeZone: TimeZone) throws -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "yyyy-MM-dd"
        guard let date = f.date(from: text) else { throw UsageError("--since takes a date like 2026-11-01") }
        return date
    }

    /// Writes `page` to `path` whole: into a temporary file beside it, then renamed over it, so a
    /// reader (a browser, a mail) never sees half a page.
    /// - Throws: ``ReportFileError`` naming the file and what to do.
    static func write(_ page: String, to path: String) throws(ReportFileError) {
        var page = page
        if let failure = page.withUTF8({ Journal.replaceFile(path, with: UnsafeRawBufferPointer($0), durable: false) }) {
            throw ReportFileError(path: path, reason: failure.reason)
        }
    }
}

/// The dashboard page could not be written: which file, why, and what to do.
struct ReportFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String {
        "can't write the dashboard to \(path) (\(reason)); give a file in a folder that exists and that you may write to, e.g. --html report.html"
    }
}
