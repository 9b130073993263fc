/// A value axis from 0 to a round maximum, with four or five ticks labelled in the unit it measures.
struct ChartAxis {
    /// What the values are.
    enum Unit {
        /// Whole things: conversations, tickets, ratings.
        case count
        /// Durations in seconds, ticked at round durations (`30s`, `5m`, `2h`, `1d`).
        case seconds
        /// Shares from 0 to 1, shown as `0%` to `100%`.
        case share
    }

    let unit: Unit
    /// The top of the axis: at least the largest value, and never 0.
    let maximum: Double
    /// Where the ticks are, from 0 up to ``maximum``.
    let ticks: [Double]

    /// An axis for values up to `largest`.
    init(upTo largest: Double, unit: Unit) {
        self.unit = unit
        let step: Double
        switch unit {
        case .share:
            step = 0.25
            maximum = 1
        case .count:
            step = Self.roundStep(atLeast: max(largest, 1) / 4)
            maximum = step * (max(largest, 1) / step).rounded(.up)
        case .seconds:
            step = Self.durationSteps.first { $0 * 4 >= largest } ?? Self.roundStep(atLeast: largest / 4 / 86_400) * 86_400
            maximum = step * max(1, (largest / step).rounded(.up))
        }
        ticks = stride(from: 0, through: maximum + step / 2, by: step).map { $0 }
    }

    /// The label of a tick or a value: `40`, `1,200`, `5m`, `2h`, `1d 12h`, `75%`.
    func label(_ value: Double) -> String {
        switch unit {
        case .count: return DashboardFormat.count(Int(value.rounded()))
        case .share: return "\(Int((value * 100).rounded()))%"
        case .seconds:
            let seconds = Int(value.rounded())
            if seconds == 0 { return "0" }
            if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
            if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
            if seconds % 60 == 0 { return "\(seconds / 60)m" }
            return "\(seconds)s"
        }
    }

    /// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value`.
    static func roundStep(atLeast value: Double) -> Double {
        var step = 1.0
        while true {
            for factor in [1.0, 2, 5] where step * factor >= value { return step * factor }
            step *= 10
        }
    }

    /// Round durations to tick at, in seconds: from 15 seconds to a week.
    private static let durationSteps: [Double] = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600,
                                                  86_400, 2 * 86_400, 7 * 86_400]
}
