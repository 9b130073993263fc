import Foundation

/// The export file's top level, `{"version": 1, "anchor": "2026-11-22", "orders": [...]}`, decoded in
/// one pass: the header is checked before any record is read, and each record is read leniently.
struct OrderFile: Decodable {
    /// The only format version this code reads.
    static let version = 1

    /// The `anchor` date as a day number (days since 1970-01-01), when the file has one.
    var anchorDay: Int?
    var records: [OrderRecord]

    /// A whole-file problem; ``OrderStore/load(path:today:timeZone:)`` words it as an ``OrderLoadError``.
    enum Problem: Error {
        case notAnObject, missingVersion, unsupportedVersion(String), missingOrders, ordersNotAList, badAnchor(String)
    }

    private enum Keys: String, CodingKey { case version, anchor, orders }

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: Keys.self) else { throw Problem.notAnObject }
        guard container.contains(.version) else { throw Problem.missingVersion }
        let version = try? container.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            if let version { throw Problem.unsupportedVersion(String(version)) }
            if let text = try? container.decode(String.self, forKey: .version) { throw Problem.unsupportedVersion("\"\(text)\"") }
            if let number = try? container.decode(Double.self, forKey: .version) { throw Problem.unsupportedVersion("\(number)") }
            throw Problem.unsupportedVersion("that is not a number")
        }
        if container.contains(.anchor), (try? container.decodeNil(forKey: .anchor)) != true {
            guard let text = try? container.decode(String.self, forKey: .anchor) else { throw Problem.badAnchor("a value that is not text") }
            guard let day = OrderCalendar.dayNumber(ofPlainDate: text) else { throw Problem.badAnchor("\"\(text)\"") }
            anchorDay = day
        }
        guard container.contains(.orders) else { throw Problem.missingOrders }
        guard let records = try? container.decode([OrderRecord].self, forKey: .orders) else { throw Problem.ordersNotAList }
        self.records = records
    }
}
