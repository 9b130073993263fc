@testable import ConciergeKit
import Foundation
import Testing

extension Orders {
    @Suite struct StoreLoadingTests {
        typealias T = OrderTestSupport

        @Test func theDemoFileLoadsEveryOrderWithoutIssues() throws {
            let (store, issues) = try OrderStore.load(path: T.demoFile, today: T.anchor)
            #expect(issues == [])
            #expect(store.count == 115)
            #expect(store.order(id: "10231")?.status == .pending)
            #expect(store.order(id: "10345")?.id == "10345")
        }

        @Test func theDemoFileCoversEveryStatus() {
            let statuses = Set(T.demoStore().all.map(\.status))
            #expect(statuses == Set(Order.Status.allCases))
        }

        @Test func datesAreShiftedByTheWholeDaysFromAnchorToToday() {
            let onAnchor = T.demoStore(today: T.anchor)
            let nineDaysLater = T.demoStore(today: T.date("2026-12-01T21:45:00Z"))
            let before = onAnchor.order(id: "10237")
            let after = nineDaysLater.order(id: "10237")
            #expect(before?.placed == T.date("2026-10-20T18:22:00Z"))
            #expect(before?.shipments.first?.delivered == T.date("2026-10-24T11:20:00Z"))
            #expect(after?.placed == T.date("2026-10-29T18:22:00Z"))
            #expect(after?.shipments.first?.delivered == T.date("2026-11-02T11:20:00Z"))
            #expect(after?.shipments.first?.eta == T.date("2026-11-02"))
            #expect(after?.shipments.first?.events.first?.time == T.date("2026-10-31T17:10:00Z"))
        }

        @Test func theShiftCanGoBackwards() {
            let store = T.demoStore(today: T.date("2026-11-20T08:00:00Z"))
            #expect(store.order(id: "10231")?.placed == T.date("2026-11-20T08:12:00Z"))
            #expect(store.order(id: "10241")?.refunds.first?.date == T.date("2026-11-13"))
            #expect(store.order(id: "10241")?.returns.first?.date == T.date("2026-11-10"))
        }

        @Test func todayIsTheDayInTheGivenTimeZone() throws {
            // 23:30 UTC on 21 June is already 22 June in London (BST), so London shifts one day less far back.
            let today = T.date("2026-06-21T23:30:00Z")
            let london = try OrderStore.load(path: T.demoFile, today: today, timeZone: T.demoProfile.timeZone).store
            let utc = try OrderStore.load(path: T.demoFile, today: today).store
            #expect(london.order(id: "10231")?.placed == T.date("2026-06-22T08:12:00Z"))
            #expect(utc.order(id: "10231")?.placed == T.date("2026-06-21T08:12:00Z"))
        }

        @Test func aFileWithoutAnAnchorKeepsItsDates() throws {
            let path = T.file(#"{"version": 1, "orders": [\#(BadRecords.good(id: "1001"))]}"#)
            let (store, issues) = try OrderStore.load(path: path, today: T.anchor)
            #expect(issues == [])
            #expect(store.order(id: "1001")?.placed == T.date("2026-11-01T09:30:00Z"))
        }

        @Test func theDemoCasesAreWhatTheReadmeSays() {
            let store = T.demoStore()
            let today = T.anchor
            let london = T.demoProfile.timeZone
            #expect(store.order(id: "10232")?.isCancellable == true)
            #expect(store.order(id: "10233")?.shipments.first?.events.count == 3)
            #expect(store.order(id: "10234")?.status == .outForDelivery)
            let split = store.order(id: "10235")?.shipments ?? []
            #expect(split.map(\.isDelivered) == [true, false])
            #expect(store.order(id: "10236")?.shipments.first?.isLate(today: today, timeZone: london) == true)
            #expect(store.order(id: "10233")?.shipments.first?.isLate(today: today, timeZone: london) == false)
            #expect(store.order(id: "10241")?.refundedAmount == Decimal(24))
            #expect(store.order(id: "10242")?.refunds.first?.status == .pending)
            #expect(store.order(id: "10243").map { $0.refundedAmount == $0.total } == true)
            #expect(store.order(id: "10244")?.status == .cancelled)
            #expect(store.order(id: "10245")?.status == .returned)
            #expect(store.order(id: "10246").flatMap { $0.shipments.first?.delivered }.map {
                OrderCalendar.daysBetween($0, today, in: london)
            } == 2)
            #expect(store.order(id: "10247").flatMap { $0.shipments.first?.delivered }.map {
                OrderCalendar.daysBetween($0, today, in: london)
            } == 1)
            #expect(store.order(id: "10248")?.refunds.first?.status == .failed)
            #expect(Set(T.demoStore().all.flatMap { $0.shipments.map(\.carrier) }) == Set(T.demoProfile.carriers.map(\.name)))
        }
    }
}
