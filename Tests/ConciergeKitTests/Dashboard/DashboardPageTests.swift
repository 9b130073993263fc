@testable import ConciergeKit
import Foundation
import Testing

extension Dashboard {
    /// The manager's page: the report's numbers in its tables and charts, no script, every chart
    /// named, and the shop's data always text.
    @Suite struct DashboardPageTests {
        typealias Days = Handoff.ReportByDayTests

        static func page(_ report: Report, shop: String = "Lantern & Loom") -> String {
            DashboardPage(report: report, shop: shop, generatedAt: Days.now).html
        }

        @Test func theTablesHoldTheReportsNumbersForAKnownJournal() throws {
            let html = Self.page(try Days.report(matcher: Fixtures.matcher))
            #expect(Page.table("Conversations per day", in: html) == [
                ["Mon 2 Nov", "2", "1", "1", "4"], ["Tue 3 Nov", "1", "2", "0", "3"], ["Wed 4 Nov", "1", "1", "1", "3"],
                ["Whole period", "4", "4", "2", "10"],
            ])
            #expect(Page.table("Tickets by reason", in: html) == [
                ["asked for a person", "2", "50%"], ["bot did not understand", "1", "25%"], ["shopper frustrated", "1", "25%"],
                ["All reasons", "4", "100%"],
            ])
            #expect(Page.table("Tickets, waits and handling times per day", in: html) == [
                ["Mon 2 Nov", "1", "4m 00s", "4m 00s", "12m 00s", "12m 00s"],
                ["Tue 3 Nov", "2", "6m 00s", "10m 00s", "20m 00s", "20m 00s"],
                ["Wed 4 Nov", "1", "1h 00m", "1h 00m", "–", "–"],
                ["Whole period", "4", "7m 00s", "1h 00m", "16m 00s", "20m 00s"],
            ])
            #expect(Page.table("Ratings by score", in: html) == [
                ["1", "0", "0%"], ["2", "1", "34%"], ["3", "0", "0%"], ["4", "1", "33%"], ["5", "1", "33%"], ["All", "3", "100%"],
            ])
            #expect(Page.table("Satisfaction per day", in: html) == [
                ["Mon 2 Nov", "1", "1", "100%"], ["Tue 3 Nov", "2", "1", "50%"], ["Wed 4 Nov", "0", "0", "–"], ["Whole period", "3", "2", "67%"],
            ])
            #expect(Page.table("Tickets waiting now, by age", in: html) == [
                ["under 5 min", "0"], ["5 to 30 min", "0"], ["30 min to 2 h", "1"], ["over 2 h", "0"], ["All", "1"],
            ])
            #expect(Page.table("Conversations by language", in: html) == [["de", "2", "40%"], ["en", "2", "40%"], ["fr", "1", "20%"]])
            #expect(Page.table("Most frequent messages not understood", in: html) == [
                ["asdfgh", "3", "–"], ["can i pay with bitcoin", "2", "check_payment_methods (score 0.62)"],
            ])
            #expect(Page.table("Most frequent likely misunderstandings", in: html) == [
                ["track_order", "no that is not what i asked", "1", "where is my refund", "track_refund (score 0.87)"],
            ])
            #expect(Page.table("Intents answered", in: html) == [["track_order", "7"]])
            #expect(Page.texts(of: "span", in: html).filter { !$0.isEmpty }.prefix(15) == [
                "10", "40%", "4 conversations", "40%", "4 conversations", "20%", "2 conversations", "7m 00s", "90% within 1h 00m",
                "16m 00s", "90% within 20m 00s", "67%", "2 of 3 ratings 4 or 5", "1", "the oldest for 1h 00m",
            ])
        }

        @Test func theChartsDrawTheSameNumbers() throws {
            let html = Self.page(try Days.report())
            let tooltips = Set(Page.texts(of: "title", in: html))
            for tooltip in ["Mon 2 Nov: 2 contained", "Mon 2 Nov: 1 handed off", "Mon 2 Nov: 1 abandoned", "Tue 3 Nov: 2 handed off",
                            "Wed 4 Nov: 1 abandoned", "asked for a person: 2 (50%)", "Tue 3 Nov: median wait 6m 00s",
                            "Tue 3 Nov: 90th percentile wait 10m 00s", "Wed 4 Nov: median wait 1h 00m", "Tue 3 Nov: median handling time 20m 00s",
                            "Rated 2: 1 rating", "Rated 4: 1 rating", "Tue 3 Nov: CSAT 50%", "30 min to 2 h: 1", "de: 2 (40%)"] {
                #expect(tooltips.contains(tooltip), "\(tooltip)")
            }
            // Nothing is drawn for a count of 0, and a day without handling time has no dot.
            #expect(!tooltips.contains("Tue 3 Nov: 0 abandoned") && !tooltips.contains(where: { $0.hasPrefix("Wed 4 Nov: median handling") }))
        }

        /// Whatever the numbers, the day-by-day table is the report's days, row for row.
        @Test func theDayByDayTableFollowsTheComputationForAnyHistory() throws {
            let store = try HandoffStore(directory: HandoffTestSupport.scratchFolder(), groupCommit: true)
            let history = SupportHistory(conversations: 400, days: 5, seed: 9)
            try history.write(into: store)
            let report = store.report(since: nil, now: history.end, timeZone: Days.berlin)
            let rows = Page.table("Conversations per day", in: Self.page(report))
            #expect(rows.count == report.days.count + 1)
            for (row, day) in zip(rows, report.days) {
                #expect(row == [DashboardFormat.day(day.date).long, "\(day.contained)", "\(day.handedOff)", "\(day.abandoned)", "\(day.conversations)"])
            }
            #expect(rows.last == ["Whole period", "\(report.contained)", "\(report.handedOff)", "\(report.abandoned)", "\(report.conversations)"])
        }

        static let hostile = [
            "<script>alert(1)</script>",
            "\"onmouseover=alert(1) x=\"",
            "' onfocus='alert(1)' autofocus='",
            "</svg><img src=x onerror=alert(1)>",
            "</style><script>alert(1)</script><style>",
            "</title></textarea><a href=\"javascript:alert(1)\">click</a>",
            "&lt;b&gt; already escaped &amp; more",
        ]

        /// Every text the page takes from the data, set to `text`.
        static func report(with text: String) throws -> Report {
            var report = try Days.report(matcher: Fixtures.matcher)
            report.topUnmatched[0].text = text
            report.topUnmatched[1].mightFit = Report.Suggestion(intent: text, score: 0.5)
            report.topMisunderstandings[0].intent = text
            report.topMisunderstandings[0].reaction = text
            report.topMisunderstandings[0].example = text
            report.languages[0].name = text
            report.intents[0].name = text
            report.handoffsByReason[0].name = text
            report.backlog.oldestTicket = text
            report.timeZone = text
            return report
        }

        @Test(arguments: hostile)
        func hostileTextStaysText(_ text: String) throws {
            let html = Self.page(try Self.report(with: text), shop: text)
            #expect(!html.contains(text) || !text.contains(where: { "<>\"'&".contains($0) }))
            #expect(html.contains(Markup.escaped(text)))
            #expect(!html.localizedCaseInsensitiveContains("<script"))
            #expect(!html.contains("<img") && !html.contains("<a href=\"javascript") && !html.contains("<textarea"))
            // No event-handler attribute anywhere, and every tag is one the page writes itself.
            #expect(Page.matches(#"(<[a-z][^>]*\son[a-z]+=)"#, in: html).isEmpty)
            let tags = Set(Page.matches(#"<([a-z][a-z0-9]*)[\s>/]"#, in: html))
            #expect(tags.isSubset(of: Self.tagsThePageWrites), "\(tags.subtracting(Self.tagsThePageWrites))")
            #expect(html.components(separatedBy: "<svg ").count == html.components(separatedBy: "</svg>").count)
            // And it reads back as the text it was.
            #expect(Page.table("Most frequent messages not understood", in: html).first?.first == text)
            #expect(Page.texts(of: "h1", in: html) == ["Customer support at \(text)"])
        }

        static let tagsThePageWrites: Set<String> = [
            "html", "head", "meta", "title", "style", "body", "header", "nav", "ul", "li", "a", "main", "section", "h1", "h2", "p", "dl", "div",
            "dt", "dd", "span", "figure", "figcaption", "svg", "desc", "line", "text", "rect", "path", "circle", "table", "caption", "thead",
            "tbody", "tfoot", "tr", "th", "td", "footer",
        ]

        @Test func thePageRunsNoScriptLoadsNothingAndNamesEveryChart() throws {
            let html = Self.page(try Days.report(matcher: Fixtures.matcher))
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
            #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
            #expect(!html.contains("<script") && !html.contains("javascript:") && !html.contains(" src="))
            #expect(Page.matches(#"href="([^"]*)""#, in: html).allSatisfy { $0.hasPrefix("#") })
            let charts = Page.matches(#"(<svg [^>]*>(?:<title>[^<]*</title><desc>[^<]*</desc>)?)"#, in: html)
            #expect(charts.count == 8)
            for chart in charts {
                #expect(chart.contains(#"role="img""#) && chart.contains(#"aria-label=""#) && chart.contains("<title>") && chart.contains("<desc>"), "\(chart)")
            }
            #expect(Page.texts(of: "figcaption", in: html) == ["Conversations per day, by outcome", "Tickets by reason", "Wait for an agent",
                                                               "Handling time", "Ratings by score", "CSAT per day", "Tickets waiting now, by age",
                                                               "Conversations by language"])
        }

        @Test func anEmptyReportSaysThereIsNothingYetAndDrawsNoChart() throws {
            let html = Self.page(try HandoffTestSupport.newStore().report(since: nil, now: Days.now, timeZone: Days.berlin))
            for sentence in ["No conversations in this period yet.", "No tickets in this period.", "No ratings in this period yet.",
                             "No ticket was waiting for an agent at the end of the period.", "None: the bot placed every message.",
                             "None found in this period.", "No answers in this period yet."] {
                #expect(html.contains(sentence), "\(sentence)")
            }
            #expect(!html.contains("<svg") && !html.contains("<table"))
        }

        @Test func languagesShowOnlyWhenThereIsMoreThanOne() throws {
            var report = try Days.report()
            #expect(Self.page(report).contains("<h2 id=\"languages-heading\">Languages</h2>"))
            report.languages = [Report.Count("en", 5)]
            let html = Self.page(report)
            #expect(!html.contains("languages-heading") && !html.contains("href=\"#languages\""))
        }

        @Test func thePeriodAndWhenThePageWasMadeAreInTheReportsTimeZone() throws {
            let html = Self.page(try Days.report())
            #expect(Page.texts(of: "p", in: html).first
                == "The bot and the team, from 2026-11-02 00:00 to 2026-11-05 00:00 (Europe/Berlin time). Made 2026-11-05 00:00.")
        }
    }
}
