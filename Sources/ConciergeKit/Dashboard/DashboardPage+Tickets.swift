extension DashboardPage {
    static let medianColour = "#0072B2"
    static let p90Colour = "#D55E00"
    static let satisfiedColour = "#009E73"

    /// Wait and handling time per day, median and 90th percentile, beside the day-by-day table.
    func waitsAndHandling(into m: inout Markup) {
        let r = report
        section("waits", "Waiting for an agent, and handling time",
                intro: "For the tickets opened each day: how long shoppers waited for an agent to take their ticket, and how long the agent then took to resolve it. Half of the tickets took no longer than the median, nine in ten no longer than the 90th percentile.",
                into: &m) { m in
            guard r.tickets > 0 else { return nothing("No tickets in this period.", into: &m) }
            let labels = dayLabels
            pair(wide: true, into: &m, charts: { m in
                let waits = [
                    ChartSeries(name: "median", colour: Self.medianColour, values: r.days.map(\.medianWait)),
                    ChartSeries(name: "90th percentile", colour: Self.p90Colour, dashed: true, values: r.days.map(\.p90Wait)),
                ]
                figure("Wait for an agent", into: &m) { m in
                    LineChart(label: "Wait for an agent per day", description: "Two lines over the days from \(labels.long.first ?? "") to \(labels.long.last ?? ""): the median wait (solid) and the 90th percentile (dashed); days without tickets are gaps. The table below gives the numbers.",
                              categories: labels.short, tooltips: labels.long, series: waits, unit: .seconds,
                              valueText: { "wait " + HandoffFormat.duration($0) }).draw(into: &m)
                    ChartSeries.legend(waits, lines: true, into: &m)
                }
                let handling = [
                    ChartSeries(name: "median", colour: Self.medianColour, values: r.days.map(\.medianHandlingTime)),
                    ChartSeries(name: "90th percentile", colour: Self.p90Colour, dashed: true, values: r.days.map(\.p90HandlingTime)),
                ]
                figure("Handling time", into: &m) { m in
                    LineChart(label: "Handling time per day", description: "Two lines over the same days: the median handling time (solid) and the 90th percentile (dashed), for the tickets resolved so far. The table below gives the numbers.",
                              categories: labels.short, tooltips: labels.long, series: handling, unit: .seconds,
                              valueText: { "handling time " + HandoffFormat.duration($0) }).draw(into: &m)
                    ChartSeries.legend(handling, lines: true, into: &m)
                }
            }, numbers: { m in
                let rows = zip(labels.long, r.days).map { label, d in
                    [label, DashboardFormat.count(d.tickets), DashboardFormat.duration(d.medianWait), DashboardFormat.duration(d.p90Wait),
                     DashboardFormat.duration(d.medianHandlingTime), DashboardFormat.duration(d.p90HandlingTime)]
                }
                table("Tickets, waits and handling times per day",
                      [Column("Day", numeric: false), Column("Tickets"), Column("Median wait"), Column("90% wait"), Column("Median handling"),
                       Column("90% handling")],
                      rows, total: ["Whole period", DashboardFormat.count(r.tickets), DashboardFormat.duration(r.medianWait),
                                    DashboardFormat.duration(r.p90Wait), DashboardFormat.duration(r.medianHandlingTime),
                                    DashboardFormat.duration(r.p90HandlingTime)], into: &m)
                if r.stillWaiting > 0 {
                    m.element("p", text: "\(DashboardFormat.count(r.stillWaiting)) of these tickets are still waiting; their waits count at their age now.")
                }
            })
        }
    }

    /// Ratings by score and satisfaction per day, beside their tables.
    func satisfaction(into m: inout Markup) {
        let r = report
        section("satisfaction", "Satisfaction (CSAT)",
                intro: "After a person has helped, the shopper is asked for a rating from 1 (poor) to 5 (great). CSAT is the share of ratings that are 4 or 5.",
                into: &m) { m in
            guard r.ratings > 0 else { return nothing("No ratings in this period yet.", into: &m) }
            let labels = dayLabels
            let shares = HandoffFormat.percentages(r.ratingsByScore)
            pair(into: &m, charts: { m in
                figure("Ratings by score", into: &m) { m in
                    let scores = ChartSeries(name: "ratings", colour: Self.satisfiedColour, values: r.ratingsByScore.map(Double.init))
                    StackedBarChart(label: "Ratings by score", description: "One column per score from 1 to 5, as tall as the number of ratings with that score. The table beside it gives the numbers.",
                                    categories: ["1", "2", "3", "4", "5"], tooltips: ["Rated 1", "Rated 2", "Rated 3", "Rated 4", "Rated 5"],
                                    series: [scores], valueText: { value, _ in "\(DashboardFormat.count(Int(value))) rating\(value == 1 ? "" : "s")" }).draw(into: &m)
                }
                figure("CSAT per day", into: &m) { m in
                    let trend = [ChartSeries(name: "CSAT", colour: Self.satisfiedColour, values: r.days.map(\.csat))]
                    LineChart(label: "Satisfaction per day", description: "The share of ratings that are 4 or 5, day by day from \(labels.long.first ?? "") to \(labels.long.last ?? ""); days without ratings are gaps. The table beside it gives the numbers.",
                              categories: labels.short, tooltips: labels.long, series: trend, unit: .share,
                              valueText: { "\(Int(($0 * 100).rounded()))%" }).draw(into: &m)
                }
            }, numbers: { m in
                table("Ratings by score", [Column("Score", numeric: false), Column("Ratings"), Column("Share")],
                      (1...5).map { ["\($0)", DashboardFormat.count(r.ratingsByScore[$0 - 1]), "\(shares[$0 - 1])%"] },
                      total: ["All", DashboardFormat.count(r.ratings), "100%"], into: &m)
                table("Satisfaction per day", [Column("Day", numeric: false), Column("Ratings"), Column("4 or 5"), Column("CSAT")],
                      zip(labels.long, r.days).map { label, d in
                          [label, DashboardFormat.count(d.ratings), DashboardFormat.count(d.satisfied), DashboardFormat.percent(d.satisfied, of: d.ratings)]
                      },
                      total: ["Whole period", DashboardFormat.count(r.ratings), DashboardFormat.count(r.satisfied),
                              DashboardFormat.percent(r.satisfied, of: r.ratings)], into: &m)
            })
        }
    }

    /// The tickets waiting for an agent now, by age.
    func backlog(into m: inout Markup) {
        let b = report.backlog
        let intro = b.oldestAge.map { age in
            "\(DashboardFormat.count(b.waiting)) ticket\(b.waiting == 1 ? "" : "s") waiting for an agent at the end of the period; the oldest, \(b.oldestTicket ?? ""), has waited \(HandoffFormat.duration(age))."
        } ?? "No ticket was waiting for an agent at the end of the period."
        section("backlog", "Waiting for an agent now", intro: intro, into: &m) { m in
            guard b.waiting > 0 else { return }
            let rows = b.byAge.map { (label: Report.label($0), count: $0.count) }
            pair(into: &m, charts: { m in
                figure("Tickets waiting now, by age", into: &m) { m in
                    BarChart(label: "Tickets waiting now, by age", description: "One bar per age band, youngest first. The table beside it gives the numbers.",
                             rows: rows.map { BarChart.Row(label: $0.label, value: Double($0.count), valueText: DashboardFormat.count($0.count)) },
                             colour: Self.p90Colour).draw(into: &m)
                }
            }, numbers: { m in
                table("Tickets waiting now, by age", [Column("Waiting for", numeric: false), Column("Tickets")],
                      rows.map { [$0.label, DashboardFormat.count($0.count)] }, total: ["All", DashboardFormat.count(b.waiting)], into: &m)
            })
        }
    }
}
