/// The drawing every chart is made in: an `<svg>` scaled to the width of its column, the plot
/// area inside the margins, the value axis's grid, and the chart's accessible name.
///
/// Sizes are in the SVG's own units; the page scales the drawing to its column (at most 520 px
/// wide), so 13-unit text reads at about 16 px at 1280 px and 11 px on a 390 px phone.
struct ChartFrame {
    var width = 420.0
    var height: Double
    var left = 44.0
    var right = 12.0
    var top = 10.0
    var bottom = 26.0

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    /// Opens the `<svg>`: a picture named `label` (its `<title>` and `aria-label`), with `description`
    /// (its `<desc>`) saying what it shows and where its numbers are written out.
    func open(_ label: String, description: String, into m: inout Markup) {
        m.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Markup.number(width)) \(Markup.number(height))",
                       "role": "img", "aria-label": label, "class": "chart"])
        m.element("title", text: label)
        m.element("desc", text: description)
    }

    func close(into m: inout Markup) {
        m.close("svg")
    }

    /// The height of `value` on `axis`, from the plot's bottom.
    func y(_ value: Double, on axis: ChartAxis) -> Double {
        top + plotHeight * (1 - min(max(value / axis.maximum, 0), 1))
    }

    /// Horizontal grid lines at the axis's ticks, labelled at the left.
    func grid(_ axis: ChartAxis, into m: inout Markup) {
        for tick in axis.ticks {
            let y = Markup.number(self.y(tick, on: axis))
            m.open("line", ["x1": Markup.number(left), "x2": Markup.number(width - right), "y1": y, "y2": y,
                            "class": tick == 0 ? "axis" : "grid"])
            m.close("line")
            m.element("text", ["x": Markup.number(left - 6), "y": y, "dy": "4", "text-anchor": "end"], text: axis.label(tick))
        }
    }

    /// Labels under the plot for `categories`, each centred in its slot, thinned out (every
    /// second, third, ...) so that labels about `labelWidth` wide never overlap.
    func categoryLabels(_ categories: [String], labelWidth: Double = 54, into m: inout Markup) {
        guard !categories.isEmpty else { return }
        let slot = plotWidth / Double(categories.count)
        let every = max(1, Int((labelWidth / slot).rounded(.up)))
        for (i, label) in categories.enumerated() where i % every == 0 {
            m.element("text", ["x": Markup.number(left + slot * (Double(i) + 0.5)), "y": Markup.number(height - 8), "text-anchor": "middle"],
                      text: label)
        }
    }
}
