import ConciergeKit
import Foundation

let usage = """
usage:
  \(BenchmarkCommand.usage)
  \(TurnBenchmark.usage)
  concierge-bench server [options]  load test of concierge serve over loopback (see ServerLoadBenchmark.swift)
  \(WebLoadBenchmark.usage)
  \(HandoffBenchmark.usage)
  \(ReportBenchmark.usage)
  concierge-bench orders [--count N] [--conversations N] [--no-file]  time conversation turns with order look-ups on a scaled store
  concierge-bench tune FILE [DIR]  sweep the decision thresholds over a labelled file (content: DIR, default Intents)
"""

let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case nil, "--only", "--passes":
        try BenchmarkCommand.run(arguments: args)
    case "turns":
        try TurnBenchmark.run(Array(args.dropFirst()))
    case "server":
        try ServerLoadBenchmark.run(Array(args.dropFirst()))
    case "web":
        try WebLoadBenchmark.run(Array(args.dropFirst()))
    case "handoffs":
        try HandoffBenchmark.run(Array(args.dropFirst()))
    case "report":
        try ReportBenchmark.run(Array(args.dropFirst()))
    case "orders":
        var count = 1_000_000
        var conversations = 50_000
        var loadFile = true
        var i = 1
        while i < args.count {
            switch args[i] {
            case "--count" where i + 1 < args.count: count = Int(args[i + 1]) ?? count; i += 1
            case "--conversations" where i + 1 < args.count: conversations = Int(args[i + 1]) ?? conversations; i += 1
            case "--no-file": loadFile = false
            default: throw BenchUsageError("unexpected '\(args[i])'")
            }
            i += 1
        }
        let matcher = IntentMatcher(catalog: try Catalog.load(from: BenchmarkCommand.locate("Intents")))
        let result = try OrderTurnBenchmark.run(matcher: matcher, demoOrdersPath: BenchmarkCommand.locate("Intents/orders.json"),
                                                count: count, conversations: conversations, loadFile: loadFile)
        print(OrderTurnBenchmark.table(result))
    case "tune":
        guard args.count >= 2 else {
            throw BenchUsageError("tune needs a labelled file, e.g. concierge-bench tune Tests/ConciergeKitTests/Fixtures/dev.tsv")
        }
        let matcher = IntentMatcher(catalog: try Catalog.load(from: args.count > 2 ? args[2] : "Intents"))
        try Tuning.run(file: args[1], matcher: matcher)
    case "help", "--help", "-h":
        print(usage)
    default:
        FileHandle.standardError.write(Data("concierge-bench: unexpected '\(args.joined(separator: " "))'.\n\(usage)\n".utf8))
        exit(64)
    }
} catch let error as BenchUsageError {
    FileHandle.standardError.write(Data("concierge-bench: \(error)\n\(usage)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
