import Foundation
import Testing
@testable import ConciergeKit

/// Replays every scripted chat in `Conversations/` against the demo shop.
struct ConversationScriptTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000) // a fixed, injected clock

    @Test("scripted conversation", arguments: ConversationScript.all())
    func scriptedConversationBehavesAsWritten(_ script: ConversationScript) {
        let bot = Bot(matcher: Fixtures.matcher)
        var now = Self.start
        var (conversation, replies) = bot.start(id: script.name, at: now)
        var said = "(start)"
        for step in script.steps {
            let text = replies.map { ([$0.text] + $0.quickReplies).joined(separator: "\n") }.joined(separator: "\n")
            switch step {
            case .say(let message, _):
                now = now.addingTimeInterval(30)
                said = message
                (conversation, replies) = bot.respond(to: message, in: conversation, at: now)
            case .expect(let fragment, let line):
                #expect(text.localizedCaseInsensitiveContains(fragment),
                        "\(script.name):\(line): after \"\(said)\" expected the reply to contain \"\(fragment)\"; it was:\n\(text)")
            case .refuse(let fragment, let line):
                #expect(!text.localizedCaseInsensitiveContains(fragment),
                        "\(script.name):\(line): after \"\(said)\" the reply must not contain \"\(fragment)\"; it was:\n\(text)")
            case .outcome(let outcome, let line):
                let last = replies.last
                let actual = last.map { $0.kind == .answer ? ($0.intent ?? "answer") : $0.kind.rawValue } ?? "(no reply)"
                #expect(actual == outcome, "\(script.name):\(line): after \"\(said)\" expected \(outcome), got \(actual):\n\(text)")
            }
        }
    }
}
