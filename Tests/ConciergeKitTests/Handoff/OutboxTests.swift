import Foundation
import Testing
@testable import ConciergeKit

struct OutboxTests {
    @Test func theShoppersCopyIsAReadyToSendEmailWithCardNumbersMasked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let time = Date(timeIntervalSince1970: 1_795_348_800) // 2026-11-22 12:00 UTC
        let ticket = Ticket(
            id: "T-1007", conversationID: "c1", created: time, reason: .askedForPerson, priority: 2,
            shopper: Ticket.Shopper(claimedEmail: "jo@example.com"), orders: [], answered: [], facts: ["note": "internal"],
            summary: "Internal summary the shopper must not see.",
            transcript: [
                Turn(sender: .shopper, text: "my card 4242 4242 4242 4242 was charged twice", time: time),
                Turn(sender: .agent, text: "I've refunded the second charge.", time: time.addingTimeInterval(60)),
            ],
            status: .resolved)
        let path = try Outbox(directory: folder).write(ticket: ticket, to: "jo@example.com", from: "help@shop.example",
                                                       shop: "Lantern & Loom", timeZone: TimeZone(identifier: "Europe/London")!, at: time)
        let mail = try String(contentsOfFile: path, encoding: .utf8)
        #expect(path.hasSuffix(".eml"))
        #expect(mail.hasPrefix("From: Lantern & Loom <help@shop.example>\r\nTo: <jo@example.com>\r\nSubject: Your conversation with Lantern & Loom (T-1007)\r\n"))
        #expect(mail.contains("Date: Sun, 22 Nov 2026 12:00:00 +0000\r\n"))
        #expect(mail.contains("[2026-11-22 12:00] You: my card •••• •••• •••• 4242 was charged twice\r\n"))
        #expect(mail.contains("[2026-11-22 12:01] Lantern & Loom team: I've refunded the second charge.\r\n"))
        #expect(!mail.contains("4242 4242"))
        #expect(!mail.contains("Internal summary"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasSuffix(".eml") }
        #expect(leftovers.isEmpty)
    }
}
