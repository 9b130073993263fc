import Foundation
import Testing
@testable import ConciergeKit

extension Orders {
    /// Guesses at an order are counted across every chat, so a new chat gives no fresh tries.
    @Suite struct VerificationGuardTests {
        static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600)

        @Test
        func anOrderGuessedAtTooOftenIsLockedForTheWindowOnly() {
            let guarded = VerificationGuard(perOrderLimit: 5, perDetailLimit: 10, window: 600)
            for i in 0..<5 {
                #expect(!guarded.isLocked(order: "10233", email: "guess\(i)@example.com", postcode: nil, at: Self.now))
                guarded.recordFailure(order: "10233", email: "guess\(i)@example.com", postcode: nil, at: Self.now)
            }
            #expect(guarded.isLocked(order: "10233", email: "grace.okafor@example.com", postcode: nil, at: Self.now))
            #expect(!guarded.isLocked(order: "10234", email: "grace.okafor@example.com", postcode: nil, at: Self.now))
            #expect(!guarded.isLocked(order: "10233", email: nil, postcode: "BS8 1TH", at: Self.now.addingTimeInterval(601)))
        }

        @Test
        func aPostcodeTriedOnManyOrdersIsLocked() {
            let guarded = VerificationGuard(perOrderLimit: 5, perDetailLimit: 10, window: 600)
            for order in 20_000..<20_010 {
                guarded.recordFailure(order: String(order), email: nil, postcode: "bs8 1th", at: Self.now)
            }
            #expect(guarded.isLocked(order: "10233", email: nil, postcode: "BS8 1TH", at: Self.now))
        }

        @Test
        func aFloodOfGuessesHoldsABoundedNumberOfKeys() {
            let guarded = VerificationGuard(maximumKeys: 1_000)
            for i in 0..<50_000 {
                guarded.recordFailure(order: String(100_000 + i), email: "x\(i)@example.com", postcode: nil, at: Self.now)
            }
            #expect(guarded.keyCount <= 1_000)
        }

        /// Issue: a new session gave three fresh tries, and after 90 failures on one order the
        /// right details in a new session still worked. The reply must not tell a locked order
        /// that exists from one that doesn't.
        @Test
        func newChatsGiveNoFreshGuessesAndTheReplyDoesNotRevealTheOrder() throws {
            let orders = try OrderStore.load(path: Fixtures.repository.appendingPathComponent("Intents/orders.json").path,
                                             today: Self.now, timeZone: Fixtures.matcher.catalog.profile.timeZone).store
            let bot = ChatRunner(matcher: Fixtures.matcher, orders: orders)
            func ask(_ messages: [String]) -> String {
                var (c, replies) = bot.start(id: UUID().uuidString, at: Self.now).pair
                for m in messages { (c, replies) = bot.respond(to: m, in: c, at: Self.now).pair }
                return replies.first?.text ?? ""
            }
            for i in 0..<3 {
                _ = ask(["where is my order 10233", "wrong\(i)a@example.com", "wrong\(i)b@example.com"])
            }
            let rightDetails = ask(["where is my order 10233", "grace.okafor@example.com"])
            let noSuchOrder = ask(["where is my order 99999", "grace.okafor@example.com"])
            #expect(!rightDetails.contains("Parcelwise"))
            #expect(rightDetails.hasPrefix("I couldn't find an order that matches those details"))
            #expect(rightDetails == noSuchOrder)
        }
    }
}
