import ConciergeKit
import Foundation

/// `concierge eval FILE`: accuracy, per-intent precision and recall, confusions and fallback rate.
enum EvalCommand {
    static let usage = "concierge eval FILE [--intents DIR] [--accept LABEL=INTENT,…] [--mistakes]  score the matcher on utterance<TAB>intent lines, or on a plain list that must fall back"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["intents", "accept"], flagOptions: ["mistakes"])
        guard let file = a.positionals.first else { throw UsageError("eval needs a file of 'utterance<TAB>intent' lines, e.g. concierge eval Tests/ConciergeKitTests/Fixtures/eval.tsv") }
        guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("can't read '\(file)'; check the path") }
        let matcher = try ContentLocation.matcher(a[option: "intents"])
        let cases = try Evaluation.cases(in: String(decoding: data, as: UTF8.self), file: file)
        var accepting: [String: Set<String>] = [:]
        for pair in (a[option: "accept"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UsageError("--accept takes LABEL=INTENT pairs separated by commas, e.g. --accept get_refund=return_item")
            }
            accepting[parts[0], default: []].insert(parts[1])
        }
        Output.line(Evaluation(matcher: matcher, cases: cases, accepting: accepting).report(showMistakes: a.has("mistakes")))
        return 0
    }
}
