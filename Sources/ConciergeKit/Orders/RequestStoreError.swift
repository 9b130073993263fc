/// The request file could not be opened, read or written.
public struct RequestStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request file, as given to ``RequestStore/init(path:)``.
    public var file: String
    /// 1-based line of the file at fault; 0 when the problem is with the file as a whole.
    public var line: Int
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, line: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }

    // The wording of every request-store error, in one place.

    static func cannotCreateFolder(_ file: String, _ reason: String) -> RequestStoreError {
        RequestStoreError(file: file, message: "can't create its folder (\(reason)); create it or choose a writable path")
    }

    static func cannotOpen(_ file: String, _ reason: String) -> RequestStoreError {
        RequestStoreError(file: file, message: "can't open the file for appending (\(reason)); check the path and its permissions")
    }

    static func unreadable(_ file: String) -> RequestStoreError {
        RequestStoreError(file: file, message: "can't read the file; check its permissions")
    }

    static func badLine(_ file: String, _ line: Int) -> RequestStoreError {
        RequestStoreError(file: file, line: line,
                          message: "not a request record (one JSON object per line, as this program writes them); restore the line from a backup or move it to another file")
    }

    static func cannotWrite(_ file: String, _ reason: String) -> RequestStoreError {
        RequestStoreError(file: file, message: "can't write the request (\(reason)); check free disk space and permissions, then try again")
    }
}
