@testable import ConciergeKit
import Foundation
import Testing

extension Orders {
    @Suite struct ReturnEligibilityTests {
        typealias T = OrderTestSupport
        static let today = T.date("2026-11-22T10:00:00Z")
        static let profile = T.demoProfile

        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            var status: Order.Status = .delivered
            var category = "homeware"
            var finalSale = false
            var delivered: String? = nil
            var returnedSKUs: [String] = []
            var shipped = true
            var expected: ReturnVerdict
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "delivered 29 days ago", delivered: "2026-10-24T11:20:00Z",
                 expected: .eligible(until: T.date("2026-11-23T00:00:00Z"))),
            Case(name: "delivered 30 days ago: the last day", delivered: "2026-10-23T08:00:00Z",
                 expected: .eligible(until: T.date("2026-11-22T00:00:00Z"))),
            Case(name: "delivered 31 days ago", delivered: "2026-10-22T15:02:00Z",
                 expected: .windowPassed(closedOn: T.date("2026-11-21T00:00:00Z"))),
            Case(name: "delivered just after midnight London time (BST)", delivered: "2026-10-21T23:30:00Z",
                 expected: .windowPassed(closedOn: T.date("2026-11-21T00:00:00Z"))),
            Case(name: "delivered yesterday", delivered: "2026-11-21",
                 expected: .eligible(until: T.date("2026-12-21T00:00:00Z"))),
            Case(name: "final sale", finalSale: true, delivered: "2026-11-16", expected: .finalSale),
            Case(name: "underwear", category: "underwear", delivered: "2026-11-18", expected: .nonReturnableCategory("underwear")),
            Case(name: "earrings, written in capitals", category: "Earrings ", delivered: "2026-11-18",
                 expected: .nonReturnableCategory("earrings")),
            Case(name: "final-sale underwear not yet delivered", category: "underwear", finalSale: true,
                 expected: .nonReturnableCategory("underwear")),
            Case(name: "in transit", status: .shipped, expected: .notDeliveredYet),
            Case(name: "not yet sent", status: .processing, shipped: false, expected: .notDeliveredYet),
            Case(name: "cancelled", status: .cancelled, shipped: false, expected: .orderCancelled),
            Case(name: "refunded before dispatch", status: .refunded, shipped: false, expected: .orderCancelled),
            Case(name: "refunded after delivery", status: .refunded, delivered: "2026-11-10", expected: .alreadyReturned),
            Case(name: "order returned", status: .returned, delivered: "2026-11-10", expected: .alreadyReturned),
            Case(name: "item in a return", delivered: "2026-11-10", returnedSKUs: ["LL-1"], expected: .alreadyReturned),
        ]

        @Test(arguments: cases)
        func eachItemGetsTheVerdictThePolicyGives(_ test: Case) {
            let item = OrderItem(sku: "LL-1", name: "Lantern", price: 29, category: test.category, finalSale: test.finalSale)
            let shipment = Shipment(carrier: "Parcelwise", trackingNumber: "PW1", skus: ["LL-1"],
                                    shipped: T.date("2026-10-20"), delivered: test.delivered.map(T.date))
            let order = Order(id: "10001", email: "a@example.com", postcode: "M1 1AA", placed: T.date("2026-10-19"),
                              status: test.status, items: [item], shipments: test.shipped ? [shipment] : [],
                              returns: test.returnedSKUs.isEmpty ? [] : [ReturnRecord(id: "R-1", skus: test.returnedSKUs, status: "requested", date: T.date("2026-11-20"))])
            let verdicts = ReturnEligibility.evaluate(order, profile: Self.profile, today: Self.today)
            #expect(verdicts.map(\.item) == [item])
            #expect(verdicts.map(\.verdict) == [test.expected])
        }

        @Test func aSplitOrderCountsFromEachParcelsOwnDelivery() {
            let store = T.demoStore(today: Self.today)
            let order = store.order(id: "10235")
            let verdicts = order.map { ReturnEligibility.evaluate($0, profile: Self.profile, today: Self.today) } ?? []
            #expect(verdicts.map(\.verdict) == [
                .eligible(until: T.date("2026-12-19T00:00:00Z")),
                .eligible(until: T.date("2026-12-19T00:00:00Z")),
                .notDeliveredYet,
            ])
        }

        @Test(arguments: [
            ("10237", [ReturnVerdict.eligible(until: T.date("2026-11-23T00:00:00Z")), .eligible(until: T.date("2026-11-23T00:00:00Z"))]),
            ("10238", [.windowPassed(closedOn: T.date("2026-11-21T00:00:00Z"))]),
            ("10239", [.finalSale, .eligible(until: T.date("2026-12-16T00:00:00Z"))]),
            ("10240", [.nonReturnableCategory("underwear"), .nonReturnableCategory("earrings"), .eligible(until: T.date("2026-12-18T00:00:00Z"))]),
            ("10241", [.eligible(until: T.date("2026-12-07T00:00:00Z")), .alreadyReturned, .eligible(until: T.date("2026-12-07T00:00:00Z"))]),
            ("10244", [.orderCancelled, .orderCancelled]),
            ("10249", [.nonReturnableCategory("gift cards"), .nonReturnableCategory("food")]),
        ])
        func theDemoOrdersShowEachVerdict(_ id: String, _ expected: [ReturnVerdict]) {
            let order = T.demoStore(today: Self.today).order(id: id)
            #expect(order.map { ReturnEligibility.evaluate($0, profile: Self.profile, today: Self.today).map(\.verdict) } == expected)
        }

        @Test func theVerdictsMoveWithTheDemoFilesAnchor() {
            // Loaded and judged ten days later, the demo's "29 days ago" order is still eligible.
            let later = T.date("2026-12-02T10:00:00Z")
            let order = T.demoStore(today: later).order(id: "10237")
            #expect(order.map { ReturnEligibility.evaluate($0, profile: Self.profile, today: later).map(\.verdict) }
                == [.eligible(until: T.date("2026-12-03T00:00:00Z")), .eligible(until: T.date("2026-12-03T00:00:00Z"))])
        }
    }
}
