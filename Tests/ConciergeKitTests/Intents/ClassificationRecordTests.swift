@testable import ConciergeKit
import Foundation
import Testing

extension Intents {
    /// The JSON line `concierge classify` writes for each utterance.
    @Suite struct ClassificationRecordTests {
        static func json(_ record: ClassificationRecord) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(record), as: UTF8.self)
        }

        static func classification(_ decision: Classification.Decision, confidence: Double,
                                   entities: Entities = Entities()) -> Classification {
            Classification(decision: decision, confidence: confidence,
                           analysis: Analysis(entities: entities, words: [], corrections: [], terms: []), candidates: [])
        }

        @Test
        func actingGivesTheIntentAndTheEntitiesUnderTheirWireNames() throws {
            var entities = Entities()
            entities.orderNumbers = ["A1234"]
            entities.emails = ["jo@example.com"]
            entities.postcodes = ["SW1A 1AA"]
            entities.amounts = ["£12.50"]
            entities.dates = ["yesterday"]
            let record = ClassificationRecord(text: "where is #A1234",
                                              classification: Self.classification(.act("track_order"), confidence: 0.8765, entities: entities))
            #expect(try Self.json(record) == """
            {"candidates":[],"confidence":0.877,"entities":{"amount":"£12.50","date":"yesterday","email":"jo@example.com","order_id":"A1234","postcode":"SW1A 1AA"},"intent":"track_order","text":"where is #A1234"}
            """)
        }

        @Test
        func fallingBackWritesANullIntent() throws {
            let record = ClassificationRecord(text: "tell me a joke", classification: Self.classification(.fallback, confidence: 0.1234))
            #expect(try Self.json(record) == """
            {"candidates":[],"confidence":0.123,"entities":{},"intent":null,"text":"tell me a joke"}
            """)
        }

        @Test
        func clarifyingListsTheCandidatesAndNoIntent() throws {
            let record = ClassificationRecord(text: "my parcel",
                                              classification: Self.classification(.clarify(["track_order", "missing_package"]), confidence: 0.3))
            #expect(try Self.json(record) == """
            {"candidates":["track_order","missing_package"],"confidence":0.3,"entities":{},"intent":null,"text":"my parcel"}
            """)
        }

        @Test
        func aRecordOfTheDemoShopCarriesWhatTheShopperGave() throws {
            let text = "where is my parcel? my email is JO@example.com"
            let record = ClassificationRecord(text: text, classification: Fixtures.matcher.classify(text))
            #expect(record.intent == "track_order")
            #expect(record.entities.email == "jo@example.com")
            #expect(record.candidates == [])
            let decoded = try JSONDecoder().decode(ClassificationRecord.self, from: Data(try Self.json(record).utf8))
            #expect(decoded == record)
        }
    }
}
