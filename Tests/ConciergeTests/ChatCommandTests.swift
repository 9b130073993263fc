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
}
