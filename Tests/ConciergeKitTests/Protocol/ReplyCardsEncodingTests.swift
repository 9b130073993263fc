import Foundation
import Testing
@testable import ConciergeKit

/// A reply's cards on the wire: the documented JSON shape, read back unchanged, the same bytes
/// as `JSONEncoder` writes for the agents' store, and nothing but https links.
struct ReplyCardsEncodingTests {
    static let awkward = "Say \"hi\" <img src=x onerror=alert(1)> & then\n\t\u{1} back\\slash a/b é 👋"

    static let parcel = ParcelCard(order: "10235", index: 2, count: 2, items: ["Ceramic table lamp, chalk", awkward], carrier: "Northline Post",
                                   trackingNumber: "NL849373964GB", trackingURL: "https://northlinepost.example/track?id=NL849373964GB",
                                   state: .inTransit, expected: CalendarDay(year: 2026, month: 11, day: 23),
                                   lastEvent: .init(time: Date(timeIntervalSince1970: 1_795_312_500), description: "In transit", location: "Manchester"))
    static let delivered = ParcelCard(order: "10235", items: [], carrier: awkward, trackingNumber: awkward, state: .delivered,
                                      delivered: CalendarDay(year: 2026, month: 2, day: 28),
                                      lastEvent: .init(time: Date(timeIntervalSince1970: 0), description: awkward))
    static let items = ItemsCard(order: "10239", items: [
        .init(name: "Linen tea towels, pair", quantity: 2, returnStatus: .returnable, until: CalendarDay(year: 2026, month: 12, day: 16)),
        .init(name: awkward, quantity: 1, returnStatus: .finalSale),
        .init(name: "Old lamp", quantity: 1, returnStatus: .windowClosed, until: CalendarDay(year: 2026, month: 10, day: 1)),
    ])
    static let cards: [Card] = [.parcel(parcel), .parcel(delivered), .items(items), .items(ItemsCard(order: "1", items: [])),
                                .reference(ReferenceCard(kind: .returnItem, reference: "RET-1001", order: "10239")),
                                .reference(ReferenceCard(kind: .ticket, reference: "T-1002"))]

    /// What the tests read a server line back as.
    struct Line: Decodable {
        var type: String
        var replies: [WireReply]?
    }

    @Test func aReplysCardsGoOnTheWireAsTheREADMEDocumentsThem() {
        var m = ServerMessage(type: "reply", session: "s1")
        m.replies = [WireReply(Reply(kind: .answer, text: "Order #10235 is on its way.\nParcel 2 of 2 …", intent: "track_order",
                                     cards: [.parcel(Self.parcel), .reference(ReferenceCard(kind: .returnItem, reference: "RET-1001", order: "10235"))],
                                     lead: "Order #10235 is on its way."))]
        let line = String(decoding: ProtocolCodec.encode(m), as: UTF8.self)
        #expect(line == #"{"type":"reply","v":1,"session":"s1","replies":[{"kind":"answer","text":"Order #10235 is on its way.\nParcel 2 of 2 …","intent":"track_order","lead":"Order #10235 is on its way.","cards":["#
            + #"{"type":"parcel","carrier":"Northline Post","count":2,"expected":"2026-11-23","index":2,"items":["Ceramic table lamp, chalk","Say \"hi\" \u003cimg src=x onerror=alert(1)\u003e \u0026 then\n\t\u0001 back\\slash a/b é 👋"],"#
            + #""last_event":{"description":"In transit","location":"Manchester","time":"2026-11-22T01:55:00Z"},"order":"10235","state":"in_transit","#
            + #""tracking_number":"NL849373964GB","tracking_url":"https://northlinepost.example/track?id=NL849373964GB"},"#
            + #"{"type":"reference","kind":"return","order":"10235","reference":"RET-1001"}]}]}"# + "\n")
    }

    @Test func aReplyWithoutCardsSendsNeitherCardsNorItsLead() {
        let reply = WireReply(Reply(kind: .answer, text: "We ship to the UK.", lead: "ignored without cards"))
        #expect(reply.cards == nil && reply.lead == nil)
        var m = ServerMessage(type: "reply")
        m.replies = [reply]
        #expect(String(decoding: ProtocolCodec.encode(m), as: UTF8.self) == #"{"type":"reply","v":1,"replies":[{"kind":"answer","text":"We ship to the UK."}]}"# + "\n")
    }

    @Test func cardsReadBackFromTheLineProtocolAsTheyWereSent() throws {
        var m = ServerMessage(type: "opened", session: "s1")
        m.replies = [WireReply(Reply(kind: .answer, text: Self.awkward, cards: Self.cards, lead: Self.awkward)),
                     WireReply(Reply(kind: .handoff, text: "passing you on", cards: [Self.cards[5]])),
                     WireReply(Reply(kind: .answer, text: "no cards"))]
        let line = try JSONDecoder().decode(Line.self, from: Data(ProtocolCodec.encode(m)))
        #expect(line.replies == m.replies)
        #expect(line.replies?[0].cards == Self.cards)
    }

    @Test(arguments: cards)
    func theHandWrittenCardIsWhatJSONEncoderWrites(_ card: Card) throws {
        // The agents' store keeps transcripts, cards and all, as `JSONEncoder` wrote them.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var w = JSONWriter(.encoder)
        CardEncoding.card(card, &w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: try encoder.encode(card), as: UTF8.self))
        #expect(try JSONDecoder().decode(Card.self, from: Data(w.bytes)) == card)
    }

    @Test func anUnknownCardTypeIsADecodingErrorThatNamesIt() {
        do {
            _ = try JSONDecoder().decode(Card.self, from: Data(#"{"type":"coupon","code":"SAVE10"}"#.utf8))
            Issue.record("an unknown card decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "unknown card type \"coupon\"; expected parcel, items or reference")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    static let links: [(String, Bool)] = [
        ("https://track.parcelwise.example/PW1", true),
        ("HTTPS://Track.Example/x?id=1&b=2", true),
        ("http://track.parcelwise.example/PW1", false),
        ("javascript:alert(1)", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("https://", false),
        ("https://example.com/a b", false),
        ("https://example.com/\"onmouseover=\"x", false),
        ("https://example.com/<b>", false),
        ("https://example.com/\u{202E}gpj.exe", false),
        (" https://example.com/", false),
    ]

    @Test(arguments: links)
    func onlyHTTPSTrackingLinksAreKept(_ c: (link: String, kept: Bool)) throws {
        let card = ParcelCard(order: "1", items: [], carrier: "C", trackingNumber: "T", trackingURL: c.link, state: .inTransit)
        #expect((card.trackingURL != nil) == c.kept)
        // Nor does one come in from the wire.
        var data = try JSONEncoder().encode(Card.parcel(ParcelCard(order: "1", items: [], carrier: "C", trackingNumber: "T", state: .inTransit)))
        data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"type\"", with: "\"tracking_url\":\(try String(decoding: JSONEncoder().encode(c.link), as: UTF8.self)),\"type\"").utf8)
        guard case .parcel(let read) = try JSONDecoder().decode(Card.self, from: data) else {
            Issue.record("not a parcel")
            return
        }
        #expect((read.trackingURL != nil) == c.kept)
    }

    @Test func scanTimesAreWrittenInUTCToTheSecondAndReadBack() throws {
        var generator = SystemRandomNumberGenerator()
        let iso = ISO8601DateFormatter()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator)))
            let text = ParcelCard.Event.text(date)
            #expect(text == iso.string(from: date))
            #expect(ParcelCard.Event.time(text) == date)
        }
        // A fraction of a second is dropped, so a card reads back as it was made.
        let event = ParcelCard.Event(time: Date(timeIntervalSince1970: 1_795_312_500.75), description: "x")
        #expect(ParcelCard.Event.text(event.time) == "2026-11-22T01:55:00Z")
        #expect(ParcelCard.Event.time("2026-11-20 22:35:00Z") == nil && CalendarDay("2026-13-01") == nil && CalendarDay("26-11-01") == nil)
    }

    @Test func theEncoderKnowsEveryStoredFieldOfTheCards() {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        #expect(labels(Self.parcel) == CardEncoding.parcelFields)
        #expect(labels(ParcelCard.Event(time: Date(), description: "")) == CardEncoding.eventFields)
        #expect(labels(Self.items) == CardEncoding.itemsFields)
        #expect(labels(Self.items.items[0]) == CardEncoding.itemFields)
        #expect(labels(ReferenceCard(kind: .ticket, reference: "")) == CardEncoding.referenceFields)
    }
}
