@testable import ConciergeKit
import Foundation

/// Dates, folders and a sample ticket for the handoff tests; every date is fixed, never the wall clock.
enum HandoffTestSupport {
    /// `text` as an ISO 8601 date; fails the test run loudly when it is not one.
    static func date(_ text: String) -> Date {
        guard let date = OrderCalendar.parse(text) else { fatalError("test date \(text) does not parse") }
        return date
    }

    static let opened = date("2026-11-22T14:03:00Z")

    /// A new empty folder for one test (the store creates it).
    static func scratchFolder() -> String {
        Scratch.folder("handoff")
    }

    /// A store in a new folder.
    static func newStore() throws(HandoffError) -> HandoffStore {
        try HandoffStore(directory: scratchFolder())
    }

    static let transcript = [
        Turn(sender: .bot, text: "Hello! I'm the Linen & Loom assistant.", time: opened - 120),
        Turn(sender: .shopper, text: "where is my order 10231", time: opened - 60),
        Turn(sender: .bot, text: "Your order #10231 shipped on 20 Nov with DPD.", time: opened - 60, intent: "track_order", confidence: 0.92),
        Turn(sender: .shopper, text: "I want to talk to a person", time: opened),
    ]

    static let shopper = Ticket.Shopper(verifiedEmail: "ann@example.com", claimedPostcode: "LS6 2QF")
    static let orders = [Ticket.OrderSnapshot(id: "10231", status: "shipped", state: "shipped 20 Nov with DPD, due 23 Nov",
                                              items: ["Linen shirt", "Wool socks"])]

    /// Opens the sample ticket: conversation `c-1` unless given, asked for a person, priority 2.
    @discardableResult
    static func openSample(in store: HandoffStore, conversation: String = "c-1", priority: Int = 2,
                           reason: Ticket.Reason = .askedForPerson, at time: Date = opened) throws(HandoffError) -> Ticket {
        try store.open(conversationID: conversation, reason: reason, priority: priority, shopper: shopper, orders: orders,
                       answered: ["track_order"], facts: ["order_number": "10231"],
                       summary: "Ann asked where order 10231 is; it shipped 20 Nov with DPD. She wants a person.",
                       transcript: transcript, at: time)
    }

    /// The journal's lines, as text.
    static func journalLines(_ store: HandoffStore) -> [String] {
        let text = (try? String(contentsOfFile: store.directory + "/journal.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Appends raw bytes to the journal, as a crashed writer or a hand edit would leave them.
    static func appendRaw(_ text: String, toJournalIn directory: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/journal.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
