import ConciergeKit
import Foundation

/// `concierge classify`: one utterance per line in, one JSON object per line out, flushed per line.
enum ClassifyCommand {
    static let usage = "concierge classify [--intents DIR]  read utterances on stdin, write one JSON object per line"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["intents"], flagOptions: [])
        let matcher = try ContentLocation.matcher(a[option: "intents"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = readLine() {
            let record = ClassificationRecord(text: line, classification: matcher.classify(line))
            let data = try encoder.encode(record)
            Output.line(String(decoding: data, as: UTF8.self))
        }
        return 0
    }
}
