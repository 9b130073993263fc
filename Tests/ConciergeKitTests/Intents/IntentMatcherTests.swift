@testable import ConciergeKit
import Testing

extension Intents {
    /// What the demo shop's matcher decides for messages a shopper might send.
    @Suite struct IntentMatcherTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var text: String
            var intent: String
            var testDescription: String { text }
        }

        static let clear: [Case] = [
            Case(text: "where is my parcel", intent: "track_order"),
            Case(text: "WHERE IS MY ORDER??", intent: "track_order"),
            Case(text: "wher is my pakage", intent: "track_order"),
            Case(text: "cancel my order", intent: "cancel_order"),
            Case(text: "I want to return my jumper", intent: "return_item"),
            Case(text: "I forgot my password", intent: "recover_password"),
            Case(text: "can I pay with paypal", intent: "check_payment_methods"),
            Case(text: "my item arrived broken", intent: "damaged_item"),
            Case(text: "I want to speak to a human", intent: "contact_human_agent"),
            Case(text: "hello", intent: "greeting"),
        ]

        @Test(arguments: clear)
        func clearMessagesAreActedOn(_ test: Case) {
            #expect(Fixtures.matcher.classify(test.text).decision == .act(test.intent))
        }

        static let offTopic = [
            "what's the weather like tomorrow",
            "who won the football last night",
            "how do i reverse a list in python",
        ]

        @Test(arguments: offTopic)
        func offTopicMessagesFallBack(_ text: String) {
            #expect(Fixtures.matcher.classify(text).decision == .fallback)
        }

        /// "book" is a rare, heavy word in the demo content ("address book"), and "flight" and
        /// "rome" do not outweigh it, so the bot offers to set up a shipping address (see the report).
        @Test
        func bookingAFlightFallsBack() {
            #expect(Fixtures.matcher.classify("book me a flight to Rome").decision == .fallback)
        }

        @Test
        func aShortNumberIsAnOrderNumberOnlyWhenTheBotAskedForOne() {
            #expect(Fixtures.matcher.classify("4471").analysis.entities.orderNumbers == [])
            #expect(Fixtures.matcher.classify("4471", expectingOrderNumber: true).analysis.entities.orderNumbers == ["4471"])
        }

        @Test
        func candidatesExplainTheDecision() throws {
            let result = Fixtures.matcher.classify("where is my parcel")
            let top = try #require(result.candidates.first)
            #expect(top.intent == "track_order")
            #expect(result.confidence == top.score)
            #expect(top.sharedTerms.contains("~package"))
            #expect(!top.closestExample.isEmpty)
            #expect(result.candidates.count <= 5)
            #expect(zip(result.candidates, result.candidates.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }
}
