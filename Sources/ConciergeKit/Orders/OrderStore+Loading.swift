import Foundation

extension OrderStore {
    /// Loads a shop's order export (the format is described in the README). Bad records are reported
    /// and skipped; good ones are kept.
    ///
    /// When the file has an `anchor` date, every date in it is moved by the whole days from the anchor
    /// to `today`, so a demo file written once keeps its "delivered yesterday" order on any day.
    /// - Parameters:
    ///   - path: the export file; issues name it as given.
    ///   - today: the current time, injected so tests can fix it.
    ///   - timeZone: whose calendar decides which day `today` is, for the anchor shift; pass the
    ///     shop's (``ShopProfile/timeZone``). UTC when not given.
    /// - Returns: the store of good orders, and one issue per problem in the skipped records, in file order.
    /// - Throws: ``OrderLoadError`` only when the file as a whole is unusable: unreadable, not JSON,
    ///   not version 1, or without an `orders` list.
    public static func load(path: String, today: Date, timeZone: TimeZone = OrderCalendar.utc)
        throws(OrderLoadError) -> (store: OrderStore, issues: [OrderIssue])
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(path)
        }
        let file: OrderFile
        do {
            file = try JSONDecoder().decode(OrderFile.self, from: data)
        } catch let problem as OrderFile.Problem {
            switch problem {
            case .notAnObject: throw .notAnObject(path)
            case .missingVersion: throw .missingVersion(path)
            case .unsupportedVersion(let version): throw .unsupportedVersion(path, version)
            case .missingOrders: throw .missingOrders(path)
            case .ordersNotAList: throw .ordersNotAList(path)
            case .badAnchor(let value): throw .badAnchor(path, value)
            }
        } catch let DecodingError.dataCorrupted(context) {
            throw .notJSON(path, context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        } catch {
            throw .notJSON(path, "\(error)")
        }

        var shift: TimeInterval = 0
        if let anchor = file.anchorDay {
            shift = Double(OrderCalendar.dayNumber(of: today, in: timeZone) - anchor) * OrderCalendar.secondsPerDay
        }
        var orders: [Order] = []
        orders.reserveCapacity(file.records.count)
        var issues: [OrderIssue] = []
        var firstPosition: [String: Int] = [:]
        firstPosition.reserveCapacity(file.records.count)
        for (index, record) in file.records.enumerated() {
            let position = index + 1
            guard let order = record.order else {
                issues += record.problems.map { OrderIssue(file: path, position: position, orderID: record.id, message: $0.description) }
                continue
            }
            if let first = firstPosition[order.id] {
                issues.append(OrderIssue(file: path, position: position, orderID: order.id,
                                         message: "repeats the id of order \(first); each order needs its own id, so this one is skipped"))
                continue
            }
            firstPosition[order.id] = position
            orders.append(order.shifted(by: shift))
        }
        return (OrderStore(orders: orders), issues)
    }
}
