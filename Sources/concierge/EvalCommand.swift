import ConciergeKit
import Foundation

/// `concierge eval FILE`: accuracy, per-intent precision and recall, confusions and fallback rate.
enum EvalCommand {
    static let usage = "concierge eval FILE [--intents DIR] [--mistakes]  score the matcher on utterance<TAB>intent lines"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["intents"], flagOptions: ["mistakes"])
        guard let file = a.positionals.first else { throw UsageError("eval needs a file of 'utterance<TAB>intent' lines, e.g. concierge eval Tests/ConciergeKitTests/Fixtures/eval.tsv") }
        guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("can't read '\(file)'; check the path") }
        let matcher = try ContentLocation.matcher(a[option: "intents"])
        let cases = try Evaluation.cases(in: String(decoding: data, as: UTF8.self), file: file)
        Output.line(Evaluation(matcher: matcher, cases: cases).report(showMistakes: a.has("mistakes")))
        return 0
    }
}
