import Foundation

/// Writes ready-to-send e-mails (RFC 5322 `.eml` files) to a folder the shop's mail system picks up.
public struct Outbox: Sendable {
    /// The folder; empty for an outbox in memory.
    public let directory: String
    /// The messages of an outbox in memory, oldest first.
    private let kept: Protected<[String]>?

    public init(directory: String) {
        self.directory = directory
        kept = nil
    }

    /// An outbox in memory only, for conversations run in tests and tools: ``messages`` holds what it was given.
    public init() {
        directory = ""
        kept = Protected([])
    }

    /// The messages written to an outbox in memory.
    public var messages: [String] { kept?.withLock { $0 } ?? [] }

    /// Writes the shopper's copy of a conversation: the messages only, never the internal summary or notes.
    /// - Returns: the path of the `.eml` file.
    @discardableResult
    public func write(ticket: Ticket, to email: String, from sender: String, shop: String, timeZone: TimeZone, at now: Date) throws -> String {
        let format = HandoffFormat(timeZone: timeZone)
        var body = "Hello,\r\n\r\nHere is a copy of your conversation with \(shop) (reference \(ticket.id)).\r\n\r\n"
        for turn in ticket.transcript {
            let who: String
            switch turn.sender {
            case .shopper: who = "You"
            case .bot: who = "\(shop) assistant"
            case .agent: who = "\(shop) team"
            case .system: who = "Note"
            }
            body += "[\(format.dayAndClock(turn.time))] \(who): \(CardNumber.mask(turn.text))\r\n"
        }
        body += "\r\nThank you for shopping with \(shop).\r\n"
        let headers = [
            "From: \(shop) <\(sender)>",
            "To: <\(email)>",
            "Subject: Your conversation with \(shop) (\(ticket.id))",
            "Date: \(Self.rfc2822(now))",
            "Message-ID: <\(ticket.id).\(Int(now.timeIntervalSince1970))@concierge>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let message = headers.joined(separator: "\r\n") + "\r\n\r\n" + body
        if let kept {
            kept.withLock { $0.append(message) }
            return "memory:\(ticket.id)"
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "\(ticket.id)-\(Int(now.timeIntervalSince1970)).eml"
        let path = (directory as NSString).appendingPathComponent(name)
        // Whole or not at all: the mail system never picks up half a message.
        try TicketViews.replace(path, with: Data(message.utf8))
        return path
    }

    static func rfc2822(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        return "\(days[(c.weekday ?? 1) - 1]), \(String(format: "%02d", c.day ?? 1)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(time) +0000"
    }
}
