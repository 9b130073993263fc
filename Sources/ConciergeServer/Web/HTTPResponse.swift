import ConciergeKit
import Foundation

/// A complete HTTP response: status, headers and body, serialised with the headers every
/// response of the bridge carries (`nosniff`, no referrer, an explicit length).
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body; never cached, never embedded by another site.
    static func json(_ body: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
        ], body: body)
    }

    /// The JSON error body for `error`: `{"type":"error","v":1,"code":…,"message":…}`, the same
    /// shape as the line protocol's errors.
    static func error(_ error: HTTPError) -> HTTPResponse {
        var m = ServerMessage(type: "error")
        m.code = error.code
        m.message = error.description
        var response = json(ProtocolCodec.encode(m), status: error.status)
        switch error {
        case .methodNotAllowed(let allowed): response.headers.append(("Allow", allowed.joined(separator: ", ")))
        case .rateLimited(let seconds): response.headers.append(("Retry-After", String(seconds)))
        case .busy, .tooManyConnections, .tooManyStreams: response.headers.append(("Retry-After", "5"))
        default: break
        }
        return response
    }

    /// The bytes to send. `keepAlive` picks the `Connection` header; `omitBody` answers a HEAD.
    func serialized(keepAlive: Bool, omitBody: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !headers.contains(where: { $0.name == "Content-Length" }) { head += "Content-Length: \(body.count)\r\n" }
        head += "X-Content-Type-Options: nosniff\r\n"
        head += "Referrer-Policy: no-referrer\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !omitBody { bytes += body }
        return bytes
    }

    /// The head of a Server-Sent Events stream: no length, the body runs until the connection closes.
    static func eventStreamHead(extraHeaders: [(name: String, value: String)]) -> [UInt8] {
        var head = "HTTP/1.1 200 OK\r\n"
        head += "Content-Type: text/event-stream; charset=utf-8\r\n"
        head += "Cache-Control: no-store\r\n"
        head += "X-Accel-Buffering: no\r\n"
        head += "X-Content-Type-Options: nosniff\r\n"
        head += "Referrer-Policy: no-referrer\r\n"
        for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 303: return "See Other"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
