@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    @Suite struct JournalRecoveryTests {
        typealias T = HandoffTestSupport

        static let tornLines = [
            #"{"agent":"sam","seq":3,"ticket_id":"T-10"#,
            "{",
            "\0\0\0\0\0\0",
            "   ",
        ]

        @Test(arguments: tornLines)
        func aTornLastLineIsCutOffAndNumberingGoesOn(_ torn: String) throws {
            let directory: String
            do {
                let store = try T.newStore()
                directory = store.directory
                try T.openSample(in: store)
                try store.append(Turn(sender: .shopper, text: "still there?", time: T.opened + 10), to: "T-1001")
            }
            let intact = try Data(contentsOf: URL(fileURLWithPath: directory + "/journal.jsonl"))
            try T.appendRaw(torn, toJournalIn: directory)

            let store = try HandoffStore(directory: directory)
            #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/journal.jsonl")) == intact)
            #expect(store.ticket("T-1001")?.transcript.last?.text == "still there?")
            #expect(try T.openSample(in: store, conversation: "c-2").id == "T-1002")
            #expect(try HandoffStore(directory: directory).events(after: 0).map(\.sequence) == [1, 2, 3])
        }

        @Test func aTornLineLeftByAnotherProcessIsSkippedByReadersAndCutOffByTheNextWriter() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            let reader = try HandoffStore(directory: store.directory)
            try T.appendRaw(#"{"agent":"kim","seq":2,"ticket_id":"T-1001","ti"#, toJournalIn: store.directory)
            #expect(reader.ticket("T-1001")?.status == .waiting)
            #expect(reader.lastSequence() == 1)

            _ = try store.claim("T-1001", agent: "sam", at: T.opened + 60)
            #expect(reader.ticket("T-1001")?.agent == "sam")
            #expect(T.journalLines(store).count == 2)
            #expect(try HandoffStore(directory: store.directory).events(after: 0).count == 2)
        }

        @Test func aCompleteLastEventWithoutItsNewlineIsKeptAndTheNextLineStartsAfterIt() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            try T.appendRaw(#"{"agent":"kim","seq":2,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#,
                            toJournalIn: store.directory)
            let reopened = try HandoffStore(directory: store.directory)
            #expect(reopened.ticket("T-1001")?.agent == "kim")
            try reopened.resolve("T-1001", agent: "kim", note: nil, at: T.opened + 300)
            #expect(T.journalLines(store).count == 3)
            #expect(try HandoffStore(directory: store.directory).ticket("T-1001")?.status == .resolved)
        }

        @Test func aDamagedLineInsideTheJournalIsReportedWithItsLineNumberAndNothingMoreIsWritten() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            try T.appendRaw("not json\n", toJournalIn: store.directory)
            try T.appendRaw(#"{"agent":"kim","seq":2,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"# + "\n",
                            toJournalIn: store.directory)
            let file = store.directory + "/journal.jsonl"
            let damage = HandoffError.badJournal(file: file, line: 2, reason: "not a handoff event (one JSON object per line, as this program writes them)")
            #expect(throws: damage) { try HandoffStore(directory: store.directory) }
            #expect(throws: damage) { try store.claim("T-1001", agent: "sam", at: T.opened) }
            #expect(damage.description == "\(file):2: not a handoff event (one JSON object per line, as this program writes them); restore the journal from a backup, or move this line and everything after it to another file")
            #expect(store.ticket("T-1001")?.status == .waiting)
            #expect(T.journalLines(store).count == 3)
        }

        @Test func aLineFromANewerVersionOrOfAnUnknownTypeIsRefusedNotGuessedAt() throws {
            for (line, reason) in [
                (#"{"seq":2,"time":"2026-11-22T14:05:00Z","type":"claimed","v":2}"#,
                 "written in journal format 2 by a newer Concierge (this one reads format 1); upgrade this program"),
                (#"{"seq":2,"time":"2026-11-22T14:05:00Z","type":"merged","v":1}"#,
                 "unknown event type \"merged\", perhaps from a newer Concierge; upgrade this program"),
                (#"{"agent":"kim","seq":1,"ticket_id":"T-1001","time":"2026-11-22T14:05:00Z","type":"claimed","v":1}"#,
                 "sequence number 1 after 1; sequence numbers must increase"),
            ] {
                let store = try T.newStore()
                try T.openSample(in: store)
                try T.appendRaw(line + "\n", toJournalIn: store.directory)
                let file = store.directory + "/journal.jsonl"
                #expect(throws: HandoffError.badJournal(file: file, line: 2, reason: reason)) {
                    try HandoffStore(directory: store.directory)
                }
            }
        }
    }
}
