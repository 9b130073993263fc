@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    @Suite struct ReportTests {
        typealias T = HandoffTestSupport

        static func d(_ text: String) -> Date { T.date("2026-" + text + "Z") }

        /// Ten conversations in November (and one in October, before the period), five tickets.
        static func knownStore() throws -> HandoffStore {
            let store = try T.newStore()
            let ann = Ticket.Shopper(verifiedEmail: "ann@example.com")
            func open(_ conversation: String, _ reason: Ticket.Reason, _ shopper: Ticket.Shopper, _ at: Date) throws -> String {
                try store.open(conversationID: conversation, reason: reason, priority: 2, shopper: shopper, orders: [], answered: [],
                               facts: [:], summary: "", transcript: [], at: at).id
            }
            func log(_ id: String, _ started: String, _ outcome: ConversationRecord.Outcome, _ intents: [String] = [],
                     _ unmatched: [String] = [], ticket: String? = nil) throws {
                try store.logConversation(ConversationRecord(id: id, started: d(started), ended: d(started) + 300, outcome: outcome,
                                                             intents: intents, unmatched: unmatched, ticketID: ticket))
            }

            // T-1001, c3 (Ann): waits 4 min, handled in 12 min, rated 5.
            let t1 = try open("c3", .askedForPerson, ann, d("11-03T10:00:00"))
            _ = try store.claim(t1, agent: "sam", at: d("11-03T10:04:00"))
            try store.resolve(t1, agent: "sam", note: nil, at: d("11-03T10:16:00"))
            try store.rate(t1, rating: 5, comment: nil, at: d("11-03T10:17:00"))
            // T-1002, c5: the shopper stopped waiting; rated 4 all the same.
            let t2 = try open("c5", .repeatedFallback, Ticket.Shopper(), d("11-05T13:00:00"))
            try store.withdraw(t2, at: d("11-05T13:10:00"))
            try store.rate(t2, rating: 4, comment: nil, at: d("11-05T13:11:00"))
            // T-1003, c6: still waiting, its conversation not logged yet.
            _ = try open("c6", .frustration, Ticket.Shopper(), d("11-06T15:00:00"))
            // T-1004, c9 (Ann again, under 3 days after T-1001 was resolved): reopened; waits 2 min, handled in 5, rated 3.
            let t4 = try open("c9", .askedForPerson, ann, d("11-06T09:05:00"))
            _ = try store.claim(t4, agent: "kim", at: d("11-06T09:07:00"))
            try store.resolve(t4, agent: "kim", note: nil, at: d("11-06T09:12:00"))
            try store.rate(t4, rating: 3, comment: nil, at: d("11-06T09:13:00"))
            // T-1005, c10 (Ann, by a claimed address, 8 days after T-1004): not reopened; first claim after 10 min, then passed on.
            let t5 = try open("c10", .verificationLockout, Ticket.Shopper(claimedEmail: "ANN@example.com"), d("11-14T11:00:00"))
            _ = try store.claim(t5, agent: "sam", at: d("11-14T11:10:00"))
            try store.release(t5, agent: "sam", toBot: false, at: d("11-14T11:20:00"))
            _ = try store.claim(t5, agent: "kim", at: d("11-14T11:30:00"))

            try log("c1", "11-02T10:00:00", .contained, ["track_order", "track_order", "delivery_period"], ["Do you sell gift cards?"])
            try log("c2", "11-02T11:00:00", .contained, ["return_item"], ["do you sell GIFT cards", "hello??"])
            try log("c3", "11-03T09:55:00", .handedOff, ["track_order"], ticket: t1)
            // Logged twice: the later record replaces the earlier one.
            try log("c4", "11-04T12:00:00", .contained, ["track_order"], ["hello"])
            try log("c4", "11-04T12:00:00", .abandoned, [], ["asdfgh"])
            // Logged as abandoned, but it had a ticket: handed off.
            try log("c5", "11-05T12:55:00", .abandoned, ["track_order"], ["Do you sell gift-cards", "hello"])
            try log("c7", "10-20T10:00:00", .contained, ["track_order"], ["hello"])
            try log("c8", "11-06T16:00:00", .contained, ["track_refund"], (1...11).map { String(format: "q%02d", $0) })
            try log("c9", "11-06T09:00:00", .handedOff, ["return_item", "get_refund", "return_item"], ticket: t4)
            return store
        }

        @Test func theReportCountsAKnownSetOfConversationsExactly() throws {
            let store = try Self.knownStore()
            let report = store.report(since: Self.d("11-01T00:00:00"), now: Self.d("11-30T00:00:00"))
            #expect(report.conversations == 9)
            #expect([report.contained, report.handedOff, report.abandoned] == [3, 5, 1] as [Int])
            #expect([report.containedShare, report.handedOffShare, report.abandonedShare] == [3.0 / 9, 5.0 / 9, 1.0 / 9] as [Double])
            #expect(report.tickets == 5)
            #expect(report.handoffsByReason == [Report.Count("asked_for_person", 2), Report.Count("repeated_fallback", 1),
                                                Report.Count("frustration", 1), Report.Count("verification_lockout", 1)])
            #expect(report.reopened == 1)
            #expect(report.medianWait == 240)
            #expect(report.medianHandlingTime == 510)
            #expect(report.ratings == 3 && report.satisfied == 2)
            #expect(report.csat == 2.0 / 3)
            #expect(report.intents == [Report.Count("track_order", 3), Report.Count("return_item", 2), Report.Count("delivery_period", 1),
                                       Report.Count("get_refund", 1), Report.Count("track_refund", 1)])
            #expect(report.topUnmatched == [Report.Count("do you sell gift cards", 3), Report.Count("hello", 2), Report.Count("asdfgh", 1)]
                + (1...7).map { Report.Count(String(format: "q%02d", $0), 1) })
        }

        @Test func aReportWithoutAStartCoversEverything() throws {
            let report = try Self.knownStore().report(since: nil, now: Self.d("11-30T00:00:00"))
            #expect([report.contained, report.handedOff, report.abandoned] == [4, 5, 1] as [Int])
            #expect(Array(report.topUnmatched.prefix(2)) == [Report.Count("do you sell gift cards", 3), Report.Count("hello", 3)])
        }

        @Test func theReportReadsAsPlainTextWithSharesThatAddUpTo100() throws {
            let report = try Self.knownStore().report(since: Self.d("11-01T00:00:00"), now: Self.d("11-30T00:00:00"))
            #expect(report.rendered() == """
                Concierge report, from 2026-11-01 00:00 to 2026-11-30 00:00 UTC

                Conversations: 9
                  contained by the bot    3  33%
                  handed off to a person  5  56%
                  abandoned               1  11%

                Handoffs: 5 tickets
                  asked for a person       2
                  bot did not understand   1
                  shopper frustrated       1
                  verification locked out  1
                  reopened within 7 days: 1
                  order look-ups locked without a ticket (someone guessing): 0
                  median wait for an agent: 4m 00s
                  median handling time: 8m 30s
                  satisfaction (CSAT): 67%, 2 of 3 ratings 4 or 5

                Intents seen (conversations):
                  track_order      3
                  return_item      2
                  delivery_period  1
                  get_refund       1
                  track_refund     1

                Most frequent messages the bot did not understand:
                  "do you sell gift cards"  3
                  "hello"                   2
                  "asdfgh"                  1
                  "q01"                     1
                  "q02"                     1
                  "q03"                     1
                  "q04"                     1
                  "q05"                     1
                  "q06"                     1
                  "q07"                     1

                """)
        }

        @Test func anEmptyStoreGivesAReportOfZerosAndNoMedians() throws {
            let report = try T.newStore().report(since: nil, now: T.opened)
            #expect(report.conversations == 0 && report.tickets == 0)
            #expect(report.medianWait == nil && report.medianHandlingTime == nil && report.csat == nil)
            #expect(report.rendered().contains("satisfaction (CSAT): no ratings yet"))
        }

        @Test func theReportRoundTripsThroughJSON() throws {
            let report = try Self.knownStore().report(since: Self.d("11-01T00:00:00"), now: Self.d("11-30T00:00:00"))
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(Report.self, from: encoder.encode(report)) == report)
        }

        @Test(arguments: [
            ([3, 5, 1], [33, 56, 11]),
            ([1, 1, 1], [34, 33, 33]),
            ([0, 0, 0], [0, 0, 0]),
            ([2, 0, 0], [100, 0, 0]),
            ([1, 2], [33, 67]),
        ])
        func percentagesAddUpTo100(_ counts: [Int], _ expected: [Int]) {
            #expect(HandoffFormat.percentages(counts) == expected)
        }

        @Test(arguments: [(45.0, "45s"), (240, "4m 00s"), (510, "8m 30s"), (3_900, "1h 05m"), (90_000, "1d 1h"), (0, "0s")])
        func durationsReadInTheirTwoLargestUnits(_ seconds: TimeInterval, _ text: String) {
            #expect(HandoffFormat.duration(seconds) == text)
        }
    }
}
