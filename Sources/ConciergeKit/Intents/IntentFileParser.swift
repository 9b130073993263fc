/// Reads one `*.intents` file. The format is documented in the README; in short:
///
/// ```
/// intent: track_order
/// title: Where is my order
/// examples:
///   - where is my order
/// keywords: tracking, whereabouts
/// answer:
///   Your answer, with {placeholders}.
/// quick_replies: Start a return | Talk to a person
/// follow_ups:
///   - us, usa, america | For the US: …
/// handoff: always
/// needs: ~refund, money
/// excludes: ~policy
/// form: question
/// yields: yes
/// ```
enum IntentFileParser {
    static let keys = ["intent", "title", "examples", "keywords", "answer", "quick_replies", "follow_ups", "handoff", "needs", "excludes", "form",
                       "yields"]

    /// Parses `text`, the contents of `file`; problems go to `issues` and parsing carries on.
    static func parse(_ text: String, file: String, issues: inout [ContentIssue]) -> [Intent] {
        var intents: [Intent] = []
        var current: Intent?
        var block: String? // "examples" or "answer" while reading their indented lines
        var answerLines: [String] = []

        func error(_ line: Int, _ message: String) { issues.append(ContentIssue(.error, file: file, line: line, message)) }
        func finish() {
            guard var intent = current else { return }
            intent.answer = joinAnswer(answerLines)
            intents.append(intent)
            current = nil
            answerLines = []
        }

        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingSpaces
            if trimmed.hasPrefix("#") { continue }
            if trimmed.isEmpty {
                if block == "answer" { answerLines.append("") }
                continue
            }
            let indented = line.first == " " || line.first == "\t"
            if indented {
                switch block {
                case "examples":
                    guard trimmed.hasPrefix("-") else {
                        error(lineNumber, "expected an example as '  - text' under 'examples:'")
                        continue
                    }
                    let example = trimmed.dropFirst().trimmingSpaces
                    if example.isEmpty {
                        error(lineNumber, "empty example: write a phrasing after '- ' or remove the line")
                    } else {
                        current?.examples.append(.init(text: String(example), line: lineNumber))
                    }
                case "answer":
                    answerLines.append(String(trimmed))
                case "follow_ups":
                    let entry = trimmed.hasPrefix("-") ? trimmed.dropFirst().trimmingSpaces : ""
                    guard let bar = entry.firstIndex(of: "|") else {
                        error(lineNumber, "expected a follow-up as '  - words, phrases | answer' under 'follow_ups:'")
                        continue
                    }
                    let cues = entry[..<bar].split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
                    let answer = String(entry[entry.index(after: bar)...].trimmingSpaces)
                    if cues.isEmpty || answer.isEmpty {
                        error(lineNumber, "a follow-up needs words before '|' and its answer after it, e.g. '  - us, usa | For the US: …'")
                    } else {
                        current?.followUps.append(.init(cues: cues, answer: answer, line: lineNumber))
                    }
                default:
                    error(lineNumber, "indented line outside 'examples:', 'answer:' or 'follow_ups:'; start a key at the beginning of the line")
                }
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else {
                error(lineNumber, "expected 'key: value' (keys: \(keys.joined(separator: ", ")))")
                block = nil
                continue
            }
            let key = trimmed[..<colon].trimmingSpaces.lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingSpaces
            block = nil
            if key == "intent" {
                finish()
                let id = String(value)
                if id.isEmpty || !id.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_" }) || !id.allSatisfy(\.isASCII) {
                    error(lineNumber, "intent id '\(id)' must be lower-case letters, digits and underscores, e.g. track_order")
                }
                current = Intent(id: id, title: "", examples: [], keywords: [], answer: "", quickReplies: [], alwaysHandOff: false,
                                 source: SourceLocation(file: file, line: lineNumber), answerLine: 0)
                continue
            }
            guard current != nil else {
                error(lineNumber, "'\(key)' before the first 'intent:' line; start each intent with 'intent: <id>'")
                continue
            }
            switch key {
            case "title":
                current?.title = String(value)
            case "examples":
                block = "examples"
                if !value.isEmpty { error(lineNumber, "put each example on its own line below 'examples:' as '  - text'") }
            case "keywords":
                for keyword in value.split(separator: ",") {
                    let k = keyword.trimmingSpaces
                    if !k.isEmpty { current?.keywords.append(.init(text: String(k), line: lineNumber)) }
                }
            case "answer":
                block = "answer"
                current?.answerLine = lineNumber
                if !value.isEmpty { answerLines.append(String(value)) }
            case "follow_ups":
                block = "follow_ups"
                if !value.isEmpty { error(lineNumber, "put each follow-up on its own line below 'follow_ups:' as '  - words | answer'") }
            case "quick_replies":
                current?.quickReplies = value.split(separator: "|").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
            case "needs", "excludes":
                let items = value.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
                if items.isEmpty {
                    error(lineNumber, "'\(key):' needs at least one concept or word, e.g. '\(key): ~refund'")
                } else {
                    current?.cues.append(Cue(kind: key == "needs" ? .needs : .excludes, items: items, line: lineNumber))
                }
            case "form":
                let form = value.lowercased()
                if form == "question" || form == "statement" {
                    current?.cues.append(Cue(kind: .form, items: [form], line: lineNumber))
                } else {
                    error(lineNumber, "form must be 'question' or 'statement'")
                }
            case "yields":
                switch value.lowercased() {
                case "yes": current?.yields = true
                case "no": current?.yields = false
                default: error(lineNumber, "yields must be 'yes' or 'no'")
                }
            case "handoff":
                if value.lowercased() == "always" {
                    current?.alwaysHandOff = true
                } else {
                    error(lineNumber, "handoff must be 'always' (or leave the line out)")
                }
            default:
                let suggestion = keys.min { editDistance($0, key) < editDistance($1, key) } ?? "examples"
                error(lineNumber, "unknown key '\(key)'; did you mean '\(suggestion)'? (keys: \(keys.joined(separator: ", ")))")
            }
        }
        finish()
        return intents
    }

    /// Joins answer lines into paragraphs: lines join with a space, blank lines separate paragraphs.
    static func joinAnswer(_ lines: [String]) -> String {
        var paragraphs: [String] = []
        var current: [String] = []
        for line in lines {
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs.joined(separator: "\n\n")
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        SpellingCorrector.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: 99)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: SubSequence {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
