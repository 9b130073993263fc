@testable import ConciergeKit
import Foundation
import Testing

/// Records for the inline export files below.
enum BadRecords {
    /// A good record with `id`; `change` edits its JSON text.
    static func good(id: String, email: String = "ann@example.com") -> String {
        """
        {"id": "\(id)", "email": "\(email)", "postcode": "M1 4BT", "placed": "2026-11-01T09:30:00Z",
         "status": "delivered", "currency": "GBP",
         "items": [{"sku": "LL-1", "name": "Mug", "quantity": 2, "price": 9.50, "category": "kitchen"},
                   {"sku": "LL-2", "name": "Throw", "quantity": 1, "price": 68, "category": "homeware", "final_sale": true}],
         "shipments": [{"carrier": "Parcelwise", "tracking_number": "PW1", "skus": ["LL-1", "LL-2"],
                        "shipped": "2026-11-02", "eta": "2026-11-04", "delivered": "2026-11-04T12:00:00Z",
                        "events": [{"time": "2026-11-02T16:20:00Z", "description": "Collected", "location": "Stockport"}]}],
         "refunds": [{"amount": 9.5, "status": "issued", "date": "2026-11-10", "method": "PayPal"}],
         "returns": [{"id": "R-1", "skus": ["LL-1"], "status": "refunded", "date": "2026-11-08"}]}
        """
    }

    static func with(_ record: String, _ replacements: [(String, String)]) -> String {
        replacements.reduce(record) { text, pair in
            precondition(text.contains(pair.0), "the test record has no \(pair.0)")
            return text.replacingOccurrences(of: pair.0, with: pair.1)
        }
    }
}

extension Orders {
    @Suite struct IssueTests {
        typealias T = OrderTestSupport

        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            var edits: [(String, String)]
            var messages: [String]
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "price as text", edits: [(#""price": 68"#, #""price": "68.00""#)],
                 messages: ["items[1].price must be a number, e.g. 12.50"]),
            Case(name: "unknown status", edits: [(#""status": "delivered""#, #""status": "shipt""#)],
                 messages: [#"status "shipt" is unknown; use one of pending, processing, shipped, out_for_delivery, delivered, cancelled, returned, refunded"#]),
            Case(name: "missing email", edits: [(#""email": "ann@example.com", "#, "")],
                 messages: ["email is missing; every order needs id, email, postcode, placed, status, currency and items"]),
            Case(name: "bad date", edits: [(#""placed": "2026-11-01T09:30:00Z""#, #""placed": "2026-13-01""#)],
                 messages: [#"placed "2026-13-01" is not a date; write it as "2026-11-20" or "2026-11-20T14:03:00Z""#]),
            Case(name: "date as a number", edits: [(#""delivered": "2026-11-04T12:00:00Z""#, #""delivered": 20261104"#)],
                 messages: [#"shipments[0].delivered must be a date in double quotes, e.g. "2026-11-20" or "2026-11-20T14:03:00Z""#]),
            Case(name: "negative quantity", edits: [(#""quantity": 2"#, #""quantity": -2"#)],
                 messages: ["items[0].quantity must be 0 or more, not -2"]),
            Case(name: "fractional quantity", edits: [(#""quantity": 2"#, #""quantity": 2.5"#)],
                 messages: ["items[0].quantity must be a whole number, e.g. 2"]),
            Case(name: "negative refund", edits: [(#""amount": 9.5"#, #""amount": -9.5"#)],
                 messages: ["refunds[0].amount must be 0 or more, not -9.5"]),
            Case(name: "parcel with a sku not in the order", edits: [(#""skus": ["LL-1", "LL-2"]"#, #""skus": ["LL-1", "LL-9"]"#)],
                 messages: [#"shipments[0].skus names "LL-9", which is not an item of this order; use the skus listed in "items""#]),
            Case(name: "unknown refund status", edits: [(#""status": "issued""#, #""status": "done""#)],
                 messages: [#"refunds[0].status "done" is unknown; use one of pending, issued, failed"#]),
            Case(name: "event without a time", edits: [(#""time": "2026-11-02T16:20:00Z", "#, "")],
                 messages: ["shipments[0].events[0].time is missing; every tracking event needs time and description"]),
            Case(name: "no items", edits: [(#""items": ["#, #""items": [], "unused": ["#)],
                 messages: ["items is empty; an order needs at least one item"]),
            Case(name: "item that is not an object", edits: [(#"{"sku": "LL-1", "name": "Mug", "quantity": 2, "price": 9.50, "category": "kitchen"}"#, #""LL-1""#)],
                 messages: ["items[0] must be an object with sku, name, quantity, price and category"]),
            Case(name: "several problems at once", edits: [(#""currency": "GBP""#, #""currency": "pounds""#), (#""final_sale": true"#, #""final_sale": "yes""#), (#""email": "ann@example.com""#, #""email": "ann.example.com""#)],
                 messages: [#"email "ann.example.com" has no @; write the shopper's address, e.g. "jo@example.com""#,
                            #"currency "pounds" must be a three-letter code such as "GBP""#,
                            "items[1].final_sale must be true or false (without quotes)"]),
        ]

        @Test(arguments: cases)
        func aBadRecordIsReportedWithItsPositionIdAndExactMessage(_ test: Case) throws {
            let bad = BadRecords.with(BadRecords.good(id: "#10237"), test.edits)
            let path = T.file(#"{"version": 1, "orders": [\#(BadRecords.good(id: "10231")), \#(bad), \#(BadRecords.good(id: "10239"))]}"#)
            let (store, issues) = try OrderStore.load(path: path, today: T.anchor)
            #expect(issues.map(\.description) == test.messages.map { "\(path): order 2 (10237): \($0)" })
            #expect(store.all.map(\.id) == ["10231", "10239"])
        }

        @Test func goodRecordsAreKeptNextToBadOnesAndDuplicatesKeepTheFirst() throws {
            let records = [
                BadRecords.good(id: "10231"),
                #""just text""#,
                #"{"email": "x@example.com"}"#,
                BadRecords.good(id: "10233", email: "first@example.com"),
                BadRecords.good(id: "#10233", email: "second@example.com"),
                BadRecords.with(BadRecords.good(id: "10235"), [(#""id": "10235""#, #""id": 10235"#)]),
                BadRecords.with(BadRecords.good(id: "10/236"), []),
            ]
            let path = T.file(#"{"version": 1, "anchor": "2026-11-22", "orders": [\#(records.joined(separator: ",\n"))]}"#)
            let (store, issues) = try OrderStore.load(path: path, today: T.anchor)
            #expect(issues.map(\.description) == [
                "\(path): order 2: must be an object with id, email, postcode, placed, status, currency and items",
                "\(path): order 3: id is missing; every order needs id, email, postcode, placed, status, currency and items",
                "\(path): order 3: postcode is missing; every order needs id, email, postcode, placed, status, currency and items",
                "\(path): order 3: placed is missing; every order needs id, email, postcode, placed, status, currency and items",
                "\(path): order 3: status is missing; every order needs id, email, postcode, placed, status, currency and items",
                "\(path): order 3: currency is missing; every order needs id, email, postcode, placed, status, currency and items",
                "\(path): order 3: items is missing; every order needs id, email, postcode, placed, status, currency and items",
                "\(path): order 5 (10233): repeats the id of order 4; each order needs its own id, so this one is skipped",
                #"\#(path): order 7 (10/236): id "10/236" must be letters and digits, e.g. "10231" or "A1234""#,
            ])
            #expect(store.all.map(\.id) == ["10231", "10233", "10235"])
            #expect(store.order(id: "10233")?.email == "first@example.com")
            #expect(issues.first?.position == 2)
            #expect(issues.last?.orderID == "10/236")
        }

        @Test func aGoodRecordDecodesEveryField() throws {
            let path = T.file(#"{"version": 1, "orders": [\#(BadRecords.good(id: "a-1234"))]}"#)
            let order = try #require(try OrderStore.load(path: path, today: T.anchor).store.order(id: "#A1234"))
            #expect(order == Order(
                id: "A1234", email: "ann@example.com", postcode: "M1 4BT", placed: T.date("2026-11-01T09:30:00Z"),
                status: .delivered, currency: "GBP",
                items: [OrderItem(sku: "LL-1", name: "Mug", quantity: 2, price: Decimal(string: "9.5") ?? 0, category: "kitchen"),
                        OrderItem(sku: "LL-2", name: "Throw", price: 68, category: "homeware", finalSale: true)],
                shipments: [Shipment(carrier: "Parcelwise", trackingNumber: "PW1", skus: ["LL-1", "LL-2"],
                                     shipped: T.date("2026-11-02T12:00:00Z"), eta: T.date("2026-11-04"),
                                     delivered: T.date("2026-11-04T12:00:00Z"),
                                     events: [TrackingEvent(time: T.date("2026-11-02T16:20:00Z"), description: "Collected", location: "Stockport")])],
                refunds: [Refund(amount: Decimal(string: "9.5") ?? 0, status: .issued, date: T.date("2026-11-10"), method: "PayPal")],
                returns: [ReturnRecord(id: "R-1", skus: ["LL-1"], status: "refunded", date: T.date("2026-11-08"))]))
            #expect(order.total == Decimal(87))
        }

        struct FileCase: Sendable, CustomTestStringConvertible {
            var name: String
            var text: String
            var message: String
            var testDescription: String { name }
        }

        static let fileCases: [FileCase] = [
            FileCase(name: "wrong version", text: #"{"version": 2, "orders": []}"#,
                     message: "is format version 2, but this Concierge reads version 1; export the orders in version 1 format"),
            FileCase(name: "no version", text: #"{"orders": []}"#,
                     message: #"has no "version"; add "version": 1 at the top level"#),
            FileCase(name: "no orders", text: #"{"version": 1}"#,
                     message: #"has no "orders" list; put the orders in "orders": [...] at the top level"#),
            FileCase(name: "orders not a list", text: #"{"version": 1, "orders": {}}"#,
                     message: #""orders" must be a list of order objects: "orders": [{...}, {...}]"#),
            FileCase(name: "a list at the top", text: #"[{"id": "1"}]"#,
                     message: #"must be a JSON object like {"version": 1, "orders": [...]}"#),
            FileCase(name: "bad anchor", text: #"{"version": 1, "anchor": "22/11/2026", "orders": []}"#,
                     message: #""anchor" must be a plain date such as "2026-11-22", not "22/11/2026""#),
        ]

        @Test(arguments: fileCases)
        func aFileThatIsNotAnExportIsAnError(_ test: FileCase) {
            let path = T.file(test.text)
            #expect(throws: OrderLoadError(file: path, message: test.message)) {
                try OrderStore.load(path: path, today: T.anchor)
            }
        }

        static let syntaxCases: [FileCase] = [
            FileCase(name: "trailing comma", text: "{\"version\": 1,\n \"orders\": [{\"id\": \"1\",}]}",
                     message: "line 2, column 24: expected a field name in double quotes"),
            FileCase(name: "missing comma", text: "{\"version\": 1 \"orders\": []}",
                     message: "line 1, column 15: expected ',' or '}' after a field"),
            FileCase(name: "cut short", text: "{\"version\": 1, \"orders\": [",
                     message: "line 1, column 27: unexpected end of file"),
            FileCase(name: "unclosed text", text: "{\"version\": 1, \"orders\": [\"abc]}",
                     message: "line 1, column 27: text that is never closed with '\"'"),
            FileCase(name: "two documents", text: "{\"version\": 1, \"orders\": []} {}",
                     message: "line 1, column 30: unexpected text after the end of the JSON"),
            FileCase(name: "empty file", text: "",
                     message: "line 1, column 1: unexpected end of file"),
            FileCase(name: "single quotes", text: "{'version': 1}",
                     message: "line 1, column 2: expected a field name in double quotes"),
        ]

        @Test(arguments: syntaxCases)
        func brokenJSONSaysWhereAndHowToCheckIt(_ test: FileCase) {
            let path = T.file(test.text)
            #expect(throws: OrderLoadError(file: path, message: "not valid JSON (\(test.message)); export the orders again or check the file with `jq . \(path)`")) {
                try OrderStore.load(path: path, today: T.anchor)
            }
        }

        @Test func escapedTextAndUnicodeAreRead() throws {
            let record = BadRecords.with(BadRecords.good(id: "10231"), [(#""name": "Mug""#, #""name": "Caf\u00e9 \"mug\" \ud83c\udf75 \/ \\ tab\tend""#)])
            let path = T.file(#"{"version": 1, "orders": [\#(record)]}"#)
            let order = try OrderStore.load(path: path, today: T.anchor).store.order(id: "10231")
            #expect(order?.items.first?.name == "Café \"mug\" 🍵 / \\ tab\tend")
        }

        @Test(arguments: [("9.50", "9.5"), ("0", "0"), ("12", "12"), ("1.2e3", "1200"), ("-0.0", "0"), ("123456789012.3456789", "123456789012.3456789")])
        func pricesAreExactDecimals(_ text: String, _ expected: String) {
            #expect(FieldReader.decimal(text) == Decimal(string: expected))
        }

        @Test func aMissingFileIsAnError() {
            let path = T.scratchFolder().appendingPathComponent("nowhere.json").path
            #expect(throws: OrderLoadError(file: path, message: "can't read the file; check that it exists and that its permissions let this user read it")) {
                try OrderStore.load(path: path, today: T.anchor)
            }
        }
    }
}
