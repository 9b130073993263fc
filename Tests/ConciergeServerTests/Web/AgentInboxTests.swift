import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// The agents' inbox at `/agent`, through the bridge's responder without sockets: signing in, what
/// every other request needs, the queue, a ticket and its actions, the live feed.
struct AgentInboxTests {
    // MARK: Signing in

    @Test func signingInSetsAnHttpOnlyStrictCookieForTheInboxAndNeverEchoesTheToken() throws {
        let f = try InboxFixture()
        let answer = f.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["sam"] ?? "")"}"#)
        #expect(answer.status == 200)
        let cookie = try #require(answer.header("set-cookie"))
        let id = String(cookie.prefix { $0 != ";" }.dropFirst("concierge_agent=".count))
        #expect(AgentWebSessions.isSessionID(id))
        #expect(cookie == "concierge_agent=\(id); Path=/agent; Max-Age=43200; HttpOnly; SameSite=Strict")
        let me = try answer.decode(InboxFixture.Me.self)
        #expect(me.agent == "sam")
        #expect(me.shop == "Lantern & Loom")
        #expect(me.timeZone == "Europe/London")
        #expect(AgentWebSessions.isSessionID(me.csrf) && me.csrf != id)
        #expect(!answer.text.contains(InboxFixture.tokens["sam"] ?? "?"))
        #expect(!answer.text.contains(id))
    }

    @Test func behindATLSProxyTheCookieIsSecure() throws {
        let f = try InboxFixture()
        let proxied = f.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["sam"] ?? "")"}"#,
                             headers: ["host": "shop.example", "origin": "https://shop.example", "x-forwarded-proto": "https"])
        #expect(proxied.status == 200)
        #expect(proxied.header("set-cookie")?.hasSuffix("; HttpOnly; SameSite=Strict; Secure") == true)
    }

    @Test func plainHTTPFromAnotherMachineIsRefusedBeforeTheTokenIsRead() throws {
        let f = try InboxFixture()
        let answer = f.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["sam"] ?? "")"}"#,
                            headers: ["host": "192.168.1.5:8080", "origin": "http://192.168.1.5:8080"])
        #expect(answer.status == 403)
        #expect(answer.code == "https_required")
        #expect(answer.header("set-cookie") == nil)
    }

    @Test func aServerWithoutAgentTokensSaysHowToGiveThem() throws {
        let f = try InboxFixture()
        let bare = HTTPBridge(hub: SessionHub(runner: f.hub.runner, agentToken: "shared-token-for-the-line-protocol", backendToken: nil,
                                              journal: nil, at: Date()))
        let request = f.request("POST", "/agent/api/signin", body: #"{"token":"shared-token-for-the-line-protocol"}"#)
        guard case .response(let answer) = bare.respond(to: request, peer: "127.0.0.1") else { Issue.record("a stream"); return }
        #expect(answer.status == 403)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("start concierge serve with --agent-tokens FILE"))
    }

    @Test func aWrongTokenIsRefusedAndAfterFiveEvenTheRightOneWaits() throws {
        let f = try InboxFixture()
        for guess in 1...5 {
            let answer = f.send("POST", "/agent/api/signin", body: #"{"token":"guess-\#(guess)-0000000000000"}"#)
            #expect(answer.status == 401)
            #expect(answer.code == "bad_token")
        }
        let blocked = f.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["sam"] ?? "")"}"#)
        #expect(blocked.status == 429)
        #expect(blocked.header("retry-after") == "60")
        #expect(blocked.header("set-cookie") == nil)
        // Another address is not held up, and a minute later this one may try once more.
        #expect(f.signIn(agent: "priya", from: "127.0.0.2") != nil)
        f.clock.advance(60)
        #expect(f.signIn(agent: "sam") != nil)
    }

    // MARK: What every other request needs

    static let routes: [(String, String)] = [
        ("GET", "/agent/api/queue"), ("GET", "/agent/api/events?after=0"), ("GET", "/agent/api/tickets/T-1001"),
        ("POST", "/agent/api/tickets/T-1001/claim"), ("POST", "/agent/api/tickets/T-1001/reply"), ("POST", "/agent/api/tickets/T-1001/resolve"),
        ("POST", "/agent/api/tickets/T-1001/release"), ("POST", "/agent/api/tickets/T-1001/read"), ("POST", "/agent/api/signout"),
    ]

    @Test(arguments: routes) func withoutTheCookieEveryRouteIsRefused(method: String, path: String) throws {
        let f = try InboxFixture()
        _ = try f.shopperChat(["I want to talk to a person"])
        let answer = f.send(method, path, body: method == "POST" ? #"{"text":"hi","lines":1}"# : nil)
        #expect(answer.status == 401)
        #expect(answer.code == "not_signed_in")
        #expect(f.store.ticket("T-1001")?.status == .waiting)
    }

    @Test func aCookieFromASignedOutSignInIsRefused() throws {
        let f = try InboxFixture()
        let sam = try #require(f.signIn(agent: "sam"))
        #expect(f.send("GET", "/agent/api/me", as: sam).status == 200)
        let out = f.send("POST", "/agent/api/signout", body: "{}", as: sam)
        #expect(out.status == 200)
        #expect(out.header("set-cookie") == "concierge_agent=; Path=/agent; Max-Age=0; HttpOnly; SameSite=Strict")
        let again = f.send("GET", "/agent/api/queue", as: sam)
        #expect(again.status == 401)
        #expect(again.code == "not_signed_in")
        // The page asks who is signed in as it opens: nobody is an answer, not an error.
        let me = f.send("GET", "/agent/api/me", as: sam)
        #expect(me.status == 200)
        #expect(me.text == #"{"signed_in":false,"v":1}"#)
    }

    @Test func aSignInEndsWhenUnusedForTwoHoursAndAfterTwelveHoursInAnyCase() throws {
        let f = try InboxFixture()
        let idle = try #require(f.signIn(agent: "sam"))
        let busy = try #require(f.signIn(agent: "priya"))
        for _ in 0..<11 {
            f.clock.advance(3600)
            #expect(f.send("GET", "/agent/api/queue", as: busy).status == 200)
        }
        #expect(f.send("GET", "/agent/api/queue", as: idle).status == 401)
        f.clock.advance(3601)
        #expect(f.send("GET", "/agent/api/queue", as: busy).status == 401)
    }

    @Test func actionsNeedTheRequestTokenAndNoRequestFromAnotherOriginPasses() throws {
        let f = try InboxFixture()
        let ticket = try #require(try f.shopperChat(["I want to talk to a person"]).ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        let claim = "/agent/api/tickets/\(ticket)/claim"
        let noToken = f.send("POST", claim, body: "{}", as: sam, headers: ["x-csrf-token": nil])
        #expect(noToken.status == 403)
        #expect(noToken.code == "bad_request_token")
        let wrongToken = f.send("POST", claim, body: "{}", as: sam, headers: ["x-csrf-token": String(repeating: "0", count: 64)])
        #expect(wrongToken.code == "bad_request_token")
        for origin in ["https://evil.example", "http://127.0.0.1:8081", "null"] {
            #expect(f.send("POST", claim, body: "{}", as: sam, headers: ["origin": origin]).code == "cross_origin")
            #expect(f.send("GET", "/agent/api/queue", as: sam, headers: ["origin": origin]).code == "cross_origin")
        }
        #expect(f.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["sam"] ?? "")"}"#,
                       headers: ["origin": "https://evil.example"]).code == "cross_origin")
        // A form's body, as a page of another site could send without asking: refused even with the right token.
        let form = f.send("POST", "/agent/api/signin", body: "token=\(InboxFixture.tokens["sam"] ?? "")",
                          headers: ["origin": nil, "content-type": "application/x-www-form-urlencoded"])
        #expect(form.status == 415)
        #expect(form.header("set-cookie") == nil)
        let notJSON = f.send("POST", claim, body: "{}", as: sam, headers: ["content-type": "text/plain"])
        #expect(notJSON.status == 415)
        #expect(f.store.ticket(ticket)?.status == .waiting)
        #expect(f.send("POST", claim, body: "{}", as: sam).status == 200)
        #expect(f.store.ticket(ticket)?.agent == "sam")
    }

    @Test func aShoppersChatSessionCannotReachTheInbox() throws {
        let f = try InboxFixture()
        let (session, ticket) = try f.shopperChat(["I want to talk to a person"])
        let id = try #require(ticket)
        for cookie in ["\(HTTPBridge.agentCookie)=\(session)", "session=\(session)", "\(HTTPBridge.agentCookie)=\(session)\(session)"] {
            for (method, path) in [("GET", "/agent/api/queue"), ("GET", "/agent/api/tickets/\(id)"), ("POST", "/agent/api/tickets/\(id)/claim")] {
                let answer = f.send(method, path, body: method == "POST" ? #"{"session":"\#(session)"}"# : nil,
                                    headers: ["cookie": cookie, "x-csrf-token": session])
                #expect(answer.status == 401)
            }
        }
        #expect(f.store.ticket(id)?.status == .waiting)
    }

    // MARK: Claims

    @Test func twoAgentsInBrowsersAndOneOnTheLineProtocolRacingForATicketHaveOneWinner() throws {
        for _ in 0..<5 {
            let f = try InboxFixture()
            let ticket = try #require(try f.shopperChat(["I want to talk to a person"]).ticket)
            let sam = try #require(f.signIn(agent: "sam"))
            let priya = try #require(f.signIn(agent: "priya"))
            let line = f.hub.connect()
            let welcome = f.hub.handle(ClientMessage(.hello(role: "agent", token: InboxFixture.tokens["lee"], agent: nil)), from: line, at: Date())
            #expect(welcome.first?.message.type == "welcome")
            let outcomes = Protected([String: Bool]())
            DispatchQueue.concurrentPerform(iterations: 3) { i in
                switch i {
                case 0, 1:
                    let who = i == 0 ? sam : priya
                    let answer = f.send("POST", "/agent/api/tickets/\(ticket)/claim", body: "{}", as: who)
                    #expect(answer.status == 200 || (answer.status == 409 && answer.code == "conflict"))
                    outcomes.withLock { $0[who.agent] = answer.status == 200 }
                default:
                    let m = f.hub.handle(ClientMessage(.claim(ticket: ticket)), from: line, at: Date()).first?.message
                    outcomes.withLock { $0["lee"] = m?.type == "ok" }
                }
            }
            let won = outcomes.withLock { $0 }.filter(\.value).map(\.key)
            #expect(won.count == 1)
            #expect(f.store.ticket(ticket)?.agent == won.first)
        }
    }

    @Test func theClaimIsTheSignedInAgentsWhateverTheBodySays() throws {
        let f = try InboxFixture()
        let ticket = try #require(try f.shopperChat(["I want to talk to a person"]).ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        let answer = f.send("POST", "/agent/api/tickets/\(ticket)/claim", body: #"{"agent":"priya","token":"x"}"#, as: sam)
        #expect(answer.status == 200)
        #expect(try answer.decode(InboxFixture.Detail.self).ticket.agent == "sam")
        #expect(f.store.ticket(ticket)?.agent == "sam")
        let priya = try #require(f.signIn(agent: "priya"))
        let refused = f.send("POST", "/agent/api/tickets/\(ticket)/claim", body: "{}", as: priya)
        #expect(refused.status == 409)
        #expect(try refused.decode(InboxFixture.Refusal.self).message == "sam has already claimed this ticket; pick another one from the waiting queue")
        #expect(f.send("POST", "/agent/api/tickets/\(ticket)/reply", body: #"{"text":"it's me, sam"}"#, as: priya).status == 409)
    }
}
