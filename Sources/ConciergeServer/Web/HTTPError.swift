import ConciergeKit

/// Why the web bridge refused a request: an HTTP status, a stable `code` for programs (the same
/// codes as the line protocol where the reason is the same) and a message that says what to do.
enum HTTPError: Error, Equatable, CustomStringConvertible {
    /// The request line or a header could not be read.
    case badRequest(String)
    /// The body is not the JSON object the endpoint expects.
    case badJSON(String)
    /// The request line and headers together are longer than the limit.
    case headersTooLarge(limit: Int)
    /// The body is longer than the limit.
    case bodyTooLarge(limit: Int)
    /// A body came without a `Content-Length` (chunked uploads are not accepted).
    case lengthRequired
    /// A POST whose body is not declared as JSON.
    case unsupportedMediaType
    /// Nothing is served at this path.
    case notFound(String)
    /// The path exists but not for this method.
    case methodNotAllowed(allowed: [String])
    /// A request from a page on another origin that the bridge was not told to allow.
    case crossOrigin(String)
    /// A browser tried to say who the shopper is.
    case customerRefused
    /// Too many requests from this address or in this session.
    case rateLimited(retryAfter: Int)
    /// The bridge is at its limit of connections or sessions.
    case busy
    /// The client's address holds as many connections as one address may.
    case tooManyConnections(limit: Int)
    /// The client's address holds as many event streams as one address may.
    case tooManyStreams(limit: Int)
    /// The request line and headers did not arrive within the header deadline.
    case headersTimedOut(seconds: Double)
    /// The body did not arrive within the body deadline.
    case bodyTimedOut(seconds: Double)
    /// The session hub refused the request.
    case hub(ProtocolError)

    var status: Int {
        switch self {
        case .badRequest, .badJSON: return 400
        case .headersTooLarge: return 431
        case .bodyTooLarge: return 413
        case .lengthRequired: return 411
        case .unsupportedMediaType: return 415
        case .notFound: return 404
        case .methodNotAllowed: return 405
        case .crossOrigin, .customerRefused: return 403
        case .rateLimited, .tooManyConnections, .tooManyStreams: return 429
        case .busy: return 503
        case .headersTimedOut, .bodyTimedOut: return 408
        case .hub(let e):
            switch e {
            case .unknownSession: return 404
            case .notAllowed, .badToken: return 403
            case .rateLimited, .tooManySessions: return 429
            case .failed: return 500
            default: return 400
            }
        }
    }

    var code: String {
        switch self {
        case .badRequest: return "bad_request"
        case .badJSON: return "bad_json"
        case .headersTooLarge: return "headers_too_large"
        case .bodyTooLarge: return "body_too_large"
        case .lengthRequired: return "length_required"
        case .unsupportedMediaType: return "unsupported_media_type"
        case .notFound: return "not_found"
        case .methodNotAllowed: return "method_not_allowed"
        case .crossOrigin: return "cross_origin"
        case .customerRefused: return "not_allowed"
        case .rateLimited: return "rate_limited"
        case .busy: return "busy"
        case .tooManyConnections: return "too_many_connections"
        case .tooManyStreams: return "too_many_streams"
        case .headersTimedOut, .bodyTimedOut: return "timeout"
        case .hub(let e): return e.code
        }
    }

    var description: String {
        switch self {
        case .badRequest(let why): return "the request can't be read (\(why))"
        case .badJSON(let why): return "the body must be one JSON object such as {\"session\":\"…\",\"text\":\"…\"} (\(why))"
        case .headersTooLarge(let limit): return "the request line and headers are longer than \(limit / 1024) KiB"
        case .bodyTooLarge(let limit): return "the body is longer than \(limit / 1024) KiB; send one message at a time"
        case .lengthRequired: return "send the body with a Content-Length header (chunked bodies are not accepted)"
        case .unsupportedMediaType: return "send the body as JSON with the header Content-Type: application/json"
        case .notFound(let path): return "nothing is served at \(path); the chat API is POST /api/open, /api/message, /api/close and GET /api/events"
        case .methodNotAllowed(let allowed): return "use \(allowed.joined(separator: " or ")) here"
        case .crossOrigin(let origin): return "requests from \(origin) are not allowed; serve the page from this origin or start the bridge with --allow-origin \(origin)"
        case .customerRefused: return "a browser can't say who the shopper is; the shopper verifies with an order number and the e-mail or postcode on it"
        case .rateLimited(let seconds): return "too many requests; wait \(seconds) second\(seconds == 1 ? "" : "s") and try again"
        case .busy: return "the chat is busy; try again in a moment"
        case .tooManyConnections(let limit):
            return "this address has \(limit) connections open already; close some, or wait a few seconds, and try again"
        case .tooManyStreams(let limit):
            return "this address has \(limit) event streams (chats' live updates) open already; close a chat in another tab, or wait a few seconds, and try again"
        case .headersTimedOut(let seconds):
            return "the request line and headers must arrive within \(Self.format(seconds)) seconds; send the whole request at once"
        case .bodyTimedOut(let seconds):
            return "the body must arrive within \(Self.format(seconds)) seconds of the headers"
        case .hub(let e): return e.description
        }
    }

    /// `10` for whole seconds, `0.5` otherwise.
    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
