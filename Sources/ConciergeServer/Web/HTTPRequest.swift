import Foundation

/// One HTTP/1.x request as the bridge reads it: method, path, query, headers and body.
///
/// Parsing is strict on purpose: a request the bridge can't read unambiguously (folded headers,
/// two different lengths, a chunked body) is refused rather than guessed at.
struct HTTPRequest: Sendable {
    var method: String
    /// The path without its query, percent-decoded.
    var path: String
    var query: [String: String]
    /// `HTTP/1.1` or `HTTP/1.0`.
    var version: String
    /// Header names in lower case, in the order they came.
    var headers: [(name: String, value: String)]
    var body: [UInt8] = []

    /// The first value of a header, by its name in any case.
    func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name == name }?.value
    }

    /// Whether the client wants the connection kept open after this request.
    var keepAlive: Bool {
        let connection = header("connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }

    /// The declared body length: 0 without a body.
    /// - Throws: ``HTTPError/lengthRequired`` for a chunked body, ``HTTPError/badRequest(_:)`` for a
    ///   length that is not a number or is given twice with different values.
    func contentLength() throws(HTTPError) -> Int {
        if headers.contains(where: { $0.name == "transfer-encoding" }) { throw .lengthRequired }
        let values = Set(headers.filter { $0.name == "content-length" }.map(\.value))
        guard let value = values.first else { return 0 }
        guard values.count == 1, !value.isEmpty, value.count < 12, value.utf8.allSatisfy({ (48...57).contains($0) }), let n = Int(value) else {
            throw .badRequest("Content-Length must be one whole number")
        }
        return n
    }

    /// Reads the request line and headers (the bytes before the blank line).
    /// - Throws: ``HTTPError/badRequest(_:)`` when they are not a well-formed HTTP/1.x head.
    static func parseHead(_ head: ArraySlice<UInt8>) throws(HTTPError) -> HTTPRequest {
        guard let text = String(bytes: head, encoding: .utf8) else { throw .badRequest("the head is not UTF-8") }
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badRequest("the request line must be METHOD PATH HTTP/1.1") }
        let method = String(parts[0])
        guard !method.isEmpty, method.utf8.allSatisfy({ (65...90).contains($0) }) else { throw .badRequest("unknown method") }
        let version = String(parts[2])
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .badRequest("only HTTP/1.0 and HTTP/1.1 are spoken here") }
        let target = String(parts[1])
        guard target.hasPrefix("/") else { throw .badRequest("the request target must be a path such as /api/open") }
        let (path, query) = try splitTarget(target)

        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let first = line.unicodeScalars.first else { throw .badRequest("empty header line") }
            if first == " " || first == "\t" { throw .badRequest("folded headers are not accepted") }
            guard let colon = line.firstIndex(of: ":") else { throw .badRequest("a header line has no ':'") }
            let name = line[..<colon].lowercased()
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else { throw .badRequest("a header name has spaces") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append((name, value))
        }
        if version == "HTTP/1.1", !headers.contains(where: { $0.name == "host" }) { throw .badRequest("HTTP/1.1 needs a Host header") }
        return HTTPRequest(method: method, path: path, query: query, version: version, headers: headers)
    }

    private static func splitTarget(_ target: String) throws(HTTPError) -> (String, [String: String]) {
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = String(pieces[0]).removingPercentEncoding else { throw .badRequest("the path is not percent-encoded properly") }
        var query: [String: String] = [:]
        if pieces.count > 1 {
            for pair in pieces[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
                if query[key] == nil { query[key] = value }
            }
        }
        return (path, query)
    }
}
