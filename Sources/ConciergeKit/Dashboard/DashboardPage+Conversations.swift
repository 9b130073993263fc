extension DashboardPage {
    /// The colours of the three outcomes, told apart by people with any common colour blindness
    /// (after Okabe and Ito's palette, the orange darkened to 3.4:1 against white), and named in
    /// the legend and every tooltip besides.
    static let containedColour = "#0072B2"
    static let handedOffColour = "#C27C00"
    static let abandonedColour = "#7A7A7A"

    /// Conversations per day, stacked by outcome, beside the day-by-day table.
    func conversationsByDay(into m: inout Markup) {
        let r = report
        section("conversations", "Conversations per day",
                intro: "Each conversation counts once, on the day it started, as contained by the bot, handed off to a person or abandoned.",
                into: &m) { m in
            guard !r.days.isEmpty else { return nothing("No conversations in this period yet.", into: &m) }
            let labels = dayLabels
            let series = [
                ChartSeries(name: "contained", colour: Self.containedColour, values: r.days.map { Double($0.contained) }),
                ChartSeries(name: "handed off", colour: Self.handedOffColour, values: r.days.map { Double($0.handedOff) }),
                ChartSeries(name: "abandoned", colour: Self.abandonedColour, values: r.days.map { Double($0.abandoned) }),
            ]
            pair(into: &m, charts: { m in
                figure("Conversations per day, by outcome", into: &m) { m in
                    StackedBarChart(label: "Conversations per day", description: "One bar per day from \(labels.long.first ?? "") to \(labels.long.last ?? ""), "
                                    + "stacked: contained at the bottom, then handed off, then abandoned. The table beside it gives the numbers.",
                                    categories: labels.short, tooltips: labels.long, series: series).draw(into: &m)
                    ChartSeries.legend(series, into: &m)
                }
            }, numbers: { m in
                let rows = zip(labels.long, r.days).map { label, d in
                    [label, DashboardFormat.count(d.contained), DashboardFormat.count(d.handedOff), DashboardFormat.count(d.abandoned),
                     DashboardFormat.count(d.conversations)]
                }
                table("Conversations per day", [Column("Day", numeric: false), Column("Contained"), Column("Handed off"), Column("Abandoned"),
                                                Column("All")],
                      rows, total: ["Whole period", DashboardFormat.count(r.contained), DashboardFormat.count(r.handedOff),
                                    DashboardFormat.count(r.abandoned), DashboardFormat.count(r.conversations)], into: &m)
            })
        }
    }

    /// Tickets by the reason the bot handed off, beside their table.
    func handoffReasons(into m: inout Markup) {
        let r = report
        section("reasons", "Why conversations were handed off",
                intro: "Every ticket opened in the period, by the reason the bot passed the conversation to a person.", into: &m) { m in
            guard r.tickets > 0 else { return nothing("No tickets in this period.", into: &m) }
            let shares = HandoffFormat.percentages(r.handoffsByReason.map(\.count))
            let rows = zip(r.handoffsByReason, shares).map { count, share in
                (name: Ticket.Reason(rawValue: count.name)?.phrase ?? count.name, count: count.count, share: share)
            }
            pair(into: &m, charts: { m in
                figure("Tickets by reason", into: &m) { m in
                    BarChart(label: "Tickets by reason for the handoff",
                             description: "One bar per reason, longest first. The table beside it gives the numbers.",
                             rows: rows.map { BarChart.Row(label: $0.name, value: Double($0.count),
                                                           valueText: "\(DashboardFormat.count($0.count)) (\($0.share)%)") },
                             colour: Self.handedOffColour).draw(into: &m)
                }
            }, numbers: { m in
                table("Tickets by reason", [Column("Reason", numeric: false), Column("Tickets"), Column("Share")],
                      rows.map { [$0.name, DashboardFormat.count($0.count), "\($0.share)%"] },
                      total: ["All reasons", DashboardFormat.count(r.tickets), "100%"], into: &m)
                m.element("p") { m in
                    m.text("Reopened within \(Int(HandoffStore.reopenWindow / 86_400)) days of an earlier ticket being resolved: \(DashboardFormat.count(r.reopened)). ")
                    m.text("Order look-ups locked without a ticket (someone guessing order numbers): \(DashboardFormat.count(r.verificationLockouts)).")
                }
            })
        }
    }

    /// Conversations by language, shown only when there is more than one.
    func languages(into m: inout Markup) {
        let r = report
        guard r.languages.count > 1 else { return }
        let known = r.languages.map(\.count).reduce(0, +)
        section("languages", "Languages",
                intro: "The \(DashboardFormat.count(known)) conversations whose language the chat recorded, by that language.", into: &m) { m in
            let shares = HandoffFormat.percentages(r.languages.map(\.count))
            pair(into: &m, charts: { m in
                figure("Conversations by language", into: &m) { m in
                    BarChart(label: "Conversations by language", description: "One bar per language, most used first. The table beside it gives the numbers.",
                             rows: zip(r.languages, shares).map { BarChart.Row(label: $0.0.name, value: Double($0.0.count),
                                                                               valueText: "\(DashboardFormat.count($0.0.count)) (\($0.1)%)") },
                             colour: Self.containedColour).draw(into: &m)
                }
            }, numbers: { m in
                table("Conversations by language", [Column("Language", numeric: false), Column("Conversations"), Column("Share")],
                      zip(r.languages, shares).map { [$0.0.name, DashboardFormat.count($0.0.count), "\($0.1)%"] }, into: &m)
            })
        }
    }
}
