import Foundation

/// Renders benchmark results as a Markdown table with a short preamble and the verdict on the
/// latency targets, ready to paste into the README.
struct BenchmarkTable {
    var results: [Benchmark.Result]
    /// One line on where and how the numbers were taken.
    var setting: String
    /// The p99 target for each row, in microseconds, by row name.
    var p99Targets: [String: Double]

    var text: String {
        var lines: [String] = []
        lines.append(setting)
        lines.append("")
        let header = ["catalog", "intents", "examples", "load + compile", "p50", "p99", "max", "utterances/s"]
        var rows: [[String]] = []
        for r in results {
            rows.append([
                r.name, Self.grouped(r.intents), Self.grouped(r.examples),
                Self.milliseconds(r.loadMilliseconds + r.compileMilliseconds),
                Self.microseconds(r.latency.p50), Self.microseconds(r.latency.p99), Self.microseconds(r.latency.max),
                Self.grouped(Int(r.utterancesPerSecond.rounded())),
            ])
        }
        // Pad every column so the table also reads well in a terminal.
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func row(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: " | ") + " |"
        }
        lines.append(row(header))
        lines.append("|" + widths.enumerated().map { c, w in
            c == 0 ? " " + String(repeating: "-", count: w) + " " : " " + String(repeating: "-", count: w - 1) + ": "
        }.joined(separator: "|") + "|")
        for r in rows { lines.append(row(r)) }
        lines.append("")
        for r in results {
            lines.append("- \(r.name): load \(Self.milliseconds(r.loadMilliseconds)), compile \(Self.milliseconds(r.compileMilliseconds)); "
                + "mean \(Self.microseconds(r.latency.mean)); decisions: \(Self.grouped(r.acted)) act, "
                + "\(Self.grouped(r.clarified)) clarify, \(Self.grouped(r.fellBack)) fall back.")
        }
        for r in results {
            guard let target = p99Targets[r.name] else { continue }
            let verdict = r.latency.p99 <= target ? "met" : "MISSED"
            lines.append("- Target p99 ≤ \(Int(target)) µs on \(r.name): \(verdict) (\(Self.microseconds(r.latency.p99))).")
        }
        return lines.joined(separator: "\n")
    }

    static func milliseconds(_ ms: Double) -> String {
        ms >= 100 ? "\(grouped(Int(ms.rounded()))) ms" : String(format: "%.1f ms", ms)
    }

    static func microseconds(_ us: Double) -> String {
        us >= 1000 ? "\(grouped(Int(us.rounded()))) µs" : String(format: "%.1f µs", us)
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return n < 0 ? "-" + out : out
    }

    /// `s` right-aligned in a column `width` characters wide (the load tests' plain-text tables).
    static func padded(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
