import ConciergeKit
import ConciergeTestSupport
import Foundation

/// `concierge-bench` with no arguments: load and classify timings for the demo shop's catalog
/// and for a synthetic catalog thirty times larger, printed as a Markdown table.
enum BenchmarkCommand {
    static let usage = "concierge-bench [--only bundled|synthetic] [--passes N]  time loading and classifying (use -c release)"

    /// How many copies of each intent the larger catalog has.
    static let copies = 30
    static let utterancesFile = "Tests/ConciergeKitTests/Fixtures/eval.tsv"

    /// Parses `--only bundled|synthetic` and `--passes N`, then measures.
    static func run(arguments: [String]) throws {
        var only: String?
        var passes = 10
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : nil
            switch (arguments[i], value) {
            case ("--only", let v?) where v == "bundled" || v == "synthetic": only = v
            case ("--passes", let v?) where (Int(v) ?? 0) > 0: passes = Int(v) ?? passes
            default: throw BenchUsageError("expected --only bundled|synthetic or --passes N, not '\(arguments[i...].joined(separator: " "))'")
            }
            i += 2
        }
        try run(only: only, passes: passes)
    }

    /// - Parameters:
    ///   - only: `bundled` or `synthetic` to measure one catalog (for profiling), nil for both.
    ///   - passes: timed passes over the utterances.
    static func run(only: String? = nil, passes: Int = 10) throws {
        #if DEBUG
        FileHandle.standardError.write(Data("warning: this is a debug build; run `swift run -c release concierge-bench` for real figures\n".utf8))
        #endif
        let loadAverage = self.loadAverage()
        let directory = locate("Intents")
        let utterancesPath = locate(utterancesFile)
        guard let data = FileManager.default.contents(atPath: utterancesPath) else {
            throw BenchError("can't read \(utterancesPath); run from the repository root")
        }
        let utterances = try Evaluation.cases(in: String(decoding: data, as: UTF8.self), file: utterancesPath).map(\.text)
        let files = try contentFiles(in: directory)
        let synthetic = SyntheticCatalog.files(from: files, copies: copies)

        let bundledName = "bundled (Intents/)"
        let syntheticName = "synthetic \(copies)×"
        let bundled = Benchmark(name: bundledName, load: { try Catalog.load(from: directory) }, loadRuns: 5, passes: passes)
        let larger = Benchmark(name: syntheticName, load: { try Catalog.parse(files: synthetic) }, loadRuns: 3, passes: passes)
        var results: [Benchmark.Result] = []
        for benchmark in [bundled, larger] where only == nil || benchmark.name.hasPrefix(only ?? "") {
            FileHandle.standardError.write(Data("measuring \(benchmark.name)…\n".utf8))
            results.append(try benchmark.run(utterances: utterances))
        }

        let timed = bundled.passes * utterances.count
        let setting = "`swift run -c release concierge-bench` on \(cpuName()) (\(ProcessInfo.processInfo.activeProcessorCount) cores"
            + (loadAverage.map { ", load average \($0) at the start" } ?? "")
            + "; measured on one thread): \(utterances.count) utterances from `\(utterancesFile)`, "
            + "\(bundled.warmUpPasses) warm-up passes, then \(BenchmarkTable.grouped(timed)) timed `classify` calls per catalog. "
            + "Load + compile is the median of several runs; latencies are per call."
        let table = BenchmarkTable(results: results, setting: setting,
                                   p99Targets: [bundledName: 50, syntheticName: 200])
        print(table.text)
    }

    /// The demo shop's content files keyed by file name.
    static func contentFiles(in directory: String) throws -> [String: String] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        var files: [String: String] = [:]
        for name in names where Catalog.isContentFile(name) {
            guard let data = fm.contents(atPath: (directory as NSString).appendingPathComponent(name)) else {
                throw BenchError("can't read \(directory)/\(name)")
            }
            files[name] = String(decoding: data, as: UTF8.self)
        }
        guard !files.isEmpty else { throw BenchError("no content in \(directory); run from the repository root") }
        return files
    }

    /// `path` relative to the current folder if it exists there, else to the source tree this
    /// binary was built from.
    static func locate(_ path: String) -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        return Fixtures.repository.appendingPathComponent(path).path
    }

    /// The one-minute load average, from /proc/loadavg on Linux: other work on the machine
    /// shows in the slowest calls, so the table says how busy it was.
    static func loadAverage() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.map(String.init)
    }

    /// The processor's model name, from /proc/cpuinfo on Linux.
    static func cpuName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":")
        else { return "an unknown CPU" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
