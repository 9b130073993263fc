/// Horizontal bars, one per row, labelled on the left with their value at the end: for counts by
/// a name (handoff reasons, languages, the backlog by age).
struct BarChart {
    /// A bar: what it counts, its value, and the value as written after it (`12 (40%)`).
    struct Row {
        var label: String
        var value: Double
        var valueText: String
    }

    /// The chart's accessible name.
    var label: String
    /// What it shows and where its numbers are written out.
    var description: String
    var rows: [Row]
    /// A CSS colour for the bars.
    var colour: String

    /// The longest label drawn whole; longer ones are cut with an ellipsis (the table has them whole).
    static let labelLength = 25
    private static let rowHeight = 28.0
    /// About how wide a character of the 13-unit text is.
    private static let characterWidth = 7.0

    func draw(into m: inout Markup) {
        // The label and value columns are as wide as their longest text, so the bars get the rest.
        let longestLabel = min(rows.map(\.label.count).max() ?? 0, Self.labelLength)
        let labelWidth = Double(longestLabel) * Self.characterWidth + 12
        let valueWidth = Double(rows.map(\.valueText.count).max() ?? 0) * Self.characterWidth + 12
        let frame = ChartFrame(height: Double(rows.count) * Self.rowHeight + 8, left: labelWidth, right: valueWidth, top: 4, bottom: 4)
        frame.open(label, description: description, into: &m)
        let largest = rows.map(\.value).max() ?? 0
        for (i, row) in rows.enumerated() {
            let y = frame.top + Double(i) * Self.rowHeight
            let text = row.label.count > Self.labelLength ? String(row.label.prefix(Self.labelLength - 1)) + "…" : row.label
            m.element("text", ["x": "0", "y": Markup.number(y + Self.rowHeight / 2), "dy": "4"], text: text)
            let width = largest > 0 ? frame.plotWidth * row.value / largest : 0
            m.shape("rect", ["x": Markup.number(frame.left), "y": Markup.number(y + 5), "width": Markup.number(max(width, row.value > 0 ? 1 : 0)),
                             "height": Markup.number(Self.rowHeight - 10), "fill": colour],
                    title: "\(row.label): \(row.valueText)")
            m.element("text", ["x": Markup.number(frame.left + width + 6), "y": Markup.number(y + Self.rowHeight / 2), "dy": "4"],
                      text: row.valueText)
        }
        frame.close(into: &m)
    }
}
