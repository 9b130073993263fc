import ConciergeKit
import Foundation

/// The support manager's dashboard at `/manager`: the same page `concierge report --html`
/// writes, made from the queue's journal at each visit, for the one signed in with the
/// manager's token (`--manager-token`).
///
/// | request | answer |
/// |---|---|
/// | `GET /manager` | the dashboard of the last 30 days (`?days=N`, 1 to 366, for another span); the sign-in page when not signed in |
/// | `POST /manager/api/signin` `{"token":…}` | the session cookie (`Path=/manager`) |
/// | `POST /manager/api/signout` | the sign-in ended, the cookie cleared |
///
/// Signing in works as the agents' inbox does (`HTTPBridge+Agent.swift`): a JSON body only, the
/// token compared in constant time and never kept, wrong tokens limited per address (the same
/// limit as the inbox's), plain HTTP only on the server's own machine, and a cookie holding a
/// random 256-bit id in a table of its own, so an agent's sign-in opens no dashboard and the
/// manager's opens no inbox. The dashboard has no script; its policy allows none.
extension HTTPBridge {
    /// The cookie's name.
    static let managerCookie = "concierge_manager"

    /// What the dashboard may do: draw its own inline styles and SVG, nothing else.
    static let dashboardPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Days the dashboard covers unless `?days=` says otherwise.
    static let dashboardDays = 30

    static func isManagerPath(_ path: String) -> Bool {
        path == "/manager" || path.hasPrefix("/manager/")
    }

    /// Answers one request to `/manager…` from `peer`.
    func managerRespond(to request: HTTPRequest, peer: String) -> Outcome {
        do throws(AgentWebError) {
            return .response(try managerRoute(request, peer: peer))
        } catch {
            var response = error.response
            response.headers += [("Content-Security-Policy", Self.agentAPIPolicy), ("X-Frame-Options", "DENY")]
            return .response(response)
        }
    }

    private func managerRoute(_ request: HTTPRequest, peer: String) throws(AgentWebError) -> HTTPResponse {
        try checkAgentOrigin(request)
        let signedIn = inbox.managers.session(Self.cookie(Self.managerCookie, in: request))
        switch request.path {
        case "/manager/api/signin":
            return try managerSignIn(request, peer: peer)
        case "/manager/api/signout":
            guard request.method == "POST" else { throw .http(.methodNotAllowed(allowed: ["POST"])) }
            if let signedIn { inbox.managers.signOut(signedIn.id) }
            var response = HTTPResponse.json(Array(#"{"v":1,"signed_out":true}"#.utf8))
            response.headers.append(("Set-Cookie", Self.managerCookieHeader("", maxAge: 0, secure: Self.isSecure(request))))
            return response
        case "/manager", "/manager/":
            guard signedIn != nil else { return try managerAsset(request) }
            guard request.method == "GET" || request.method == "HEAD" else { throw .http(.methodNotAllowed(allowed: ["GET", "HEAD"])) }
            if let wait = requestLimiter.take(peer) { throw .http(.rateLimited(retryAfter: wait)) }
            return try dashboard(days: request.query["days"])
        default:
            return try managerAsset(request)
        }
    }

    private func managerAsset(_ request: HTTPRequest) throws(AgentWebError) -> HTTPResponse {
        do {
            return try WebAssets.response(to: request, from: WebAssets.managerFiles, policy: Self.agentPagePolicy)
        } catch {
            throw .http(error)
        }
    }

    private func managerSignIn(_ request: HTTPRequest, peer: String) throws(AgentWebError) -> HTTPResponse {
        guard request.method == "POST" else { throw .http(.methodNotAllowed(allowed: ["POST"])) }
        if let wait = requestLimiter.take(peer) { throw .http(.rateLimited(retryAfter: wait)) }
        guard let expected = configuration.managerToken else { throw .noManagerToken }
        let secure = Self.isSecure(request)
        guard secure || Self.isLoopback(request) else { throw .httpsRequired }
        if let wait = inbox.failedSignIns.check(peer) { throw .tooManyFailedSignIns(retryAfter: wait) }
        try Self.expectJSON(request)
        let body = try Self.agentBody(request)
        guard let token = body.token?.trimmingCharacters(in: .whitespacesAndNewlines), AgentCredentials.same(token, expected) else {
            _ = inbox.failedSignIns.take(peer)
            throw .wrongManagerToken
        }
        if let previous = inbox.managers.session(Self.cookie(Self.managerCookie, in: request)) { inbox.managers.signOut(previous.id) }
        guard let session = inbox.managers.signIn(agent: "manager") else { throw .full(limit: inbox.managers.limits.maximumSessions) }
        var response = HTTPResponse.json(Array(#"{"v":1,"signed_in":true}"#.utf8))
        response.headers.append(("Set-Cookie", Self.managerCookieHeader(session.id, maxAge: Int(inbox.managers.limits.sessionLifetime), secure: secure)))
        return response
    }

    /// `concierge_manager=…; Path=/manager; HttpOnly; SameSite=Strict; Max-Age=…`, and `Secure` over HTTPS.
    static func managerCookieHeader(_ value: String, maxAge: Int, secure: Bool) -> String {
        "\(managerCookie)=\(value); Path=/manager; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The dashboard of the last `days` days (``dashboardDays`` when not given), from midnight in the shop's time zone.
    private func dashboard(days: String?) throws(AgentWebError) -> HTTPResponse {
        guard let store = hub.runner.handoff else { throw .failed("this server has no agent queue; start it with a store folder (--store)") }
        let count: Int
        if let days {
            guard let n = Int(days), (1...366).contains(n) else { throw .http(.badRequest("days takes a whole number from 1 to 366, e.g. /manager?days=7")) }
            count = n
        } else {
            count = Self.dashboardDays
        }
        let profile = hub.bot.profile
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = profile.timeZone
        let now = Date()
        let since = calendar.date(byAdding: .day, value: 1 - count, to: calendar.startOfDay(for: now))
        let report = store.report(since: since, now: now, timeZone: profile.timeZone, matcher: hub.bot.matcher)
        let page = DashboardPage(report: report, shop: profile.name, generatedAt: now).html
        return HTTPResponse(status: 200, headers: [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("Content-Security-Policy", Self.dashboardPolicy),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
        ], body: Array(page.utf8))
    }
}
