import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// The manager's dashboard at `/manager`, through the bridge's responder without sockets.
struct ManagerDashboardTests {
    static let token = "manager-0123456789abcdef"

    static func fixture() throws -> InboxFixture {
        try InboxFixture { $0.managerToken = token }
    }

    /// Signs the manager in; the cookie's value.
    static func signIn(_ f: InboxFixture, token: String = token, from peer: String = "127.0.0.1") -> (InboxFixture.Answer, String?) {
        let answer = f.send("POST", "/manager/api/signin", body: #"{"token":"\#(token)"}"#, from: peer)
        let value = answer.header("set-cookie").map { String($0.prefix { $0 != ";" }.dropFirst("concierge_manager=".count)) }
        return (answer, value)
    }

    static func dashboard(_ f: InboxFixture, cookie: String?, path: String = "/manager") -> InboxFixture.Answer {
        f.send("GET", path, headers: ["cookie": cookie.map { "concierge_manager=\($0)" }, "origin": nil])
    }

    /// Whether an answer is the dashboard (with or without charts: an empty period has none).
    static func isDashboard(_ answer: InboxFixture.Answer) -> Bool {
        answer.status == 200 && answer.text.contains("How these figures are counted")
    }

    @Test func withoutASignInTheManagerGetsTheSignInPageAndNoFigures() throws {
        let f = try Self.fixture()
        _ = try f.shopperChat(["talk to a person"])
        let page = Self.dashboard(f, cookie: nil)
        #expect(page.status == 200)
        #expect(page.text.contains("Manager token"))
        #expect(!Self.isDashboard(page))
        #expect(page.header("content-security-policy")?.contains("script-src 'self'") == true)
    }

    @Test func theManagersTokenSignsInWithAStrictCookieAndTheDashboardCountsTheQueue() throws {
        let f = try Self.fixture()
        let (_, ticket) = try f.shopperChat(["i want to speak to a human please"])
        #expect(ticket != nil)
        let (answer, cookie) = Self.signIn(f)
        #expect(answer.status == 200)
        let id = try #require(cookie)
        #expect(AgentWebSessions.isSessionID(id))
        #expect(answer.header("set-cookie") == "concierge_manager=\(id); Path=/manager; Max-Age=43200; HttpOnly; SameSite=Strict")
        #expect(!answer.text.contains(Self.token))

        let page = Self.dashboard(f, cookie: id)
        #expect(page.status == 200)
        #expect(page.text.contains("<svg"))
        #expect(page.text.contains("Lantern &amp; Loom"))
        // The one ticket waits: the backlog shows it.
        #expect(page.text.contains("1 ticket") || page.text.contains(">1<"))
        let policy = try #require(page.header("content-security-policy"))
        #expect(policy.hasPrefix("default-src 'none'") && !policy.contains("script-src"))
        #expect(page.header("cache-control") == "no-store")
    }

    @Test func aWrongTokenIsRefusedAndGuessingIsLimitedPerAddress() throws {
        let f = try Self.fixture()
        for guess in 1...5 {
            let (answer, cookie) = Self.signIn(f, token: "guess-\(guess)-00000000000000")
            #expect(answer.status == 401)
            #expect(answer.code == "bad_token")
            #expect(cookie == nil)
        }
        let (limited, cookie) = Self.signIn(f)
        #expect(limited.status == 429)
        #expect(cookie == nil)
        // Another address is not held up by this one's guesses.
        #expect(Self.signIn(f, from: "127.0.0.9").0.status == 200)
    }

    @Test func anAgentsSignInOpensNoDashboardAndTheManagersOpensNoInbox() throws {
        let f = try Self.fixture()
        let agent = try #require(f.signIn(agent: "sam"))
        let asAgent = Self.dashboard(f, cookie: agent.cookie)
        #expect(!Self.isDashboard(asAgent))
        // An agent's token is not the manager's.
        #expect(Self.signIn(f, token: InboxFixture.tokens["sam"] ?? "").0.status == 401)
        let (_, manager) = Self.signIn(f, from: "127.0.0.3")
        let asManager = f.send("GET", "/agent/api/queue", headers: ["cookie": "concierge_agent=\(manager ?? "")"])
        #expect(asManager.status == 401)
    }

    @Test func aServerWithoutAManagerTokenSaysHowToGiveOne() throws {
        let f = try InboxFixture()
        let (answer, cookie) = Self.signIn(f)
        #expect(answer.status == 403)
        #expect(answer.code == "no_manager_token")
        #expect(answer.text.contains("--manager-token"))
        #expect(cookie == nil)
    }

    @Test func signingOutEndsTheDashboard() throws {
        let f = try Self.fixture()
        let (_, cookie) = Self.signIn(f)
        #expect(Self.isDashboard(Self.dashboard(f, cookie: cookie)))
        let out = f.send("POST", "/manager/api/signout", body: "{}", headers: ["cookie": "concierge_manager=\(cookie ?? "")"])
        #expect(out.status == 200)
        #expect(out.header("set-cookie")?.contains("Max-Age=0") == true)
        #expect(!Self.isDashboard(Self.dashboard(f, cookie: cookie)))
    }

    @Test func aSpanOfDaysIsCheckedAndSaysWhatItTakes() throws {
        let f = try Self.fixture()
        let (_, cookie) = Self.signIn(f)
        #expect(Self.dashboard(f, cookie: cookie, path: "/manager?days=7").status == 200)
        let bad = Self.dashboard(f, cookie: cookie, path: "/manager?days=0")
        #expect(bad.status == 400)
        #expect(bad.text.contains("from 1 to 366"))
    }

    @Test func aPageOfAnotherSiteCannotSignTheManagerIn() throws {
        let f = try Self.fixture()
        let answer = f.send("POST", "/manager/api/signin", body: #"{"token":"\#(Self.token)"}"#, headers: ["origin": "https://evil.example"])
        #expect(answer.status == 403)
        #expect(answer.header("set-cookie") == nil)
    }
}
