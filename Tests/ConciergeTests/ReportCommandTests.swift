import ConciergeKit
import ConciergeTestSupport
@testable import concierge
import Foundation
import Testing

/// `concierge report`: the text, the JSON and the dashboard page from one computation.
struct ReportCommandTests {
    static let now = Date(timeIntervalSince1970: 1_793_491_200 + 3 * 86_400)

    /// A store folder holding three days of a seeded history, ending at ``now``.
    static func store() throws -> String {
        let folder = Scratch.folder("report")
        let store = try HandoffStore(directory: folder, groupCommit: true)
        try SupportHistory(conversations: 150, days: 3, seed: 5).write(into: store)
        store.sync()
        store.waitForTicketFiles()
        return folder
    }

    /// Runs the command and returns what it printed.
    static func run(_ args: [String]) throws -> (output: [String], warnings: [String]) {
        var output: [String] = []
        var warnings: [String] = []
        let status = try ReportCommand.run(args + ["--intents", Fixtures.intents], now: now,
                                           output: { output.append($0) }, warning: { warnings.append($0) })
        #expect(status == 0)
        return (output, warnings)
    }

    static func decoded(_ json: String) throws -> Report {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Report.self, from: Data(json.utf8))
    }

    @Test func htmlWritesTheDashboardWithTheSameNumbersAsTheJSON() throws {
        let folder = try Self.store()
        let file = Scratch.folder("page") + ".html"
        let written = try Self.run(["--store", folder, "--html", file])
        let json = try Self.run(["--store", folder, "--json"])
        let report = try Self.decoded(json.output.joined())
        #expect(written.output == ["Wrote the dashboard (\(report.conversations) conversations, \(report.tickets) tickets) to \(file)."])
        #expect(written.warnings.isEmpty)
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html == DashboardPage(report: report, shop: "Lantern & Loom", generatedAt: Self.now).html)
        #expect(html.contains("<h1>Customer support at Lantern &amp; Loom</h1>"))
        // Nothing is left beside the page.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (file as NSString).deletingLastPathComponent)
        #expect(siblings.filter { $0.hasPrefix((file as NSString).lastPathComponent) } == [(file as NSString).lastPathComponent])
    }

    @Test func theTextAndTheJSONShowTheNewFigures() throws {
        let folder = try Self.store()
        let report = try Self.decoded(try Self.run(["--store", folder, "--json"]).output.joined())
        #expect(report.version == 3 && report.timeZone == "Europe/London")
        #expect(report.days.map(\.conversations).reduce(0, +) == report.conversations)
        #expect(report.ratingsByScore.reduce(0, +) == report.ratings)
        #expect(report.topUnmatched.contains { $0.mightFit != nil })
        let text = try Self.run(["--store", folder]).output.joined()
        #expect(text == report.rendered(timeZone: TimeZone(identifier: "Europe/London") ?? OrderCalendar.utc))
        for heading in ["Conversations by day (days without any left out):", "Tickets by day (waits and handling times: median and 90th percentile):",
                        "  90th percentile handling time: ", "  ratings by score: 1: ", "Languages (of the "] {
            #expect(text.contains(heading), "\(heading)")
        }
    }

    @Test func htmlToADashGoesToStandardOutput() throws {
        let folder = try Self.store()
        let printed = try Self.run(["--store", folder, "--html", "-"]).output
        #expect(printed.count == 1 && printed[0].hasPrefix("<!doctype html>") && printed[0].hasSuffix("</html>\n"))
    }

    /// A file in a folder that does not exist, and a path that is a folder.
    @Test(arguments: [("missing folder", "No such file or directory"), ("a folder", "Is a directory")])
    func htmlToAPathThatCannotBeWrittenSaysWhatToDo(_ kind: String, _ reason: String) throws {
        let folder = try Self.store()
        let path = kind == "a folder" ? folder : folder + "/no-such-folder/report.html"
        let error = #expect(throws: ReportFileError.self) { try Self.run(["--store", folder, "--html", path]) }
        #expect(error?.description == "can't write the dashboard to \(path) (\(reason)); give a file in a folder that exists and that you may write to, e.g. --html report.html")
    }

    @Test func htmlWithoutAFileNameIsAUsageError() throws {
        let error = #expect(throws: UsageError.self) { try Self.run(["--store", try Self.store(), "--html="]) }
        #expect(error?.description == "--html needs a file name, e.g. --html report.html (or - for standard output)")
    }

    @Test func contentThatDoesNotLoadLeavesOutTheIntentsThatMightFitAndSaysWhy() throws {
        let folder = try Self.store()
        var warnings: [String] = []
        var output: [String] = []
        _ = try ReportCommand.run(["--store", folder, "--json", "--intents", "/no-such-content"], now: Self.now,
                                  output: { output.append($0) }, warning: { warnings.append($0) })
        #expect(warnings == ["concierge report: the content in /no-such-content does not load, so the report counts days in UTC and names no intent that might fit; `concierge check` says what is wrong"])
        let report = try Self.decoded(output.joined())
        #expect(report.timeZone == "UTC" && report.topUnmatched.allSatisfy { $0.mightFit == nil })
    }
}
