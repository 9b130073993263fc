@testable import ConciergeKit
import Foundation
import Testing

extension Orders {
    @Suite struct RequestStoreTests {
        typealias T = OrderTestSupport
        static let now = T.date("2026-11-22T10:15:30Z")

        @Test func idsHaveAPrefixPerKindAndOneSharedCounter() throws {
            let path = T.scratchFolder().appendingPathComponent("new/folder/requests.jsonl").path
            let store = try RequestStore(path: path)
            let kinds: [ShopRequest.Kind] = [.returnItem, .cancel, .change, .addressChange, .damaged, .missing]
            let ids = try kinds.map { try store.record(kind: $0, orderID: "#10231", skus: [], reason: "r", details: [:], now: Self.now).id }
            #expect(ids == ["RET-1001", "CAN-1002", "CHG-1003", "ADR-1004", "DMG-1005", "MIS-1006"])
        }

        @Test func aRecordedRequestIsOneJSONLineOnDisk() throws {
            let path = T.scratchFolder().appendingPathComponent("requests.jsonl").path
            let store = try RequestStore(path: path)
            let request = try store.record(kind: .addressChange, orderID: "#10232", skus: ["LL-BD-0101"], reason: "moving house",
                                           details: ["new_address": "4 Mill Lane, Leeds LS6 2QF"], now: Self.now + 0.75)
            #expect(request == ShopRequest(id: "ADR-1001", kind: .addressChange, orderID: "10232", skus: ["LL-BD-0101"],
                                           reason: "moving house", details: ["new_address": "4 Mill Lane, Leeds LS6 2QF"], created: Self.now))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text == #"{"created":"2026-11-22T10:15:30Z","details":{"new_address":"4 Mill Lane, Leeds LS6 2QF"},"id":"ADR-1001","kind":"address_change","order_id":"10232","reason":"moving house","skus":["LL-BD-0101"]}"# + "\n")
        }

        @Test func idsContinueAfterReopeningTheFile() throws {
            let path = T.scratchFolder().appendingPathComponent("requests.jsonl").path
            do {
                let store = try RequestStore(path: path)
                _ = try store.record(kind: .returnItem, orderID: "10237", skus: ["LL-CL-1140"], reason: "too big", details: [:], now: Self.now)
                _ = try store.record(kind: .cancel, orderID: "10231", skus: [], reason: "ordered twice", details: [:], now: Self.now)
            }
            let reopened = try RequestStore(path: path)
            #expect(reopened.all().map(\.id) == ["RET-1001", "CAN-1002"])
            #expect(reopened.all().first?.created == Self.now)
            let next = try reopened.record(kind: .damaged, orderID: "10247", skus: ["LL-HW-0508"], reason: "cracked", details: [:], now: Self.now)
            #expect(next.id == "DMG-1003")
            #expect(try RequestStore(path: path).all().count == 3)
        }

        @Test func aLineCutShortByACrashIsDroppedAndTheFileStaysValid() throws {
            let path = T.file(named: "requests.jsonl", "")
            do {
                let store = try RequestStore(path: path)
                _ = try store.record(kind: .missing, orderID: "10246", skus: [], reason: "never came", details: [:], now: Self.now)
            }
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"created":"2026-11-22T10:16:00Z","id":"RET-10"#.utf8))
            try handle.close()

            let store = try RequestStore(path: path)
            #expect(store.all().map(\.id) == ["MIS-1001"])
            #expect(try store.record(kind: .returnItem, orderID: "10237", skus: [], reason: "r", details: [:], now: Self.now).id == "RET-1002")
            #expect(try RequestStore(path: path).all().map(\.id) == ["MIS-1001", "RET-1002"])
        }

        @Test func aDamagedLineInTheMiddleIsAnErrorNamingTheLine() throws {
            let good = #"{"created":"2026-11-22T10:15:30Z","details":{},"id":"RET-1001","kind":"return","order_id":"10237","reason":"r","skus":[]}"#
            let path = T.file(named: "requests.jsonl", good + "\nnot json\n" + good + "\n")
            #expect(throws: RequestStoreError(file: path, line: 2, message: "not a request record (one JSON object per line, as this program writes them); restore the line from a backup or move it to another file")) {
                try RequestStore(path: path)
            }
        }

        @Test func concurrentRecordsGetUniqueIdsAndEveryLineIsWritten() throws {
            let path = T.scratchFolder().appendingPathComponent("requests.jsonl").path
            let store = try RequestStore(path: path)
            let count = 200
            DispatchQueue.concurrentPerform(iterations: count) { i in
                _ = try? store.record(kind: i.isMultiple(of: 2) ? .returnItem : .cancel, orderID: String(10231 + i % 115),
                                      skus: [], reason: "thread \(i)", details: ["i": String(i)], now: Self.now)
            }
            let ids = store.all().map(\.id)
            #expect(ids.count == count)
            #expect(Set(ids).count == count)
            #expect(Set(ids.compactMap { $0.split(separator: "-").last.flatMap { Int($0) } }) == Set(1001...(1000 + count)))
            #expect(Set(store.all().compactMap { $0.details["i"] }) == Set((0..<count).map(String.init)))
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == count)
            #expect(try RequestStore(path: path).all() == store.all())
        }
    }
}
