import Foundation
import Testing
@testable import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport

/// The session journal's hand-written encoding: it must read back, with `JSONDecoder`, as every
/// field it was given, and it must know every field the types have.
struct JournalEncodingTests {
    static func labels(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label)
    }

    /// A conversation with every field set to something other than its default.
    static func everyFieldSet(flow: ActiveFlow = ActiveFlow(intent: "track_order", awaiting: .verification, request: "where's \"my\" order?"),
                              afterCare: Conversation.AfterCare = .transcriptAddress) -> Conversation {
        var c = Conversation(id: "0123456789abcdef0123456789abcdef")
        c.client = "203.0.113.7"
        c.transcript = [Turn(sender: .bot, text: "ignored: the journal keeps the transcript in turns", time: Date(timeIntervalSince1970: 1))]
        c.choices = [Choice(label: "Where is my order?", intent: "track_order"), Choice(label: "Say \"hi\" <&>\n")]
        c.fallbackStreak = 2
        c.facts.orderNumber = "10231"
        c.facts.email = "grace.o'kafor@example.com"
        c.facts.postcode = "SW1A 1AA"
        c.facts.customerEmail = "grace@example.com"
        c.facts.verifiedOrders = ["10231", "10233"]
        c.facts.freshDetails = true
        c.facts.failedVerifications = 1
        c.facts.item = "LL-MUG-01"
        c.facts.quantity = 2
        c.facts.queuedOrders = ["10240", "10241"]
        c.facts.reason = "too small"
        c.facts.whatHappened = "It arrived\tbroken — in pieces ☹️\r\n\u{1}"
        c.facts.address = "5 Mill Lane, Leeds LS6 2AB"
        c.facts.requests = ["R-1", "C-2"]
        c.flow = flow
        c.topic = "return_item"
        c.deferred = "and can I return the cushion?"
        c.ticketID = "T-7"
        c.toldQueuePosition = 3
        c.seenSequence = 42
        c.afterCare = afterCare
        c.lastTicketID = "T-6"
        c.unmatched = ["flux capacitor humming", "zzz \"qq\""]
        c.misunderstandings = [Misunderstanding(intent: "track_order", confidence: 0.8125, answered: "where is \"it\"?", reaction: "no, not that"),
                               Misunderstanding(intent: "store_hours", confidence: 1, answered: nil, reaction: "wrong")]
        return c
    }

    static let turns = [
        Turn(sender: .shopper, text: "where's my \"order\" \\ #10231?", time: Date(timeIntervalSince1970: 1_795_432_000.123456)),
        Turn(sender: .bot, text: "Order #10231 is on its way.\nTracking: <b>PW1</b> & more", time: Date(timeIntervalSince1970: 1_795_432_000.5),
             intent: "track_order", confidence: 0.8112345678901, kind: .clarify, quickReplies: ["Yes", "No, \"other\" <one>"]),
        Turn(sender: .agent, text: "Hi, Sam here 👋", time: Date(timeIntervalSince1970: 0.000001)),
        Turn(sender: .bot, text: "Order #10235 is on its way.\nParcel 1 of 2 …", time: Date(timeIntervalSince1970: 1_795_432_001), intent: "track_order",
             kind: .answer, lead: "Order #10235 is <on> its way.", cards: [
                .parcel(ParcelCard(order: "10235", index: 1, count: 2, items: ["Lamp \"chalk\" <b>", ""], carrier: "Parcelwise", trackingNumber: "PW1",
                                   trackingURL: "https://track.parcelwise.example/PW1?a=1&b=2", state: .late, expected: CalendarDay(year: 2026, month: 11, day: 20),
                                   lastEvent: .init(time: Date(timeIntervalSince1970: 1_795_300_000), description: "Delayed\n\u{1}", location: "Hub"))),
                .parcel(ParcelCard(order: "10235", items: [], carrier: "C", trackingNumber: "T", state: .delivered, delivered: CalendarDay(year: 1999, month: 12, day: 31))),
                .items(ItemsCard(order: "10239", items: [.init(name: "Tea towels", quantity: 2, returnStatus: .returnable, until: CalendarDay(year: 2026, month: 12, day: 17)),
                                                         .init(name: "Cardigan", quantity: 1, returnStatus: .finalSale)])),
                .reference(ReferenceCard(kind: .addressChange, reference: "ADR-1004", order: "10232")),
                .reference(ReferenceCard(kind: .ticket, reference: "T-1001")),
             ]),
        Turn(sender: .system, text: "", time: Date(timeIntervalSince1970: 1e12), confidence: 1e-7),
    ]

    static func decode(_ line: [UInt8]) throws -> SessionJournal.Line {
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(SessionJournal.Line.self, from: Data(line.dropLast()))
    }

    @Test func theEncoderKnowsEveryStoredFieldOfTheTypesItWrites() {
        // A field added to one of these types must be written by JournalEncoding (and listed there).
        #expect(Self.labels(Conversation(id: "x")) == JournalEncoding.conversationFields)
        #expect(Self.labels(Facts()) == JournalEncoding.factsFields)
        #expect(Self.labels(Turn(sender: .bot, text: "", time: Date())) == JournalEncoding.turnFields)
        #expect(Self.labels(Choice(label: "")) == JournalEncoding.choiceFields)
    }

    @Test func theSampleSetsEveryField() {
        // So the round trip below really covers every field, new ones included.
        let defaults = Mirror(reflecting: Conversation(id: "")).children.map { String(describing: $0.value) }
        let sample = Mirror(reflecting: Self.everyFieldSet()).children.map { String(describing: $0.value) }
        for (label, (d, s)) in zip(Self.labels(Conversation(id: "")), zip(defaults, sample)) {
            #expect(d != s, "the sample conversation leaves \(label) at its default")
        }
        let factDefaults = Mirror(reflecting: Facts()).children.map { String(describing: $0.value) }
        let factSample = Mirror(reflecting: Self.everyFieldSet().facts).children.map { String(describing: $0.value) }
        for (label, (d, s)) in zip(Self.labels(Facts()), zip(factDefaults, factSample)) {
            #expect(d != s, "the sample facts leave \(label) at their default")
        }
    }

    @Test func aLineReadsBackAsEveryFieldItWasGiven() throws {
        let waits: [ActiveFlow.Awaiting] = [.nothing, .orderNumber, .verification, .postcode, .item, .reason, .account, .address, .change, .confirmation]
        let afterCares: [Conversation.AfterCare] = [.rating, .comment, .transcriptOffer, .transcriptAddress]
        for (i, wait) in waits.enumerated() {
            let c = Self.everyFieldSet(flow: ActiveFlow(intent: "i\(i)", awaiting: wait, request: "r\(i)"), afterCare: afterCares[i % afterCares.count])
            let line = try Self.decode(JournalEncoding.line(session: c.id, turns: Self.turns[...], state: c))
            var expected = c
            expected.transcript = []
            #expect(line.session == c.id)
            #expect(line.turns == Self.turns)
            #expect(line.state == expected)
        }
        // And a fresh conversation, with every optional left out and nothing in the lists.
        let fresh = Conversation(id: "fresh")
        let line = try Self.decode(JournalEncoding.line(session: "fresh", turns: [], state: fresh))
        #expect(line.turns == [])
        #expect(line.state == fresh)
    }

    @Test func linesWrittenByJSONEncoderStillRecover() throws {
        // Journals written before the hand-written encoding, mixed with new lines.
        let folder = Scratch.folder("journal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/sessions.jsonl"
        var c = Self.everyFieldSet()
        c.transcript = []
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        var data = try encoder.encode(SessionJournal.Line(session: c.id, turns: Array(Self.turns[..<2]), state: c))
        data.append(UInt8(ascii: "\n"))
        c.fallbackStreak = 0
        data.append(contentsOf: JournalEncoding.line(session: c.id, turns: Self.turns[2...], state: c))
        try data.write(to: URL(fileURLWithPath: path))
        let recovered = try #require(SessionJournal.recover(path: path)[c.id])
        var expected = c
        expected.transcript = Self.turns
        #expect(recovered == expected)
    }
}
