/// An order export that could not be used at all: unreadable, not JSON, or not in the format.
///
/// Single bad records never cause this; they are reported as ``OrderIssue``s and skipped.
public struct OrderLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The export file, as given to the loader.
    public var file: String
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }

    // The wording of every whole-file error, in one place.

    static func unreadable(_ file: String) -> OrderLoadError {
        OrderLoadError(file: file, message: "can't read the file; check that it exists and that its permissions let this user read it")
    }

    static func notJSON(_ file: String, _ detail: String) -> OrderLoadError {
        OrderLoadError(file: file, message: "not valid JSON (\(detail)); export the orders again or check the file with `jq . \(file)`")
    }

    static func notAnObject(_ file: String) -> OrderLoadError {
        OrderLoadError(file: file, message: #"must be a JSON object like {"version": 1, "orders": [...]}"#)
    }

    static func missingVersion(_ file: String) -> OrderLoadError {
        OrderLoadError(file: file, message: #"has no "version"; add "version": 1 at the top level"#)
    }

    static func unsupportedVersion(_ file: String, _ version: String) -> OrderLoadError {
        OrderLoadError(file: file, message: "is format version \(version), but this Concierge reads version 1; export the orders in version 1 format")
    }

    static func missingOrders(_ file: String) -> OrderLoadError {
        OrderLoadError(file: file, message: #"has no "orders" list; put the orders in "orders": [...] at the top level"#)
    }

    static func ordersNotAList(_ file: String) -> OrderLoadError {
        OrderLoadError(file: file, message: #""orders" must be a list of order objects: "orders": [{...}, {...}]"#)
    }

    static func badAnchor(_ file: String, _ value: String) -> OrderLoadError {
        OrderLoadError(file: file, message: #""anchor" must be a plain date such as "2026-11-22", not \#(value)"#)
    }
}
