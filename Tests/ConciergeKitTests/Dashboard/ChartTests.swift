@testable import ConciergeKit
import Testing

extension Dashboard {
    /// The chart module: round axes, lines that break where a value is missing, labels that never overlap.
    @Suite struct ChartTests {
        /// The largest value, its unit, the ticks, and the top tick's label.
        struct AxisCase: Sendable {
            var largest: Double
            var unit: ChartAxis.Unit
            var ticks: [Double]
            var top: String
        }

        static let axes: [AxisCase] = [
            AxisCase(largest: 0, unit: .count, ticks: [0, 1], top: "1"),
            AxisCase(largest: 7, unit: .count, ticks: [0, 2, 4, 6, 8], top: "8"),
            AxisCase(largest: 40, unit: .count, ticks: [0, 10, 20, 30, 40], top: "40"),
            AxisCase(largest: 1234, unit: .count, ticks: [0, 500, 1000, 1500], top: "1,500"),
            AxisCase(largest: 0.3, unit: .share, ticks: [0, 0.25, 0.5, 0.75, 1], top: "100%"),
            AxisCase(largest: 400, unit: .seconds, ticks: [0, 120, 240, 360, 480], top: "8m"),
            AxisCase(largest: 3600, unit: .seconds, ticks: [0, 900, 1800, 2700, 3600], top: "1h"),
            AxisCase(largest: 20 * 86_400, unit: .seconds, ticks: [0, 7 * 86_400, 14 * 86_400, 21 * 86_400], top: "21d"),
        ]

        @Test(arguments: axes)
        func axesRunFromZeroToARoundMaximum(_ c: AxisCase) {
            let axis = ChartAxis(upTo: c.largest, unit: c.unit)
            #expect(axis.ticks == c.ticks)
            #expect(axis.label(axis.maximum) == c.top)
        }

        @Test func aLineBreaksWhereAValueIsMissingAndALoneValueKeepsItsDot() {
            var m = Markup()
            LineChart(label: "waits", description: "", categories: ["a", "b", "c", "d", "e"],
                      series: [ChartSeries(name: "median", colour: "#000", values: [60, 120, nil, 30, nil])], unit: .seconds,
                      valueText: { "\(Int($0))s" }).draw(into: &m)
            let path = Dashboard.Page.matches(#"<path d="([^"]*)""#, in: m.output)
            #expect(path.count == 1)
            #expect(path.first?.components(separatedBy: "M").count == 3) // two runs: a-b, then d alone
            #expect(Dashboard.Page.texts(of: "title", in: m.output) == ["waits", "a: median 60s", "b: median 120s", "d: median 30s"])
        }

        @Test func dayLabelsAreThinnedOutSoTheyNeverOverlap() {
            var m = Markup()
            let days = (1...30).map { "\($0) Nov" }
            StackedBarChart(label: "per day", description: "", categories: days,
                            series: [ChartSeries(name: "contained", colour: "#000", values: days.map { _ in 1 })]).draw(into: &m)
            let labels = Dashboard.Page.texts(of: "text", in: m.output).filter { $0.hasSuffix("Nov") }
            #expect(labels == ["1 Nov", "6 Nov", "11 Nov", "16 Nov", "21 Nov", "26 Nov"]) // every fifth: 61 units apart, each label about 45 wide
        }

        @Test func aLongBarLabelIsCutAndTheTooltipKeepsItWhole() {
            var m = Markup()
            let long = String(repeating: "x", count: 40)
            BarChart(label: "reasons", description: "", rows: [.init(label: long, value: 3, valueText: "3")], colour: "#000").draw(into: &m)
            #expect(Dashboard.Page.texts(of: "text", in: m.output).first == String(repeating: "x", count: BarChart.labelLength - 1) + "…")
            #expect(Dashboard.Page.texts(of: "title", in: m.output).last == long + ": 3")
        }
    }
}
