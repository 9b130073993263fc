import ConciergeKit
import Foundation

let usage = """
usage:
  \(BenchmarkCommand.usage)
  concierge-bench tune FILE [DIR]  sweep the decision thresholds over a labelled file (content: DIR, default Intents)
"""

let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case nil, "--only", "--passes":
        try BenchmarkCommand.run(arguments: args)
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
