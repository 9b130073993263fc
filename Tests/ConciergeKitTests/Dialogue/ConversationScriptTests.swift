import Foundation
import Testing
@testable import ConciergeKit

/// Replays every scripted chat in `Conversations/` against the demo shop.
struct ConversationScriptTests {
    /// A fixed, injected clock: noon on the demo orders' anchor day, 2026-11-22 (a Sunday, support closed).
    static let start = Date(timeIntervalSince1970: 1_795_348_800)
    /// The next day, Monday 23 November 2026 at 11:00 UK time, when support is open.
    static let open = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600)

    /// The demo shop's orders, loaded as of the injected day.
    static let orders: OrderStore = {
        do {
            return try OrderStore.load(path: Fixtures.repository.appendingPathComponent("Intents/orders.json").path,
                                       today: open, timeZone: Fixtures.matcher.catalog.profile.timeZone).store
        } catch {
            fatalError("the demo orders do not load: \(error)")
        }
    }()

    @Test("scripted conversation", arguments: ConversationScript.all())
    func scriptedConversationBehavesAsWritten(_ script: ConversationScript) {
        // Fully in memory: the stores keep everything and write no file.
        let requests: RequestStore? = RequestStore()
        let handoff: HandoffStore? = HandoffStore(inMemoryWithTimeZone: Fixtures.matcher.catalog.profile.timeZone)
        let bot = ChatRunner(matcher: Fixtures.matcher, orders: script.settings["orders"] == "none" ? nil : Self.orders, requests: requests,
                             handoff: handoff)
        // Scripts run on a Monday at 11:00 UK time (support open) unless they say `@ time` otherwise.
        var now = script.settings["time"] == "closed" ? Self.start : Self.open
        var (conversation, replies) = bot.start(id: script.name, customer: script.settings["customer"], client: "script", at: now).pair
        var said = "(start)"
        for step in script.steps {
            let text = replies.map { ([$0.text] + $0.quickReplies).joined(separator: "\n") }.joined(separator: "\n")
            switch step {
            case .say(let message, _):
                now = now.addingTimeInterval(30)
                said = message
                if message == "/restart" {
                    bot.finish(conversation, at: now)
                    (conversation, replies) = bot.start(id: script.name + "-again", customer: script.settings["customer"], client: "script", at: now).pair
                    continue
                }
                (conversation, replies) = bot.respond(to: message, in: conversation, at: now).pair
            case .report(let fragment, let line):
                guard let store = handoff else {
                    Issue.record("\(script.name):\(line): no store to report on")
                    continue
                }
                bot.finish(conversation, at: now)
                let report = store.report(since: nil, now: now).rendered(timeZone: Fixtures.matcher.catalog.profile.timeZone)
                #expect(report.localizedCaseInsensitiveContains(fragment), "\(script.name):\(line): the report was:\n\(report)")
            case .request(let check, let line):
                let recorded = requests?.all() ?? []
                let parts = check.split(separator: " ", maxSplits: 1).map(String.init)
                let value = parts.count > 1 ? parts[1] : ""
                if parts[0] == "count" {
                    #expect(String(recorded.count) == value, "\(script.name):\(line): \(recorded.count) requests recorded: \(recorded.map(\.id))")
                    continue
                }
                guard let last = recorded.last else {
                    Issue.record("\(script.name):\(line): expected a recorded request, but none was")
                    continue
                }
                let actual: String?
                switch parts[0] {
                case "kind": actual = last.kind.rawValue
                case "order": actual = last.orderID
                case "skus": actual = last.skus.joined(separator: " ")
                case "reason": actual = last.reason
                default: actual = last.details[parts[0]]
                }
                #expect((actual ?? "(none)") == value, "\(script.name):\(line): \(last.id) has \(parts[0]) \(actual ?? "(none)"); details \(last.details)")
            case .expect(let fragment, let line):
                #expect(text.localizedCaseInsensitiveContains(fragment),
                        "\(script.name):\(line): after \"\(said)\" expected the reply to contain \"\(fragment)\"; it was:\n\(text)")
            case .once(let fragment, let line):
                let count = text.lowercased().components(separatedBy: fragment.lowercased()).count - 1
                #expect(count == 1, "\(script.name):\(line): after \"\(said)\" expected \"\(fragment)\" once in the reply, not \(count) times; it was:\n\(text)")
            case .refuse(let fragment, let line):
                #expect(!text.localizedCaseInsensitiveContains(fragment),
                        "\(script.name):\(line): after \"\(said)\" the reply must not contain \"\(fragment)\"; it was:\n\(text)")
            case .agent(let action, let line):
                now = now.addingTimeInterval(60)
                let words = action.split(separator: " ", maxSplits: 2).map(String.init)
                guard let store = handoff, let id = conversation.ticketID ?? conversation.lastTicketID, words.count >= 2 else {
                    Issue.record("\(script.name):\(line): no ticket to act on for '\(action)'")
                    continue
                }
                do {
                    switch words[0] {
                    case "claim": _ = try store.claim(id, agent: words[1], at: now)
                    case "say": _ = try store.append(Turn(sender: .agent, text: words.count > 2 ? words[2] : "", time: now), to: id)
                    case "resolve": try store.resolve(id, agent: words[1], note: nil, at: now)
                    case "release": try store.release(id, agent: words[1], toBot: false, at: now)
                    case "release-to-bot": try store.release(id, agent: words[1], toBot: true, at: now)
                    default: Issue.record("\(script.name):\(line): unknown agent action '\(words[0])'")
                    }
                } catch {
                    Issue.record("\(script.name):\(line): agent action failed: \(error)")
                }
                said = "! " + action
                (conversation, replies) = bot.notices(for: conversation, at: now).pair
            case .ticket(let check, let line):
                guard let store = handoff, let id = conversation.ticketID ?? conversation.lastTicketID, let ticket = store.ticket(id) else {
                    Issue.record("\(script.name):\(line): expected a ticket, but the conversation has none")
                    continue
                }
                let parts = check.split(separator: " ", maxSplits: 1).map(String.init)
                let value = parts.count > 1 ? parts[1] : ""
                switch parts[0] {
                case "reason": #expect(ticket.reason.rawValue == value, "\(script.name):\(line): reason \(ticket.reason.rawValue)")
                case "status": #expect(ticket.status.rawValue == value, "\(script.name):\(line): status \(ticket.status.rawValue)")
                case "priority": #expect(String(ticket.priority) == value, "\(script.name):\(line): priority \(ticket.priority)")
                case "summary": #expect(ticket.summary.localizedCaseInsensitiveContains(value), "\(script.name):\(line): summary was: \(ticket.summary)")
                case "transcript":
                    let text = ticket.transcript.map(\.text).joined(separator: "\n")
                    #expect(text.localizedCaseInsensitiveContains(value), "\(script.name):\(line): transcript was:\n\(text)")
                case "fact":
                    let kv = value.split(separator: " ", maxSplits: 1).map(String.init)
                    #expect(ticket.facts[kv[0]] == (kv.count > 1 ? kv[1] : nil), "\(script.name):\(line): facts were \(ticket.facts)")
                case "parcels":
                    let parcels = ticket.orders.flatMap(\.parcels).joined(separator: "\n")
                    #expect(parcels.localizedCaseInsensitiveContains(value), "\(script.name):\(line): parcels were:\n\(parcels)")
                case "connected": #expect(ticket.shopperConnected == (value == "yes"), "\(script.name):\(line): shopper connected \(ticket.shopperConnected)")
                case "unique":
                    let lines = ticket.transcript.map { "\($0.sender.rawValue): \($0.text)" }
                    let repeated = zip(lines, lines.dropFirst()).filter { $0 == $1 }.map(\.0)
                    #expect(repeated.isEmpty, "\(script.name):\(line): said twice in a row in the ticket: \(repeated)")
                case "rating": #expect(ticket.rating.map(String.init) == value, "\(script.name):\(line): rating \(String(describing: ticket.rating))")
                default: Issue.record("\(script.name):\(line): unknown ticket check '\(parts[0])'")
                }
            case .outcome(let outcome, let line):
                let last = replies.last
                let actual = last.map { ($0.kind == .answer || $0.kind == .handoff) ? ($0.intent ?? $0.kind.rawValue) : $0.kind.rawValue } ?? "(no reply)"
                #expect(actual == outcome, "\(script.name):\(line): after \"\(said)\" expected \(outcome), got \(actual):\n\(text)")
            }
        }
    }
}
