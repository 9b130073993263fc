import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation

/// The web bridge's responder with the demo shop and agents with tokens of their own (sam,
/// priya and lee), driven without sockets: a request in, an answer out, on a manual clock.
final class InboxFixture: Sendable {
    /// Agents' own tokens: sam and priya work in browsers, lee over the line protocol.
    static let tokens = ["sam": "sam-0123456789abcdef0123", "priya": "priya-0123456789abcdef01", "lee": "lee-0123456789abcdef01"]
    /// The page's origin as the browser sends it, and the `Host` the bridge is reached at.
    static let host = "127.0.0.1:8080"
    static let origin = "http://127.0.0.1:8080"

    let folder: String
    let store: HandoffStore
    let hub: SessionHub
    let bridge: HTTPBridge
    let clock = ManualClock()

    /// A signed-in browser: its cookie and request token.
    struct SignIn {
        var cookie: String
        var csrf: String
        var agent: String
    }

    /// An answer, read back.
    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body decoded as JSON, its snake_case keys as camelCase.
        func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(T.self, from: Data(body))
        }

        /// An error answer's code.
        var code: String? { (try? decode(Refusal.self))?.code }
    }

    struct Refusal: Decodable {
        var type: String
        var code: String
        var message: String
    }

    struct Me: Decodable {
        var agent: String
        var csrf: String
        var shop: String
        var timeZone: String
    }

    struct Row: Decodable, Equatable {
        var id: String
        var priority: Int
        var status: String
        var agent: String?
        var shopper: String?
        var verified: Bool
        var language: String
        var connected: Bool
        var lines: Int
        var unread: Int
        var summary: String
        var resolvedToday: Bool
        var rating: Int?
    }

    struct Queue: Decodable {
        var v: Int
        var seq: Int
        var tickets: [Row]
    }

    struct Line: Decodable, Equatable {
        var sender: String
        var text: String
        var intent: String?
        var intentTitle: String?
        var confidence: Double?
        var kind: String?
    }

    struct Detail: Decodable {
        struct Fact: Decodable, Equatable { var name: String, value: String }
        struct Order: Decodable { var id: String, status: String, state: String, items: [String], parcels: [String] }
        struct Answered: Decodable { var id: String, title: String }
        struct Reply: Decodable { var title: String, text: String }
        var seq: Int
        var ticket: Row
        var facts: [Fact]
        var orders: [Order]
        var answered: [Answered]
        var transcript: [Line]
        var note: String?
        var savedReplies: [Reply]
    }

    struct Change: Decodable {
        var type: String
        var seq: Int
        var ticket: Row?
        var line: Line?
    }

    init(configure: (inout HTTPBridge.Configuration) -> Void = { _ in }) throws {
        folder = Scratch.folder("inbox")
        let timeZone = Fixtures.matcher.catalog.profile.timeZone
        store = try HandoffStore(directory: folder, timeZone: timeZone)
        let (orders, _) = try OrderStore.load(path: Fixtures.demoOrders, today: Date(), timeZone: timeZone)
        let requests = try RequestStore(path: folder + "/requests.jsonl")
        let runner = ChatRunner(matcher: Fixtures.matcher, orders: orders, requests: requests, handoff: store)
        hub = SessionHub(runner: runner, agentToken: nil, agentCredentials: AgentCredentials(tokens: Self.tokens), backendToken: nil,
                         journal: nil, at: Date())
        var configuration = HTTPBridge.Configuration()
        configuration.pollInterval = nil
        configure(&configuration)
        let clock = self.clock
        bridge = HTTPBridge(hub: hub, configuration: configuration, clock: { clock.now })
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A request as a browser on the inbox's page sends it; `headers` adds or overrides (nil removes).
    func request(_ method: String, _ path: String, body: String? = nil, as signIn: SignIn? = nil,
                 headers: [String: String?] = [:]) -> HTTPRequest {
        var all: [String: String?] = ["host": Self.host, "origin": Self.origin]
        if let signIn {
            all["cookie"] = "theme=dark; \(HTTPBridge.agentCookie)=\(signIn.cookie)"
            if method == "POST" { all["x-csrf-token"] = signIn.csrf }
        }
        if let body {
            all["content-type"] = "application/json"
            all["content-length"] = String(body.utf8.count)
        }
        for (name, value) in headers { all[name.lowercased()] = value }
        let split = path.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if split.count > 1 {
            for pair in split[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                query[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
            }
        }
        return HTTPRequest(method: method, path: String(split[0]), query: query, version: "HTTP/1.1",
                           headers: all.compactMap { name, value in value.map { (name, $0) } }, body: Array((body ?? "").utf8))
    }

    /// The answer to a request that is not an event stream.
    func send(_ request: HTTPRequest, from peer: String = "127.0.0.1") -> Answer {
        switch bridge.respond(to: request, peer: peer) {
        case .response(let r): return Answer(status: r.status, headers: r.headers, body: r.body)
        case .stream: return Answer(status: -1, headers: [], body: [])
        }
    }

    func send(_ method: String, _ path: String, body: String? = nil, as signIn: SignIn? = nil, headers: [String: String?] = [:],
              from peer: String = "127.0.0.1") -> Answer {
        send(request(method, path, body: body, as: signIn, headers: headers), from: peer)
    }

    /// Signs in with `token`; fails the test's expectations by returning nil.
    func signIn(_ token: String, from peer: String = "127.0.0.1") -> SignIn? {
        let answer = send("POST", "/agent/api/signin", body: #"{"token":"\#(token)"}"#, from: peer)
        guard answer.status == 200, let cookie = answer.header("set-cookie"), let me = try? answer.decode(Me.self) else { return nil }
        let value = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1]
        return SignIn(cookie: String(value), csrf: me.csrf, agent: me.agent)
    }

    func signIn(agent: String, from peer: String = "127.0.0.1") -> SignIn? {
        signIn(Self.tokens[agent] ?? "", from: peer)
    }

    /// A shopper's chat through the widget's API, each line sent in turn: the session id, and the
    /// ticket a handoff opened.
    func shopperChat(_ lines: [String], from peer: String = "203.0.113.7") throws -> (session: String, ticket: String?) {
        let opened = send(request("POST", "/api/open", body: "{}", headers: ["origin": nil]), from: peer)
        guard opened.status == 200 else { throw TestClientError("open answered \(opened.status): \(opened.text)") }
        // The chat API's answers name their own keys (snake_case in CodingKeys): a plain decoder.
        let session = try JSONDecoder().decode(Envelope.self, from: Data(opened.body)).session
        var ticket: String?
        for line in lines {
            let body = try String(decoding: JSONEncoder().encode(WebRequestBody(session: session, text: line)), as: UTF8.self)
            let answer = send(request("POST", "/api/message", body: body, headers: ["origin": nil]), from: peer)
            guard answer.status == 200 else { throw TestClientError("message answered \(answer.status): \(answer.text)") }
            ticket = try JSONDecoder().decode(Envelope.self, from: Data(answer.body)).events.compactMap(\.ticket).first ?? ticket
        }
        return (session, ticket)
    }

    /// What the bridge keeps for the shopper's browser: every message's JSON.
    func shopperEvents(_ session: String) -> [String] {
        (hub.browser(forSession: session, in: ObjectIdentifier(bridge))?.events(after: 0) ?? []).map { String(decoding: $0.json, as: UTF8.self) }
    }
}
