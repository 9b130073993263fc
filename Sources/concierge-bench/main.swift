import ConciergeKit
import Foundation

let args = Array(CommandLine.arguments.dropFirst())
do {
    if args.first == "server" {
        try ServerLoadBenchmark.run(Array(args.dropFirst()))
    }
    if args.first == "tune", args.count >= 2 {
        let matcher = IntentMatcher(catalog: try Catalog.load(from: args.count > 2 ? args[2] : "Intents"))
        try Tuning.run(file: args[1], matcher: matcher)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
