/// Vertical bars, one per category, each made of the series' values stacked from the bottom;
/// with a single series, plain columns (a distribution).
///
/// Segments are edged in white, so neighbours stand apart by more than their colours. Every
/// segment carries a tooltip (`Tue 3 Nov: 12 handed off`), which also names it to assistive technology.
struct StackedBarChart {
    /// The chart's accessible name.
    var label: String
    /// What it shows and where its numbers are written out.
    var description: String
    /// The labels under the bars (`3 Nov`).
    var categories: [String]
    /// Each category as the tooltips name it (`Tue 3 Nov`); the labels when empty.
    var tooltips: [String] = []
    /// The layers, bottom first; values of nil count as 0.
    var series: [ChartSeries]
    /// How a value reads in a tooltip: `12 handed off`.
    var valueText: (Double, ChartSeries) -> String = { value, series in "\(DashboardFormat.count(Int(value))) \(series.name)" }

    func draw(into m: inout Markup) {
        let frame = ChartFrame(height: 200)
        let totals = categories.indices.map { i in series.reduce(0) { $0 + ($1.values[i] ?? 0) } }
        let axis = ChartAxis(upTo: totals.max() ?? 0, unit: .count)
        frame.open(label, description: description, into: &m)
        frame.grid(axis, into: &m)
        let slot = frame.plotWidth / Double(max(categories.count, 1))
        let barWidth = min(slot * 0.72, 40)
        for i in categories.indices {
            let x = frame.left + slot * Double(i) + (slot - barWidth) / 2
            var base = 0.0
            for s in series {
                let value = s.values[i] ?? 0
                guard value > 0 else { continue }
                let y0 = frame.y(base, on: axis), y1 = frame.y(base + value, on: axis)
                m.shape("rect", ["x": Markup.number(x), "y": Markup.number(y1), "width": Markup.number(barWidth),
                                 "height": Markup.number(max(y0 - y1, 0.5)), "fill": s.colour, "stroke": "#fff", "stroke-width": "0.5"],
                        title: "\(tooltips.isEmpty ? categories[i] : tooltips[i]): \(valueText(value, s))")
                base += value
            }
        }
        frame.categoryLabels(categories, into: &m)
        frame.close(into: &m)
    }
}
