import ConciergeKit
import ConciergeTestSupport
@testable import concierge
import Foundation
import Testing

/// The terminal chat's session, without a terminal.
struct ChatCommandTests {
    /// Issue 12, item 13: an agent working the ticket sees that the shopper has quit the chat.
    @Test func quittingTheChatWithAnOpenTicketShowsTheShopperGoneToAgents() throws {
        let folder = Scratch.folder("chat")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try HandoffStore(directory: folder)
        var chat = ChatSession(runner: ChatRunner(matcher: Fixtures.matcher, handoff: store), interactive: false, customer: nil)
        chat.begin()
        let goesOn = chat.handle("I want to talk to a person")
        #expect(goesOn)
        let ticket = try #require(chat.conversation.ticketID)
        #expect(store.ticket(ticket)?.shopperConnected == true)
        let quits = !chat.handle("/quit")
        #expect(quits)
        chat.end()
        #expect(try HandoffStore(directory: folder).ticket(ticket)?.shopperConnected == false)
    }

    /// A message longer than the widget and the protocol take is refused in the terminal chat too,
    /// before the bot reads it, and the chat goes on.
    @Test func aMessageLongerThanTheLimitIsRefusedAndTheChatGoesOn() {
        var chat = ChatSession(runner: ChatRunner(matcher: Fixtures.matcher), interactive: false, customer: nil)
        chat.begin()
        let before = chat.conversation.transcript.count
        let goesOn = chat.handle(String(repeating: "where is my order ", count: 300))
        #expect(goesOn)
        #expect(chat.conversation.transcript.count == before)
        let answered = chat.handle("where is my order")
        #expect(answered)
        #expect(chat.conversation.transcript.count > before)
    }
}
