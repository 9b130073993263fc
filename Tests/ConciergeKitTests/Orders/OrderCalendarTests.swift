@testable import ConciergeKit
import Foundation
import Testing

extension Orders {
    @Suite struct CalendarTests {
        @Test(arguments: [
            ("2026-11-20", 1_795_176_000.0),             // midday UTC
            ("2026-11-20T14:03:00Z", 1_795_183_380.0),
            ("2026-11-20T14:03Z", 1_795_183_380.0),
            ("2026-11-20T14:03:00.250Z", 1_795_183_380.25),
            ("2026-11-20T15:03:00+01:00", 1_795_183_380.0),
            ("2026-11-20T09:03:00-05:00", 1_795_183_380.0),
            ("2024-02-29", 1_709_208_000.0),
            ("1970-01-01T00:00:00Z", 0.0),
        ])
        func datesInEitherFormParse(_ text: String, _ seconds: Double) {
            #expect(OrderCalendar.parse(text)?.timeIntervalSince1970 == seconds)
        }

        @Test(arguments: ["", "2026-11", "2026-13-01", "2026-02-29", "2026-11-31", "20-11-2026", "2026-11-20T25:00:00Z",
                          "2026-11-20T14:03:00", "2026-11-20 14:03:00Z", "2026-11-20T14:03:00+0100", "2026-11-20T14:03:00.Z"])
        func malformedDatesDoNotParse(_ text: String) {
            #expect(OrderCalendar.parse(text) == nil)
        }

        @Test func aParcelIsLateOnlyOnceItsDueDayIsOver() {
            let parcel = Shipment(carrier: "Parcelwise", trackingNumber: "PW1", skus: [], eta: OrderCalendar.parse("2026-11-18"))
            let london = TimeZone(identifier: "Europe/London") ?? OrderCalendar.utc
            #expect(!parcel.isLate(today: OrderCalendar.parse("2026-11-18T23:59:00Z") ?? .distantPast, timeZone: london))
            #expect(parcel.isLate(today: OrderCalendar.parse("2026-11-19T00:01:00Z") ?? .distantPast, timeZone: london))
            var delivered = parcel
            delivered.delivered = OrderCalendar.parse("2026-11-20")
            #expect(!delivered.isLate(today: OrderCalendar.parse("2026-11-25") ?? .distantPast))
            var noETA = parcel
            noETA.eta = nil
            #expect(!noETA.isLate(today: OrderCalendar.parse("2026-11-25") ?? .distantPast))
        }
    }
}
