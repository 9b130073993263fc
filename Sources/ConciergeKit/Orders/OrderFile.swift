import Foundation

/// The export file's top level, `{"version": 1, "anchor": "2026-11-22", "orders": [...]}`, read in
/// one streaming pass: each record is parsed, checked and turned into an ``Order`` (or issues)
/// before the next is read, so memory holds the orders, never a tree of the whole file.
struct OrderFile {
    /// The only format version this code reads.
    static let version = 1

    /// The `anchor` date as a day number (days since 1970-01-01), when the file has one.
    var anchorDay: Int?
    /// The good records, first of each id, in file order; dates as written (not yet shifted).
    var orders: [Order]
    /// One per problem in the skipped records, in file order.
    var issues: [OrderIssue]
    /// Order id → index in `orders`, built while checking for duplicates and reused as the store's index.
    var index: [String: Int]

    /// Why the file as a whole can't be used; ``OrderStore/load(path:today:timeZone:)`` words it
    /// as an ``OrderLoadError``.
    enum Problem: Error {
        case notJSON(String), notAnObject, missingVersion, unsupportedVersion(String), missingOrders, ordersNotAList, badAnchor(String)
    }

    /// Reads a whole export; `path` is how issues name the file.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Result<OrderFile, Problem> {
        var reader = JSONReader(bytes)
        var records = Records(path: path)
        do {
            return try read(&reader, into: &records)
        } catch {
            return .failure(.notJSON(error.describe(in: bytes)))
        }
    }

    /// The orders and issues gathered record by record.
    private struct Records {
        let path: String
        var orders: [Order] = []
        var issues: [OrderIssue] = []
        var count = 0
        /// Normalised id → index in `orders`.
        var index: [String: Int] = [:]
        /// The 1-based file position of each of `orders`.
        var positions: [Int] = []

        init(path: String) { self.path = path }

        mutating func add(_ value: JSONValue) {
            count += 1
            let (order, problems) = Order.read(value)
            guard let order else {
                let id = OrderFile.readableID(of: value)
                issues += problems.map { OrderIssue(file: path, position: count, orderID: id, message: $0.description) }
                return
            }
            if let first = index[order.id] {
                issues.append(OrderIssue(file: path, position: count, orderID: order.id,
                                         message: "repeats the id of order \(positions[first]); each order needs its own id, so this one is skipped"))
                return
            }
            index[order.id] = orders.count
            orders.append(order)
            positions.append(count)
        }
    }

    /// The normalised id of a bad record, when it has a usable one, so its issues can name it.
    private static func readableID(of value: JSONValue) -> String? {
        guard case .object(let object) = value else { return nil }
        switch object["id"] {
        case .string(let text)?, .number(let text)?:
            let normalized = Order.normalizedID(text)
            return normalized.isEmpty ? nil : normalized
        default:
            return nil
        }
    }

    /// Syntax errors are thrown; once the JSON is known good, format problems are the failure.
    private static func read(_ reader: inout JSONReader, into records: inout Records) throws(JSONReader.SyntaxError) -> Result<OrderFile, Problem> {
        var version: JSONValue?
        var anchor: JSONValue?
        var sawOrders = false
        if reader.peek() != UInt8(ascii: "{") {
            _ = try reader.value()
            try end(&reader)
            return .failure(.notAnObject)
        }
        _ = reader.consume(UInt8(ascii: "{"))
        var ordersNotAList = false
        if !reader.consume(UInt8(ascii: "}")) {
            repeat {
                let key = try reader.key()
                switch key {
                case "version" where version == nil: version = try reader.value(depth: 1)
                case "anchor" where anchor == nil: anchor = try reader.value(depth: 1)
                case "orders" where !sawOrders:
                    sawOrders = true
                    guard reader.consume(UInt8(ascii: "[")) else {
                        _ = try reader.value(depth: 1)
                        ordersNotAList = true
                        continue
                    }
                    if !reader.consume(UInt8(ascii: "]")) {
                        repeat {
                            records.add(try reader.value(depth: 2))
                        } while try reader.more(closing: UInt8(ascii: "]"), "after an order")
                    }
                default:
                    _ = try reader.value(depth: 1)
                }
            } while try reader.more(closing: UInt8(ascii: "}"), "after a field")
        }
        try end(&reader)

        guard let version else { return .failure(.missingVersion) }
        guard case .number(let text) = version, Int(text) == Self.version else {
            switch version {
            case .number(let text): return .failure(.unsupportedVersion(text))
            case .string(let text): return .failure(.unsupportedVersion("\"\(text)\""))
            default: return .failure(.unsupportedVersion("that is not a number"))
            }
        }
        var anchorDay: Int?
        switch anchor {
        case nil, .null?: break
        case .string(let text)?:
            guard let day = OrderCalendar.dayNumber(ofPlainDate: text) else { return .failure(.badAnchor("\"\(text)\"")) }
            anchorDay = day
        default:
            return .failure(.badAnchor("a value that is not text"))
        }
        if ordersNotAList { return .failure(.ordersNotAList) }
        guard sawOrders else { return .failure(.missingOrders) }
        return .success(OrderFile(anchorDay: anchorDay, orders: records.orders, issues: records.issues, index: records.index))
    }

    /// Only whitespace may follow the top-level value.
    private static func end(_ reader: inout JSONReader) throws(JSONReader.SyntaxError) {
        guard reader.peek() == nil else {
            throw JSONReader.SyntaxError(offset: reader.position, message: "unexpected text after the end of the JSON")
        }
    }
}
