import Foundation
import Testing
@testable import ConciergeKit

/// Replays every scripted chat in `Conversations/` against the demo shop.
struct ConversationScriptTests {
    /// A fixed, injected clock: noon on the demo orders' anchor day, 2026-11-22 (a Sunday).
    static let start = Date(timeIntervalSince1970: 1_795_348_800)

    /// The demo shop's orders, loaded as of the injected day.
    static let orders: OrderStore = {
        do {
            return try OrderStore.load(path: Fixtures.repository.appendingPathComponent("Intents/orders.json").path,
                                       today: start, timeZone: Fixtures.matcher.catalog.profile.timeZone).store
        } catch {
            fatalError("the demo orders do not load: \(error)")
        }
    }()

    @Test("scripted conversation", arguments: ConversationScript.all())
    func scriptedConversationBehavesAsWritten(_ script: ConversationScript) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let requests = try? RequestStore(path: folder.appendingPathComponent("requests.jsonl").path)
        let bot = Bot(matcher: Fixtures.matcher, orders: script.settings["orders"] == "none" ? nil : Self.orders, requests: requests)
        var now = Self.start
        var (conversation, replies) = bot.start(id: script.name, customer: script.settings["customer"], at: now)
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
