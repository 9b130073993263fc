@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    @Suite struct TicketTextTests {
        typealias T = HandoffTestSupport

        @Test func aTicketReadsAsAHeaderThenTheTranscriptWithIntentsAndConfidence() throws {
            let store = try T.newStore()
            let ticket = try T.openSample(in: store, priority: 1)
            _ = try store.claim(ticket.id, agent: "sam", at: T.opened + 90)
            try store.append(Turn(sender: .agent, text: "Hi Ann, Sam here.\nLet me look.", time: T.opened + 100), to: ticket.id)
            try store.append(Turn(sender: .system, text: "Shopper is typing", time: T.opened + 36_000), to: ticket.id)
            let text = try String(contentsOfFile: store.directory + "/tickets/T-1001.txt", encoding: .utf8)
            #expect(text == """
                Ticket T-1001: claimed, priority 1 (most urgent)
                Reason: asked for a person
                Opened: 2026-11-22 14:03 UTC, conversation c-1
                Agent: sam since 2026-11-22 14:04
                Presence: shopper connected

                Shopper:
                  e-mail (verified): ann@example.com
                  postcode (not verified): LS6 2QF
                Orders:
                  #10231 shipped: shipped 20 Nov with DPD, due 23 Nov
                    items: Linen shirt, Wool socks
                Facts:
                  order_number: 10231
                Already answered: track_order

                Summary:
                  Ann asked where order 10231 is; it shipped 20 Nov with DPD. She wants a person.

                Transcript:
                [14:01] Bot (no intent): Hello! I'm the Linen & Loom assistant.
                [14:02] Shopper: where is my order 10231
                [14:02] Bot (track_order, 0.92): Your order #10231 shipped on 20 Nov with DPD.
                [14:03] Shopper: I want to talk to a person
                [14:04] Agent: Hi Ann, Sam here.
                        Let me look.
                --- 2026-11-23 ---
                [00:03] System: Shopper is typing

                """)
        }

        /// Issue 12, item 13: the agent sees each parcel's state and whether the shopper is still
        /// there; the file, not rewritten as time passes, says when they left, and a reader's view how long ago.
        @Test func theHeaderSaysWhetherTheShopperIsStillThereAndEachParcelIsListedUnderItsOrder() throws {
            let store = try T.newStore()
            let orders = [Ticket.OrderSnapshot(id: "10235", status: "shipped", state: "2 parcels, 1 delivered", items: ["1× Linen throw", "1× Ceramic table lamp"],
                                               parcels: ["Parcel 1 of 2 (Linen throw): delivered Tue 1 Dec",
                                                         "Parcel 2 of 2 (Ceramic table lamp): with Northline Post, expected Fri 4 Dec,\nlast: in transit"])]
            let ticket = try store.open(conversationID: "c-1", reason: .askedForPerson, priority: 2, shopper: T.shopper, orders: orders,
                                        answered: [], facts: [:], summary: "Where is the lamp?", transcript: [], at: T.opened)
            try store.setShopperPresence(ticket.id, connected: false, at: T.opened + 120)
            let left = try #require(store.ticket(ticket.id))
            let file = try String(contentsOfFile: store.directory + "/tickets/T-1001.txt", encoding: .utf8)
            #expect(file.hasPrefix("""
                Ticket T-1001: waiting, priority 2
                Reason: asked for a person
                Opened: 2026-11-22 14:03 UTC, conversation c-1
                Presence: shopper left 2026-11-22 14:05

                Shopper:
                  e-mail (verified): ann@example.com
                  postcode (not verified): LS6 2QF
                Orders:
                  #10235 shipped: 2 parcels, 1 delivered
                    items: 1× Linen throw, 1× Ceramic table lamp
                    Parcel 1 of 2 (Linen throw): delivered Tue 1 Dec
                    Parcel 2 of 2 (Ceramic table lamp): with Northline Post, expected Fri 4 Dec, last: in transit
                Facts:

                """))
            #expect(left.rendered(now: T.opened + 400).contains("\nPresence: shopper left 4 min ago (14:05)\n"))
            try store.setShopperPresence(ticket.id, connected: true, at: T.opened + 600)
            #expect(store.ticket(ticket.id)?.rendered(now: T.opened + 700).contains("\nPresence: shopper connected\n") == true)
            try store.withdraw(ticket.id, at: T.opened + 800)
            #expect(store.ticket(ticket.id)?.rendered(now: T.opened + 900).contains("Presence:") == false)
        }

        static let presences: [(left: TimeInterval?, phrase: String)] = [
            (nil, "shopper connected"), (0, "shopper left just now"), (59, "shopper left just now"), (60, "shopper left 1 min ago"),
            (59 * 60 + 59, "shopper left 59 min ago"), (3_600, "shopper left 1h 00m ago"), (2 * 3_600 + 5 * 60 + 30, "shopper left 2h 05m ago"),
            (3 * 86_400 + 4 * 3_600, "shopper left 3d 4h ago"), (-30, "shopper left just now"),
        ]

        @Test(arguments: presences)
        func howLongAgoTheShopperLeftReadsAtAGlance(_ left: TimeInterval?, _ phrase: String) throws {
            var ticket = try T.openSample(in: T.newStore())
            let now = T.opened + 86_400 * 5
            ticket.shopperLeftAt = left.map { now - $0 }
            #expect(ticket.presencePhrase(now: now) == phrase)
        }

        @Test func timesAreShownInTheShopsTimeZone() throws {
            let ticket = try T.openSample(in: T.newStore())
            let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
            let text = ticket.rendered(timeZone: zone)
            #expect(text.contains("Opened: 2026-11-22 15:03 Europe/Berlin"))
            #expect(text.contains("[15:03] Shopper: I want to talk to a person"))
        }

        /// Zones with half- and quarter-hour offsets, half-hour summer time, and none.
        static let zones = ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham",
                            "America/Los_Angeles", "Pacific/Kiritimati"].compactMap(TimeZone.init(identifier:))

        /// The text as first written (split into `Character`s, times from a `Calendar`), which the faster one must match.
        static func renderedAsFirstWritten(_ t: Ticket, _ zone: TimeZone) -> String {
            let calendar = OrderCalendar.gregorian(in: zone)
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            func clock(_ d: Date) -> String {
                let c = calendar.dateComponents([.hour, .minute], from: d)
                return two(c.hour ?? 0) + ":" + two(c.minute ?? 0)
            }
            func day(_ d: Date) -> String {
                let c = calendar.dateComponents([.year, .month, .day], from: d)
                return "\(c.year ?? 0)-" + two(c.month ?? 0) + "-" + two(c.day ?? 0)
            }
            func dayAndClock(_ d: Date) -> String { day(d) + " " + clock(d) }
            func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
            let format = HandoffFormat(timeZone: zone)
            var lines: [String] = []
            lines.append("Ticket \(t.id): \(t.status.phrase), priority \(t.priority)\(t.priority == 1 ? " (most urgent)" : "")")
            lines.append("Reason: \(t.reason.phrase)")
            lines.append("Opened: \(dayAndClock(t.created)) \(format.zoneName), conversation \(t.conversationID)")
            if let agent = t.agent {
                let since = t.claimedAt.map { " since \(dayAndClock($0))" } ?? ""
                lines.append("Agent: \(agent)\(t.status == .claimed ? since : "")")
            }
            if t.status == .waiting || t.status == .claimed {
                lines.append("Presence: " + (t.shopperLeftAt.map { "shopper left \(dayAndClock($0))" } ?? "shopper connected"))
            }
            if let resolvedAt = t.resolvedAt { lines.append("Resolved: \(dayAndClock(resolvedAt))") }
            if let note = t.note { lines.append("Note: \(oneLine(note))") }
            if let rating = t.rating { lines.append("Rating: \(rating)/5" + (t.comment.map { ", \"\(oneLine($0))\"" } ?? "")) }
            lines.append("")
            lines.append("Shopper:")
            var shopperLines: [String] = []
            if let e = t.shopper.verifiedEmail { shopperLines.append("  e-mail (verified): \(e)") }
            if let e = t.shopper.claimedEmail { shopperLines.append("  e-mail (not verified): \(e)") }
            if let p = t.shopper.claimedPostcode { shopperLines.append("  postcode (not verified): \(p)") }
            lines.append(contentsOf: shopperLines.isEmpty ? ["  (no details given)"] : shopperLines)
            lines.append("Orders:")
            if t.orders.isEmpty { lines.append("  (none)") }
            for order in t.orders {
                lines.append("  #\(order.id) \(order.status): \(order.state)")
                if !order.items.isEmpty { lines.append("    items: \(order.items.joined(separator: ", "))") }
                for parcel in order.parcels { lines.append("    \(oneLine(parcel))") }
            }
            lines.append("Facts:")
            if t.facts.isEmpty { lines.append("  (none)") }
            for key in t.facts.keys.sorted() { lines.append("  \(key): \(oneLine(t.facts[key] ?? ""))") }
            lines.append("Already answered: \(t.answered.isEmpty ? "(nothing)" : t.answered.joined(separator: ", "))")
            lines.append("")
            lines.append("Summary:")
            lines.append("  \(oneLine(t.summary))")
            lines.append("")
            lines.append("Transcript:")
            var shownDay = day(t.created)
            for turn in t.transcript {
                let d = day(turn.time)
                if d != shownDay {
                    lines.append("--- \(d) ---")
                    shownDay = d
                }
                let text = turn.text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
                lines.append("[\(clock(turn.time))] \(Ticket.label(for: turn)): \(text)")
            }
            return lines.joined(separator: "\n") + "\n"
        }

        @Test(arguments: HandoffEventEncodingTests.tickets)
        func theTextIsAsTheFirstLayoutWroteIt(_ ticket: Ticket) {
            for zone in Self.zones {
                #expect(ticket.rendered(timeZone: zone) == Self.renderedAsFirstWritten(ticket, zone), "\(zone.identifier)")
            }
        }

        /// Line breaks of every kind, alone, in runs, at either end and next to combining marks.
        @Test func lineBreaksAreJoinedAndIndentedAsCharactersWouldBe() {
            var random = SeededGenerator(seed: 7)
            let pieces = ["", "a", " ", "\n", "\r", "\r\n", "\n\r", "\u{B}", "\u{C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{301}", "é",
                          "\u{2027}", "\u{A8}", "\u{C2}", "👋🏽", "\t"]
            for _ in 0..<2_000 {
                let text = (0..<Int.random(in: 0...7, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
                let joined = text.split(whereSeparator: \.isNewline).joined(separator: " ")
                let indented = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
                guard Ticket.oneLine(text) == joined, Ticket.indented(text) == indented else {
                    // The first case that differs is enough to go on.
                    #expect(Ticket.oneLine(text) == joined, "\(text.debugDescription)")
                    #expect(Ticket.indented(text) == indented, "\(text.debugDescription)")
                    return
                }
            }
        }

        /// Every quarter hour over two years in each zone (summer time both ways), and dates far
        /// from now, read as a `Calendar` reads them.
        @Test func datesAreReadAsTheCalendarReadsThem() {
            let start = HandoffTestSupport.date("2025-01-01T00:00:00Z").timeIntervalSince1970
            let samples = stride(from: start, to: start + 2 * 366 * 86_400, by: 900).map { Date(timeIntervalSince1970: $0) }
                + [-11_676_096_001, -11_676_096_000, -1, -0.5, 0, 0.999, 951_868_799.5, 4_102_444_800, 253_402_300_799, 253_402_300_800]
                .map { Date(timeIntervalSince1970: $0) }
            for zone in Self.zones {
                let format = HandoffFormat(timeZone: zone)
                for date in samples {
                    let c = format.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
                    let expected = HandoffFormat.LocalTime(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0, hour: c.hour ?? 0, minute: c.minute ?? 0)
                    if format.local(date) != expected {
                        Issue.record("\(zone.identifier) \(date.timeIntervalSince1970): \(format.local(date)) != \(expected)")
                        return
                    }
                }
            }
        }
    }
}
