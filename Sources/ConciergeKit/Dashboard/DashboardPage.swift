import Foundation

/// The support manager's dashboard: a ``Report`` as one self-contained HTML page, for
/// `concierge report --html FILE` and for a web server to serve as it is.
///
/// Everything is inside the page: the style sheet inline, the charts as inline SVG drawn here
/// (``StackedBarChart``, ``BarChart``, ``LineChart``), and no script at all (the page's
/// Content-Security-Policy forbids one, and images from elsewhere). Beside each chart a table
/// holds its numbers, so the page reads in full without the charts, to a screen reader too; each
/// chart has a title and a description. The layout is one column on a phone (from 390 px) and puts
/// charts beside their tables from 900 px. Every text from the data (messages, intents, the shop's
/// name) is escaped (``Markup``), so it can never become markup.
///
/// The numbers are the report's, as the plain-text and JSON forms show them.
public struct DashboardPage: Sendable {
    public var report: Report
    /// The shop's name, for the title.
    public var shop: String
    /// When the page was made, shown under the title (in the report's time zone).
    public var generatedAt: Date

    public init(report: Report, shop: String, generatedAt: Date) {
        self.report = report
        self.shop = shop
        self.generatedAt = generatedAt
    }

    /// The whole page, from `<!doctype html>` to `</html>`.
    public var html: String {
        var m = Markup(capacity: 64 * 1024 + report.days.count * 2048)
        m.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        m.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // Nothing runs and nothing loads from elsewhere, even in a mail client or an archive.
        m.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
        m.element("title", text: "Customer support at \(shop): \(period)")
        m.raw("\n<style>\n")
        m.raw(Self.styleSheet)
        m.raw("</style>\n</head>\n<body>\n")
        header(into: &m)
        m.raw("<main>\n")
        summary(into: &m)
        conversationsByDay(into: &m)
        handoffReasons(into: &m)
        waitsAndHandling(into: &m)
        satisfaction(into: &m)
        backlog(into: &m)
        languages(into: &m)
        unmatched(into: &m)
        misunderstandings(into: &m)
        intents(into: &m)
        definitions(into: &m)
        m.raw("</main>\n")
        m.element("footer") { m in
            m.element("p", text: "Made by Concierge from the conversation log and the agents' queue. The same figures are in the plain-text report (concierge report) and in its JSON form (concierge report --json).")
        }
        m.raw("\n</body>\n</html>\n")
        return m.output
    }

    // MARK: Header and summary

    private var format: HandoffFormat {
        HandoffFormat(timeZone: TimeZone(identifier: report.timeZone) ?? OrderCalendar.utc)
    }

    /// `from 2026-11-01 00:00 to 2026-11-30 00:00`, or `up to ...` for a report without a start.
    private var period: String {
        let end = format.dayAndClock(report.now)
        return report.since.map { "from \(format.dayAndClock($0)) to \(end)" } ?? "everything up to \(end)"
    }

    private func header(into m: inout Markup) {
        m.element("header") { m in
            m.element("h1", text: "Customer support at \(shop)")
            m.element("p", text: "The bot and the team, \(period) (\(report.timeZone) time). Made \(format.dayAndClock(generatedAt)).")
            m.element("nav", ["aria-label": "Sections"]) { m in
                m.element("ul") { m in
                    for (id, name) in Self.sections where id != "languages" || report.languages.count > 1 {
                        m.element("li") { m in m.element("a", ["href": "#" + id], text: name) }
                    }
                }
            }
        }
        m.raw("\n")
    }

    /// The sections' anchors and names, in page order, for the table of contents.
    private static let sections = [
        ("conversations", "Conversations"), ("reasons", "Why handed off"), ("waits", "Waits"), ("satisfaction", "Satisfaction"),
        ("backlog", "Waiting now"), ("languages", "Languages"), ("unmatched", "Not understood"),
        ("misunderstandings", "Misunderstood"), ("intents", "Asked about"), ("definitions", "How we count"),
    ]

    /// The headline figures as tiles: what a manager reads first.
    private func summary(into m: inout Markup) {
        let r = report
        let shares = HandoffFormat.percentages([r.contained, r.handedOff, r.abandoned])
        var tiles: [(label: String, value: String, note: String?)] = [
            ("Conversations", DashboardFormat.count(r.conversations), nil),
            ("Contained by the bot", "\(shares[0])%", "\(DashboardFormat.count(r.contained)) conversations"),
            ("Handed off to a person", "\(shares[1])%", "\(DashboardFormat.count(r.handedOff)) conversations"),
            ("Abandoned", "\(shares[2])%", "\(DashboardFormat.count(r.abandoned)) conversations"),
            ("Median wait for an agent", DashboardFormat.duration(r.medianWait), r.p90Wait.map { "90% within \(HandoffFormat.duration($0))" }),
            ("Median handling time", DashboardFormat.duration(r.medianHandlingTime),
             r.p90HandlingTime.map { "90% within \(HandoffFormat.duration($0))" }),
            ("Satisfaction (CSAT)", DashboardFormat.percent(r.satisfied, of: r.ratings),
             r.ratings == 0 ? "no ratings yet" : "\(DashboardFormat.count(r.satisfied)) of \(DashboardFormat.count(r.ratings)) ratings 4 or 5"),
        ]
        tiles.append(("Waiting for an agent now", DashboardFormat.count(r.backlog.waiting),
                      r.backlog.oldestAge.map { "the oldest for \(HandoffFormat.duration($0))" }))
        m.element("section", ["aria-labelledby": "summary-heading", "class": "summary"]) { m in
            m.element("h2", ["id": "summary-heading"], text: "At a glance")
            m.element("dl", ["class": "tiles"]) { m in
                for tile in tiles {
                    m.element("div") { m in
                        m.element("dt", text: tile.label)
                        m.element("dd") { m in
                            m.element("span", ["class": "value"], text: tile.value)
                            if let note = tile.note { m.element("span", ["class": "note"], text: note) }
                        }
                    }
                }
            }
        }
        m.raw("\n")
    }

    // MARK: Building blocks

    /// A section with its heading (`id` is its anchor) and an optional sentence under it.
    func section(_ id: String, _ heading: String, intro: String? = nil, into m: inout Markup, _ body: (inout Markup) -> Void) {
        m.element("section", ["id": id, "aria-labelledby": id + "-heading"]) { m in
            m.element("h2", ["id": id + "-heading"], text: heading)
            if let intro { m.element("p", ["class": "intro"], text: intro) }
            body(&m)
        }
        m.raw("\n")
    }

    /// Charts on one side, their numbers on the other: side by side from 900 px, one above the
    /// other below; with `wide`, the charts side by side above a table too wide to stand beside them.
    func pair(wide: Bool = false, into m: inout Markup, charts: (inout Markup) -> Void, numbers: (inout Markup) -> Void) {
        m.element("div", ["class": wide ? "pair wide" : "pair"]) { m in
            m.element("div", ["class": "charts"], charts)
            m.element("div", ["class": "numbers"], numbers)
        }
    }

    /// A chart (or anything drawn) under a visible caption.
    func figure(_ caption: String, into m: inout Markup, _ body: (inout Markup) -> Void) {
        m.element("figure") { m in
            m.element("figcaption", text: caption)
            body(&m)
        }
    }

    /// A column of a table: its heading, and whether it holds numbers (right-aligned).
    struct Column {
        var heading: String
        var numeric = true

        init(_ heading: String, numeric: Bool = true) {
            self.heading = heading
            self.numeric = numeric
        }
    }

    /// A table whose first column names each row; wider than a phone, it scrolls sideways (and
    /// takes the keyboard's focus to, so it can be scrolled without a mouse).
    func table(_ caption: String, _ columns: [Column], _ rows: [[String]], total: [String]? = nil, into m: inout Markup) {
        m.element("div", ["class": "scroll", "tabindex": "0", "role": "region", "aria-label": caption]) { m in
            m.element("table") { m in
                m.element("caption", text: caption)
                m.element("thead") { m in
                    m.element("tr") { m in
                        for column in columns {
                            m.element("th", ["scope": "col", "class": column.numeric ? "n" : nil], text: column.heading)
                        }
                    }
                }
                func row(_ cells: [String], into m: inout Markup) {
                    m.element("tr") { m in
                        for (i, cell) in cells.enumerated() {
                            let numeric = i < columns.count && columns[i].numeric
                            if i == 0 {
                                m.element("th", ["scope": "row", "class": numeric ? "n" : nil], text: cell)
                            } else {
                                m.element("td", ["class": numeric ? "n" : nil], text: cell)
                            }
                        }
                    }
                    m.raw("\n")
                }
                m.element("tbody") { m in
                    for cells in rows { row(cells, into: &m) }
                }
                if let total {
                    m.element("tfoot") { m in row(total, into: &m) }
                }
            }
        }
    }

    /// A paragraph saying there is nothing to show.
    func nothing(_ text: String, into m: inout Markup) {
        m.element("p", ["class": "empty"], text: text)
    }

    /// The days' labels: under the bars, and in the tooltips and tables.
    var dayLabels: (short: [String], long: [String]) {
        let labels = report.days.map { DashboardFormat.day($0.date) }
        return (labels.map(\.short), labels.map(\.long))
    }
}
