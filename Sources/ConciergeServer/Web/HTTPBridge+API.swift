import ConciergeKit
import Foundation

/// The bridge's routes: the static files, and the chat API mapped onto hub messages.
///
/// | request | hub message | answer |
/// |---|---|---|
/// | `POST /api/open` `{}` | `open` | `{"session","seq","events":[opened]}` |
/// | `POST /api/open` `{"session","after"}` | `open` with `session` | the events after `after` |
/// | `POST /api/message` `{"session","text","after"?}` | `message` | the reply, and with `after` all events since |
/// | `POST /api/close` `{"session"}` | `close` | `{"type":"closed","session"}` |
/// | `GET /api/events?session=…&after=N` | (resume) | a Server-Sent Events stream, `id:` = seq |
extension HTTPBridge {
    /// What a request turns into.
    enum Outcome {
        case response(HTTPResponse)
        /// An event stream of the source's events after `after` (a browser session's messages,
        /// say), with `headers` added to the stream's head.
        case stream(any EventSource, after: Int, headers: [(name: String, value: String)])
    }

    static let endpoints: Set<String> = ["/api/open", "/api/message", "/api/close", "/api/events"]

    /// Answers one request from `peer`.
    func respond(to request: HTTPRequest, peer: String) -> Outcome {
        // The agents' inbox, and the manager's dashboard beside it.
        if Self.isAgentPath(request.path) { return agentRespond(to: request, peer: peer) }
        if Self.isManagerPath(request.path) { return managerRespond(to: request, peer: peer) }
        let cors = corsHeaders(request)
        do {
            if request.path.hasPrefix("/api/") {
                // A shopper's message may be news for the agents' inbox: its streams look now.
                defer { if request.method == "POST" { inbox.sessions.changed() } }
                return try api(request, peer: peer, cors: cors)
            }
            return .response(try WebAssets.response(to: request))
        } catch {
            var response = HTTPResponse.error(error)
            response.headers += cors
            return .response(response)
        }
    }

    private func api(_ request: HTTPRequest, peer: String, cors: [(name: String, value: String)]) throws(HTTPError) -> Outcome {
        guard Self.endpoints.contains(request.path) else { throw .notFound(request.path) }
        if request.method == "OPTIONS" { return .response(try preflight(request)) }
        try checkOrigin(request)
        if let wait = requestLimiter.take(peer) { throw .rateLimited(retryAfter: wait) }

        if request.path == "/api/events" {
            guard request.method == "GET" else { throw .methodNotAllowed(allowed: ["GET"]) }
            guard let id = request.query["session"], !id.isEmpty else { throw .hub(.missingField("session", type: "events")) }
            // EventSource sends the last id it saw when it reconnects; it wins over the URL's `after`.
            let after = request.header("last-event-id").flatMap { Int($0) } ?? request.query["after"].flatMap { Int($0) } ?? 0
            let session = try attach(id)
            session.touch(clock())
            return .stream(session, after: after, headers: cors)
        }

        guard request.method == "POST" else { throw .methodNotAllowed(allowed: ["POST"]) }
        guard request.header("content-length") != nil else { throw .lengthRequired }
        let type = request.header("content-type")?.lowercased() ?? ""
        guard type == "application/json" || type.hasPrefix("application/json;") else { throw .unsupportedMediaType }
        let body = try WebRequestBody.decode(request.body)
        if body.namesCustomer { throw .customerRefused }
        var response: HTTPResponse
        switch request.path {
        case "/api/open": response = try open(body, peer: peer)
        case "/api/message": response = try message(body)
        default: response = try close(body)
        }
        response.headers += cors
        return .response(response)
    }

    // MARK: Endpoints

    private func open(_ body: WebRequestBody, peer: String) throws(HTTPError) -> HTTPResponse {
        if let id = body.session {
            let session = try attach(id)
            session.touch(clock())
            guard let after = body.after else { return envelope(session, []) }
            return envelope(session, session.replay(after: after))
        }
        if let wait = sessionLimiter.take(peer) { throw .rateLimited(retryAfter: wait) }
        guard sessionCount < configuration.maximumSessions else { throw .busy }
        let connection = hub.connect(address: peer)
        let deliveries = hub.handle(ClientMessage(.open(session: nil, after: nil, customer: nil)), from: connection, at: Date())
        hub.commit()
        guard let opened = deliveries.first(where: { $0.connection == connection })?.message,
              opened.type == "opened", let id = opened.session else {
            hub.disconnect(connection, at: Date())
            throw Self.refusal(deliveries.first?.message)
        }
        let session = register(makeSession(id: id, connection: connection, seq: 0))
        route(deliveries)
        return envelope(session, session.events(after: 0) ?? [])
    }

    private func message(_ body: WebRequestBody) throws(HTTPError) -> HTTPResponse {
        guard let id = body.session else { throw .hub(.missingField("session", type: "message")) }
        guard let text = body.text else { throw .hub(.missingField("text", type: "message")) }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .hub(.emptyText) }
        if text.count > ProtocolCodec.maximumTextLength { throw .hub(.textTooLong(limit: ProtocolCodec.maximumTextLength)) }
        let session = try attach(id)
        if let wait = messageLimiter.take(id) { throw .rateLimited(retryAfter: wait) }
        session.touch(clock())
        let deliveries = hub.handle(ClientMessage(.message(session: id, text: text)), from: session.connection, at: Date())
        // With a session journal, a reply is committed (written, or on disk) before any browser sees it.
        hub.commit()
        let answer = deliveries.first { $0.connection == session.connection }?.message
        let others = route(deliveries)
        if !others.isEmpty { forward(others) }
        guard let answer, answer.type != "error", let seq = answer.seq else { throw Self.refusal(answer) }
        let reply = WebSession.Event(seq: seq, json: Self.json(answer))
        // With `after`, the answer carries everything the browser missed, so it can't skip a push.
        if let after = body.after, let missed = session.events(after: after), missed.contains(where: { $0.seq == seq }) {
            return envelope(session, missed)
        }
        return envelope(session, [reply])
    }

    private func close(_ body: WebRequestBody) throws(HTTPError) -> HTTPResponse {
        guard let id = body.session else { throw .hub(.missingField("session", type: "close")) }
        let session = try attach(id)
        let deliveries = hub.handle(ClientMessage(.close(session: id)), from: session.connection, at: Date())
        let answer = deliveries.first { $0.connection == session.connection }?.message
        let others = route(deliveries)
        if !others.isEmpty { forward(others) }
        detach(session)
        guard let answer, answer.type == "closed" else { throw Self.refusal(answer) }
        return .json(Self.json(answer))
    }

    // MARK: Replays

    /// The hub's replay of session `id` after `after`, for the browser on `connection`: the
    /// transcript since then as one `opened` message (nil when nothing was said to the shopper
    /// since), and the seq it reaches.
    func hubReplay(_ id: String, on connection: SessionHub.ConnectionID, after: Int) -> (WebSession.Event?, Int)? {
        let answer = hub.handle(ClientMessage(.open(session: id, after: after, customer: nil)), from: connection, at: Date()).first?.message
        guard let answer, answer.type == "opened", let seq = answer.seq else { return nil }
        guard answer.replies?.isEmpty == false else { return (nil, seq) }
        return (WebSession.Event(seq: seq, json: Self.json(answer)), seq)
    }

    /// `{"session":…,"seq":…,"events":[…]}`: the session's highest seq and the messages for the browser.
    private func envelope(_ session: WebSession, _ events: [WebSession.Event]) -> HTTPResponse {
        var body = Array(#"{"session":""#.utf8) + Array(session.id.utf8) + Array(#"","seq":"#.utf8)
        body += Array(String(max(session.seq, events.map(\.seq).max() ?? 0)).utf8)
        body += Array(#","events":["#.utf8)
        for (i, e) in events.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += e.json
        }
        body += Array("]}".utf8)
        return .json(body)
    }

    /// The HTTP error for a hub answer that was not the one expected.
    static func refusal(_ answer: ServerMessage?) -> HTTPError {
        guard let answer, answer.type == "error", let code = answer.code else { return .hub(.failed("the chat could not answer; try again")) }
        let message = answer.message ?? ""
        switch code {
        case "unknown_session": return .hub(.unknownSession)
        case "rate_limited": return .rateLimited(retryAfter: 1)
        case "not_allowed": return .hub(.notAllowed(message))
        case "empty_text": return .hub(.emptyText)
        case "text_too_long": return .hub(.textTooLong(limit: ProtocolCodec.maximumTextLength))
        default: return .hub(.failed(message))
        }
    }

    // MARK: Origins

    /// Refuses a browser request sent by a page on another origin, unless that origin was allowed.
    /// Requests without an `Origin` (same-origin GETs, programs) pass; the session id is their key.
    /// The bridge speaks plain HTTP, so its own origin is `http://` and the `Host`: behind a proxy
    /// that adds TLS, the shop allows its `https://` origin with `--allow-origin`.
    func checkOrigin(_ request: HTTPRequest) throws(HTTPError) {
        guard let origin = request.header("origin") else { return }
        if configuration.allowedOrigins.contains(origin) { return }
        let lower = origin.lowercased()
        guard lower.hasPrefix("http://"), let host = request.header("host")?.lowercased(), String(lower.dropFirst(7)) == host else {
            throw .crossOrigin(origin)
        }
    }

    /// CORS headers for an allowed origin; none otherwise, so other sites' pages can't read answers.
    func corsHeaders(_ request: HTTPRequest) -> [(name: String, value: String)] {
        guard let origin = request.header("origin"), configuration.allowedOrigins.contains(origin) else { return [] }
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    }

    private func preflight(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        guard let origin = request.header("origin"), configuration.allowedOrigins.contains(origin) else {
            throw .crossOrigin(request.header("origin") ?? "a page without an origin")
        }
        return HTTPResponse(status: 204, headers: corsHeaders(request) + [
            ("Access-Control-Allow-Methods", "GET, POST"),
            ("Access-Control-Allow-Headers", "Content-Type, Last-Event-ID"),
            ("Access-Control-Max-Age", "600"),
        ])
    }
}
