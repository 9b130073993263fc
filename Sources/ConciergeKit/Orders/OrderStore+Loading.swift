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
        let result = data.withUnsafeBytes { OrderFile.read($0.bindMemory(to: UInt8.self), path: path) }
        var file: OrderFile
        switch consume result {  // consumed, so shifting below does not copy every order
        case .success(let value): file = value
        case .failure(.notJSON(let detail)): throw .notJSON(path, detail)
        case .failure(.notAnObject): throw .notAnObject(path)
        case .failure(.missingVersion): throw .missingVersion(path)
        case .failure(.unsupportedVersion(let version)): throw .unsupportedVersion(path, version)
        case .failure(.missingOrders): throw .missingOrders(path)
        case .failure(.ordersNotAList): throw .ordersNotAList(path)
        case .failure(.badAnchor(let value)): throw .badAnchor(path, value)
        }

        if let anchor = file.anchorDay {
            let shift = Double(OrderCalendar.dayNumber(of: today, in: timeZone) - anchor) * OrderCalendar.secondsPerDay
            if shift != 0 {
                for i in file.orders.indices { file.orders[i].shift(by: shift) }
            }
        }
        return (OrderStore(unique: file.orders, index: file.index), file.issues)
    }
}
