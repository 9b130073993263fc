import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation

/// A bridge on a free loopback port, over a hub with the demo shop, its orders and a fresh store
/// folder; polls the hub every 50 ms.
final class BridgeFixture {
    let folder: String
    let hub: SessionHub
    let bridge: HTTPBridge
    let port: Int

    init(hub existing: SessionHub? = nil, configure: (inout HTTPBridge.Configuration) -> Void = { _ in }) throws {
        folder = Scratch.folder("bridge")
        if let existing {
            hub = existing
        } else {
            let timeZone = Fixtures.matcher.catalog.profile.timeZone
            let handoff = try HandoffStore(directory: folder, timeZone: timeZone)
            let (orders, _) = try OrderStore.load(path: Fixtures.demoOrders, today: Date(), timeZone: timeZone)
            let requests = try RequestStore(path: folder + "/requests.jsonl")
            let bot = ChatRunner(matcher: Fixtures.matcher, orders: orders, requests: requests, handoff: handoff)
            hub = SessionHub(runner: bot, agentToken: "agent-secret", backendToken: nil, journal: nil, at: Date())
        }
        var configuration = HTTPBridge.Configuration()
        configuration.port = 0
        configuration.pollInterval = 0.05
        configure(&configuration)
        bridge = HTTPBridge(hub: hub, configuration: configuration)
        port = try bridge.start()
    }

    func close() {
        bridge.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// One request on its own connection, from 127.0.0.1 or the loopback address `source`.
    func send(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:], from source: String? = nil) throws -> TestClient.Response {
        let client = try TestClient(port: port, from: source)
        client.request(method, path, body: body, headers: ["Connection": "close"].merging(headers) { $1 }, port: port)
        return try client.response()
    }

    /// A new chat.
    func open(from source: String? = nil) throws -> Envelope {
        let r = try send("POST", "/api/open", body: "{}", from: source)
        guard r.status == 200 else { throw TestClientError("open answered \(r.status): \(r.text)") }
        return try r.decode()
    }

    /// A shopper's message; the answer's envelope.
    func say(_ text: String, in session: String, after: Int? = nil) throws -> Envelope {
        let body = try String(decoding: JSONEncoder().encode(WebRequestBody(session: session, text: text, after: after)), as: UTF8.self)
        let r = try send("POST", "/api/message", body: body)
        guard r.status == 200 else { throw TestClientError("message answered \(r.status): \(r.text)") }
        return try r.decode()
    }

    /// An event stream, its head already read.
    func events(_ session: String, after: Int? = nil, lastEventID: Int? = nil, from source: String? = nil) throws -> TestClient {
        let client = try TestClient(port: port, from: source)
        var headers: [String: String] = ["Accept": "text/event-stream"]
        if let lastEventID { headers["Last-Event-ID"] = String(lastEventID) }
        client.request("GET", "/api/events?session=\(session)" + (after.map { "&after=\($0)" } ?? ""), headers: headers, port: port)
        let head = try client.streamHead()
        guard head["status"] == "200" else { throw TestClientError("events answered \(head)") }
        return client
    }

    /// An agent connection on the hub, as `concierge serve` would have one.
    func agent(_ name: String) -> SessionHub.ConnectionID {
        let connection = hub.connect()
        _ = hub.handle(ClientMessage(.hello(role: "agent", token: "agent-secret", agent: name)), from: connection, at: Date())
        return connection
    }
}

extension WebRequestBody: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(session, forKey: .session)
        try c.encodeIfPresent(text, forKey: .text)
        try c.encodeIfPresent(after, forKey: .after)
    }
}
