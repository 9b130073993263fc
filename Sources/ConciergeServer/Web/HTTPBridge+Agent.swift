import ConciergeKit
import Foundation

/// The agents' inbox at `/agent`: the page, and a JSON API on the handoff queue for the agent
/// signed in with their token.
///
/// | request | answer |
/// |---|---|
/// | `GET /agent` | the inbox (and `/agent/agent.js`, `/agent/agent.css`) |
/// | `POST /agent/api/signin` `{"token":…}` | who signed in, their request token, and the session cookie |
/// | `POST /agent/api/signout` | the sign-in ended, the cookie cleared |
/// | `GET /agent/api/me` | who is signed in, their request token, the shop's name and time zone; or that nobody is |
/// | `GET /agent/api/queue` | the open tickets and those resolved today, and the journal's place |
/// | `GET /agent/api/events?after=N` | the queue's changes after place N, as Server-Sent Events |
/// | `GET /agent/api/tickets/T-1001` | the ticket in full, with the saved replies filled in |
/// | `POST /agent/api/tickets/T-1001/claim` | claim it, as the signed-in agent |
/// | `POST …/reply` `{"text":…}` | write to the shopper |
/// | `POST …/resolve` `{"note":…}` | resolve it, the note optional |
/// | `POST …/release` `{"to_bot":true}` | back to the queue, or with `to_bot`, back to the bot |
/// | `POST …/read` `{"lines":N}` | the agent has read the first N lines |
///
/// **Signing in.** The token is checked against the agents' own tokens (`--agent-tokens`), the
/// same ``AgentCredentials`` the line protocol's `hello` uses, and names the agent; it travels
/// once, in the sign-in's body, and is never kept. The answer sets a cookie holding a random
/// 256-bit id (`HttpOnly`, `SameSite=Strict`, `Path=/agent`, and `Secure` unless the page is plain
/// HTTP on the server's own machine; plain HTTP from elsewhere is refused, as it would send the
/// token in the clear). Wrong tokens are limited per address (``AgentLimits``).
///
/// **Every other request** needs the cookie of a current sign-in, and the actions the agent's
/// request token in `X-CSRF-Token` too; a request whose `Origin` is not this server's is refused,
/// whatever it carries. The agent's name comes from the sign-in, never from the request, so the
/// queue's rule that one agent wins a claim holds for the person signed in.
extension HTTPBridge {
    /// The cookie's name.
    static let agentCookie = "concierge_agent"

    /// What the inbox's page may load: its own script, styles and requests; nothing inline,
    /// nothing from elsewhere, no framing, and no way to turn a string into markup (Trusted Types).
    static let agentPagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'"

    /// What the API's answers may do if opened as a page: nothing.
    static let agentAPIPolicy = "default-src 'none'; frame-ancestors 'none'"

    /// Whether the inbox serves `path`.
    static func isAgentPath(_ path: String) -> Bool {
        path == "/agent" || path.hasPrefix("/agent/")
    }

    /// Answers one request to `/agent…` from `peer`.
    func agentRespond(to request: HTTPRequest, peer: String) -> Outcome {
        do throws(AgentWebError) {
            return try agentRoute(request, peer: peer)
        } catch {
            var response = error.response
            response.headers += Self.agentAPIHeaders
            return .response(response)
        }
    }

    private static let agentAPIHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", agentAPIPolicy),
        ("X-Frame-Options", "DENY"),
    ]

    private func agentRoute(_ request: HTTPRequest, peer: String) throws(AgentWebError) -> Outcome {
        guard request.path.hasPrefix("/agent/api/") else {
            do {
                return .response(try WebAssets.response(to: request, from: WebAssets.agentFiles, policy: Self.agentPagePolicy))
            } catch {
                throw .http(error)
            }
        }
        try checkAgentOrigin(request)
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(3).map(String.init)
        if parts == ["signin"] {
            return .response(try signIn(request, peer: peer))
        }
        let current = inbox.sessions.session(Self.cookie(Self.agentCookie, in: request))
        if parts == ["me"], current == nil, request.method == "GET" {
            // The page asks as it opens: nobody signed in is an answer, not an error.
            if let wait = requestLimiter.take(peer) { throw .http(.rateLimited(retryAfter: wait)) }
            return .response(Self.agentJSON(InboxJSON.Me(signedIn: false)))
        }
        guard let session = current else {
            if let wait = requestLimiter.take(peer) { throw .http(.rateLimited(retryAfter: wait)) }
            throw .notSignedIn
        }
        if let wait = inbox.requests.take(session.id) { throw .tooManyRequests(retryAfter: wait) }
        guard let store = hub.runner.handoff else { throw .failed("this server has no agent queue; start it with a store folder (--store)") }
        let json = InboxJSON(catalog: hub.bot.catalog)

        switch parts {
        case ["signout"]:
            try expect("POST", request, session)
            inbox.sessions.signOut(session.id)
            var response = HTTPResponse.json(Array(#"{"v":1,"signed_out":true}"#.utf8))
            response.headers += Self.agentAPIHeaders + [("Set-Cookie", Self.cookieHeader("", maxAge: 0, secure: Self.isSecure(request)))]
            return .response(response)
        case ["me"]:
            try expect("GET", request, session)
            return .response(Self.agentJSON(me(session)))
        case ["queue"]:
            try expect("GET", request, session)
            return .response(Self.agentJSON(queue(store: store, json: json, agent: session.agent)))
        case ["events"]:
            try expect("GET", request, session)
            // EventSource sends the last id it saw when it reconnects; it wins over the URL's `after`.
            let after = request.header("last-event-id").flatMap { Int($0) } ?? request.query["after"].flatMap { Int($0) } ?? 0
            let feed = AgentFeed(sessions: inbox.sessions, watcher: inbox.watcher, session: session.id, agent: session.agent, store: store, json: json)
            return .stream(feed, after: after, headers: Self.agentAPIHeaders)
        default:
            guard parts.first == "tickets", parts.count == 2 || parts.count == 3 else { throw .http(.notFound(request.path)) }
            let id = try Self.ticketID(parts[1])
            if parts.count == 2 {
                try expect("GET", request, session)
                return .response(Self.agentJSON(try detail(id, store: store, json: json, agent: session.agent)))
            }
            try expect("POST", request, session)
            return .response(try act(parts[2], on: id, body: try Self.agentBody(request), as: session.agent, store: store, json: json))
        }
    }

    // MARK: Signing in

    private func signIn(_ request: HTTPRequest, peer: String) throws(AgentWebError) -> HTTPResponse {
        guard request.method == "POST" else { throw .http(.methodNotAllowed(allowed: ["POST"])) }
        if let wait = requestLimiter.take(peer) { throw .http(.rateLimited(retryAfter: wait)) }
        guard hub.hasAgentTokens else { throw .noAgentTokens }
        let secure = Self.isSecure(request)
        guard secure || Self.isLoopback(request) else { throw .httpsRequired }
        // Checked before the token, so a guesser past the limit learns nothing, even of a right one.
        if let wait = inbox.failedSignIns.check(peer) { throw .tooManyFailedSignIns(retryAfter: wait) }
        try Self.expectJSON(request)
        let body = try Self.agentBody(request)
        guard let token = body.token?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty,
              let agent = hub.agentName(forToken: token) else {
            _ = inbox.failedSignIns.take(peer)
            throw .wrongToken
        }
        // Signing in again in the same browser ends its previous sign-in.
        if let previous = inbox.sessions.session(Self.cookie(Self.agentCookie, in: request)) { inbox.sessions.signOut(previous.id) }
        guard let session = inbox.sessions.signIn(agent: agent) else { throw .full(limit: inbox.sessions.limits.maximumSessions) }
        var response = Self.agentJSON(me(session))
        let lifetime = Int(inbox.sessions.limits.sessionLifetime)
        response.headers.append(("Set-Cookie", Self.cookieHeader(session.id, maxAge: lifetime, secure: secure)))
        return response
    }

    private func me(_ session: AgentWebSessions.Session) -> InboxJSON.Me {
        let profile = hub.bot.profile
        return InboxJSON.Me(agent: session.agent, csrf: session.csrf, shop: profile.name, timeZone: profile.timeZone.identifier)
    }

    /// `concierge_agent=…; Path=/agent; HttpOnly; SameSite=Strict; Max-Age=…`, and `Secure` over HTTPS.
    static func cookieHeader(_ value: String, maxAge: Int, secure: Bool) -> String {
        "\(agentCookie)=\(value); Path=/agent; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Whether the browser reached the server over HTTPS: through a TLS proxy, which says so in
    /// `X-Forwarded-Proto` (the bridge itself speaks plain HTTP), or as the page's origin shows.
    static func isSecure(_ request: HTTPRequest) -> Bool {
        request.header("x-forwarded-proto")?.lowercased() == "https" || request.header("origin")?.lowercased().hasPrefix("https://") == true
    }

    /// Whether the page was opened on the server's own machine (`localhost`, `127.x.x.x`, `[::1]`),
    /// where plain HTTP never crosses a network.
    static func isLoopback(_ request: HTTPRequest) -> Bool {
        guard let host = request.header("host")?.lowercased() else { return false }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
        return name == "localhost" || name == "[::1]" || name.hasPrefix("127.")
    }

    /// The value of cookie `name`, from every `Cookie` header.
    static func cookie(_ name: String, in request: HTTPRequest) -> String? {
        for (header, value) in request.headers where header == "cookie" {
            for pair in value.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name { return kv[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return nil
    }

    // MARK: Checks

    /// Refuses a request sent by a page of another origin: the inbox's own pages are served from
    /// this server, reached as its `Host` (or the proxy's `X-Forwarded-Host`) over HTTP or HTTPS.
    /// The shop's allowed origins (for the widget) don't count here. Requests without an `Origin`
    /// (programs, same-origin GETs) pass; the cookie and request token are their keys.
    func checkAgentOrigin(_ request: HTTPRequest) throws(AgentWebError) {
        guard let origin = request.header("origin")?.lowercased() else { return }
        let hosts = [request.header("host"), request.header("x-forwarded-host")].compactMap { $0?.lowercased() }
        guard hosts.contains(where: { origin == "http://" + $0 || origin == "https://" + $0 }) else { throw .crossSite(origin) }
    }

    /// The method the route takes; for a POST, also the sign-in's request token and a JSON body.
    private func expect(_ method: String, _ request: HTTPRequest, _ session: AgentWebSessions.Session) throws(AgentWebError) {
        guard request.method == method else { throw .http(.methodNotAllowed(allowed: [method])) }
        guard method == "POST" else { return }
        guard let token = request.header("x-csrf-token"), AgentCredentials.same(token, session.csrf) else { throw .badRequestToken }
        try Self.expectJSON(request)
    }

    /// A JSON body with its length, which a page of another site can't send without asking first.
    static func expectJSON(_ request: HTTPRequest) throws(AgentWebError) {
        guard request.header("content-length") != nil else { throw .http(.lengthRequired) }
        let type = request.header("content-type")?.lowercased() ?? ""
        guard type == "application/json" || type.hasPrefix("application/json;") else { throw .http(.unsupportedMediaType) }
    }

    static func agentBody(_ request: HTTPRequest) throws(AgentWebError) -> AgentRequestBody {
        do {
            return try AgentRequestBody.decode(request.body)
        } catch {
            throw .http(error)
        }
    }

    /// `T-1001`, as typed or in lower case.
    private static func ticketID(_ part: String) throws(AgentWebError) -> String {
        let id = part.uppercased()
        guard id.hasPrefix("T-"), id.count > 2, id.count < 20, id.dropFirst(2).allSatisfy(\.isASCII), Int(id.dropFirst(2)) != nil else {
            throw .unknownTicket(part)
        }
        return id
    }

    static func agentJSON<T: Encodable>(_ value: T) -> HTTPResponse {
        var response = HTTPResponse.json(InboxJSON.encode(value))
        response.headers += agentAPIHeaders
        return response
    }

    // MARK: Tickets

    /// The open tickets, most urgent first, then oldest first, and those resolved today.
    private func queue(store: HandoffStore, json: InboxJSON, agent: String) -> InboxJSON.Queue {
        // The place first: a change made meanwhile is in the tickets and comes again on the stream, which is harmless.
        let seq = store.lastSequence()
        let now = Date()
        let today = json.startOfToday(now)
        let marks = inbox.sessions.readMarks(agent: agent)
        let tickets = store.tickets { t in
            t.status == .waiting || t.status == .claimed || (t.status == .resolved && (t.resolvedAt ?? .distantPast) >= today)
        }
        let rows = tickets.sorted { ($0.priority, $0.created, $0.id) < ($1.priority, $1.created, $1.id) }
            .map { json.row($0, read: marks[$0.id], today: today) }
        return InboxJSON.Queue(seq: seq, now: InboxJSON.seconds(now), tickets: rows)
    }

    /// The ticket in full for `agent`, who has now read all of it.
    private func detail(_ id: String, store: HandoffStore, json: InboxJSON, agent: String) throws(AgentWebError) -> InboxJSON.Detail {
        guard let (ticket, seq) = store.ticketAndSequence(id) else { throw .unknownTicket(id) }
        inbox.sessions.markRead(agent: agent, ticket: id, lines: ticket.transcript.count)
        return json.detail(ticket, seq: seq, agent: agent, read: ticket.transcript.count, today: json.startOfToday(Date()))
    }

    /// Does `action` on ticket `id` as `agent`, through the hub as an agent connection's line
    /// would, so the shopper hears of it at once; answers the ticket as it is then.
    private func act(_ action: String, on id: String, body: AgentRequestBody, as agent: String, store: HandoffStore,
                     json: InboxJSON) throws(AgentWebError) -> HTTPResponse {
        let command: ClientMessage.Body
        switch action {
        case "claim":
            command = .claim(ticket: id)
        case "reply":
            let text = body.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !text.isEmpty else { throw .http(.hub(.emptyText)) }
            guard text.count <= ProtocolCodec.maximumTextLength else { throw .http(.hub(.textTooLong(limit: ProtocolCodec.maximumTextLength))) }
            command = .say(ticket: id, text: text)
        case "resolve":
            let note = body.note?.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (note?.count ?? 0) <= ProtocolCodec.maximumTextLength else { throw .http(.hub(.textTooLong(limit: ProtocolCodec.maximumTextLength))) }
            command = .resolve(ticket: id, note: note?.isEmpty == false ? note : nil)
        case "release":
            command = .release(ticket: id, toBot: body.toBot ?? false)
        case "read":
            guard let lines = body.lines, lines >= 0 else { throw .http(.hub(.missingField("lines", type: "read"))) }
            guard let ticket = store.ticket(id) else { throw .unknownTicket(id) }
            inbox.sessions.markRead(agent: agent, ticket: id, lines: lines)
            let read = inbox.sessions.readMarks(agent: agent)[id]
            return Self.agentJSON(json.row(ticket, read: read, today: json.startOfToday(Date())))
        default:
            throw .http(.notFound("/agent/api/tickets/\(id)/\(action)"))
        }
        let now = Date()
        do {
            _ = try hub.act(command, agent: agent, store: store, now: now)
        } catch {
            throw AgentWebError(error)
        }
        // What the shopper is to hear of it (an agent joined, a reply, resolved), made as safe as
        // the hub promises, then sent: to the bridge's own browsers, and the rest to the host.
        let pushes = hub.poll(at: now)
        hub.commit()
        let others = route(pushes)
        if !others.isEmpty { forward(others) }
        inbox.sessions.changed()
        return Self.agentJSON(try detail(id, store: store, json: json, agent: agent))
    }
}
