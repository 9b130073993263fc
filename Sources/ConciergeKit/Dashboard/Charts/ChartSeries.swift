/// One set of values a chart draws in one colour: a layer of stacked bars or a line.
struct ChartSeries {
    /// What the values are, as the legend and the tooltips say it: `handed off`, `median wait`.
    var name: String
    /// A CSS colour, e.g. `#0072B2`.
    var colour: String
    /// A line drawn dashed (told apart by more than its colour).
    var dashed = false
    /// One value per category; nil where there is none (a day without tickets has no wait), which
    /// a line skips.
    var values: [Double?]

    init(name: String, colour: String, dashed: Bool = false, values: [Double?]) {
        self.name = name
        self.colour = colour
        self.dashed = dashed
        self.values = values
    }

    /// The legend under a chart, in HTML (a swatch of each series' colour, or line, and its name),
    /// so it reads and wraps like the text around it.
    static func legend(_ series: [ChartSeries], lines: Bool = false, into m: inout Markup) {
        m.element("ul", ["class": "legend"]) { m in
            for s in series {
                m.element("li") { m in
                    let style = lines ? "border-top-color:\(s.colour)" : "background:\(s.colour)"
                    m.open("span", ["class": lines ? (s.dashed ? "swatch line dashed" : "swatch line") : "swatch", "style": style,
                                    "aria-hidden": "true"])
                    m.close("span")
                    m.text(s.name)
                }
            }
        }
    }
}
