import ConciergeKit
import ConciergeTestSupport
import Foundation

/// Times the manager's dashboard on a large store: a seeded ``SupportHistory`` of 100,000
/// conversations over 30 days is written once into a temporary folder, then, in each round, the
/// demo shop's content is loaded, the store is opened as `concierge report` opens it (replaying the
/// journal), the report is computed with the matcher naming the intents that might fit, and the
/// HTML page is rendered.
/// Each figure is the best of the rounds, in milliseconds.
enum ReportBenchmark {
    static let usage = "concierge-bench report [--conversations N] [--days N] [--rounds N] [--store DIR]  time opening a store, computing the report and its HTML page"

    static func run(_ args: [String]) throws {
        var conversations = 100_000
        var days = 30
        var rounds = 3
        var keep: String?
        var i = 0
        while i < args.count {
            let value = i + 1 < args.count ? Int(args[i + 1]) : nil
            switch (args[i], value) {
            case ("--conversations", let n?) where n > 0: conversations = n
            case ("--days", let n?) where n > 0: days = n
            case ("--rounds", let n?) where n > 0: rounds = n
            case ("--store", _) where i + 1 < args.count: keep = args[i + 1]
            default: throw BenchUsageError("expected --conversations N, --days N, --rounds N or --store DIR, not '\(args[i...].joined(separator: " "))'")
            }
            i += 2
        }
        #if DEBUG
        FileHandle.standardError.write(Data("warning: this is a debug build; run `swift run -c release concierge-bench report` for real figures\n".utf8))
        #endif

        // With --store DIR the store is kept for `concierge report --store DIR` to be tried on, and
        // a store already there is timed as it is.
        let folder = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("concierge-bench-report-\(getpid())").path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let history = SupportHistory(conversations: conversations, days: days)
        var written: SupportHistory.Written?
        var writeMs = 0.0
        if !FileManager.default.fileExists(atPath: folder + "/journal.jsonl") {
            FileHandle.standardError.write(Data("writing \(BenchmarkTable.grouped(conversations)) conversations over \(days) days…\n".utf8))
            (written, writeMs) = try MonotonicClock.milliseconds { () throws -> SupportHistory.Written in
                let store = try HandoffStore(directory: folder, groupCommit: true)
                let written = try history.write(into: store)
                store.sync()
                store.waitForTicketFiles()
                return written
            }
        }
        let journalBytes = (try? FileManager.default.attributesOfItem(atPath: folder + "/journal.jsonl"))?[.size] as? Int ?? 0
        var best = (content: Double.infinity, open: Double.infinity, report: Double.infinity, html: Double.infinity, total: Double.infinity)
        var pageBytes = 0
        var report: Report?
        for _ in 0..<rounds {
            let (matcher, contentMs) = try MonotonicClock.milliseconds {
                IntentMatcher(catalog: try Catalog.load(from: BenchmarkCommand.locate("Intents")))
            }
            let timeZone = matcher.catalog.profile.timeZone
            let (store, openMs) = try MonotonicClock.milliseconds { try HandoffStore(directory: folder, timeZone: timeZone) }
            let (computed, reportMs) = MonotonicClock.milliseconds {
                store.report(since: nil, now: history.end, timeZone: timeZone, matcher: matcher)
            }
            let (page, htmlMs) = MonotonicClock.milliseconds {
                DashboardPage(report: computed, shop: matcher.catalog.profile.name, generatedAt: history.end).html
            }
            pageBytes = page.utf8.count
            report = computed
            best = (min(best.content, contentMs), min(best.open, openMs), min(best.report, reportMs), min(best.html, htmlMs),
                    min(best.total, contentMs + openMs + reportMs + htmlMs))
        }
        guard let report, report.conversations == written?.conversations ?? report.conversations else {
            throw BenchError("the report counts \(report?.conversations ?? 0) conversations, \(written?.conversations ?? 0) were written")
        }

        func ms(_ x: Double) -> String { String(format: "%.0f ms", x) }
        let events = written.map { ", \(BenchmarkTable.grouped($0.events)) events" } ?? ""
        let writing = written == nil ? "" : ", written in \(ms(writeMs))"
        print("| \(BenchmarkTable.grouped(report.conversations)) conversations, \(BenchmarkTable.grouped(report.tickets)) tickets\(events) over "
              + "\(report.days.count) days (journal \(journalBytes / 1_000_000) MB\(writing)); best of \(rounds) | time |")
        print("|---|---:|")
        print("| load the content and compile the matcher | \(ms(best.content)) |")
        print("| open the store (replay the journal, check the ticket files) | \(ms(best.open)) |")
        print("| compute the report (`HandoffStore.report`, with the intents that might fit) | \(ms(best.report)) |")
        print("| render the page (`DashboardPage.html`, \(pageBytes / 1000) kB) | \(ms(best.html)) |")
        print("| all four, as `concierge report --html` does them | \(ms(best.total)) |")
    }
}
