import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// The inbox's queue, a ticket and what an agent does with it, and the live feed, through the
/// bridge's responder without sockets.
struct AgentInboxTicketTests {
    /// A shopper who verifies order 10235 and asks for a person.
    static let verifiedChat = ["where is my order", "10235", "amelia.hughes@example.com", "I'd like to talk to a person please"]

    // MARK: The page

    @Test func theInboxPageSendsAStrictContentSecurityPolicyAndNoInlineScript() throws {
        let f = try InboxFixture()
        for path in ["/agent", "/agent/"] {
            let page = f.send("GET", path, headers: ["origin": nil])
            #expect(page.status == 200)
            let policy = try #require(page.header("content-security-policy"))
            for directive in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "require-trusted-types-for 'script'"] {
                #expect(policy.contains(directive))
            }
            #expect(!policy.contains("unsafe"))
            #expect(page.header("x-frame-options") == "DENY")
            let html = page.text
            #expect(html.components(separatedBy: "<script").count == 2)
            #expect(html.contains(#"<script src="/agent/agent.js" defer></script>"#))
            #expect(!html.contains("style="))
            #expect(html.range(of: #" on[a-z]+="#, options: .regularExpression) == nil)
        }
        guard case .response(let page) = f.bridge.respond(to: f.request("GET", "/agent"), peer: "127.0.0.1") else { return }
        let head = String(decoding: page.serialized(keepAlive: false), as: UTF8.self)
        #expect(head.contains("X-Content-Type-Options: nosniff\r\n"))
        #expect(head.contains("Referrer-Policy: no-referrer\r\n"))
        let sam = try #require(f.signIn(agent: "sam"))
        let api = f.send("GET", "/agent/api/queue", as: sam)
        #expect(api.header("content-security-policy") == "default-src 'none'; frame-ancestors 'none'")
        #expect(api.header("cache-control") == "no-store")
        #expect(f.send("GET", "/agent/agent.js", headers: ["origin": nil]).header("content-type") == "text/javascript; charset=utf-8")
    }

    // MARK: The queue

    @Test func theQueueListsOpenTicketsByPriorityThenAgeWithWhoTheShopperIsAndUnreadLines() throws {
        let f = try InboxFixture()
        let first = try #require(try f.shopperChat(Self.verifiedChat, from: "203.0.113.1").ticket)
        let second = try #require(try f.shopperChat(["this is useless, I'm furious, get me a human"], from: "203.0.113.2").ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        let queue = try f.send("GET", "/agent/api/queue", as: sam).decode(InboxFixture.Queue.self)
        #expect(queue.v == 1)
        #expect(queue.seq == f.store.lastSequence())
        #expect(queue.tickets.map(\.id) == [second, first])
        #expect(queue.tickets[0].priority == 1)
        let row = try #require(queue.tickets.last)
        #expect(row.shopper == "amelia.hughes@example.com" && row.verified)
        #expect(row.language == "English")
        #expect(row.connected)
        #expect(row.unread == 4)
        #expect(row.summary.contains("10235"))

        // Reading the ticket reads its lines; a new one from the shopper is unread again, for sam only.
        _ = f.send("GET", "/agent/api/tickets/\(first)", as: sam)
        let session = try #require(f.hub.runner.handoff?.ticket(first)?.conversationID)
        let body = #"{"session":"\#(session)","text":"are you there?"}"#
        #expect(f.send(f.request("POST", "/api/message", body: body, headers: ["origin": nil]), from: "203.0.113.1").status == 200)
        let later = try f.send("GET", "/agent/api/queue", as: sam).decode(InboxFixture.Queue.self)
        #expect(later.tickets.first { $0.id == first }?.unread == 1)
        let priya = try #require(f.signIn(agent: "priya"))
        let hers = try f.send("GET", "/agent/api/queue", as: priya).decode(InboxFixture.Queue.self)
        #expect(hers.tickets.first { $0.id == first }?.unread == 5)
        let lines = try #require(later.tickets.first { $0.id == first }?.lines)
        let read = try f.send("POST", "/agent/api/tickets/\(first)/read", body: #"{"lines":\#(lines)}"#, as: sam).decode(InboxFixture.Row.self)
        #expect(read.unread == 0)
    }

    // MARK: A ticket

    @Test func aTicketComesWithItsSummaryFactsOrdersParcelsAnswersTranscriptAndSavedReplies() throws {
        let f = try InboxFixture()
        let ticket = try #require(try f.shopperChat(Self.verifiedChat).ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        let detail = try f.send("GET", "/agent/api/tickets/\(ticket.lowercased())", as: sam).decode(InboxFixture.Detail.self)
        #expect(detail.ticket.id == ticket)
        #expect(detail.ticket.unread == 0)
        #expect(detail.facts.contains(InboxFixture.Detail.Fact(name: "order_number", value: "10235")))
        let order = try #require(detail.orders.first)
        #expect(order.id == "10235")
        #expect(order.parcels.count == 2)
        #expect(order.parcels[0].hasPrefix("Parcel 1 of 2"))
        #expect(detail.answered.contains { $0.id == "track_order" && !$0.title.isEmpty })
        let bot = try #require(detail.transcript.first { $0.intent == "track_order" })
        #expect(bot.sender == "bot" && bot.intentTitle != nil && (bot.confidence ?? 0) > 0)
        #expect(detail.transcript.first?.sender == "bot")
        #expect(detail.transcript.filter { $0.sender == "shopper" }.map(\.text) == Self.verifiedChat)
        let greeting = try #require(detail.savedReplies.first)
        #expect(greeting.title == "Greeting")
        #expect(greeting.text == "Hi Amelia, this is sam from Lantern & Loom. I've read your conversation so far and I'm looking into it now.")
        #expect(detail.savedReplies.first { $0.title == "Checking the order" }?.text.contains("order 10235") == true)
        #expect(detail.seq == f.store.lastSequence())
        #expect(f.send("GET", "/agent/api/tickets/T-9999", as: sam).code == "unknown_ticket")
        #expect(f.send("GET", "/agent/api/tickets/..%2Fsecret", as: sam).status == 404)
    }

    @Test func aReplyReachesTheShoppersBrowserAtOnceAndResolvingAsksThemToRate() throws {
        let f = try InboxFixture()
        let (session, ticket) = try f.shopperChat(["I want to talk to a person"])
        let id = try #require(ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        #expect(f.send("POST", "/agent/api/tickets/\(id)/claim", body: "{}", as: sam).status == 200)
        #expect(f.shopperEvents(session).last?.contains("sam from our team has joined the chat.") == true)
        let reply = f.send("POST", "/agent/api/tickets/\(id)/reply", body: #"{"text":"Hi, <b>Sam</b> here \u0026 ready"}"#, as: sam)
        #expect(reply.status == 200)
        #expect(try reply.decode(InboxFixture.Detail.self).transcript.last == InboxFixture.Line(sender: "agent", text: "Hi, <b>Sam</b> here & ready"))
        #expect(f.shopperEvents(session).last?.contains(#""kind":"agent","text":"Hi, \u003cb\u003eSam\u003c/b\u003e here \u0026 ready""#) == true)
        #expect(!reply.text.contains("<"))
        #expect(f.send("POST", "/agent/api/tickets/\(id)/reply", body: #"{"text":"   "}"#, as: sam).code == "empty_text")
        let resolved = f.send("POST", "/agent/api/tickets/\(id)/resolve", body: #"{"note":"<i>sorted</i>"}"#, as: sam)
        #expect(resolved.status == 200)
        let detail = try resolved.decode(InboxFixture.Detail.self)
        #expect(detail.ticket.status == "resolved" && detail.ticket.resolvedToday)
        #expect(detail.note == "<i>sorted</i>")
        #expect(f.shopperEvents(session).last?.contains("How did we do, from 1 (poor) to 5 (great)?") == true)
        // Resolved today stays in the queue's answer, for the "resolved today" filter.
        let queue = try f.send("GET", "/agent/api/queue", as: sam).decode(InboxFixture.Queue.self)
        #expect(queue.tickets.map(\.status) == ["resolved"])
    }

    @Test func releasingPutsTheTicketBackInTheQueueAndHandingBackGivesTheChatToTheBot() throws {
        let f = try InboxFixture()
        let (session, ticket) = try f.shopperChat(["I want to talk to a person"])
        let id = try #require(ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        _ = f.send("POST", "/agent/api/tickets/\(id)/claim", body: "{}", as: sam)
        let released = f.send("POST", "/agent/api/tickets/\(id)/release", body: "{}", as: sam)
        #expect(try released.decode(InboxFixture.Detail.self).ticket.status == "waiting")
        #expect(f.shopperEvents(session).last?.contains("You're back in the queue") == true)
        _ = f.send("POST", "/agent/api/tickets/\(id)/claim", body: "{}", as: sam)
        let back = f.send("POST", "/agent/api/tickets/\(id)/release", body: #"{"to_bot":true}"#, as: sam)
        #expect(try back.decode(InboxFixture.Detail.self).ticket.status == "returned_to_bot")
        #expect(f.shopperEvents(session).last?.contains("You're back with me") == true)
        #expect(f.send("POST", "/agent/api/tickets/\(id)/release", body: #"{"to_bot":"yes"}"#, as: sam).code == "bad_json")
        #expect(f.send("POST", "/agent/api/tickets/\(id)/resolve", body: "{}", as: sam).status == 409)
    }

    // MARK: The live feed

    /// An inbox stream as an event loop follows it: asleep until the feed wakes it, then asking
    /// the feed for what is new.
    final class Follower: Sendable {
        let feed: AgentFeed
        private let state: Protected<(cursor: EventCursor, wakes: Int)>
        /// What the feed sent as the stream opened.
        let first: [StreamEvent]

        init(_ feed: AgentFeed, after: Int) {
            self.feed = feed
            let state = Protected((cursor: EventCursor(stream: 0, position: 0), wakes: 0))
            let (cursor, first) = feed.openStream(after: after, limit: 2, wake: { state.withLockWakingWaiters { $0.wakes += 1 } })
            state.withLock { $0.cursor = cursor }
            self.state = state
            self.first = first
        }

        /// The next events, waiting up to `timeout` seconds to be woken: empty when nothing came,
        /// nil when the feed ended the stream.
        func next(timeout: Double) -> [StreamEvent]? {
            let deadline = Date(timeIntervalSinceNow: timeout)
            var seen = state.withLock { $0.wakes }
            while true {
                let cursor = state.withLock { $0.cursor }
                guard let (moved, events) = feed.events(since: cursor, at: 0) else { return nil }
                state.withLock { $0.cursor = moved }
                if !events.isEmpty { return events }
                let woken = state.withLock(when: { $0.wakes != seen }, before: deadline) { $0.wakes }
                if woken == seen { return [] }
                seen = woken
            }
        }

        func close() {
            feed.closeStream(state.withLock { $0.cursor }, at: 0)
        }
    }

    /// The feed behind `GET /agent/api/events` for `signIn`, followed from `after`.
    static func follow(_ f: InboxFixture, _ signIn: InboxFixture.SignIn, after: Int, lastEventID: Int? = nil) throws -> Follower {
        let request = f.request("GET", "/agent/api/events?after=\(after)", as: signIn, headers: ["last-event-id": lastEventID.map(String.init)])
        guard case .stream(let source, let from, let headers) = f.bridge.respond(to: request, peer: "127.0.0.1") else {
            throw TestClientError("the events route did not answer with a stream")
        }
        #expect(from == lastEventID ?? after)
        #expect(headers.contains { $0.name == "Content-Security-Policy" })
        return Follower(try #require(source as? AgentFeed), after: from)
    }

    static func changes(_ events: [StreamEvent]?) throws -> [InboxFixture.Change] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try (events ?? []).map { try decoder.decode(InboxFixture.Change.self, from: Data($0.json)) }
    }

    @Test func theFeedBringsNewTicketsShopperLinesAndOtherAgentsClaimsAsTheyHappen() throws {
        let f = try InboxFixture()
        let sam = try #require(f.signIn(agent: "sam"))
        let stream = try Self.follow(f, sam, after: f.store.lastSequence())
        defer { stream.close() }
        #expect(stream.first.isEmpty)

        let (session, ticket) = try f.shopperChat(["I want to talk to a person"])
        let id = try #require(ticket)
        let opened = try Self.changes(stream.next(timeout: 1))
        let change = try #require(opened.first { $0.type == "opened" })
        #expect(change.ticket?.id == id && change.ticket?.status == "waiting")
        #expect(opened.last?.seq == f.store.lastSequence())

        let body = #"{"session":"\#(session)","text":"<img src=x onerror=alert(1)> hello?"}"#
        #expect(f.send(f.request("POST", "/api/message", body: body, headers: ["origin": nil]), from: "203.0.113.7").status == 200)
        // Acknowledged; the stream is woken with it within the inbox's target of 250 ms (at once: this process wrote it).
        let acknowledged = Date()
        let said = stream.next(timeout: 1)
        #expect(Date().timeIntervalSince(acknowledged) < 0.25)
        let line = try #require(try Self.changes(said).first { $0.type == "message" })
        #expect(line.line == InboxFixture.Line(sender: "shopper", text: "<img src=x onerror=alert(1)> hello?"))
        #expect(line.ticket?.unread == 2)
        #expect(!(said ?? []).contains { String(decoding: $0.json, as: UTF8.self).contains("<") })

        let priya = try #require(f.signIn(agent: "priya"))
        _ = f.send("POST", "/agent/api/tickets/\(id)/claim", body: "{}", as: priya)
        #expect(try Self.changes(stream.next(timeout: 1)).contains { $0.type == "claimed" && $0.ticket?.agent == "priya" })
    }

    @Test func aChangeMadeByAnotherProcessReachesTheFeedFromTheJournal() throws {
        let f = try InboxFixture()
        let ticket = try #require(try f.shopperChat(["I want to talk to a person"]).ticket)
        let sam = try #require(f.signIn(agent: "sam"))
        let stream = try Self.follow(f, sam, after: f.store.lastSequence())
        #expect(f.bridge.inbox.watcher.isWatching)
        // `concierge agent claim` in another process: the same folder, its own store.
        let other = try HandoffStore(directory: f.folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        _ = try other.claim(ticket, agent: "terminal", at: Date())
        #expect(try Self.changes(stream.next(timeout: 2)).map(\.type) == ["claimed"])
        stream.close()
        #expect(!f.bridge.inbox.watcher.isWatching)
    }

    @Test func aReconnectingFeedReplaysFromItsLastIdAndOneTooFarBehindIsToldToReload() throws {
        let f = try InboxFixture()
        let sam = try #require(f.signIn(agent: "sam"))
        let start = f.store.lastSequence()
        _ = try f.shopperChat(["I want to talk to a person"])
        let replayed = try Self.follow(f, sam, after: 0, lastEventID: start)
        defer { replayed.close() }
        #expect(try Self.changes(replayed.first).contains { $0.type == "opened" })
        let ahead = try Self.follow(f, sam, after: f.store.lastSequence() + 50)
        defer { ahead.close() }
        #expect(try Self.changes(ahead.first).map(\.type) == ["reload"])
    }

    @Test func overLoopbackTheInboxStreamCarriesANewTicketAndEndsWithTheBridge() throws {
        let f = try InboxFixture()
        let web = try BridgeFixture(hub: f.hub)
        var closed = false
        defer { if !closed { web.close() } }
        let signedIn = try web.send("POST", "/agent/api/signin", body: #"{"token":"\#(InboxFixture.tokens["sam"] ?? "")"}"#)
        #expect(signedIn.status == 200)
        let cookie = try #require(signedIn.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let client = try TestClient(port: web.port)
        client.request("GET", "/agent/api/events?after=\(f.store.lastSequence())", headers: ["Cookie": cookie, "Accept": "text/event-stream"], port: web.port)
        let head = try client.streamHead()
        #expect(head["status"] == "200")
        #expect(head["content-type"] == "text/event-stream; charset=utf-8")
        #expect(head["content-security-policy"] == HTTPBridge.agentAPIPolicy)

        let opened = try web.open()
        _ = try web.say("I want to talk to a person", in: opened.session)
        let event = try #require(try client.event())
        #expect(event.id <= f.store.lastSequence())
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(InboxFixture.Change.self, from: Data(event.data.utf8)).type == "opened")
        #expect(web.bridge.inbox.watcher.isWatching)

        web.close()
        closed = true
        #expect(client.closedByServer(within: 3))
        let deadline = Date(timeIntervalSinceNow: 2)
        while web.bridge.inbox.watcher.isWatching, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!web.bridge.inbox.watcher.isWatching)
    }

    @Test func signingOutEndsTheFeedAndANewTabEndsTheOldestPastFour() throws {
        let f = try InboxFixture()
        let sam = try #require(f.signIn(agent: "sam"))
        let streams = try (0..<5).map { _ in try Self.follow(f, sam, after: f.store.lastSequence()) }
        #expect(streams[0].next(timeout: 0.2) == nil)
        #expect(streams[1].next(timeout: 0.05)?.isEmpty == true)
        _ = f.send("POST", "/agent/api/signout", body: "{}", as: sam)
        #expect(streams[4].next(timeout: 1) == nil)
        for stream in streams { stream.close() }
        #expect(!f.bridge.inbox.watcher.isWatching)
    }
}
