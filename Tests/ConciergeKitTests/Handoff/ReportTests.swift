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
                     _ unmatched: [String] = [], ticket: String? = nil, misread: [Misunderstanding]? = nil) throws {
                try store.logConversation(ConversationRecord(id: id, started: d(started), ended: d(started) + 300, outcome: outcome,
                                                             intents: intents, unmatched: unmatched, ticketID: ticket,
                                                             misunderstandings: misread))
            }
            func misread(_ intent: String, _ answered: String?, _ reaction: String) -> Misunderstanding {
                Misunderstanding(intent: intent, confidence: 0.8, answered: answered, reaction: reaction)
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

            // Three likely misunderstandings in two conversations (and one in October).
            try log("c1", "11-02T10:00:00", .contained, ["track_order", "track_order", "delivery_period"], ["Do you sell gift cards?"],
                    misread: [misread("track_order", "Where is my refund?", "No, that's not what I asked!"),
                              misread("delivery_period", "do you deliver on sundays", "wrong")])
            try log("c2", "11-02T11:00:00", .contained, ["return_item"], ["do you sell GIFT cards", "hello??"],
                    misread: [misread("track_order", "wheres my refund", "no thats not what i asked")])
            try log("c3", "11-03T09:55:00", .handedOff, ["track_order"], ticket: t1)
            // Logged twice: the later record replaces the earlier one.
            try log("c4", "11-04T12:00:00", .contained, ["track_order"], ["hello"])
            try log("c4", "11-04T12:00:00", .abandoned, [], ["asdfgh"])
            // Logged as abandoned, but it had a ticket: handed off.
            try log("c5", "11-05T12:55:00", .abandoned, ["track_order"], ["Do you sell gift-cards", "hello"])
            try log("c7", "10-20T10:00:00", .contained, ["track_order"], ["hello"], misread: [misread("track_order", nil, "wrong")])
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
            // Waits: 2 min, 4 min, 10 min (claimed), 10 min (given up), and T-1003 still waiting since 6 Nov 15:00.
            #expect(report.medianWait == 600)
            #expect(report.p90Wait == Self.d("11-30T00:00:00").timeIntervalSince(Self.d("11-06T15:00:00")))
            #expect(report.stillWaiting == 1)
            #expect(report.backlog == Report.Backlog(waiting: 1, oldestTicket: "T-1003", oldestAge: 23 * 86_400 + 9 * 3600,
                                                     byAge: [.init(from: 0, to: 300, count: 0), .init(from: 300, to: 1800, count: 0),
                                                             .init(from: 1800, to: 7200, count: 0), .init(from: 7200, to: nil, count: 1)]))
            #expect(report.medianHandlingTime == 510)
            #expect(report.ratings == 3 && report.satisfied == 2)
            #expect(report.csat == 2.0 / 3)
            #expect(report.intents == [Report.Count("track_order", 3), Report.Count("return_item", 2), Report.Count("delivery_period", 1),
                                       Report.Count("get_refund", 1), Report.Count("track_refund", 1)])
            #expect(report.topUnmatched == [Report.Unmatched(text: "do you sell gift cards", count: 3), Report.Unmatched(text: "hello", count: 2),
                                            Report.Unmatched(text: "asdfgh", count: 1)]
                + (1...7).map { Report.Unmatched(text: String(format: "q%02d", $0), count: 1) })
            #expect(report.misunderstandings == 3 && report.misunderstoodConversations == 2)
            #expect(report.topMisunderstandings == [
                Report.MisunderstandingCount(intent: "track_order", reaction: "no that is not what i asked", count: 2, example: "where is my refund"),
                Report.MisunderstandingCount(intent: "delivery_period", reaction: "wrong", count: 1, example: "do you deliver on sundays"),
            ])
        }

        @Test func aReportWithoutAStartCoversEverything() throws {
            let report = try Self.knownStore().report(since: nil, now: Self.d("11-30T00:00:00"))
            #expect([report.contained, report.handedOff, report.abandoned] == [4, 5, 1] as [Int])
            #expect(Array(report.topUnmatched.prefix(2)) == [Report.Unmatched(text: "do you sell gift cards", count: 3), Report.Unmatched(text: "hello", count: 3)])
        }

        @Test func theReportReadsAsPlainTextWithSharesThatAddUpTo100() throws {
            let report = try Self.knownStore().report(since: Self.d("11-01T00:00:00"), now: Self.d("11-30T00:00:00"))
            #expect(report.rendered() == """
                Concierge report, from 2026-11-01 00:00 to 2026-11-30 00:00 UTC

                Waiting for an agent now: 1 ticket, the oldest (T-1003) opened 23d 9h ago
                  under 5 min    0
                  5 to 30 min    0
                  30 min to 2 h  0
                  over 2 h       1

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
                  median wait for an agent: 10m 00s (all 5 tickets, 1 still waiting at its age now)
                  90th percentile wait: 23d 9h
                  median handling time: 8m 30s
                  90th percentile handling time: 12m 00s
                  satisfaction (CSAT): 67%, 2 of 3 ratings 4 or 5
                  ratings by score: 1: 0, 2: 0, 3: 1, 4: 1, 5: 1

                Conversations by day (days without any left out):
                  day         total  contained  handed off  abandoned
                  2026-11-02      2          2           0          0
                  2026-11-03      1          0           1          0
                  2026-11-04      1          0           0          1
                  2026-11-05      1          0           1          0
                  2026-11-06      3          1           2          0
                  2026-11-14      1          0           1          0

                Tickets by day (waits and handling times: median and 90th percentile):
                  day         tickets     wait  90% wait  handling  90% handling       CSAT
                  2026-11-02        0        -         -         -             -          -
                  2026-11-03        1   4m 00s    4m 00s   12m 00s       12m 00s  100% of 1
                  2026-11-04        0        -         -         -             -          -
                  2026-11-05        1  10m 00s   10m 00s         -             -  100% of 1
                  2026-11-06        2  11d 16h    23d 9h    5m 00s        5m 00s    0% of 1
                  2026-11-14        1  10m 00s   10m 00s         -             -          -

                Intents seen (conversations):
                  track_order      3
                  return_item      2
                  delivery_period  1
                  get_refund       1
                  track_refund     1

                Most frequent messages the bot did not understand, and the intent that might fit:
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

                Likely misunderstandings (a confident answer the shopper contradicted or repeated): 3 in 2 conversations
                  track_order      "no that is not what i asked"  2  to "where is my refund"
                  delivery_period  "wrong"                        1  to "do you deliver on sundays"

                """)
        }

        @Test func anEmptyStoreGivesAReportOfZerosAndNoMedians() throws {
            let report = try T.newStore().report(since: nil, now: T.opened)
            #expect(report.conversations == 0 && report.tickets == 0)
            #expect(report.medianWait == nil && report.p90Wait == nil && report.medianHandlingTime == nil && report.csat == nil)
            #expect(report.backlog == Report.Backlog(waiting: 0, oldestTicket: nil, oldestAge: nil,
                                                     byAge: [.init(from: 0, to: 300, count: 0), .init(from: 300, to: 1800, count: 0),
                                                             .init(from: 1800, to: 7200, count: 0), .init(from: 7200, to: nil, count: 0)]))
            #expect(report.misunderstandings == 0 && report.topMisunderstandings.isEmpty)
            let text = report.rendered()
            for line in ["Waiting for an agent now: none", "median wait for an agent: no tickets", "satisfaction (CSAT): no ratings yet",
                         "Likely misunderstandings (a confident answer the shopper contradicted or repeated): none"] {
                #expect(text.contains(line + "\n"), "\(line)")
            }
        }

        @Test func theReportRoundTripsThroughJSON() throws {
            let report = try Self.knownStore().report(since: Self.d("11-01T00:00:00"), now: Self.d("11-30T00:00:00"))
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(Report.self, from: encoder.encode(report)) == report)
        }

        /// Eight tickets opened at known times before `now`: four still waiting, one given up on,
        /// one claimed, one claimed and put back in the queue, one resolved.
        static let now = d("11-20T12:00:00")

        static func queueStore() throws -> HandoffStore {
            let store = try T.newStore()
            func open(_ conversation: String, minutesAgo: Double) throws -> String {
                try store.open(conversationID: conversation, reason: .askedForPerson, priority: 2, shopper: Ticket.Shopper(), orders: [],
                               answered: [], facts: [:], summary: "", transcript: [], at: now - minutesAgo * 60).id
            }
            _ = try open("waits-3h", minutesAgo: 180) // T-1001
            _ = try open("waits-45m", minutesAgo: 45) // T-1002
            let gaveUp = try open("gave-up", minutesAgo: 40) // T-1003: gave up after 25 minutes
            try store.withdraw(gaveUp, at: now - 15 * 60)
            let claimed = try open("claimed", minutesAgo: 30) // T-1004: claimed after 6 minutes
            _ = try store.claim(claimed, agent: "sam", at: now - 24 * 60)
            let requeued = try open("requeued", minutesAgo: 20) // T-1005: claimed after 2 minutes, back in the queue
            _ = try store.claim(requeued, agent: "sam", at: now - 18 * 60)
            try store.release(requeued, agent: "sam", toBot: false, at: now - 10 * 60)
            _ = try open("waits-1m", minutesAgo: 1) // T-1006
            let resolved = try open("resolved", minutesAgo: 12) // T-1007: claimed after 4 minutes, resolved
            _ = try store.claim(resolved, agent: "kim", at: now - 8 * 60)
            try store.resolve(resolved, agent: "kim", note: nil, at: now - 2 * 60)
            _ = try open("future", minutesAgo: -5) // T-1008: opened after `now`, not in this report
            return store
        }

        @Test func theBacklogCountsTheTicketsWaitingAtNowByAge() throws {
            let report = try Self.queueStore().report(since: nil, now: Self.now)
            // T-1001 (3 h), T-1002 (45 min), T-1005 (20 min, back in the queue), T-1006 (1 min).
            #expect(report.backlog == Report.Backlog(waiting: 4, oldestTicket: "T-1001", oldestAge: 3 * 3600,
                                                     byAge: [.init(from: 0, to: 300, count: 1), .init(from: 300, to: 1800, count: 1),
                                                             .init(from: 1800, to: 7200, count: 1), .init(from: 7200, to: nil, count: 1)]))
            #expect(report.rendered().hasPrefix("""
                Concierge report, from the start to 2026-11-20 12:00 UTC

                Waiting for an agent now: 4 tickets, the oldest (T-1001) opened 3h 00m ago
                  under 5 min    1
                  5 to 30 min    1
                  30 min to 2 h  1
                  over 2 h       1

                """))
        }

        @Test func theMedianWaitCountsTicketsStillWaitingAtTheirAge() throws {
            let report = try Self.queueStore().report(since: nil, now: Self.now)
            // Minutes: 180, 45 and 1 still waiting; 25 given up; 6, 2 and 4 until claimed.
            #expect(report.tickets == 7 && report.stillWaiting == 3)
            #expect(report.medianWait == 6 * 60.0)
            #expect(report.p90Wait == 180 * 60.0)
            #expect(report.rendered().contains("""
                  median wait for an agent: 6m 00s (all 7 tickets, 3 still waiting at their age now)
                  90th percentile wait: 3h 00m

                """))
            // Counting only the claimed tickets, as the report once did, would say 4 minutes.
            #expect(Report.median([6 * 60, 2 * 60, 4 * 60]) == 4 * 60.0)
        }

        @Test func aReportForAnEarlierMomentSeesTheQueueAsItWasThen() throws {
            let store = try Self.queueStore()
            // 11:44: T-1003 not yet given up on, T-1005 claimed and not yet put back, T-1006 and T-1007 not yet opened.
            let earlier = store.report(since: nil, now: Self.now - 16 * 60)
            #expect(earlier.tickets == 5 && earlier.stillWaiting == 3)
            #expect(earlier.backlog == Report.Backlog(waiting: 3, oldestTicket: "T-1001", oldestAge: 164 * 60.0,
                                                      byAge: [.init(from: 0, to: 300, count: 0), .init(from: 300, to: 1800, count: 2),
                                                              .init(from: 1800, to: 7200, count: 0), .init(from: 7200, to: nil, count: 1)]))
            // Minutes: 164, 29 and 24 still waiting; 6 and 2 until claimed.
            #expect(earlier.medianWait == 24 * 60.0)
        }

        @Test func misunderstandingsAreLoggedWithCardNumbersMasked() throws {
            let store = try T.newStore()
            let found = Misunderstanding(intent: "payment_methods", confidence: 0.9, answered: "is 4111 1111 1111 1111 ok",
                                         reaction: "no i meant card 4111111111111111")
            try store.logConversation(ConversationRecord(id: "c1", started: T.opened, ended: T.opened + 60, outcome: .contained,
                                                         misunderstandings: [found]))
            let logged = try #require(store.conversations().first?.misunderstandings?.first)
            #expect(logged.answered.map(CardNumber.mask) == logged.answered && logged.reaction == CardNumber.mask(found.reaction))
            #expect(logged.answered != found.answered && logged.reaction != found.reaction)
            #expect(logged.intent == found.intent && logged.confidence == found.confidence)
        }

        @Test(arguments: [
            (90, [Double](), nil as Double?),
            (90, [7], 7),
            (90, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9),
            (90, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10),
            (50, [5, 1, 3], 3),
            (100, [5, 1, 3], 5),
        ])
        func percentilesAreByNearestRank(_ percent: Int, _ values: [Double], _ expected: Double?) {
            #expect(Report.percentile(percent, of: values) == expected)
        }

        @Test(arguments: [
            (Report.Backlog.AgeBand(from: 0, to: 300, count: 0), "under 5 min"),
            (Report.Backlog.AgeBand(from: 300, to: 1800, count: 0), "5 to 30 min"),
            (Report.Backlog.AgeBand(from: 1800, to: 7200, count: 0), "30 min to 2 h"),
            (Report.Backlog.AgeBand(from: 7200, to: nil, count: 0), "over 2 h"),
            (Report.Backlog.AgeBand(from: 3600, to: 86_400, count: 0), "1 h to 24 h"),
        ])
        func ageBandsReadAsAManagerSaysThem(_ band: Report.Backlog.AgeBand, _ label: String) {
            #expect(Report.label(band) == label)
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
