/// Lines over categories (days), one per series, with a dot on every value: a line breaks where a
/// value is missing (a day without tickets), and a lone value still shows as its dot.
///
/// Every dot carries a tooltip (`Tue 3 Nov: median wait 4m 00s`), which also names it to assistive technology.
struct LineChart {
    /// The chart's accessible name.
    var label: String
    /// What it shows and where its numbers are written out.
    var description: String
    /// The labels under the plot (`3 Nov`).
    var categories: [String]
    /// Each category as the tooltips name it (`Tue 3 Nov`); the labels when empty.
    var tooltips: [String] = []
    var series: [ChartSeries]
    var unit: ChartAxis.Unit
    /// How a value reads in a tooltip, after the series' name: `4m 00s`, `75%`.
    var valueText: (Double) -> String

    func draw(into m: inout Markup) {
        let frame = ChartFrame(height: 180)
        let axis = ChartAxis(upTo: series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0, unit: unit)
        frame.open(label, description: description, into: &m)
        frame.grid(axis, into: &m)
        let slot = frame.plotWidth / Double(max(categories.count, 1))
        func x(_ i: Int) -> String { Markup.number(frame.left + slot * (Double(i) + 0.5)) }
        for s in series {
            // One path of segments, each run of days with a value its own "M ... L ..." stretch.
            var path = ""
            var drawing = false
            for (i, value) in s.values.enumerated() {
                guard let value else {
                    drawing = false
                    continue
                }
                path += (drawing ? " L" : (path.isEmpty ? "M" : " M")) + x(i) + " " + Markup.number(frame.y(value, on: axis))
                drawing = true
            }
            if !path.isEmpty {
                m.open("path", ["d": path, "fill": "none", "stroke": s.colour, "stroke-width": "2",
                                "stroke-dasharray": s.dashed ? "6 4" : nil, "stroke-linejoin": "round"])
                m.close("path")
            }
            for (i, value) in s.values.enumerated() {
                guard let value else { continue }
                m.shape("circle", ["cx": x(i), "cy": Markup.number(frame.y(value, on: axis)), "r": "3", "fill": s.colour],
                        title: "\(tooltips.isEmpty ? categories[i] : tooltips[i]): \(s.name) \(valueText(value))")
            }
        }
        frame.categoryLabels(categories, into: &m)
        frame.close(into: &m)
    }
}
