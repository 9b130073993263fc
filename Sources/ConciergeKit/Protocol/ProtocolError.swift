/// Why a line was refused. Each case has a stable `code` for programs and a message that says what to do.
public enum ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    case badJSON(String)
    case notAnObject
    case missingField(String, type: String)
    case unknownType(String)
    case lineTooLong(limit: Int)
    case unsupportedVersion(Int)
    case unknownSession
    case notAllowed(String)
    case badToken
    case emptyText
    case textTooLong(limit: Int)
    case rateLimited
    /// A shopper connection has this many sessions open, or the server holds as many as it may.
    case tooManySessions(limit: Int)
    /// The client's address holds this many connections already; this one is closed.
    case tooManyConnections(limit: Int)
    /// The connection sent nothing for this many seconds and is being closed.
    case idleTimeout(seconds: Int)
    case failed(String)

    public var code: String {
        switch self {
        case .badJSON: return "bad_json"
        case .notAnObject: return "not_an_object"
        case .missingField: return "missing_field"
        case .unknownType: return "unknown_type"
        case .lineTooLong: return "line_too_long"
        case .unsupportedVersion: return "unsupported_version"
        case .unknownSession: return "unknown_session"
        case .notAllowed: return "not_allowed"
        case .badToken: return "bad_token"
        case .emptyText: return "empty_text"
        case .textTooLong: return "text_too_long"
        case .rateLimited: return "rate_limited"
        case .tooManySessions: return "too_many_sessions"
        case .tooManyConnections: return "too_many_connections"
        case .idleTimeout: return "idle_timeout"
        case .failed: return "failed"
        }
    }

    public var description: String {
        switch self {
        case .badJSON(let detail): return "the line is not valid JSON (\(detail)); send one JSON object per line"
        case .notAnObject: return "each line must be a JSON object such as {\"type\":\"ping\"}"
        case .missingField(let field, let type): return "'\(type)' needs the field '\(field)'"
        case .unknownType(let type): return "unknown type '\(type)'; use hello, open, message, close, queue, show, claim, say, resolve, release or ping"
        case .lineTooLong(let limit): return "line longer than \(limit) bytes; keep each message under \(limit / 1024) KiB"
        case .unsupportedVersion(let v): return "protocol version \(v) is not supported; send \"v\":1 or leave it out"
        case .unknownSession: return "no such session; open a new one with {\"type\":\"open\"}"
        case .notAllowed(let what): return what
        case .badToken: return "the token is wrong; agents and backends need the token the shop set with --agent-token / --backend-token"
        case .emptyText: return "the message text is empty"
        case .textTooLong(let limit): return "the message is longer than \(limit) characters; shorten it"
        case .rateLimited: return "too many messages; wait a moment and try again"
        case .tooManyConnections(let limit): return "your address has \(limit) connections open already, the most it may; close one, or carry several sessions on one connection"
        case .tooManySessions(let limit): return "no more sessions can be opened here (the limit is \(limit)); close one with {\"type\":\"close\"} or resume one with {\"type\":\"open\",\"session\":…}"
        case .idleTimeout(let seconds): return "nothing received for \(seconds) seconds, so the connection is closed; send {\"type\":\"ping\"} to keep an idle connection open, or reconnect and resume your sessions"
        case .failed(let why): return why
        }
    }
}
