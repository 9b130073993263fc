/// One problem found in a shop's content, pointing at the file and line to fix.
///
/// Prints as `Intents/returns.intents:14: example "where's my parcel" also belongs to intent track_order`,
/// the form editors and CI logs turn into clickable links.
public struct ContentIssue: Sendable, Equatable, CustomStringConvertible, Codable {
    /// Errors stop the content from loading; warnings are worth a look but load.
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// The file, as given to the loader (relative paths stay relative).
    public var file: String
    /// 1-based line number; 0 when the problem is with the file as a whole.
    public var line: Int
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return severity == .error ? "\(place): \(message)" : "\(place): warning: \(message)"
    }
}

/// The content could not be loaded; `issues` lists every problem, not just the first.
public struct ContentError: Error, Sendable, CustomStringConvertible {
    public var issues: [ContentIssue]

    public init(issues: [ContentIssue]) {
        self.issues = issues
    }

    public var description: String {
        let errors = issues.filter { $0.severity == .error }
        let lines = errors.map(\.description).joined(separator: "\n")
        return "\(lines)\n\(errors.count) error\(errors.count == 1 ? "" : "s") in the content; fix them and try again (`concierge check` lists them)."
    }
}
