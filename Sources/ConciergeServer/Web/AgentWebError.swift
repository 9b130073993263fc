import ConciergeKit

/// Why the agents' inbox refused a request: an HTTP status, a stable `code` and a message that
/// says what to do, answered in the same JSON shape as the chat API's errors.
enum AgentWebError: Error, Equatable, CustomStringConvertible {
    /// Anything the chat API could refuse for too (a bad body, an unknown path, a wrong method).
    case http(HTTPError)
    /// No cookie, or one whose sign-in ended (signed out, expired, or signed in again elsewhere too often).
    case notSignedIn
    /// The token is no agent's.
    case wrongToken
    /// The server was started without `--agent-tokens`.
    case noAgentTokens
    /// The dashboard has no manager's token to sign in with.
    case noManagerToken
    /// A token that is not the manager's.
    case wrongManagerToken
    /// A sign-in over plain HTTP from another machine, which would send the token in the clear.
    case httpsRequired
    /// Too many wrong tokens from this address; seconds to wait.
    case tooManyFailedSignIns(retryAfter: Int)
    /// Too many requests from this sign-in; seconds to wait.
    case tooManyRequests(retryAfter: Int)
    /// The table of sign-ins is full.
    case full(limit: Int)
    /// A request sent by a page of another origin.
    case crossSite(String)
    /// A state-changing request without the sign-in's request token.
    case badRequestToken
    /// No ticket has this id.
    case unknownTicket(String)
    /// The queue refused the action (claimed by someone else, not yours, closed); its reason.
    case refused(String)
    /// The queue could not record the action; its reason.
    case failed(String)

    /// The queue's refusal as the inbox answers it.
    init(_ error: HandoffError) {
        switch error {
        case .unknownTicket(let id): self = .unknownTicket(id)
        case .alreadyClaimed, .notClaimedBy, .notWaiting, .closed, .notFinished: self = .refused(error.description)
        case .invalidRating, .invalidPriority: self = .http(.badRequest(error.description))
        case .badJournal, .io: self = .failed(error.description)
        }
    }

    var status: Int {
        switch self {
        case .http(let e): return e.status
        case .notSignedIn, .wrongToken, .wrongManagerToken: return 401
        case .noAgentTokens, .noManagerToken, .httpsRequired, .crossSite, .badRequestToken: return 403
        case .tooManyFailedSignIns, .tooManyRequests: return 429
        case .full: return 503
        case .unknownTicket: return 404
        case .refused: return 409
        case .failed: return 500
        }
    }

    var code: String {
        switch self {
        case .http(let e): return e.code
        case .notSignedIn: return "not_signed_in"
        case .wrongToken, .wrongManagerToken: return "bad_token"
        case .noAgentTokens: return "no_agent_tokens"
        case .noManagerToken: return "no_manager_token"
        case .httpsRequired: return "https_required"
        case .tooManyFailedSignIns, .tooManyRequests: return "rate_limited"
        case .full: return "busy"
        case .crossSite: return "cross_origin"
        case .badRequestToken: return "bad_request_token"
        case .unknownTicket: return "unknown_ticket"
        case .refused: return "conflict"
        case .failed: return "failed"
        }
    }

    var description: String {
        switch self {
        case .http(let e): return e.description
        case .notSignedIn:
            return "you are not signed in (or your sign-in has ended); sign in at /agent with your agent token"
        case .wrongToken:
            return "that is not an agent's token; use the one on your line of the server's agent tokens file, or ask whoever runs the server for yours"
        case .noAgentTokens:
            return "this server has no agent tokens; start concierge serve with --agent-tokens FILE (one 'name: token' line per agent) to let agents sign in here"
        case .wrongManagerToken:
            return "that is not the manager's token; use the one concierge serve was started with (--manager-token), or ask whoever runs the server"
        case .noManagerToken:
            return "this server has no manager's token; start concierge serve with --manager-token T (16 characters or more) to open the dashboard at /manager"
        case .httpsRequired:
            return "the inbox signs in over HTTPS only, or over plain HTTP on the server's own machine: put the server behind a TLS proxy that sends X-Forwarded-Proto: https, or open http://127.0.0.1/agent on the server"
        case .tooManyFailedSignIns(let seconds):
            return "too many wrong tokens from this address; wait \(seconds) second\(seconds == 1 ? "" : "s") and try again"
        case .tooManyRequests(let seconds):
            return "too many requests from this sign-in; wait \(seconds) second\(seconds == 1 ? "" : "s") and try again"
        case .full(let limit):
            return "\(limit) sign-ins are open already, the most the inbox holds; sign out in a browser you no longer use, or try again later"
        case .crossSite(let origin):
            return "the inbox takes requests only from its own pages, not from \(origin); open it at /agent on this server"
        case .badRequestToken:
            return "this page's sign-in is out of date; reload the inbox and try again"
        case .unknownTicket(let id):
            return "there is no ticket \(id); it may have been removed, so reload the inbox"
        case .refused(let reason), .failed(let reason):
            return reason
        }
    }

    /// The JSON error answer: `{"type":"error","v":1,"code":…,"message":…}`.
    var response: HTTPResponse {
        if case .http(let e) = self { return HTTPResponse.error(e) }
        var m = ServerMessage(type: "error")
        m.code = code
        m.message = description
        var response = HTTPResponse.json(ProtocolCodec.encode(m), status: status)
        switch self {
        case .tooManyFailedSignIns(let seconds), .tooManyRequests(let seconds): response.headers.append(("Retry-After", String(seconds)))
        case .full: response.headers.append(("Retry-After", "60"))
        default: break
        }
        return response
    }
}
