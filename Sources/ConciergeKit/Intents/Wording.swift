/// The bot's own words that a shop may change: the welcome, the fallback, the quick replies it
/// offers, and the words it reads as yes, no and "leave it". Read from `wording.txt` in the
/// content folder; answers to questions live in the `.intents` files.
public struct Wording: Sendable, Equatable {
    /// Every key `wording.txt` must set.
    public enum Key: String, CaseIterable, Sendable {
        /// The first message of every chat.
        case welcome
        /// Its quick replies, separated by `|`.
        case welcomeOptions = "welcome_options"
        /// When the bot doesn't understand.
        case fallback
        case fallbackOptions = "fallback_options"
        /// After the shopper leaves a flow.
        case leftFlow = "left_flow"
        case anythingElseOptions = "anything_else_options"
        /// The last option of a clarifying question, to say none of them.
        case somethingElse = "something_else"
        /// After the shopper picks `something_else`.
        case rephrase
        /// The options for why an item goes back.
        case returnReasons = "return_reasons"
        /// Words (comma-separated) read as yes to a question the bot asked.
        case yesWords = "yes_words"
        /// Words read as no; a no wins over a yes in the same message ("yes but no, wait").
        case noWords = "no_words"
        /// Whole messages that leave the flow under way.
        case leavePhrases = "leave_phrases"
        /// Words that only acknowledge ("ok", "cool"): alone they get ``acknowledged``; in front of a
        /// question they are skipped.
        case acknowledgements
        /// The reply to a message that only acknowledges.
        case acknowledged
        /// What the bot says when a card number was typed (it is hidden before anything keeps it).
        case cardWarning = "card_warning"
    }

    let values: [Key: String]
    /// Each key's `|`-separated options and comma-separated list, split once when read, not on
    /// every reply that offers them.
    private let optionLists: [Key: [String]]
    private let commaLists: [Key: [String]]

    init(values: [Key: String]) {
        self.values = values
        func split(_ text: String, _ separator: Character) -> [String] {
            text.split(separator: separator).map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
        }
        optionLists = values.mapValues { split($0, "|") }
        commaLists = values.mapValues { split($0, ",") }
    }

    /// A key's text with the profile's placeholders filled in; empty for a key not set (only a
    /// catalog built in memory for the matcher alone lacks the file).
    public subscript(_ key: Key) -> String { values[key] ?? "" }

    /// A `|`-separated option list.
    public func options(_ key: Key) -> [String] { optionLists[key] ?? [] }

    /// A comma-separated list of words or phrases.
    public func list(_ key: Key) -> [String] { commaLists[key] ?? [] }

    /// The name of the wording file inside a content folder.
    public static let file = "wording.txt"

    /// Reads `wording.txt`: `key: text` lines, `#` comments; placeholders as in the answers.
    static func parse(_ text: String, file: String, profile: ShopProfile?, issues: inout [ContentIssue]) -> Wording {
        var values: [Key: String] = [:]
        var lines: [Key: Int] = [:]
        for line in KeyValueLine.lines(of: text, missingColon: { issues.append(ContentIssue(.error, file: file, line: $0, "expected 'key: text', e.g. 'welcome: Hello!'")) }) {
            let (n, name, value) = (line.number, line.key.lowercased(), line.value)
            guard let key = Key(rawValue: name) else {
                let close = Key.allCases.map(\.rawValue).min { IntentFileParser.editDistance($0, name) < IntentFileParser.editDistance($1, name) }
                issues.append(ContentIssue(.error, file: file, line: n, "unknown key '\(name)'" + (close.map { "; did you mean '\($0)'?" } ?? "")))
                continue
            }
            if let first = lines[key] {
                issues.append(ContentIssue(.error, file: file, line: n, "'\(name)' is set twice (first on line \(first)); keep one"))
                continue
            }
            if value.isEmpty {
                issues.append(ContentIssue(.error, file: file, line: n, "'\(name)' is empty; write what the bot should say"))
                continue
            }
            if let profile {
                for placeholder in ShopProfile.placeholderNames(in: value) where profile.placeholder(placeholder) == nil {
                    issues.append(ContentIssue(.error, file: file, line: n, "'\(name)' names unknown placeholder {\(placeholder)} (placeholders are the keys of shop.profile)"))
                }
            }
            values[key] = profile?.render(value) ?? value
            lines[key] = n
        }
        for key in Key.allCases where values[key] == nil {
            issues.append(ContentIssue(.error, file: file, line: 0, "missing '\(key.rawValue):'; the bot needs every key of \(Wording.file) (see the bundled Intents/\(Wording.file))"))
        }
        return Wording(values: values)
    }
}
