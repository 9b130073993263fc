import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// Floods of the inbox's sign-in: guesses from one address, and more sign-ins than the table holds.
struct AgentInboxFloodTests {
    @Test func aThousandGuessesFromOneAddressReachTheTokenCheckFiveTimes() throws {
        let f = try InboxFixture()
        var answers: [Int: Int] = [:]
        for i in 0..<1_000 {
            let answer = f.send("POST", "/agent/api/signin", body: #"{"token":"guess-\#(i)-000000000000000"}"#, from: "198.51.100.9")
            answers[answer.status, default: 0] += 1
            if i % 10 == 0 { f.clock.advance(1) }
        }
        // One wrong token a minute is earned back: five at once, then one more in the 100 seconds the flood took.
        #expect(answers[401] == 6)
        #expect(answers[429] == 994)
        #expect(f.signIn(agent: "sam", from: "198.51.100.9") == nil)
        #expect(f.signIn(agent: "sam", from: "198.51.100.10") != nil)
    }

    @Test func theSignInTableIsCappedAndEachAgentKeepsTheirNewestSignIns() throws {
        let f = try InboxFixture { c in
            c.agents.maximumSessions = 3
            c.agents.sessionsPerAgent = 2
        }
        let sam1 = try #require(f.signIn(agent: "sam"))
        f.clock.advance(1)
        let sam2 = try #require(f.signIn(agent: "sam"))
        f.clock.advance(1)
        let sam3 = try #require(f.signIn(agent: "sam"))
        #expect(f.send("GET", "/agent/api/queue", as: sam1).status == 401)
        #expect(f.send("GET", "/agent/api/queue", as: sam2).status == 200)
        #expect(f.send("GET", "/agent/api/queue", as: sam3).status == 200)
        #expect(f.signIn(agent: "priya") != nil)
        let full = f.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["lee"] ?? "")"}"#)
        #expect(full.status == 503)
        #expect(full.code == "busy")
        #expect(f.bridge.inbox.sessions.count == 3)
        // Signing out makes room.
        _ = f.send("POST", "/agent/api/signout", body: "{}", as: sam2)
        #expect(f.signIn(agent: "lee") != nil)
    }

    @Test func aThousandSignInsWithTheRightTokenKeepTheAgentsNewestEightOnly() throws {
        let f = try InboxFixture()
        var last: InboxFixture.SignIn?
        for _ in 0..<1_000 {
            last = f.signIn(agent: "sam", from: "192.0.2.\(Int.random(in: 1...250))") ?? last
            f.clock.advance(0.5)
        }
        #expect(f.bridge.inbox.sessions.count == 8)
        #expect(f.send("GET", "/agent/api/queue", as: try #require(last)).status == 200)
    }
}
