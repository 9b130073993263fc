@testable import ConciergeKit
import Foundation
import Testing

extension Orders {
    @Suite struct StoreTests {
        typealias T = OrderTestSupport
        static let store = T.demoStore()

        @Test(arguments: ["10237", "#10237", " #10237 ", "10237\n"])
        func anOrderIsFoundHoweverItsNumberIsWritten(_ id: String) {
            #expect(Self.store.order(id: id)?.id == "10237")
        }

        @Test func lettersInOrderNumbersAreUpperCasedAndDashesDropped() {
            let order = Order(id: "#a-1234", email: "a@example.com", postcode: "M1 1AA", placed: T.anchor, status: .pending,
                              items: [OrderItem(sku: "X", name: "X", price: 1, category: "kitchen")])
            let store = OrderStore(orders: [order])
            #expect(order.id == "A1234")
            #expect(store.order(id: "a1234")?.id == "A1234")
            #expect(store.order(id: "#A-1234")?.id == "A1234")
            #expect(store.order(id: "1234") == nil)
        }

        struct Attempt: Sendable, CustomTestStringConvertible {
            var orderID: String
            var email: String?
            var postcode: String?
            var found: Bool
            var testDescription: String { "\(orderID) \(email ?? "-") \(postcode ?? "-") → \(found)" }
        }

        static let attempts: [Attempt] = [
            Attempt(orderID: "10237", email: "tom.gallagher@example.com", postcode: nil, found: true),
            Attempt(orderID: "#10237", email: "  Tom.Gallagher@EXAMPLE.com ", postcode: nil, found: true),
            Attempt(orderID: "10237", email: nil, postcode: "CF10 3AT", found: true),
            Attempt(orderID: "10237", email: nil, postcode: "cf103at", found: true),
            Attempt(orderID: "10237", email: nil, postcode: " c f 1 0  3 a t ", found: true),
            Attempt(orderID: "10237", email: "wrong@example.com", postcode: "cf10 3at", found: true),
            Attempt(orderID: "10237", email: "amelia.hughes@example.com", postcode: nil, found: false),
            Attempt(orderID: "10237", email: nil, postcode: "M20 2RN", found: false),
            Attempt(orderID: "10237", email: "", postcode: "", found: false),
            Attempt(orderID: "10237", email: nil, postcode: nil, found: false),
            Attempt(orderID: "99999", email: "tom.gallagher@example.com", postcode: "CF10 3AT", found: false),
        ]

        @Test(arguments: attempts)
        func verificationNeedsAMatchingEmailOrPostcode(_ attempt: Attempt) {
            let order = Self.store.verify(orderID: attempt.orderID, email: attempt.email, postcode: attempt.postcode)
            #expect((order != nil) == attempt.found)
            if attempt.found { #expect(order?.id == "10237") }
        }

        @Test func ordersForAnEmailAreNewestFirstAndIgnoreCase() {
            let orders = Self.store.orders(forEmail: "Amelia.Hughes@Example.com ")
            #expect(orders.map(\.id) == ["10231", "10235", "10281", "10295"])
            #expect(orders.map(\.placed) == orders.map(\.placed).sorted(by: >))
            #expect(Self.store.orders(forEmail: "nobody@example.com").isEmpty)
        }

        @Test func totalsAddPriceTimesQuantity() {
            // 2 × £14.00 + 2 × £9.50
            #expect(Self.store.order(id: "10231")?.total == Decimal(47))
        }

        @Test func aStoreBuiltFromOrdersKeepsTheFirstOfTwoWithOneId() {
            let item = OrderItem(sku: "X", name: "X", price: 1, category: "kitchen")
            let first = Order(id: "1", email: "a@example.com", postcode: "M1 1AA", placed: T.anchor, status: .pending, items: [item])
            var second = first
            second.email = "b@example.com"
            let store = OrderStore(orders: [first, second])
            #expect(store.count == 1)
            #expect(store.orders(forEmail: "b@example.com").isEmpty)
        }

        @Test func anEncodedOrderUsesTheFileKeys() throws {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            let order = try #require(Self.store.order(id: "10235"))
            let text = String(decoding: try encoder.encode(order), as: UTF8.self)
            #expect(text.contains(#""tracking_number":"#))
            #expect(text.contains(#""final_sale":false"#))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(Order.self, from: Data(text.utf8)) == order)
        }
    }
}
