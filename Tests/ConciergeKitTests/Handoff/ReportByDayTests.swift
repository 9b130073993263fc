@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    /// The report's day-by-day figures, the ratings by score, the languages and the intents that
    /// might fit, on a journal of three known days in Berlin (an hour ahead of UTC in November).
    @Suite struct ReportByDayTests {
        typealias T = HandoffTestSupport

        static let berlin = TimeZone(identifier: "Europe/Berlin") ?? OrderCalendar.utc
        static func d(_ text: String) -> Date { T.date("2026-11-" + text + "Z") }
        /// Midnight at the start of Mon 2 Nov and at the end of Wed 4 Nov, Berlin time.
        static let since = d("01T23:00:00")
        static let now = d("04T23:00:00")

        /// Ten conversations and four tickets over Mon 2, Tue 3 and Wed 4 Nov (Berlin):
        ///
        /// | day | contained | handed off | abandoned | tickets: wait, handling, rating |
        /// |---|---|---|---|---|
        /// | Mon 2 | c1, c2 | c3 | c4 | T-1001: 4 min, 12 min, 5 |
        /// | Tue 3 | c5 (00:30 Berlin, 23:30 UTC the day before) | c6, c7 | | T-1002: 10 min until the shopper gave up, rated 2; T-1003: 2 min, put back, 20 min after the second claim, 4 |
        /// | Wed 4 | c10 | c9 (not logged, still waiting) | c8 | T-1004: 1 h waiting at `now` |
        ///
        /// Plus c0 on Sun 1 Nov (before the period). Languages: en 2, de 2, fr 1, five without.
        static func threeDays() throws -> HandoffStore {
            let store = try HandoffStore(directory: T.scratchFolder(), timeZone: berlin)
            func open(_ conversation: String, _ reason: Ticket.Reason, _ at: String) throws -> String {
                try store.open(conversationID: conversation, reason: reason, priority: 2, shopper: Ticket.Shopper(), orders: [], answered: [],
                               facts: [:], summary: "", transcript: [], at: d(at)).id
            }
            func log(_ id: String, _ started: String, _ outcome: ConversationRecord.Outcome, intents: [String] = ["track_order"],
                     unmatched: [String] = [], language: String? = nil, misread: [Misunderstanding]? = nil) throws {
                try store.logConversation(ConversationRecord(id: id, started: d(started), ended: d(started) + 240, outcome: outcome, intents: intents,
                                                             unmatched: unmatched, misunderstandings: misread, language: language))
            }
            try log("c0", "01T12:00:00", .contained, language: "en")

            let t1 = try open("c3", .askedForPerson, "02T10:00:00")
            _ = try store.claim(t1, agent: "sam", at: d("02T10:04:00"))
            try store.resolve(t1, agent: "sam", note: nil, at: d("02T10:16:00"))
            try store.rate(t1, rating: 5, comment: nil, at: d("02T10:17:00"))
            try log("c1", "02T08:00:00", .contained, unmatched: ["Can I pay with Bitcoin?"], language: "en",
                    misread: [Misunderstanding(intent: "track_order", confidence: 0.9, answered: "Where is my refund?", reaction: "no, that's not what I asked")])
            try log("c2", "02T09:00:00", .contained, unmatched: ["asdfgh"], language: "en")
            try log("c3", "02T09:55:00", .handedOff, language: "fr")
            try log("c4", "02T16:00:00", .abandoned, intents: [], unmatched: ["can i pay with bitcoin", "asdfgh", "asdfgh"])

            try log("c5", "02T23:30:00", .contained, language: "de")
            let t2 = try open("c6", .repeatedFallback, "03T13:00:00")
            try store.withdraw(t2, at: d("03T13:10:00"))
            try store.rate(t2, rating: 2, comment: nil, at: d("03T13:11:00"))
            try log("c6", "03T12:55:00", .abandoned)
            let t3 = try open("c7", .askedForPerson, "03T14:00:00")
            _ = try store.claim(t3, agent: "sam", at: d("03T14:02:00"))
            try store.release(t3, agent: "sam", toBot: false, at: d("03T14:05:00"))
            _ = try store.claim(t3, agent: "kim", at: d("03T14:10:00"))
            try store.resolve(t3, agent: "kim", note: nil, at: d("03T14:30:00"))
            try store.rate(t3, rating: 4, comment: nil, at: d("03T14:31:00"))
            try log("c7", "03T13:58:00", .handedOff)

            try log("c8", "04T09:00:00", .abandoned, intents: [])
            _ = try open("c9", .frustration, "04T22:00:00")
            try log("c10", "04T10:00:00", .contained, language: "de")
            return store
        }

        static func report(matcher: IntentMatcher? = nil) throws -> Report {
            try threeDays().report(since: since, now: now, timeZone: berlin, matcher: matcher)
        }

        @Test func eachDayCountsItsConversationsAndTicketsInTheShopsTimeZone() throws {
            let report = try Self.report()
            #expect(report.timeZone == "Europe/Berlin")
            #expect(report.days == [
                Report.Day(date: "2026-11-02", conversations: 4, contained: 2, handedOff: 1, abandoned: 1, tickets: 1,
                           medianWait: 240, p90Wait: 240, medianHandlingTime: 720, p90HandlingTime: 720, ratings: 1, satisfied: 1, csat: 1),
                Report.Day(date: "2026-11-03", conversations: 3, contained: 1, handedOff: 2, abandoned: 0, tickets: 2,
                           medianWait: 360, p90Wait: 600, medianHandlingTime: 1200, p90HandlingTime: 1200, ratings: 2, satisfied: 1, csat: 0.5),
                Report.Day(date: "2026-11-04", conversations: 3, contained: 1, handedOff: 1, abandoned: 1, tickets: 1,
                           medianWait: 3600, p90Wait: 3600, medianHandlingTime: nil, p90HandlingTime: nil, ratings: 0, satisfied: 0, csat: nil),
            ])
        }

        @Test func theWholePeriodIsTheDaysTakenTogether() throws {
            let report = try Self.report()
            #expect([report.conversations, report.contained, report.handedOff, report.abandoned] == [10, 4, 4, 2] as [Int])
            #expect(report.tickets == 4)
            // Waits 2, 4, 10 and 60 minutes; handling 12 and 20 minutes (from kim's claim, not sam's).
            #expect(report.medianWait == 420 && report.p90Wait == 3600)
            #expect(report.medianHandlingTime == 960 && report.p90HandlingTime == 1200)
            #expect(report.ratingsByScore == [0, 1, 0, 1, 1])
            #expect(report.ratings == 3 && report.satisfied == 2 && report.csat == 2.0 / 3)
            #expect(report.handoffsByReason == [Report.Count("asked_for_person", 2), Report.Count("repeated_fallback", 1), Report.Count("frustration", 1)])
            #expect(report.backlog.waiting == 1 && report.backlog.oldestAge == 3600 && report.backlog.byAge.map(\.count) == [0, 0, 1, 0])
            #expect(report.days.map(\.conversations).reduce(0, +) == report.conversations)
            #expect(report.days.map(\.tickets).reduce(0, +) == report.tickets)
            #expect(report.days.map(\.ratings).reduce(0, +) == report.ratings)
        }

        @Test func theDaysOfALargerHistoryAddUpToItsWholePeriod() throws {
            let store = try HandoffStore(directory: T.scratchFolder(), groupCommit: true)
            let history = SupportHistory(conversations: 600, days: 7, seed: 3)
            let written = try history.write(into: store)
            let report = store.report(since: nil, now: history.end, timeZone: Self.berlin)
            #expect(report.conversations == written.conversations && report.tickets == written.tickets)
            #expect(report.days.count == 8) // seven days of UTC, which in Berlin touch eight
            #expect(report.days.map(\.contained).reduce(0, +) == report.contained)
            #expect(report.days.map(\.handedOff).reduce(0, +) == report.handedOff)
            #expect(report.days.map(\.abandoned).reduce(0, +) == report.abandoned)
            #expect(report.days.map(\.tickets).reduce(0, +) == report.tickets)
            #expect(report.days.map(\.satisfied).reduce(0, +) == report.satisfied)
            #expect(report.ratingsByScore.reduce(0, +) == report.ratings)
        }

        @Test func languagesAreCountedWhereTheHostRecordedOne() throws {
            #expect(try Self.report().languages == [Report.Count("de", 2), Report.Count("en", 2), Report.Count("fr", 1)])
        }

        @Test func eachMissedOrMisreadMessageNamesTheIntentThatMightFit() throws {
            let report = try Self.report(matcher: Fixtures.matcher)
            #expect(report.topUnmatched.map(\.text) == ["asdfgh", "can i pay with bitcoin"])
            #expect(report.topUnmatched.map(\.count) == [3, 2])
            // Nothing comes close to "asdfgh": a new intent, or noise.
            #expect(report.topUnmatched[0].mightFit == nil)
            #expect(report.topUnmatched[1].mightFit?.intent == "check_payment_methods")
            // The intent that answered (track_order) is never the one suggested; the refund question fits track_refund.
            #expect(report.topMisunderstandings.map(\.mightFit?.intent) == ["track_refund"])
            for suggestion in report.topUnmatched.compactMap(\.mightFit) + report.topMisunderstandings.compactMap(\.mightFit) {
                #expect(suggestion.score >= Report.Suggestion.minimumScore)
            }
        }

        @Test func withoutTheMatcherNoIntentIsSuggested() throws {
            let report = try Self.report()
            #expect(report.topUnmatched.allSatisfy { $0.mightFit == nil })
            #expect(report.topMisunderstandings.allSatisfy { $0.mightFit == nil })
        }

        /// The same records logged in the opposite order give the same report, example messages included.
        @Test func theReportIsTheSameWhateverOrderTheLogWasWrittenIn() throws {
            let records = (0..<12).map { n in
                ConversationRecord(id: "c\(n)", started: Self.d("02T10:00:00") + Double(n * 60), ended: Self.d("02T11:00:00"), outcome: .contained,
                                   intents: ["track_order"], misunderstandings: [Misunderstanding(intent: "track_order", confidence: 0.9,
                                                                                                 answered: "message \(n)", reaction: "wrong")])
            }
            var reports: [Report] = []
            for order in [records, records.reversed()] {
                let store = try T.newStore()
                for record in order { try store.logConversation(record) }
                reports.append(store.report(since: nil, now: Self.now, timeZone: Self.berlin))
            }
            #expect(reports[0] == reports[1])
            #expect(reports[0].topMisunderstandings.first?.example == "message 0")
        }

        @Test func theTextReportShowsTheFiguresDayByDay() throws {
            let text = try Self.report(matcher: Fixtures.matcher).rendered(timeZone: Self.berlin)
            #expect(text == """
                Concierge report, from 2026-11-02 00:00 to 2026-11-05 00:00 Europe/Berlin

                Waiting for an agent now: 1 ticket, the oldest (T-1004) opened 1h 00m ago
                  under 5 min    0
                  5 to 30 min    0
                  30 min to 2 h  1
                  over 2 h       0

                Conversations: 10
                  contained by the bot    4  40%
                  handed off to a person  4  40%
                  abandoned               2  20%

                Handoffs: 4 tickets
                  asked for a person      2
                  bot did not understand  1
                  shopper frustrated      1
                  reopened within 7 days: 0
                  order look-ups locked without a ticket (someone guessing): 0
                  median wait for an agent: 7m 00s (all 4 tickets, 1 still waiting at its age now)
                  90th percentile wait: 1h 00m
                  median handling time: 16m 00s
                  90th percentile handling time: 20m 00s
                  satisfaction (CSAT): 67%, 2 of 3 ratings 4 or 5
                  ratings by score: 1: 0, 2: 1, 3: 0, 4: 1, 5: 1

                Conversations by day (days without any left out):
                  day         total  contained  handed off  abandoned
                  2026-11-02      4          2           1          1
                  2026-11-03      3          1           2          0
                  2026-11-04      3          1           1          1

                Tickets by day (waits and handling times: median and 90th percentile):
                  day         tickets    wait  90% wait  handling  90% handling       CSAT
                  2026-11-02        1  4m 00s    4m 00s   12m 00s       12m 00s  100% of 1
                  2026-11-03        2  6m 00s   10m 00s   20m 00s       20m 00s   50% of 2
                  2026-11-04        1  1h 00m    1h 00m         -             -          -

                Languages (of the 5 conversations whose language is known):
                  de  2  40%
                  en  2  40%
                  fr  1  20%

                Intents seen (conversations):
                  track_order  7

                Most frequent messages the bot did not understand, and the intent that might fit:
                  "asdfgh"                  3
                  "can i pay with bitcoin"  2  might be check_payment_methods (0.62)

                Likely misunderstandings (a confident answer the shopper contradicted or repeated): 1 in 1 conversation
                  track_order  "no that is not what i asked"  1  to "where is my refund"  might be track_refund (0.87)

                """)
        }

        @Test func theJSONReportCarriesTheSameFigures() throws {
            let report = try Self.report(matcher: Fixtures.matcher)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let json = String(decoding: try encoder.encode(report), as: UTF8.self)
            for fragment in [#""version":3"#, #""timeZone":"Europe\/Berlin""#, #""ratingsByScore":[0,1,0,1,1]"#, #""p90HandlingTime":1200"#,
                             #"{"abandoned":1,"contained":2,"conversations":4,"csat":1,"date":"2026-11-02","handedOff":1,"#,
                             #""languages":[{"count":2,"name":"de"},"#, #""mightFit":{"intent":"track_refund","#] {
                #expect(json.contains(fragment), "\(fragment)")
            }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(Report.self, from: Data(json.utf8)) == report)
        }
    }
}
