import Foundation
import Testing
@testable import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport

/// The session hub without sockets: connections, sessions, roles and pushes.
struct SessionHubTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600) // Monday 11:00 UK, support open

    func hub(folder: String) throws -> SessionHub {
        let handoff = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        let bot = ChatRunner(matcher: Fixtures.matcher, handoff: handoff)
        return SessionHub(runner: bot, agentToken: "agent-secret", backendToken: "backend-secret",
                          journal: try SessionJournal(path: folder + "/sessions.jsonl"), at: Date())
    }

    func temporaryFolder() -> String {
        Scratch.folder("hub")
    }

    func send(_ hub: SessionHub, _ line: String, from c: SessionHub.ConnectionID) -> [SessionHub.Delivery] {
        switch ProtocolCodec.decode(line) {
        case .success(let m): return hub.handle(m, from: c, at: Self.now)
        case .failure(let e): return [SessionHub.Delivery(connection: c, message: .error(e))]
        }
    }

    @Test func newSessionsFromTheSameAddressGetNoFreshGuessesAtAnOrder() throws {
        let orders = try OrderStore.load(path: Fixtures.repository.appendingPathComponent("Intents/orders.json").path,
                                         today: Self.now, timeZone: Fixtures.matcher.catalog.profile.timeZone).store
        let hub = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher, orders: orders, requests: RequestStore(),
                                                handoff: HandoffStore(inMemoryWithTimeZone: Fixtures.matcher.catalog.profile.timeZone)),
                             agentToken: nil, backendToken: nil, journal: nil, at: Self.now)
        func chat(_ connection: SessionHub.ConnectionID, _ lines: [String]) -> String {
            let opened = send(hub, #"{"type":"open"}"#, from: connection)
            guard let session = opened.first?.message.session else { return "(no session)" }
            var last = ""
            for line in lines {
                let deliveries = send(hub, #"{"type":"message","session":"\#(session)","text":"\#(line)"}"#, from: connection)
                last = deliveries.flatMap { $0.message.replies ?? [] }.map(\.text).joined(separator: "\n")
            }
            return last
        }
        let guesser = hub.connect(address: "198.51.100.9")
        #expect(chat(guesser, ["track 10252", "BS8 1TA", "BS8 1TB", "BS8 1TC"]).contains("can't look up orders in this chat any more"))
        // A new session, even on a new connection from the same address, with the right postcode: a wrong guess's reply.
        let again = hub.connect(address: "198.51.100.9")
        let reply = chat(again, ["track 10252", "BS8 1TH"])
        #expect(reply.contains("couldn't find an order that matches"))
        #expect(!reply.contains("on its way"))
        // Another address is not held back by this one's guesses.
        let other = hub.connect(address: "203.0.113.5")
        #expect(chat(other, ["track 10252", "BS8 1TH"]).contains("on its way"))
    }

    @Test func sessionIDsAre128RandomBitsInHexAndNeverRepeat() {
        let ids = (0..<2000).map { _ in SessionHub.newSessionID() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
        // Every hex digit turns up in every position: no half of the id is stuck at zero.
        for position in 0..<32 {
            let seen = Set(ids.map { $0.utf8[$0.utf8.index($0.utf8.startIndex, offsetBy: position)] })
            #expect(seen.count == 16, "position \(position) took only \(seen.count) values")
        }
    }

    @Test func aShopperOpensASessionAndGetsAnswersTaggedWithTheRequestID() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let c = hub.connect()
        let opened = send(hub, #"{"type":"open","id":"o1"}"#, from: c)
        let session = try #require(opened.first?.message.session)
        #expect(session.count == 32)
        #expect(opened.first?.message.type == "opened")
        let reply = send(hub, #"{"type":"message","id":"m1","session":"\#(session)","text":"what payment methods do you take"}"#, from: c)
        #expect(reply.count == 1)
        #expect(reply[0].message.id == "m1")
        #expect(reply[0].message.replies?.first?.intent == "check_payment_methods")
    }

    @Test func aShopperConnectionCannotReachAnotherConnectionsSessionOrAnyTicket() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let alice = hub.connect()
        let mallory = hub.connect()
        let session = try #require(send(hub, #"{"type":"open"}"#, from: alice).first?.message.session)
        let intrusion = send(hub, #"{"type":"message","session":"\#(session)","text":"hi"}"#, from: mallory)
        #expect(intrusion.first?.message.code == "unknown_session")
        #expect(send(hub, #"{"type":"queue"}"#, from: mallory).first?.message.code == "not_allowed")
        #expect(send(hub, #"{"type":"hello","role":"agent","agent":"eve","token":"guess"}"#, from: mallory).first?.message.code == "bad_token")
        #expect(send(hub, #"{"type":"open","customer":{"email":"jo@example.com"}}"#, from: mallory).first?.message.code == "not_allowed")
    }

    @Test func aSessionResumedFromAnotherConnectionReplaysWhatWasMissed() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let first = hub.connect()
        let opened = try #require(send(hub, #"{"type":"open"}"#, from: first).first?.message)
        let session = try #require(opened.session)
        let seen = try #require(opened.seq)
        _ = send(hub, #"{"type":"message","session":"\#(session)","text":"do you ship abroad"}"#, from: first)
        hub.disconnect(first, at: Date())
        let second = hub.connect()
        let resumed = try #require(send(hub, #"{"type":"open","session":"\#(session)","after":\#(seen)}"#, from: second).first?.message)
        #expect(resumed.type == "opened")
        #expect(resumed.replies?.count == 1)
        #expect(resumed.replies?.first?.intent == "delivery_options")
    }

    @Test func aHandoffReachesAnAgentConnectionAndTheAgentsReplyReachesTheShopper() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let shopper = hub.connect()
        let agent = hub.connect()
        #expect(send(hub, #"{"type":"hello","role":"agent","agent":"sam","token":"agent-secret"}"#, from: agent).first?.message.type == "welcome")
        let session = try #require(send(hub, #"{"type":"open"}"#, from: shopper).first?.message.session)
        let handoff = send(hub, #"{"type":"message","session":"\#(session)","text":"I want to talk to a human"}"#, from: shopper)
        let ticket = try #require(handoff.first?.message.ticket)
        #expect(handoff.first?.message.position == 1)
        let pushed = hub.poll(at: Self.now)
        #expect(pushed.contains { $0.connection == agent && $0.message.type == "ticket_opened" && $0.message.ticket == ticket })
        _ = send(hub, #"{"type":"claim","ticket":"\#(ticket)"}"#, from: agent)
        let said = send(hub, #"{"type":"say","ticket":"\#(ticket)","text":"Hi, Sam here"}"#, from: agent)
        let toShopper = said.filter { $0.connection == shopper }.flatMap { $0.message.replies ?? [] }
        #expect(toShopper.contains { $0.kind == "agent" && $0.text == "Hi, Sam here" })
        // While the agent has it, the bot only says the message reached them; the agent sees the shopper's words.
        let quiet = send(hub, #"{"type":"message","session":"\#(session)","text":"thanks Sam"}"#, from: shopper)
        #expect(quiet.first?.message.replies?.map(\.text) == ["sam has your message."])
        #expect(hub.poll(at: Self.now).contains { $0.connection == agent && $0.message.type == "shopper_message" && $0.message.text == "thanks Sam" })
    }

    /// Issue 12, item 13: an agent working a ticket sees whether the shopper is still there, in
    /// any process that reads the store, and for as long as the shopper is away.
    @Test func aShopperWhoseLastConnectionClosesWithAnOpenTicketIsShownToAgentsAsGoneUntilTheyResume() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let store = try #require(hub.runner.handoff)
        let phone = hub.connect(), laptop = hub.connect()
        let session = try #require(send(hub, #"{"type":"open"}"#, from: phone).first?.message.session)
        let ticket = try #require(send(hub, #"{"type":"message","session":"\#(session)","text":"I want to talk to a human"}"#, from: phone)
            .first?.message.ticket)
        #expect(store.ticket(ticket)?.shopperConnected == true)
        #expect(send(hub, #"{"type":"open","session":"\#(session)"}"#, from: laptop).first?.message.type == "opened")

        // One of two connections closing leaves the shopper there; the last one closing does not.
        hub.disconnect(phone, at: Self.now + 30)
        #expect(store.ticket(ticket)?.shopperConnected == true)
        hub.disconnect(laptop, at: Self.now + 60)
        #expect(store.ticket(ticket)?.shopperLeftAt == Self.now + 60)
        // Recorded in the journal: an agent's tool opening the store later reads it.
        let agentTool = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        let left = try #require(agentTool.ticket(ticket))
        #expect(!left.shopperConnected)
        #expect(left.rendered(timeZone: Fixtures.matcher.catalog.profile.timeZone, now: Self.now + 300)
            .contains("\nPresence: shopper left 4 min ago (11:01)\n"))
        #expect(left.presencePhrase(now: Self.now + 300) == "shopper left 4 min ago")
        let agent = hub.connect()
        _ = send(hub, #"{"type":"hello","role":"agent","agent":"sam","token":"agent-secret"}"#, from: agent)
        let shown = hub.handle(ClientMessage(.show(ticket: ticket)), from: agent, at: Self.now + 300).first?.message.detail
        #expect(shown?.contains("\nPresence: shopper left 4 min ago (11:01)\n") == true)

        let back = hub.connect()
        _ = hub.handle(ClientMessage(.open(session: session, after: nil, customer: nil)), from: back, at: Self.now + 400)
        #expect(agentTool.ticket(ticket)?.shopperConnected == true)
        _ = hub.handle(ClientMessage(.close(session: session)), from: back, at: Self.now + 500)
        #expect(agentTool.ticket(ticket)?.shopperLeftAt == Self.now + 500)
        let presence = agentTool.events(after: 0).compactMap { event -> Bool? in
            guard case .presence(_, let connected) = event.change else { return nil }
            return connected
        }
        #expect(presence == [false, true, false])
    }

    @Test func aChatWithAnOpenTicketRestoredAfterARestartHasItsShopperGoneUntilTheyResume() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var session = "", ticket = ""
        do {
            let hub = try hub(folder: folder)
            let c = hub.connect()
            session = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
            ticket = try #require(send(hub, #"{"type":"message","session":"\#(session)","text":"I want to talk to a human"}"#, from: c)
                .first?.message.ticket)
            hub.sync()
        }
        let store = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        let restarted = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher, handoff: store), agentToken: nil, backendToken: nil, journal: try SessionJournal(path: folder + "/sessions.jsonl"),
                                   at: Self.now + 120)
        #expect(store.ticket(ticket)?.shopperLeftAt == Self.now + 120)
        _ = send(restarted, #"{"type":"open","session":"\#(session)"}"#, from: restarted.connect())
        #expect(store.ticket(ticket)?.shopperConnected == true)
    }

    @Test func sessionsSurviveARestartOfTheServer() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var session = ""
        var shown: [WireReply] = []
        do {
            let hub = try hub(folder: folder)
            let c = hub.connect()
            let opened = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message)
            session = try #require(opened.session)
            shown = (opened.replies ?? []) + (send(hub, #"{"type":"message","session":"\#(session)","text":"where is my order"}"#, from: c).first?.message.replies ?? [])
            hub.sync()
        }
        let restarted = try hub(folder: folder)
        let c = restarted.connect()
        let resumed = try #require(send(restarted, #"{"type":"open","session":"\#(session)","after":0}"#, from: c).first?.message)
        #expect(resumed.type == "opened")
        #expect(resumed.seq == 3) // welcome, question, answer
        // The replay shows the bot's replies as they were first shown, quick replies and all.
        #expect(resumed.replies?.first?.quickReplies == ["Where is my order?", "Start a return", "Talk to a person"])
        #expect(resumed.replies == shown)
    }

    @Test func aReplayAfterARestartDrawsTheSameCards() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let timeZone = Fixtures.matcher.catalog.profile.timeZone
        let orders = try OrderStore.load(path: Fixtures.demoOrders, today: Self.now, timeZone: timeZone).store
        func hub() throws -> SessionHub {
            SessionHub(runner: ChatRunner(matcher: Fixtures.matcher, orders: orders, handoff: try HandoffStore(directory: folder, timeZone: timeZone)),
                       agentToken: nil, backendToken: nil, journal: try SessionJournal(path: folder + "/sessions.jsonl"), at: Date())
        }
        var session = ""
        var shown: [WireReply] = []
        do {
            let hub = try hub()
            let c = hub.connect()
            session = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
            _ = send(hub, #"{"type":"message","session":"\#(session)","text":"where is my order 10235"}"#, from: c)
            shown = send(hub, #"{"type":"message","session":"\#(session)","text":"amelia.hughes@example.com"}"#, from: c).first?.message.replies ?? []
            hub.sync()
        }
        #expect(shown.first?.cards?.count == 2)
        #expect(shown.first?.lead == "Order #10235 is on its way.")
        let restarted = try hub()
        let resumed = try #require(send(restarted, #"{"type":"open","session":"\#(session)","after":4}"#, from: restarted.connect()).first?.message)
        #expect(resumed.replies == shown)
    }

    @Test func aClosedChatIsForgottenByTheHubAndStaysClosedAfterARestart() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var closed = "", kept = ""
        do {
            let hub = try hub(folder: folder)
            let c = hub.connect()
            closed = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
            kept = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
            _ = send(hub, #"{"type":"message","session":"\#(closed)","text":"do you ship abroad"}"#, from: c)
            #expect(hub.sessionCount == 2)
            #expect(send(hub, #"{"type":"close","session":"\#(closed)"}"#, from: c).first?.message.type == "closed")
            #expect(hub.sessionCount == 1)
            // Neither this connection nor another can go on with it.
            #expect(send(hub, #"{"type":"message","session":"\#(closed)","text":"hello?"}"#, from: c).first?.message.code == "unknown_session")
            #expect(send(hub, #"{"type":"open","session":"\#(closed)"}"#, from: hub.connect()).first?.message.code == "unknown_session")
            hub.sync()
        }
        let restarted = try hub(folder: folder)
        #expect(restarted.sessionCount == 1)
        let c = restarted.connect()
        #expect(send(restarted, #"{"type":"open","session":"\#(closed)"}"#, from: c).first?.message.code == "unknown_session")
        #expect(send(restarted, #"{"type":"open","session":"\#(kept)"}"#, from: c).first?.message.type == "opened")
    }

    @Test func aChatLeftSilentIsEndedAndLoggedButOneWaitingForAPersonIsKeptLonger() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let c = hub.connect()
        let left = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
        _ = send(hub, #"{"type":"message","session":"\#(left)","text":"do you ship abroad"}"#, from: c)
        let waiting = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
        let handoff = send(hub, #"{"type":"message","session":"\#(waiting)","text":"I want to talk to a real person"}"#, from: c)
        #expect(handoff.first?.message.ticket != nil)

        #expect(hub.endIdleChats(at: Self.now + 29 * 60).isEmpty)
        let ended = hub.endIdleChats(at: Self.now + 31 * 60)
        #expect(ended.map(\.message.type) == ["closed"] && ended.first?.message.session == left && ended.first?.connection == c)
        #expect(send(hub, #"{"type":"message","session":"\#(left)","text":"hello?"}"#, from: c).first?.message.code == "unknown_session")
        let logged = try #require(hub.runner.handoff?.conversations().first { $0.id == left })
        #expect(logged.outcome == .contained && logged.intents == ["delivery_options"])

        #expect(send(hub, #"{"type":"open","session":"\#(waiting)"}"#, from: hub.connect()).first?.message.type == "opened")
        #expect(hub.endIdleChats(at: Self.now + 25 * 3600).first?.message.session == waiting)
        #expect(hub.sessionCount == 0)
    }

    @Test func reopeningTheJournalRewritesItAsOneLinePerLiveChat() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.jsonl"
        var kept = ""
        var transcript: [Turn] = []
        do {
            let hub = try hub(folder: folder)
            let c = hub.connect()
            kept = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
            let gone = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
            for text in ["hi", "where is my order", "do you ship abroad"] {
                _ = send(hub, #"{"type":"message","session":"\#(kept)","text":"\#(text)"}"#, from: c)
                _ = send(hub, #"{"type":"message","session":"\#(gone)","text":"\#(text)"}"#, from: c)
            }
            _ = send(hub, #"{"type":"close","session":"\#(gone)"}"#, from: c)
            hub.sync()
            transcript = try #require(SessionJournal.recover(path: path)[kept]).transcript
            #expect(transcript.count == 7)
        }
        let linesBefore = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
        #expect(linesBefore == 9) // 2 opens, 6 turns (each with its answer), 1 close
        let reopened = try hub(folder: folder)
        #expect(reopened.sessionCount == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 1)
        #expect(SessionJournal.recover(path: path)[kept]?.transcript == transcript)
    }

    /// Issue: four connections opened 400,000 sessions in seconds. A shopper connection holds a
    /// few sessions at most, and opening counts towards its rate limit.
    @Test func aFloodOfOpensFromOneShopperConnectionHoldsOnlyAFewSessions() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let flooder = hub.connect()
        var codes: [String: Int] = [:]
        for i in 0..<1000 {
            let m = send(hub, #"{"type":"open","id":"o\#(i)"}"#, from: flooder)[0].message
            codes[m.type == "opened" ? "opened" : m.code ?? "?", default: 0] += 1
        }
        #expect(codes["opened"] == hub.limits.sessionsPerShopperConnection)
        #expect(codes["too_many_sessions", default: 0] + codes["rate_limited", default: 0] == 1000 - hub.limits.sessionsPerShopperConnection)
        #expect(hub.sessionCount == hub.limits.sessionsPerShopperConnection)
        // A shopper on another connection is still served.
        let shopper = hub.connect()
        let session = try #require(send(hub, #"{"type":"open"}"#, from: shopper).first?.message.session)
        let reply = send(hub, #"{"type":"message","session":"\#(session)","text":"where is my parcel"}"#, from: shopper)
        #expect(reply.first?.message.replies?.first?.intent == "track_order")
    }

    @Test func theServerHoldsNoMoreThanItsMaximumOfSessions() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        hub.limits.maximumSessions = 50
        var opened = 0
        for _ in 0..<200 {
            let c = hub.connect()
            if send(hub, #"{"type":"open"}"#, from: c).first?.message.type == "opened" { opened += 1 }
        }
        #expect(opened == 50)
        #expect(hub.sessionCount == 50)
    }

    @Test func aSessionOpenedAndNeverUsedEndsAfterTwoMinutes() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try hub(folder: folder)
        let c = hub.connect()
        let unused = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
        let used = try #require(send(hub, #"{"type":"open"}"#, from: c).first?.message.session)
        _ = send(hub, #"{"type":"message","session":"\#(used)","text":"hello"}"#, from: c)
        let closed = hub.endIdleChats(at: Self.now.addingTimeInterval(3 * 60))
        #expect(closed.map(\.message.session) == [unused])
        #expect(hub.sessionCount == 1)
    }

    /// Issue: all agents shared one token, so a second connection calling itself "sam" could write
    /// on sam's claimed ticket. With their own tokens, the token says who the agent is.
    @Test func anAgentSignsInOnlyAsThemselvesAndCannotWriteOnAnothersClaim() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let handoff = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        let agents = try AgentCredentials.parse("# the shop's agents\nsam: sam-0123456789abcdef\nkim: kim-0123456789abcdef\n", file: "agents.txt")
        let hub = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher, handoff: handoff), agentToken: "shared-secret-for-all",
                             agentCredentials: agents, backendToken: nil, journal: nil, at: Date())
        let shopper = hub.connect()
        let session = try #require(send(hub, #"{"type":"open"}"#, from: shopper).first?.message.session)
        let handedOff = send(hub, #"{"type":"message","session":"\#(session)","text":"I want to talk to a human"}"#, from: shopper)
        let ticket = try #require(handedOff.first?.message.ticket ?? handoff.waiting().first?.id)

        let sam = hub.connect()
        #expect(send(hub, #"{"type":"hello","role":"agent","token":"sam-0123456789abcdef"}"#, from: sam).first?.message.type == "welcome")
        #expect(send(hub, #"{"type":"claim","ticket":"\#(ticket)"}"#, from: sam).first?.message.type == "ok")

        // Kim's token can't be used as sam, nor the shared token for a name that has its own.
        let mallory = hub.connect()
        let asSam = send(hub, #"{"type":"hello","role":"agent","token":"kim-0123456789abcdef","agent":"sam"}"#, from: mallory)
        #expect(asSam.first?.message.code == "not_allowed")
        let sharedAsSam = send(hub, #"{"type":"hello","role":"agent","token":"shared-secret-for-all","agent":"sam"}"#, from: mallory)
        #expect(sharedAsSam.first?.message.code == "not_allowed")
        #expect(send(hub, #"{"type":"hello","role":"agent","token":"kim-0123456789abcdef"}"#, from: mallory).first?.message.type == "welcome")
        let write = send(hub, #"{"type":"say","ticket":"\#(ticket)","text":"hello from not-sam"}"#, from: mallory)
        #expect(write.first?.message.code == "failed")
        #expect(handoff.ticket(ticket)?.transcript.contains { $0.text == "hello from not-sam" } == false)
    }

    @Test func aBadAgentTokensFileIsRefusedLineByLine() {
        let text = "sam: short\nkim 0123456789abcdef0\nlee: lee-0123456789abcdef\nlee: lee-fedcba9876543210\nann: lee-0123456789abcdef\n"
        let error = #expect(throws: ContentError.self) { try AgentCredentials.parse(text, file: "agents.txt") }
        #expect(error?.issues.map(\.description) == [
            "agents.txt:1: sam's token is shorter than 16 characters; use a long random one (openssl rand -hex 16)",
            "agents.txt:2: expected 'name: token', e.g. 'sam: 3f9c0d1e7a4b52c8e6d0'",
            "agents.txt:4: lee has a token already; give each agent one line",
            "agents.txt:5: the same token as line 3; each agent needs their own",
        ])
    }
}
