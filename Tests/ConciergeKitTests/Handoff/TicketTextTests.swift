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

        @Test func timesAreShownInTheShopsTimeZone() throws {
            let ticket = try T.openSample(in: T.newStore())
            let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
            let text = ticket.rendered(timeZone: zone)
            #expect(text.contains("Opened: 2026-11-22 15:03 Europe/Berlin"))
            #expect(text.contains("[15:03] Shopper: I want to talk to a person"))
        }
    }
}
