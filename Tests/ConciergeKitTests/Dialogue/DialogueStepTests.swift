@testable import ConciergeKit
import Foundation
import Testing

/// The bot's step is pure: it returns effects and changes nothing itself; the runner applies them
/// and reports the ones that fail.
struct DialogueStepTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600)

    static let orders: OrderStore = {
        do {
            return try OrderStore.load(path: Fixtures.repository.appendingPathComponent("Intents/orders.json").path,
                                       today: now, timeZone: Fixtures.matcher.catalog.profile.timeZone).store
        } catch {
            fatalError("the demo orders do not load: \(error)")
        }
    }()

    /// A conversation about order 10231 (not yet dispatched), verified, with the cancellation asked.
    static func askedToCancel(_ bot: Bot, queue: HandoffStore) -> Conversation {
        var c = bot.start(id: "step", at: now).conversation
        for message in ["cancel order 10231", "amelia.hughes@example.com"] {
            c = bot.respond(to: message, in: c, at: now).conversation
        }
        return c
    }

    @Test func confirmingACancellationAsksForTheRequestAndWritesNothing() {
        let queue = HandoffStore(inMemoryWithTimeZone: Fixtures.matcher.catalog.profile.timeZone)
        let bot = Bot(matcher: Fixtures.matcher, orders: Self.orders, queue: queue)
        let c = Self.askedToCancel(bot, queue: queue)
        let step = bot.respond(to: "yes", in: c, at: Self.now)
        guard case .recordRequest(let draft)? = step.effects.first else {
            Issue.record("expected a request to record, got \(step.effects)")
            return
        }
        #expect(draft.kind == .cancel && draft.orderID == "10231")
        // The same step twice gives the same result: nothing was recorded or queued on the way.
        let again = bot.respond(to: "yes", in: c, at: Self.now)
        #expect(again.effects == step.effects && again.replies == step.replies)
        #expect(queue.waiting().isEmpty)
    }

    @Test func theRunnerWordsTheRecordedRequestAndOpensTheTicketItPromises() {
        let runner = ChatRunner(matcher: Fixtures.matcher, orders: Self.orders, requests: RequestStore(),
                                handoff: HandoffStore(inMemoryWithTimeZone: Fixtures.matcher.catalog.profile.timeZone))
        let c = Self.askedToCancel(runner.bot, queue: runner.handoff!)
        let exchange = runner.respond(to: "yes", in: c, at: Self.now)
        #expect(exchange.failures.isEmpty)
        #expect(exchange.replies.contains { $0.text.contains("request CAN-1001") })
        #expect(runner.requests?.all().map(\.id) == ["CAN-1001"])
        let ticket = runner.handoff?.waiting().first
        #expect(ticket?.reason == .needsPerson)
        // The bot's handoff message is on the ticket, once.
        let handoffLines = ticket?.transcript.filter { $0.sender == .bot && $0.text.contains("passing it to a member of our team") }
        #expect(handoffLines?.count == 1)
    }

    @Test func anEffectThatFailsIsReportedAndTheShopperIsToldTheTruth() {
        // No request store: the cancellation can't be recorded.
        let runner = ChatRunner(matcher: Fixtures.matcher, orders: Self.orders, requests: nil,
                                handoff: HandoffStore(inMemoryWithTimeZone: Fixtures.matcher.catalog.profile.timeZone))
        let c = Self.askedToCancel(runner.bot, queue: runner.handoff!)
        let exchange = runner.respond(to: "yes", in: c, at: Self.now)
        #expect(exchange.failures.map(\.effect) == ["record a cancel request"])
        #expect(exchange.replies.contains { $0.text.contains("couldn't save that") })
        #expect(!exchange.replies.contains { $0.text.contains("CAN-") })
    }
}
