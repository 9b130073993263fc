import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// The bridge over loopback: the chat API, the event stream, pushes from agents, and the limits.
struct HTTPBridgeTests {
    // MARK: The chat

    @Test func aShopperOpensAChatVerifiesAnOrderAndGetsItsParcels() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        #expect(HTTPBridge.isSessionID(opened.session))
        #expect(opened.events.map(\.type) == ["opened"])
        #expect(opened.events[0].text.contains("Lantern & Loom assistant"))
        #expect(opened.events[0].replies?.first?.quickReplies?.contains("Where is my order?") == true)

        let asked = try f.say("where is my order", in: opened.session)
        #expect(asked.events.count == 1)
        #expect(asked.events[0].type == "reply")
        #expect(asked.events[0].seq == 3)
        #expect(asked.events[0].text.contains("What's your order number?"))
        _ = try f.say("10235", in: opened.session)
        let answer = try f.say("amelia.hughes@example.com", in: opened.session)
        #expect(answer.events[0].text.contains("Parcel 1 of 2"))
        #expect(answer.events[0].text.contains("Parcel 2 of 2"))
        #expect(answer.seq == 7)
    }

    @Test func aVerifiedOrdersParcelsReachTheBrowserAsCardsInTheAnswerAndOnTheStream() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        let stream = try f.events(opened.session, after: 1)
        _ = try f.say("where is my order 10235", in: opened.session)
        #expect(try stream.event()?.message().replies?.first?.cards == nil)
        let answer = try f.say("amelia.hughes@example.com", in: opened.session)
        let reply = try #require(answer.events.first?.replies?.first)
        #expect(reply.lead == "Order #10235 is on its way.")
        #expect(reply.text.contains("Parcel 2 of 2"))
        let parcels = (reply.cards ?? []).compactMap { card -> ParcelCard? in if case .parcel(let p) = card { return p } else { return nil } }
        #expect(parcels.map(\.carrier) == ["Parcelwise", "Northline Post"])
        #expect(parcels.allSatisfy { $0.order == "10235" && $0.trackingURL?.hasPrefix("https://") == true })
        let pushed = try #require(try stream.event())
        #expect(pushed.id == answer.seq)
        #expect(try pushed.message().replies == answer.events.first?.replies)
    }

    @Test func anAnswerCarriesEverythingTheBrowserMissedSinceItsLastSeq() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        _ = try f.say("do you ship abroad", in: opened.session)
        let answer = try f.say("what payment methods do you take", in: opened.session, after: 1)
        #expect(answer.events.map(\.seq) == [3, 5])
        #expect(answer.events[1].replies?.first?.intent == "check_payment_methods")
    }

    @Test func resumingAChatReplaysWhatCameAfterTheGivenSeq() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        _ = try f.say("do you ship abroad", in: opened.session)
        let resumed = try f.send("POST", "/api/open", body: #"{"session":"\#(opened.session)","after":1}"#)
        #expect(resumed.status == 200)
        let envelope: Envelope = try resumed.decode()
        #expect(envelope.session == opened.session)
        #expect(envelope.events.map(\.seq) == [3])
        #expect(envelope.events[0].replies?.first?.intent == "delivery_options")
    }

    @Test func withASessionJournalAReplyIsOnDiskBeforeTheBrowserSeesIt() throws {
        let folder = Scratch.folder("journal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let journal = try SessionJournal(path: folder + "/sessions.jsonl")
        let hub = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher), agentToken: nil, backendToken: nil, journal: journal, at: Date())
        let f = try BridgeFixture(hub: hub)
        defer { f.close() }
        let opened = try f.open()
        _ = try f.say("do you ship abroad", in: opened.session)
        let recovered = SessionJournal.recover(path: journal.path)
        #expect(recovered[opened.session]?.transcript.count == 3)
    }

    @Test func closingAChatEndsItsEventStreams() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        let stream = try f.events(opened.session, after: 1)
        let closed = try f.send("POST", "/api/close", body: #"{"session":"\#(opened.session)"}"#)
        #expect(closed.status == 200)
        #expect(closed.text == #"{"type":"closed","v":1,"session":"\#(opened.session)"}"#)
        #expect(stream.closedByServer(within: 3))
    }

    // MARK: Server-Sent Events

    @Test func theEventStreamDeliversAnswersAndResumesFromLastEventID() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        let stream = try f.events(opened.session, after: 0)
        let greeting = try #require(try stream.event())
        #expect(greeting.id == 1)
        #expect(try greeting.message().type == "opened")

        _ = try f.say("where is my order", in: opened.session)
        let answer = try #require(try stream.event())
        #expect(answer.id == 3)
        #expect(try answer.message().text.contains("order number"))

        // The browser goes away; what is said meanwhile comes back when it reconnects.
        _ = try f.say("10235", in: opened.session)
        _ = try f.say("amelia.hughes@example.com", in: opened.session)
        let again = try f.events(opened.session, after: 0, lastEventID: 3)
        #expect(try again.event()?.id == 5)
        let parcels = try #require(try again.event())
        #expect(parcels.id == 7)
        #expect(try parcels.message().text.contains("Parcel 1 of 2"))
        #expect(try again.event(timeout: 0.3) == nil)
    }

    @Test func aBridgeThatDoesNotHoldTheSessionReplaysItFromTheHub() throws {
        let first = try BridgeFixture()
        defer { first.close() }
        let opened = try first.open()
        _ = try first.say("do you ship abroad", in: opened.session)
        // Another bridge on the same hub, as after a restart: its log starts empty.
        let second = try BridgeFixture(hub: first.hub)
        defer { second.close() }
        let stream = try second.events(opened.session, lastEventID: 1)
        let replay = try #require(try stream.event())
        #expect(replay.id == 3)
        let message = try replay.message()
        #expect(message.type == "opened")
        #expect(message.replies?.map(\.intent) == ["delivery_options"])
        _ = try second.say("what payment methods do you take", in: opened.session)
        #expect(try stream.event()?.id == 5)
    }

    @Test func anAgentsReplyReachesTheWidgetThroughTheHubsPushes() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        let handoff = try f.say("I want to talk to a person", in: opened.session)
        let ticket = try #require(handoff.events.first?.ticket)
        #expect(handoff.events[0].replies?.contains { $0.kind == "handoff" } == true)
        let stream = try f.events(opened.session, lastEventID: handoff.seq)

        // `concierge serve`'s way: an agent connection acts, and the host routes the pushes.
        let agent = f.agent("sam")
        var others = f.bridge.route(f.hub.handle(ClientMessage(.claim(ticket: ticket)), from: agent, at: Date()))
        others += f.bridge.route(f.hub.handle(ClientMessage(.say(ticket: ticket, text: "Hi, Sam here")), from: agent, at: Date()))
        #expect(others.allSatisfy { $0.connection == agent })
        let event = try #require(try stream.next { $0.contains { $0.kind == "agent" } })
        let replies = try event.message().replies ?? []
        #expect(replies.contains { $0.kind == "agent" && $0.text == "Hi, Sam here" })

        // The CLI's way: the store changes, and the bridge's own poll finds it.
        try f.hub.runner.handoff?.append(Turn(sender: .agent, text: "Your lamp is due tomorrow", time: Date()), to: ticket)
        let polled = try #require(try stream.event())
        #expect(try polled.message().replies?.map(\.text) == ["Your lamp is due tomorrow"])
        #expect(polled.id > event.id)
    }

    /// Issue 12, item 13: a browser that has left (no event stream, no request for a minute) is
    /// let go, so an agent on its ticket sees the shopper gone; coming back shows them there again.
    @Test func aBrowserGoneForAMinuteIsLetGoAndItsTicketShowsTheShopperGoneUntilItComesBack() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let store = try #require(f.hub.runner.handoff)
        let opened = try f.open()
        let ticket = try #require(try f.say("I want to talk to a person", in: opened.session).events.first?.ticket)
        f.bridge.expireIdleSessions(at: f.bridge.clock() + 30)
        #expect(store.ticket(ticket)?.shopperConnected == true)
        f.bridge.expireIdleSessions(at: f.bridge.clock() + 90)
        #expect(f.bridge.sessionCount == 0)
        #expect(store.ticket(ticket)?.shopperConnected == false)
        _ = try f.say("are you still there?", in: opened.session)
        #expect(store.ticket(ticket)?.shopperConnected == true)
    }

    @Test func textThatLooksLikeHTMLComesBackJSONEscaped() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let opened = try f.open()
        let echoed = try f.send("POST", "/api/message", body: #"{"session":"\#(opened.session)","text":"<script>alert(1)</script>"}"#)
        #expect(echoed.status == 200)
        #expect(!echoed.text.contains("<") && !echoed.text.contains(">"))
        let handoff = try f.say("talk to a person", in: opened.session)
        let ticket = try #require(handoff.events.first?.ticket)
        let agent = f.agent("sam")
        f.bridge.route(f.hub.handle(ClientMessage(.claim(ticket: ticket)), from: agent, at: Date()))
        f.bridge.route(f.hub.handle(ClientMessage(.say(ticket: ticket, text: "<img src=x onerror=alert(1)> & <b>hi</b>")), from: agent, at: Date()))
        let stream = try f.events(opened.session, lastEventID: handoff.seq)
        let event = try #require(try stream.next { $0.contains { $0.kind == "agent" } })
        #expect(event.data.contains(#"\u003cimg src=x onerror=alert(1)\u003e \u0026 \u003cb\u003ehi\u003c/b\u003e"#))
        #expect(!event.data.contains("<"))
        let resumed = try f.send("POST", "/api/open", body: #"{"session":"\#(opened.session)","after":0}"#)
        #expect(resumed.text.contains(#"\u003cimg"#))
        #expect(!resumed.text.contains("<") && !resumed.text.contains(">"))
        #expect(try event.message().replies?.last?.text == "<img src=x onerror=alert(1)> & <b>hi</b>")
    }

    // MARK: Refusals

    @Test func aBodyOverTheLimitIsRefusedWith413() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let session = try f.open().session
        let text = String(repeating: "a", count: 20 * 1024)
        let r = try f.send("POST", "/api/message", body: #"{"session":"\#(session)","text":"\#(text)"}"#)
        #expect(r.status == 413)
        #expect(try r.decode(WireMessage.self).code == "body_too_large")
        #expect(r.headers["connection"] == "close")
    }

    @Test func aBrowserCannotSayWhoTheCustomerIs() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let r = try f.send("POST", "/api/open", body: #"{"customer":{"email":"amelia.hughes@example.com"}}"#)
        #expect(r.status == 403)
        let error: WireMessage = try r.decode()
        #expect(error.code == "not_allowed")
        #expect(error.message == "a browser can't say who the shopper is; the shopper verifies with an order number and the e-mail or postcode on it")
        #expect(f.bridge.sessionCount == 0)
    }

    @Test func anUnknownSessionIsA404WithAJSONError() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let unknown = String(repeating: "ab", count: 16)
        for (path, body) in [("/api/message", #"{"session":"\#(unknown)","text":"hi"}"#), ("/api/open", #"{"session":"\#(unknown)"}"#),
                             ("/api/close", #"{"session":"../../etc/passwd"}"#)] {
            let r = try f.send("POST", path, body: body)
            #expect(r.status == 404, "\(path)")
            #expect(r.headers["content-type"] == "application/json; charset=utf-8")
            let error: WireMessage = try r.decode()
            #expect(error.type == "error")
            #expect(error.code == "unknown_session")
            #expect(error.message == "no such session; open a new one with {\"type\":\"open\"}")
        }
        let stream = try f.send("GET", "/api/events?session=\(unknown)")
        #expect(stream.status == 404)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var method: String
        var path: String
        var body: String?
        var headers: [String: String]
        var status: Int
        var code: String
        var testDescription: String { "\(method) \(path) → \(status) \(code)" }
    }

    static let refusals: [Refusal] = [
        Refusal(method: "POST", path: "/api/open", body: "{}", headers: ["Content-Type": "text/plain"], status: 415, code: "unsupported_media_type"),
        Refusal(method: "POST", path: "/api/open", body: "{not json", headers: [:], status: 400, code: "bad_json"),
        Refusal(method: "POST", path: "/api/open", body: "[1,2]", headers: [:], status: 400, code: "bad_json"),
        Refusal(method: "POST", path: "/api/open", body: #"{"after":"ten"}"#, headers: [:], status: 400, code: "bad_json"),
        Refusal(method: "POST", path: "/api/message", body: #"{"text":"hi"}"#, headers: [:], status: 400, code: "missing_field"),
        Refusal(method: "POST", path: "/api/open", body: "{}", headers: ["Origin": "https://evil.example"], status: 403, code: "cross_origin"),
        Refusal(method: "OPTIONS", path: "/api/open", body: nil, headers: ["Origin": "https://evil.example"], status: 403, code: "cross_origin"),
        Refusal(method: "GET", path: "/api/message", body: nil, headers: [:], status: 405, code: "method_not_allowed"),
        Refusal(method: "POST", path: "/", body: "{}", headers: [:], status: 405, code: "method_not_allowed"),
        Refusal(method: "GET", path: "/api/nothing", body: nil, headers: [:], status: 404, code: "not_found"),
        Refusal(method: "GET", path: "/etc/passwd", body: nil, headers: [:], status: 404, code: "not_found"),
        Refusal(method: "GET", path: "/api/events", body: nil, headers: [:], status: 400, code: "missing_field"),
        Refusal(method: "POST", path: "/api/open", body: "{}", headers: ["Transfer-Encoding": "chunked"], status: 411, code: "length_required"),
        Refusal(method: "POST", path: "/api/open", body: nil, headers: [:], status: 411, code: "length_required"),
    ]

    @Test(arguments: refusals)
    func aBadRequestGetsAClearJSONError(_ refusal: Refusal) throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let r = try f.send(refusal.method, refusal.path, body: refusal.body, headers: refusal.headers)
        #expect(r.status == refusal.status)
        let error: WireMessage = try r.decode()
        #expect(error.type == "error")
        #expect(error.code == refusal.code)
        #expect(r.headers["access-control-allow-origin"] == nil)
        #expect(r.headers["x-content-type-options"] == "nosniff")
    }

    @Test func emptyAndOverlongMessagesAreRefused() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let session = try f.open().session
        let empty = try f.send("POST", "/api/message", body: #"{"session":"\#(session)","text":"  "}"#)
        #expect(empty.status == 400)
        #expect(try empty.decode(WireMessage.self).code == "empty_text")
        let long = try f.send("POST", "/api/message", body: #"{"session":"\#(session)","text":"\#(String(repeating: "é", count: 4001))"}"#)
        #expect(long.status == 400)
        #expect(try long.decode(WireMessage.self).code == "text_too_long")
    }

    @Test func headersOverTheLimitAreRefusedWith431() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let r = try f.send("GET", "/", headers: ["X-Padding": String(repeating: "x", count: 9000)])
        #expect(r.status == 431)
        #expect(try r.decode(WireMessage.self).code == "headers_too_large")
    }

    // MARK: Origins

    @Test func theSameOriginAndAllowedOriginsMayCallTheAPIOthersMayNot() throws {
        let f = try BridgeFixture { $0.allowedOrigins = ["https://shop.example"] }
        defer { f.close() }
        let same = try f.send("POST", "/api/open", body: "{}", headers: ["Origin": "http://127.0.0.1:\(f.port)"])
        #expect(same.status == 200)
        #expect(same.headers["access-control-allow-origin"] == nil)
        let allowed = try f.send("POST", "/api/open", body: "{}", headers: ["Origin": "https://shop.example"])
        #expect(allowed.status == 200)
        #expect(allowed.headers["access-control-allow-origin"] == "https://shop.example")
        #expect(allowed.headers["vary"] == "Origin")
        let preflight = try f.send("OPTIONS", "/api/message", headers: ["Origin": "https://shop.example"])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-headers"] == "Content-Type, Last-Event-ID")
        let other = try f.send("POST", "/api/open", body: "{}", headers: ["Origin": "https://shop.example.evil"])
        #expect(other.status == 403)
        #expect(other.headers["access-control-allow-origin"] == nil)
        // The bridge speaks plain HTTP: a page on another scheme with the same host is another origin.
        for scheme in ["https", "ftp", "file"] {
            let otherScheme = try f.send("POST", "/api/open", body: "{}", headers: ["Origin": "\(scheme)://127.0.0.1:\(f.port)"])
            #expect(otherScheme.status == 403, "\(scheme)")
        }
    }

    @Test func rightToLeftOverridesAreNeitherKeptNorShown() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let session = try f.open().session
        let disguised = "I want to talk to a human about my link \u{202E}moc.elpmaxe//:sptth\u{202C} and \u{2066}this\u{2069}"
        let r = try f.send("POST", "/api/message", body: #"{"session":"\#(session)","text":"\#(disguised)"}"#)
        #expect(r.status == 200)
        let ticket = try #require(f.hub.runner.handoff?.waiting().first)
        let shown = ticket.transcript.map(\.text) + [ticket.summary]
        #expect(shown.contains { $0.contains("moc.elpmaxe//:sptth") })
        let controls: [Unicode.Scalar] = ["\u{202E}", "\u{202C}", "\u{2066}", "\u{2069}"]
        #expect(shown.allSatisfy { text in !text.unicodeScalars.contains(where: controls.contains) })
    }

    // MARK: Limits

    @Test func tooManyMessagesInASessionGet429WithRetryAfter() throws {
        let f = try BridgeFixture {
            $0.messageBurst = 2
            $0.messageRate = 0.01
        }
        defer { f.close() }
        let session = try f.open().session
        _ = try f.say("hi", in: session)
        _ = try f.say("do you ship abroad", in: session)
        let r = try f.send("POST", "/api/message", body: #"{"session":"\#(session)","text":"and returns?"}"#)
        #expect(r.status == 429)
        #expect(try r.decode(WireMessage.self).code == "rate_limited")
        #expect(r.headers["retry-after"].flatMap(Int.init).map { $0 >= 1 } == true)
    }

    @Test func tooManyRequestsFromOneAddressGet429() throws {
        let f = try BridgeFixture {
            $0.requestBurst = 3
            $0.requestRate = 0.01
        }
        defer { f.close() }
        let statuses = try (0..<5).map { _ in try f.send("POST", "/api/open", body: "{}").status }
        #expect(statuses == [200, 200, 200, 429, 429])
        #expect(try f.send("GET", "/widget.js").status == 200)
    }

    @Test func tooManyNewSessionsFromOneAddressGet429() throws {
        let f = try BridgeFixture {
            $0.sessionBurst = 2
            $0.sessionRate = 0.01
        }
        defer { f.close() }
        let statuses = try (0..<3).map { _ in try f.send("POST", "/api/open", body: "{}").status }
        #expect(statuses == [200, 200, 429])
    }

    @Test func aSlowRequestTimesOutAndAnIdleConnectionIsClosed() throws {
        let f = try BridgeFixture {
            $0.headerTimeout = 0.3
            $0.idleTimeout = 0.3
        }
        defer { f.close() }
        let slow = try TestClient(port: f.port)
        slow.send("POST /api/open HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let r = try slow.response(timeout: 3)
        #expect(r.status == 408)
        #expect(try r.decode(WireMessage.self).code == "timeout")

        let idle = try TestClient(port: f.port)
        #expect(idle.closedByServer(within: 3))
    }

    @Test func aKeptAliveConnectionServesSeveralRequests() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let client = try TestClient(port: f.port)
        client.request("POST", "/api/open", body: "{}", port: f.port)
        let opened: Envelope = try client.response().decode()
        client.request("POST", "/api/message", body: #"{"session":"\#(opened.session)","text":"do you ship abroad"}"#, port: f.port)
        let answer: Envelope = try client.response().decode()
        #expect(answer.events.first?.replies?.first?.intent == "delivery_options")
    }

    // MARK: The page and the widget

    @Test func theDemoPageHasAStrictPolicyAndEmbedsTheWidgetWithOneScriptTag() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let page = try f.send("GET", "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["content-security-policy"] == WebAssets.contentSecurityPolicy)
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.text.components(separatedBy: "<script").count == 2)
        #expect(page.text.contains(#"<script src="/widget.js""#))
        #expect(!page.text.contains("style=") && !page.text.contains("onclick"))

        let widget = try f.send("GET", "/widget.js")
        #expect(widget.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(!widget.text.contains("innerHTML") && !widget.text.contains("insertAdjacentHTML") && !widget.text.contains("eval("))
        #expect(widget.text.contains("textContent"))
        for path in ["/widget.css", "/demo.css", "/lantern.svg"] {
            #expect(try f.send("GET", path).status == 200, "\(path)")
        }
        let head = try TestClient(port: f.port)
        head.request("HEAD", "/", headers: ["Connection": "close"], port: f.port)
        #expect(try head.streamHead()["status"] == "200")
        #expect(head.rest(timeout: 2).isEmpty)
    }
}
