@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    /// The agents' store writes its journal events and ticket files by hand: they must be the very
    /// bytes `JSONEncoder` wrote before, read back as what they were, and know every field their
    /// types have.
    @Suite struct HandoffEventEncodingTests {
        /// The journal's encoder before the events were written by hand.
        static let lineEncoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return encoder
        }()

        /// The ticket files' encoder before they were written by hand.
        static let fileEncoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return encoder
        }()

        static let start = Date(timeIntervalSince1970: 1_795_398_245)

        /// Every control character, the characters JSON and HTML care about, and text beyond ASCII.
        static let awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
            + "\u{7F} \"quoted\" back\\slash a/b </script> <b>&amp;</b> é e\u{301} ß 日本 👋🏽 \u{2028}\u{2029}\u{85}\u{FEFF}"

        static let turns = [
            Turn(sender: .bot, text: "Hello! I'm the Linen & Loom assistant.", time: start - 120, kind: .answer),
            Turn(sender: .shopper, text: "where's my order #10231? see https://shop.example/orders/10231", time: start - 60),
            Turn(sender: .bot, text: "Your order shipped.\nIt's due \"soon\".", time: start - 60, intent: "track_order", confidence: 0.8112345678901,
                 kind: .answer, quickReplies: ["Talk to a person", "a/b", ""]),
            Turn(sender: .bot, text: "", time: start - 30, intent: "handoff", confidence: 1, kind: .handoff, quickReplies: []),
            Turn(sender: .bot, text: "Order #10235 is on its way.\nParcel 1 of 2 …", time: start - 20, intent: "track_order", confidence: 0.8,
                 kind: .answer, lead: "Order #10235 is on its way. " + awkward, cards: [
                    .parcel(ParcelCard(order: "10235", index: 1, count: 2, items: [awkward, "Lamp"], carrier: "Parcelwise", trackingNumber: "PW1",
                                       trackingURL: "https://track.parcelwise.example/PW1?a=1&b=2", state: .outForDelivery,
                                       expected: CalendarDay(year: 2026, month: 11, day: 20),
                                       lastEvent: .init(time: start - 3_600, description: awkward, location: "Hub"))),
                    .items(ItemsCard(order: "10239", items: [.init(name: awkward, quantity: 2, returnStatus: .windowClosed, until: CalendarDay(year: 2026, month: 10, day: 1))])),
                    .reference(ReferenceCard(kind: .damaged, reference: "DMG-1003", order: "10247")),
                    .reference(ReferenceCard(kind: .ticket, reference: "T-1001")),
                 ]),
            Turn(sender: .system, text: awkward, time: start, confidence: 1e-7),
            Turn(sender: .agent, text: "\t\r\n", time: start + 86_400 * 400, confidence: 0),
        ]

        /// Tickets from bare (every optional absent, every list empty) to full (every optional present).
        static let tickets = [
            Ticket(id: "T-1001", conversationID: "c-1", created: start, reason: .askedForPerson, priority: 2, shopper: .init(),
                   orders: [], answered: [], facts: [:], summary: "", transcript: []),
            Ticket(id: "T-1002", conversationID: "c/2 \"x\"", created: start, reason: .repeatedFallback, priority: 1,
                   shopper: .init(verifiedEmail: "ann@example.com"), orders: [.init(id: "10231", status: "shipped", state: "", items: [])],
                   answered: ["track_order"], facts: ["order_number": "10231"], summary: "Ann wants a person.", transcript: [turns[1]],
                   status: .claimed, agent: "sam", claimedAt: start + 60, shopperLeftAt: start + 90),
            Ticket(id: "T-1003", conversationID: awkward, created: Date(timeIntervalSince1970: 0), reason: .frustration, priority: 3,
                   shopper: .init(verifiedEmail: awkward, claimedEmail: "Ann@Example.com", claimedPostcode: "LS6 2QF"),
                   orders: [.init(id: "10231", status: "shipped", state: "shipped 20 Nov with DPD, due 23 Nov", items: ["Linen shirt", awkward],
                                  parcels: ["Parcel 1 of 2 (Linen shirt): with DPD, expected Mon 23 Nov, last: in transit", awkward, ""]),
                            .init(id: "10232", status: "delivered", state: "delivered", items: ["Wool socks"])],
                   answered: ["track_order", "returns", awkward],
                   facts: ["order_number": "10231", "item": "Linen shirt", "": "empty key", "Z": "capital", "_": "underscore", "a10": "x",
                           "a9": "y", "é": "precomposed", "e\u{301}x": "decomposed", "\u{1}": "control", awkward: awkward],
                   summary: awkward, transcript: turns, status: .resolved, agent: "sam <sam@shop.example>", claimedAt: start + 60,
                   resolvedAt: start + 3_600, note: awkward, rating: 5, comment: "great / thanks \"sam\"", shopperLeftAt: Date(timeIntervalSince1970: 0)),
            Ticket(id: "T-1004", conversationID: "c-4", created: Date(timeIntervalSince1970: 951_868_799), reason: .alwaysPersonIntent, priority: 2,
                   shopper: .init(claimedPostcode: "SW1A 1AA"), orders: [], answered: [], facts: ["what_happened": "it arrived\nbroken"],
                   summary: "Returned.", transcript: Array(turns.prefix(2)), status: .returnedToBot, agent: "kim", note: "", rating: 1),
        ]

        /// From bare (no message answered, empty texts) to awkward.
        static let misunderstandings = [
            Misunderstanding(intent: "track_order", confidence: 0.8112345678901, answered: "where's my refund? https://shop.example/r",
                             reaction: "no, that's \"not\" what I asked </script>"),
            Misunderstanding(intent: "", confidence: 1, answered: nil, reaction: ""),
            Misunderstanding(intent: awkward, confidence: 0.6, answered: awkward, reaction: awkward),
        ]

        static let events: [HandoffEvent] = {
            var changes = tickets.map { HandoffEvent.Change.opened($0) }
            changes += turns.map { .message(ticketID: "T-1001", turn: $0) }
            changes += [
                .claimed(ticketID: "T-1001", agent: "sam"),
                .claimed(ticketID: "T-1002", agent: awkward),
                .released(ticketID: "T-1001", agent: "sam", toBot: false),
                .released(ticketID: "T-1001", agent: "sam", toBot: true),
                .withdrawn(ticketID: "T-1003"),
                .resolved(ticketID: "T-1001", agent: "sam", note: nil),
                .resolved(ticketID: "T-1001", agent: "sam", note: awkward),
                .rated(ticketID: "T-1001", rating: 4, comment: nil),
                .rated(ticketID: "T-1001", rating: 1, comment: awkward),
                .presence(ticketID: "T-1002", connected: false),
                .presence(ticketID: awkward, connected: true),
                .detailsAdded(ticketID: "T-1001", details: TicketDetails()),
                .detailsAdded(ticketID: awkward, details: TicketDetails(facts: ["order_number": "10247", awkward: awkward, "a10": "x", "a9": "y"],
                                                                        orders: tickets[2].orders, shopper: .init(verifiedEmail: "george.hall@example.com"))),
                .detailsAdded(ticketID: "T-1002", details: TicketDetails(facts: ["photos": "the glass in pieces"], shopper: .init(claimedPostcode: awkward),
                                                                        summary: awkward)),
                .conversationLogged(ConversationRecord(id: "c-1", started: start, ended: start + 75, outcome: .handedOff,
                                                       intents: ["track_order", "track_order"], unmatched: [awkward, "tab\there"],
                                                       ticketID: "T-1042")),
                .conversationLogged(ConversationRecord(id: "c-2", started: start, ended: start, outcome: .abandoned)),
                .conversationLogged(ConversationRecord(id: awkward, started: start, ended: start + 1, outcome: .contained, intents: ["greeting"])),
                .conversationLogged(ConversationRecord(id: "c-3", started: start, ended: start + 30, outcome: .contained, intents: ["track_order"],
                                                       flags: [ConversationRecord.verificationLockout], misunderstandings: misunderstandings,
                                                       language: "de-CH")),
                .conversationLogged(ConversationRecord(id: "c-4", started: start, ended: start + 30, outcome: .abandoned, misunderstandings: [])),
            ]
            return changes.enumerated().map { HandoffEvent(sequence: $0.offset + 1, time: start + Double($0.offset), change: $0.element) }
        }()

        static func text(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }

        @Test(arguments: events)
        func anEventIsWrittenAsJSONEncoderWroteIt(_ event: HandoffEvent) throws {
            let expected = try Self.lineEncoder.encode(event)
            #expect(Self.text(HandoffEventEncoding.encode(event)) == Self.text(expected))
        }

        @Test(arguments: events)
        func anEventReadsBackAsItWasWritten(_ event: HandoffEvent) throws {
            #expect(try Journal.decoder.decode(HandoffEvent.self, from: Data(HandoffEventEncoding.encode(event))) == event)
        }

        @Test(arguments: tickets)
        func aTicketFileIsWrittenAsJSONEncoderWroteIt(_ ticket: Ticket) throws {
            let expected = try Self.fileEncoder.encode(ticket)
            #expect(Self.text(HandoffEventEncoding.ticketFile(ticket)) == Self.text(expected))
        }

        @Test(arguments: tickets)
        func aTicketFileReadsBackAsTheTicket(_ ticket: Ticket) throws {
            #expect(try Journal.decoder.decode(Ticket.self, from: Data(HandoffEventEncoding.ticketFile(ticket))) == ticket)
        }

        /// Random tickets and events built from awkward pieces, against `JSONEncoder`, from a fixed seed.
        @Test func randomTicketsAndEventsAreWrittenAsJSONEncoderWroteThem() throws {
            var random = SeededGenerator(seed: 20_261_122)
            let pieces = ["", " ", "a", "Z", "_", "/", "\\", "\"", "\n", "\r\n", "\u{0}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}", "<", "&",
                          "é", "e\u{301}", "日本", "👋🏽", "\u{2028}", "10231", "track_order", "https://shop.example/a/b"]
            func string() -> String { (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined() }
            func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
            func date() -> Date { Date(timeIntervalSince1970: Double(Int.random(in: 0...4_102_444_800, using: &random))) }
            for n in 0..<150 {
                let turns = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                    Turn(sender: [.shopper, .bot, .agent, .system].randomElement(using: &random) ?? .bot, text: string(), time: date(),
                         intent: maybe(string), confidence: maybe { [0, 1, 0.5, 0.92, 1e-7, 0.1 + 0.2, Double.random(in: 0...1, using: &random)].randomElement(using: &random) ?? 0 },
                         kind: maybe { .answer }, quickReplies: maybe { (0..<Int.random(in: 0...2, using: &random)).map { _ in string() } })
                }
                var facts: [String: String] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &random) { facts[string()] = string() }
                let record = ConversationRecord(id: string(), started: date(), ended: date(), outcome: .contained, intents: [string()],
                                                unmatched: [string()], ticketID: maybe(string), flags: maybe { [string()] },
                                                misunderstandings: maybe { (0..<Int.random(in: 0...2, using: &random)).map { _ in
                                                    Misunderstanding(intent: string(), confidence: Double.random(in: 0...1, using: &random),
                                                                     answered: maybe(string), reaction: string())
                                                } }, language: maybe(string))
                let logged = HandoffEvent(sequence: n + 1, time: date(), change: .conversationLogged(record))
                #expect(Self.text(HandoffEventEncoding.encode(logged)) == Self.text(try Self.lineEncoder.encode(logged)))
                let ticket = Ticket(id: "T-\(1001 + n)", conversationID: string(), created: date(), reason: Ticket.Reason.allCases.randomElement(using: &random) ?? .frustration,
                                    priority: Int.random(in: 1...3, using: &random),
                                    shopper: .init(verifiedEmail: maybe(string), claimedEmail: maybe(string), claimedPostcode: maybe(string)),
                                    orders: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                                        .init(id: string(), status: string(), state: string(), items: [string()],
                                              parcels: (0..<Int.random(in: 0...2, using: &random)).map { _ in string() })
                                    },
                                    answered: (0..<Int.random(in: 0...2, using: &random)).map { _ in string() }, facts: facts, summary: string(),
                                    transcript: turns, status: [.waiting, .claimed, .resolved, .returnedToBot].randomElement(using: &random) ?? .waiting,
                                    agent: maybe(string), claimedAt: maybe(date), resolvedAt: maybe(date), note: maybe(string),
                                    rating: maybe { Int.random(in: 1...5, using: &random) }, comment: maybe(string), shopperLeftAt: maybe(date))
                #expect(Self.text(HandoffEventEncoding.ticketFile(ticket)) == Self.text(try Self.fileEncoder.encode(ticket)))
                for change: HandoffEvent.Change in [.opened(ticket), .resolved(ticketID: ticket.id, agent: string(), note: maybe(string)),
                                                    .rated(ticketID: ticket.id, rating: 3, comment: maybe(string)),
                                                    .presence(ticketID: ticket.id, connected: Bool.random(using: &random))] + turns.map({ .message(ticketID: ticket.id, turn: $0) }) {
                    let event = HandoffEvent(sequence: n + 1, time: date(), change: change)
                    #expect(Self.text(HandoffEventEncoding.encode(event)) == Self.text(try Self.lineEncoder.encode(event)))
                }
            }
        }

        @Test func theFieldListsNameEveryStoredProperty() throws {
            let ticket = try #require(Self.tickets.last)
            #expect(Self.labels(ticket) == HandoffEventEncoding.ticketFields)
            #expect(Self.labels(ticket.shopper) == HandoffEventEncoding.shopperFields)
            #expect(Self.labels(Ticket.OrderSnapshot(id: "", status: "", state: "", items: [], parcels: [])) == HandoffEventEncoding.orderFields)
            #expect(Self.labels(ConversationRecord(id: "c", started: Date(), ended: Date(), outcome: .contained)) == HandoffEventEncoding.recordFields)
            #expect(Self.labels(Misunderstanding(intent: "", confidence: 0, answered: nil, reaction: "")) == HandoffEventEncoding.misunderstandingFields)
            #expect(Self.labels(Turn(sender: .bot, text: "", time: Date())) == JournalEncoding.turnFields)
        }

        /// Ticket files and journal lines written before parcels and presence were kept read as
        /// no parcels and a shopper still there.
        @Test func aTicketWrittenBeforeParcelsAndPresenceReadsWithNoneAndTheShopperConnected() throws {
            let old = #"{"answered":[],"conversation_id":"c-1","created":"2026-11-22T14:03:00Z","facts":{},"id":"T-1001","orders":[{"id":"10231","items":["Linen shirt"],"state":"shipped","status":"shipped"}],"priority":2,"reason":"asked_for_person","shopper":{},"status":"waiting","summary":"","transcript":[]}"#
            let ticket = try Journal.decoder.decode(Ticket.self, from: Data(old.utf8))
            #expect(ticket.orders == [.init(id: "10231", status: "shipped", state: "shipped", items: ["Linen shirt"], parcels: [])])
            #expect(ticket.shopperConnected && ticket.shopperLeftAt == nil)
        }

        /// A record logged before misunderstandings were looked for reads as one without them, and is written back as it was.
        @Test func aConversationLoggedBeforeMisunderstandingsWereLookedForStillReads() throws {
            let line = #"{"conversation":{"ended":"2026-11-22T14:05:00Z","id":"c-1","intents":["track_order"],"outcome":"contained","#
                + #""started":"2026-11-22T14:00:00Z","unmatched":["gift cards?"]},"seq":3,"time":"2026-11-22T14:05:00Z","type":"conversation","v":1}"#
            let event = try Journal.decoder.decode(HandoffEvent.self, from: Data(line.utf8))
            guard case .conversationLogged(let record) = event.change else {
                Issue.record("read as \(event.change)")
                return
            }
            #expect(record == ConversationRecord(id: "c-1", started: T.date("2026-11-22T14:00:00Z"), ended: T.date("2026-11-22T14:05:00Z"),
                                                 outcome: .contained, intents: ["track_order"], unmatched: ["gift cards?"]))
            #expect(record.misunderstandings == nil)
            #expect(Self.text(HandoffEventEncoding.encode(event)) == line)
        }

        /// Records with and without misunderstandings come back the same from the store's journal when it is opened again.
        @Test func conversationRecordsWithAndWithoutMisunderstandingsComeBackFromTheJournal() throws {
            let folder = T.scratchFolder()
            let records = [
                ConversationRecord(id: "c-1", started: Self.start, ended: Self.start + 60, outcome: .contained, intents: ["track_order"],
                                   misunderstandings: Self.misunderstandings),
                ConversationRecord(id: "c-2", started: Self.start, ended: Self.start + 60, outcome: .abandoned, unmatched: ["hm"]),
            ]
            let store = try HandoffStore(directory: folder)
            for record in records { try store.logConversation(record) }
            #expect(try HandoffStore(directory: folder).conversations() == records)
            #expect(T.journalLines(store).count == 2)
            #expect(T.journalLines(store)[0].contains(#""misunderstandings":[{"answered":"where's my refund? https://shop.example/r","#))
            #expect(!T.journalLines(store)[1].contains("misunderstandings"))
        }

        typealias T = HandoffTestSupport

        static func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

        @Test func datesAreWrittenAsJSONEncodersISO8601WouldWriteThem() throws {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            var generator = SystemRandomNumberGenerator()
            let samples: [TimeInterval] = [0, 951_782_400, 951_868_799, 1_795_398_245, 1_798_761_599, 4_102_444_800]
                + (0..<200).map { _ in TimeInterval(UInt64.random(in: 0...4_102_444_800, using: &generator)) }
            for seconds in samples {
                let date = Date(timeIntervalSince1970: seconds)
                let expected = String(decoding: try encoder.encode([date]), as: UTF8.self).dropFirst(2).dropLast(2)
                #expect(HandoffEventEncoding.iso8601(date) == String(expected), "\(seconds)")
            }
        }
    }
}
