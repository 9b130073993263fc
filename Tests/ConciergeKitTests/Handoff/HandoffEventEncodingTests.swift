@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    /// The agents' journal's hand-written events must read back as the events they were, and
    /// must know every field their types have.
    @Suite struct HandoffEventEncodingTests {
        static let decoder: JSONDecoder = {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return decoder
        }()

        static func roundTrip(_ event: HandoffEvent) throws -> HandoffEvent {
            let bytes = try #require(HandoffEventEncoding.encode(event))
            return try decoder.decode(HandoffEvent.self, from: Data(bytes))
        }

        @Test func theFieldListNamesEveryStoredPropertyOfARecord() {
            let record = ConversationRecord(id: "c", started: Date(), ended: Date(), outcome: .contained)
            #expect(Mirror(reflecting: record).children.compactMap(\.label) == HandoffEventEncoding.recordFields)
        }

        @Test func aLoggedConversationReadsBackAsItWasWritten() throws {
            let start = Date(timeIntervalSince1970: 1_795_398_245)
            for record in [
                ConversationRecord(id: "c-1", started: start, ended: start + 75, outcome: .handedOff, intents: ["track_order", "track_order"],
                                   unmatched: ["flux \"capacitor\" \\ humming", "tab\there <b>&</b> ☹️\u{1}"], ticketID: "T-1042"),
                ConversationRecord(id: "c-2", started: start, ended: start, outcome: .abandoned),
            ] {
                let event = HandoffEvent(sequence: 7, time: record.ended, change: .conversationLogged(record))
                #expect(try Self.roundTrip(event) == event)
            }
        }

        @Test func aTicketMessageReadsBackAsItWasWritten() throws {
            let time = Date(timeIntervalSince1970: 1_795_398_245)
            for turn in [
                Turn(sender: .shopper, text: "still \"waiting\"\n— any news? 👋", time: time),
                Turn(sender: .bot, text: "You're number 2.", time: time + 1, intent: "handoff", confidence: 0.8112345678901,
                     kind: .handoff, quickReplies: ["1", "two \"2\""]),
                Turn(sender: .system, text: "", time: time + 2, confidence: 1e-7),
            ] {
                let event = HandoffEvent(sequence: 12, time: turn.time, change: .message(ticketID: "T-1001", turn: turn))
                #expect(try Self.roundTrip(event) == event)
            }
        }

        @Test func otherEventsAreLeftToTheStandardEncoder() {
            let event = HandoffEvent(sequence: 3, time: Date(timeIntervalSince1970: 0), change: .claimed(ticketID: "T-1001", agent: "sam"))
            #expect(HandoffEventEncoding.encode(event) == nil)
        }

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
