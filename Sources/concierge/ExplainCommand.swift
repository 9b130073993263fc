import ConciergeKit
import Foundation

/// `concierge explain "text"`: how the matcher read a message and why it decided as it did.
enum ExplainCommand {
    static let usage = "concierge explain \"TEXT\" [--intents DIR]  show tokens, corrections, entities and top candidates"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["intents"], flagOptions: [])
        guard !a.positionals.isEmpty else { throw UsageError("explain needs the text to explain, e.g. concierge explain \"wheres my parcel\"") }
        let matcher = try ContentLocation.matcher(a[option: "intents"])
        Output.line(Explanation.render(matcher.explain(a.positionals.joined(separator: " "))))
        return 0
    }
}
