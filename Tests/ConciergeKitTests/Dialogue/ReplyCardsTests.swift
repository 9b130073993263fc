import Foundation
import Testing
@testable import ConciergeKit

/// The bot puts parcels, items and references on cards beside the words that say them, and only
/// once the shopper has proved the order is theirs.
struct ReplyCardsTests {
    /// Monday 23 November 2026, 11:00 in London: the day after the demo orders' anchor, so their dates are a day later than the file has them.
    static let now = DialogueStepTests.now

    static func runner(orders: OrderStore = DialogueStepTests.orders) -> ChatRunner {
        ChatRunner(matcher: Fixtures.matcher, orders: orders, requests: RequestStore(),
                   handoff: HandoffStore(inMemoryWithTimeZone: Fixtures.matcher.catalog.profile.timeZone))
    }

    /// The replies to each message in turn, from a new chat.
    static func chat(_ messages: [String], _ runner: ChatRunner = runner()) -> (Conversation, [[Reply]]) {
        var (c, _) = runner.start(id: "cards", at: now).pair
        var replies: [[Reply]] = []
        for message in messages {
            let (next, said) = runner.respond(to: message, in: c, at: now).pair
            c = next
            replies.append(said)
        }
        return (c, replies)
    }

    static func parcels(_ replies: [Reply]) -> [ParcelCard] {
        replies.flatMap(\.cards).compactMap { if case .parcel(let p) = $0 { return p } else { return nil } }
    }

    @Test func aVerifiedOrdersStatusCarriesItsParcelOnACard() throws {
        let (c, replies) = Self.chat(["where is my order 10233", "grace.okafor@example.com"])
        let answer = try #require(replies.last?.last)
        #expect(answer.lead == "Order #10233 is on its way.")
        #expect(answer.text.hasPrefix("Order #10233 is on its way.\nYour parcel is with Parcelwise, tracking number PW98369006026"))
        let scanned = try #require(ParcelCard.Event.time("2026-11-22T05:30:00Z"))
        #expect(answer.cards == [.parcel(ParcelCard(
            order: "10233", index: 1, count: 1, items: ["Wool throw, oatmeal herringbone", "Linen cushion cover, sage"], carrier: "Parcelwise",
            trackingNumber: "PW98369006026", trackingURL: "https://track.parcelwise.example/PW98369006026", state: .inTransit,
            expected: CalendarDay(year: 2026, month: 11, day: 25),
            lastEvent: .init(time: scanned, description: "At your local depot", location: "Bristol")))])
        // The transcript keeps them, so a replay draws them again.
        let turn = try #require(c.transcript.last)
        #expect(turn.cards == answer.cards && turn.lead == answer.lead)
    }

    @Test func aSplitOrderCarriesACardForEachParcel() throws {
        let (_, replies) = Self.chat(["where is my order", "10235", "amelia.hughes@example.com"])
        let cards = Self.parcels(try #require(replies.last))
        #expect(cards.map(\.index) == [1, 2] && cards.map(\.count) == [2, 2])
        #expect(cards.map(\.carrier) == ["Parcelwise", "Northline Post"])
        #expect(cards.map(\.state) == [.delivered, .inTransit])
        #expect(cards[0].delivered == CalendarDay(year: 2026, month: 11, day: 20))
        #expect(cards[1].items == ["Ceramic table lamp, chalk"])
        #expect(cards.allSatisfy { $0.trackingURL?.hasPrefix("https://") == true })
        // Asked about one item, the answer carries that item's parcel only.
        let (_, lamp) = Self.chat(["where is my order 10235", "amelia.hughes@example.com", "when will the lamp arrive?"])
        let answer = try #require(lamp.last?.last)
        #expect(Self.parcels([answer]).map(\.index) == [2])
        #expect(answer.lead == "The Ceramic table lamp, chalk is in parcel 2 of 2, with Northline Post.")
    }

    @Test func aLateParcelsLeadKeepsWhatToDoAboutIt() throws {
        let (_, replies) = Self.chat(["where is my order 10236", "priya.sharma@example.com"])
        let answer = try #require(replies.last?.last)
        #expect(Self.parcels([answer]).map(\.state) == [.overdue])
        #expect(answer.lead == "Order #10236 is on its way.\nIt's well past its delivery day (it was due on Thursday 19 November), and I'm sorry. You shouldn't wait any longer: ask for a person and our team will send a replacement or a refund.")
    }

    @Test func startingAReturnShowsTheItemsAndBookingItPutsTheReferenceOnACard() throws {
        let (c, replies) = Self.chat(["I want to return something from order 10239", "sophie.clarke@example.com", "I changed my mind"])
        let standing = try #require(replies[1].first)
        #expect(standing.lead == "Here's where the items on order #10239 stand:")
        guard case .items(let items)? = standing.cards.first else {
            Issue.record("no items card: \(standing.cards)")
            return
        }
        #expect(items.order == "10239")
        #expect(items.items.map(\.returnStatus) == [.finalSale, .returnable])
        #expect(items.items[1].until == CalendarDay(year: 2026, month: 12, day: 17))
        let booked = try #require(replies[2].first)
        #expect(booked.text.hasPrefix("Your return is booked: RET-1001 for the Linen tea towels, pair from order #10239."))
        #expect(booked.lead == nil)
        #expect(booked.cards == [.reference(ReferenceCard(kind: .returnItem, reference: "RET-1001", order: "10239"))])
        #expect(c.facts.requests == ["RET-1001"])
    }

    @Test func aHandoffCarriesItsTicketsReferenceAndNoOrder() throws {
        let (c, replies) = Self.chat(["I want to talk to a person"])
        let notice = try #require(replies.last?.first { $0.kind == .handoff })
        let ticket = try #require(c.ticketID)
        #expect(notice.cards == [.reference(ReferenceCard(kind: .ticket, reference: ticket))])
    }

    /// Conversations in which the shopper never proves an order is theirs.
    static let unverified: [[String]] = [
        ["where is my order 10235"],
        ["where is my order 10235", "wrong@example.com"],
        ["where is my order", "10235", "M1 1AA"],
        ["tracking number for 10233 please", "grace@example.com", "what about 10235", "amelia@example.com"],
        ["I want to return something from order 10239", "SW1A 1AA", "the tea towels", "I changed my mind"],
        ["track order 10231", "wrong@example.com", "track order 99999", "someone@example.com", "10231 and my postcode is M1 1AA",
         "where is order 10231, amelia.hughes@example.com"],
        ["my parcel 10236 is late and I'm furious, this is ridiculous!!!"],
        ["refund for 10241", "noah@example.com", "talk to a person"],
    ]

    @Test(arguments: unverified)
    func nothingAboutAnOrderIsOnACardBeforeTheShopperVerifiesIt(_ messages: [String]) {
        let (c, replies) = Self.chat(messages)
        #expect(c.facts.verifiedOrders.isEmpty, "the script verified an order: \(c.facts.verifiedOrders)")
        for card in replies.flatMap({ $0.flatMap(\.cards) }) {
            #expect(card.order == nil, "an order card before verification: \(card)")
            if case .reference(let r) = card { #expect(r.kind == .ticket) } else { Issue.record("an order card before verification: \(card)") }
        }
        #expect(c.transcript.allSatisfy { ($0.cards ?? []).allSatisfy { $0.order == nil } })
    }

    @Test func cardNumbersInTheOrderDataAreMaskedOnCards() throws {
        let placed = Date(timeIntervalSince1970: 1_795_000_000)
        let order = Order(id: "30001", email: "card@example.com", postcode: "LS1 4AP", placed: placed, status: .shipped,
                          items: [OrderItem(sku: "A", name: "Gift for 4111 1111 1111 1111", price: 10, category: "homeware")],
                          shipments: [Shipment(carrier: "Parcelwise", trackingNumber: "PW1", skus: ["A"], shipped: placed,
                                               events: [TrackingEvent(time: placed, description: "Paid by 4242-4242-4242-4242",
                                                                      location: "Card 5555555555554444")])])
        let (_, replies) = Self.chat(["where is my order 30001", "card@example.com"], Self.runner(orders: OrderStore(orders: [order])))
        let answer = try #require(replies.last)
        let card = try #require(Self.parcels(answer).first)
        let shown = card.items + [card.lastEvent?.description ?? "", card.lastEvent?.location ?? ""]
        #expect(shown == ["Gift for •••• •••• •••• 1111", "Paid by •••• •••• •••• 4242", "Card •••• •••• •••• 4444"])
        var w = JSONWriter()
        CardEncoding.card(.parcel(card), &w)
        for digits in ["4111111111111111", "4242424242424242", "5555555555554444"] {
            #expect(!String(decoding: w.bytes, as: UTF8.self).filter(\.isNumber).contains(digits))
        }
    }
}
