@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    /// The store reads its journal and ticket files by hand: every value must read exactly as
    /// `JSONDecoder` reads it, and anything unexpected must be left to `JSONDecoder`.
    @Suite struct HandoffEventDecodingTests {
        typealias Encoding = HandoffEventEncodingTests

        static func event(_ text: String) -> HandoffEvent? {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { HandoffEventDecoding.event(UnsafeBufferPointer($0)) }
        }

        static func event(_ bytes: [UInt8]) -> HandoffEvent? {
            bytes.withUnsafeBufferPointer { HandoffEventDecoding.event($0) }
        }

        @Test(arguments: Encoding.events)
        func anEventReadsAsJSONDecoderReadsIt(_ event: HandoffEvent) throws {
            let line = HandoffEventEncoding.encode(event)
            let read = try #require(Self.event(line))
            #expect(read == event)
            #expect(read == (try Journal.decoder.decode(HandoffEvent.self, from: Data(line))))
        }

        @Test(arguments: Encoding.tickets)
        func aTicketFileReadsAsJSONDecoderReadsIt(_ ticket: Ticket) throws {
            let file = HandoffEventEncoding.ticketFile(ticket) + [UInt8(ascii: "\n")]
            let read = try #require(file.withUnsafeBufferPointer { HandoffEventDecoding.ticketFile($0) })
            #expect(read == ticket)
        }

        /// Random records and tickets built from awkward pieces, from a fixed seed.
        @Test func randomEventsReadAsJSONDecoderReadsThem() throws {
            var random = SeededGenerator(seed: 20_261_203)
            let pieces = ["", " ", "a", "/", "\\", "\"", "\n", "\u{0}", "\u{1F}", "\u{7F}", "<", "&", "é", "e\u{301}", "日本", "👋🏽", "\u{2028}", "10231"]
            func string() -> String { (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined() }
            func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
            func date() -> Date { Date(timeIntervalSince1970: Double(Int.random(in: 0...4_102_444_800, using: &random))) }
            for n in 0..<200 {
                let record = ConversationRecord(id: string(), started: date(), ended: date(), outcome: .abandoned, intents: [string(), string()],
                                                unmatched: maybe { [string()] } ?? [], ticketID: maybe(string), flags: maybe { [string()] },
                                                misunderstandings: maybe { [Misunderstanding(intent: string(), confidence: Double.random(in: 0...1, using: &random),
                                                                                            answered: maybe(string), reaction: string())] },
                                                language: maybe(string))
                let turn = Turn(sender: .bot, text: string(), time: date(), intent: maybe(string),
                                confidence: maybe { Double.random(in: 0...1, using: &random) }, kind: maybe { .clarify }, quickReplies: maybe { [string()] })
                let ticket = Ticket(id: "T-\(1001 + n)", conversationID: string(), created: date(), reason: .needsPerson, priority: 3,
                                    shopper: .init(verifiedEmail: maybe(string), claimedEmail: maybe(string)), orders: [], answered: [string()],
                                    facts: [string(): string()], summary: string(), transcript: [turn], status: .claimed, agent: maybe(string),
                                    claimedAt: maybe(date), rating: maybe { Int.random(in: 1...5, using: &random) }, comment: maybe(string))
                for change: HandoffEvent.Change in [.conversationLogged(record), .opened(ticket), .message(ticketID: ticket.id, turn: turn)] {
                    let line = HandoffEventEncoding.encode(HandoffEvent(sequence: n + 1, time: date(), change: change))
                    let expected = try Journal.decoder.decode(HandoffEvent.self, from: Data(line))
                    #expect(Self.event(line) == expected)
                }
            }
        }

        /// Keys this reader does not know are skipped, as `JSONDecoder` skips them.
        @Test func unknownKeysAreSkipped() throws {
            let line = #"{"agent":"sam","extra":{"a":[1,2,{"b":null}]},"seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#
            #expect(Self.event(line) == HandoffEvent(sequence: 7, time: HandoffTestSupport.date("2026-11-22T14:05:00Z"),
                                                     change: .claimed(ticketID: "T-1001", agent: "sam")))
            #expect(Self.event(line) == (try Journal.decoder.decode(HandoffEvent.self, from: Data(line.utf8))))
        }

        @Test(arguments: [
            // A newer format, or a type from one.
            #"{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":2}"#,
            #"{"seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"escalated","v":1}"#,
            // A date this program never writes (fractions, an offset), a missing or mistyped field, an unknown reason.
            #"{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00.5Z","type":"claimed","v":1}"#,
            #"{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T15:05:00+01:00","type":"claimed","v":1}"#,
            #"{"seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#,
            #"{"agent":"sam","seq":"7","ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#,
            #"{"agent":"sam","seq":7.5,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#,
            #"{"agent":null,"seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#,
            #"{"seq":7,"ticket":{"answered":[],"conversation_id":"c","created":"2026-11-22T14:03:00Z","facts":{},"id":"T-1","orders":[],"priority":2,"reason":"bored","shopper":{},"status":"waiting","summary":"","transcript":[]},"time":"2026-11-22T14:05:00Z","type":"opened","v":1}"#,
            // Not one JSON object.
            #"{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1} {}"#,
            #"{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1"#,
            "[]",
        ])
        func whatThisProgramNeverWritesIsLeftToJSONDecoder(_ line: String) {
            #expect(Self.event(line) == nil)
        }

        /// Bytes that are not UTF-8 would read as U+FFFD; `JSONDecoder` refuses them, so it decides.
        @Test func bytesThatAreNotUTF8AreLeftToJSONDecoder() {
            var line = Array(#"{"agent":"sam","seq":7,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#.utf8)
            line[10] = 0xFF
            #expect(Self.event(line) == nil)
        }
    }
}
