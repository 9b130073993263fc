import Foundation
import Testing
@testable import ConciergeKit

extension Handoff {
    /// Issue: ten connections opened 3,000 tickets in 15 seconds, and every verification lock-out
    /// paged an agent. Anonymous conversations open few tickets; known shoppers always get one.
    @Suite struct HandoffGateTests {
        static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600) // Monday 11:00 UK, support open

        func bot(folder: String) throws -> ChatRunner {
            let timeZone = Fixtures.matcher.catalog.profile.timeZone
            let orders = try OrderStore.load(path: Fixtures.repository.appendingPathComponent("Intents/orders.json").path,
                                             today: Self.now, timeZone: timeZone).store
            return ChatRunner(matcher: Fixtures.matcher, orders: orders, handoff: try HandoffStore(directory: folder, timeZone: timeZone),
                       handoffGate: HandoffGate(anonymousPerMinute: 30))
        }

        @Test
        func aFloodOfAnonymousRequestsForAPersonOpensOnlyTheGatesShare() throws {
            let folder = Scratch.folder("gate")
            let bot = try bot(folder: folder)
            var told: [String: Int] = [:]
            for i in 0..<200 {
                let (c, _) = bot.start(id: "flood-\(i)", at: Self.now).pair
                let (_, replies) = bot.respond(to: "I want to talk to a human", in: c, at: Self.now).pair
                told[replies.last?.text.contains("queue") == true ? "queued" : "contact details", default: 0] += 1
            }
            #expect(bot.handoff?.waiting().count == 30)
            #expect(told == ["queued": 30, "contact details": 170])
            // A shopper the shop vouches for still reaches a person.
            let (known, _) = bot.start(id: "known", customer: "amelia.hughes@example.com", at: Self.now).pair
            let (_, replies) = bot.respond(to: "I want to talk to a human", in: known, at: Self.now).pair
            #expect(replies.last?.text.contains("queue") == true)
            #expect(bot.handoff?.waiting().count == 31)
            // A minute later the gate lets anonymous shoppers through again.
            let (later, _) = bot.start(id: "later", at: Self.now.addingTimeInterval(61)).pair
            _ = bot.respond(to: "I want to talk to a human", in: later, at: Self.now.addingTimeInterval(61)).pair
            #expect(bot.handoff?.waiting().count == 32)
        }

        @Test
        func anAnonymousGuesserLockedOutPagesNoAgentAndIsFlaggedInTheReport() throws {
            let folder = Scratch.folder("gate")
            let bot = try bot(folder: folder)
            var (c, _) = bot.start(id: "guesser", at: Self.now).pair
            for message in ["where is order 10231", "a@example.com", "10231 b@example.com", "10231 c@example.com"] {
                (c, _) = bot.respond(to: message, in: c, at: Self.now).pair
            }
            #expect(c.facts.isLockedOut)
            #expect(bot.handoff?.waiting().isEmpty == true)
            bot.finish(c, at: Self.now.addingTimeInterval(60))
            let report = try #require(bot.handoff).report(since: nil, now: Self.now.addingTimeInterval(120))
            #expect(report.verificationLockouts == 1)
            #expect(report.rendered().contains("order look-ups locked without a ticket (someone guessing): 1"))
        }
    }
}
