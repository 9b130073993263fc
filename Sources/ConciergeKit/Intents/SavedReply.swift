/// A canned answer an agent drops into a reply from the inbox, read from `saved-replies.txt` in
/// the content folder: `title: text`, one a line, so the shop words them and `concierge check`
/// checks them like the rest of its content.
///
/// The text may name the ticket's facts as placeholders, `{name}`, `{order}`, `{email}`,
/// `{item}`, `{agent}` and `{ticket}`, and any key of `shop.profile` (`{support_email}`). A
/// placeholder may carry a fallback after a bar, for a ticket that doesn't know it:
/// `Hi {name|there}`. One without a fallback and without a value stays as written, for the agent
/// to fill in before sending.
public struct SavedReply: Sendable, Equatable {
    /// What the agent picks it by, e.g. `Parcel on its way`.
    public var title: String
    /// The text with its placeholders as written.
    public var template: String

    public init(title: String, template: String) {
        self.title = title
        self.template = template
    }

    /// The name of the saved replies file inside a content folder; a folder may go without one.
    public static let file = "saved-replies.txt"

    /// The placeholders a ticket fills (see `Ticket+SavedReplies.swift`), besides the profile's keys.
    public static let ticketPlaceholders = ["name", "order", "email", "item", "agent", "ticket"]

    /// The text with each placeholder replaced: from `values` (the ticket's), else from the
    /// profile, else by its fallback; left as written when there is none of these.
    public func filled(with values: [String: String], profile: ShopProfile) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let (name, fallback) = Self.split(after[..<close])
            out += values[name] ?? profile.placeholder(name) ?? fallback ?? "{\(name)}"
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// `name|fallback` → (`name`, `fallback`); without a bar, no fallback.
    static func split(_ placeholder: Substring) -> (String, String?) {
        guard let bar = placeholder.firstIndex(of: "|") else { return (String(placeholder.trimmingSpaces), nil) }
        return (String(placeholder[..<bar].trimmingSpaces), String(placeholder[placeholder.index(after: bar)...].trimmingSpaces))
    }

    /// Reads `saved-replies.txt`: `title: text` lines, `#` comments, blank lines skipped.
    static func parse(_ text: String, file: String, profile: ShopProfile?, issues: inout [ContentIssue]) -> [SavedReply] {
        var replies: [SavedReply] = []
        var titles: [String: Int] = [:]
        func error(_ line: Int, _ message: String) { issues.append(ContentIssue(.error, file: file, line: line, message)) }
        for line in KeyValueLine.lines(of: text, missingColon: { error($0, "expected 'title: text', e.g. 'Greeting: Hi {name|there}, this is {agent} from {shop_name}.'") }) {
            let (n, title, template) = (line.number, line.key, line.value)
            guard !title.isEmpty else {
                error(n, "the saved reply has no title; write 'title: text', e.g. 'Greeting: Hi {name|there}'")
                continue
            }
            guard !template.isEmpty else {
                error(n, "'\(title)' has no text; write what the agent should send after the colon")
                continue
            }
            if let first = titles[title.lowercased()] {
                error(n, "'\(title)' is already a saved reply (line \(first)); give each its own title")
                continue
            }
            if template.count > ProtocolCodec.maximumTextLength {
                error(n, "'\(title)' is longer than \(ProtocolCodec.maximumTextLength) characters, the most a message may be; shorten it")
                continue
            }
            titles[title.lowercased()] = n
            let problems = placeholderProblems(in: template, profile: profile)
            for problem in problems { error(n, "'\(title)': \(problem)") }
            guard problems.isEmpty else { continue }
            replies.append(SavedReply(title: title, template: template))
        }
        return replies
    }

    /// What is wrong with the template's placeholders: unknown names, and braces that don't close.
    static func placeholderProblems(in template: String, profile: ShopProfile?) -> [String] {
        var problems: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}"), !after[..<close].contains("{") else {
                problems.append("a '{' without its '}'; write placeholders as {order}, or {name|there} with a fallback")
                break
            }
            let (name, _) = split(after[..<close])
            let known = ticketPlaceholders.contains(name) || profile.map { $0.placeholder(name) != nil } ?? true
            if !known {
                let candidates = ticketPlaceholders + (profile.map { Array($0.placeholders.keys) } ?? [])
                let close = candidates.min { IntentFileParser.editDistance($0, name) < IntentFileParser.editDistance($1, name) }
                let hint = close.map { IntentFileParser.editDistance($0, name) <= 2 ? " (did you mean {\($0)}?)" : "" } ?? ""
                problems.append("unknown placeholder {\(name)}\(hint); a saved reply may use {name}, {order}, {email}, {item}, {agent}, {ticket} and the keys of shop.profile")
            }
            rest = after[after.index(after: close)...]
        }
        return problems
    }
}
