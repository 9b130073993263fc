import Foundation

/// A scripted chat read from `Tests/ConciergeKitTests/Conversations/*.chat`.
///
/// ```
/// # comment
/// @ customer jo@example.com      setting for the run (see ConversationScriptTests)
/// > where is my parcel           what the shopper types
/// < Where is my order            the bot's replies to it contain this (case-insensitive)
/// <! tracking number             ... and do not contain this
/// <1 is in your parcel           ... contain this exactly once
/// = track_order                  the last reply acted on this intent (or: clarify, fallback, handoff, prompt)
/// ! claim sam                    an agent acts on the conversation's ticket: claim, say NAME TEXT, resolve, release, release-to-bot
/// ? reason asked_for_person      the conversation's ticket has this reason (or: status, fact KEY VALUE, summary TEXT, transcript TEXT,
///                                priority N, parcels TEXT, connected yes|no, unique: no line in its transcript twice in a row)
/// & quantity 1                   the last request recorded has this detail (or: kind K, order N, skus A B, reason TEXT, count N:
///                                how many requests were recorded)
/// > /restart                     the shopper starts a new chat (as `/restart` in `concierge chat`): same shop, same guard
/// $ misunderstandings 1          once the chat ends, the manager's report says this (any text of the rendered report)
/// ```
struct ConversationScript: CustomStringConvertible, Sendable {
    enum Step: Sendable {
        case say(String, line: Int)
        case expect(String, line: Int)
        case refuse(String, line: Int)
        case once(String, line: Int)
        case outcome(String, line: Int)
        case agent(String, line: Int)
        case ticket(String, line: Int)
        case report(String, line: Int)
        case request(String, line: Int)
    }

    var name: String
    var settings: [String: String] = [:]
    var steps: [Step] = []

    var description: String { name }

    init(name: String, text: String) {
        self.name = name
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let n = i + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            func rest(_ k: Int) -> String { String(line.dropFirst(k)).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("<!") {
                steps.append(.refuse(rest(2), line: n))
            } else if line.hasPrefix("<1") {
                steps.append(.once(rest(2), line: n))
            } else if line.hasPrefix("<") {
                steps.append(.expect(rest(1), line: n))
            } else if line.hasPrefix(">") {
                steps.append(.say(rest(1), line: n))
            } else if line.hasPrefix("!") {
                steps.append(.agent(rest(1), line: n))
            } else if line.hasPrefix("?") {
                steps.append(.ticket(rest(1), line: n))
            } else if line.hasPrefix("&") {
                steps.append(.request(rest(1), line: n))
            } else if line.hasPrefix("$") {
                steps.append(.report(rest(1), line: n))
            } else if line.hasPrefix("=") {
                steps.append(.outcome(rest(1), line: n))
            } else if line.hasPrefix("@") {
                let parts = rest(1).split(separator: " ", maxSplits: 1).map(String.init)
                settings[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
        }
    }

    static func all() -> [ConversationScript] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conversations")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".chat") }.sorted()
        return names.map { name in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return ConversationScript(name: name, text: text)
        }
    }
}
