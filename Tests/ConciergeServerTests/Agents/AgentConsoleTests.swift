import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// The agents' console without a terminal: typed lines in, lines to show out.
struct AgentConsoleTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600) // Monday 11:00 UK, support open

    /// A store with one chat handed to a person; its ticket's id.
    static func handedOff(in folder: String) throws -> (HandoffStore, String) {
        let store = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        let runner = ChatRunner(matcher: Fixtures.matcher, handoff: store)
        let opened = runner.start(id: "chat-1", customer: nil, at: now)
        let asked = runner.respond(to: "I want to talk to a person", in: opened.conversation, at: now)
        return (store, try #require(asked.conversation.ticketID))
    }

    @Test func anAgentClaimsATicketWritesToTheShopperAndResolvesIt() throws {
        let folder = Scratch.folder("console")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (store, ticket) = try Self.handedOff(in: folder)
        var console = AgentConsole(desk: AgentDesk(store: store, timeZone: Fixtures.matcher.catalog.profile.timeZone), agent: "sam")
        #expect(console.handle("hello?", at: Self.now) == ["No open ticket: claim one first (queue lists them)."])
        let claimed = console.handle("claim \(ticket.lowercased())", at: Self.now)
        #expect(claimed?.last == "You have \(ticket). Type to reply to the shopper.")
        #expect(console.current == ticket)
        #expect(console.handle("Hello, I'm looking into it now", at: Self.now) == [])
        #expect(store.ticket(ticket)?.transcript.last?.text == "Hello, I'm looking into it now")
        #expect(console.handle("resolve sorted", at: Self.now) == ["Resolved \(ticket)."])
        #expect(console.current == nil)
        #expect(console.handle("quit", at: Self.now) == nil)
    }

    @Test func aTicketOpenedWhileTheConsoleRunsIsShownOnce() throws {
        let folder = Scratch.folder("console")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        var console = AgentConsole(desk: AgentDesk(store: store, timeZone: Fixtures.matcher.catalog.profile.timeZone), agent: "sam")
        #expect(console.notices().isEmpty)
        let runner = ChatRunner(matcher: Fixtures.matcher, handoff: store)
        let asked = runner.respond(to: "I want to talk to a person", in: runner.start(id: "chat-2", customer: nil, at: Self.now).conversation, at: Self.now)
        let ticket = try #require(asked.conversation.ticketID)
        let shown = console.notices()
        #expect(shown.count == 1)
        #expect(shown.first?.hasPrefix("New ticket \(ticket) (P") == true)
        #expect(console.notices().isEmpty)
    }
}
