extension Ticket {
    /// What a ticket fills a ``SavedReply``'s placeholders with, for `agent` writing it: only
    /// what the ticket knows, so a missing one takes the reply's fallback.
    public func savedReplyValues(agent: String) -> [String: String] {
        var values = ["agent": agent, "ticket": id]
        if let email = shopper.identity {
            values["email"] = email
            values["name"] = Self.firstName(fromEmail: email)
        }
        values["order"] = facts["order_number"] ?? orders.first?.id
        values["item"] = facts["item"]
        return values
    }

    /// Local parts that name a mailbox, not a person.
    static let mailboxWords: Set<String> = ["info", "hello", "contact", "sales", "admin", "support", "mail", "shop", "office",
                                            "team", "orders", "accounts", "billing", "help", "enquiries", "me", "hi", "noreply"]

    /// A first name guessed from an e-mail address (`amelia.hughes@…` → `Amelia`, `sam@…` →
    /// `Sam`); nil when its first part is not a plain word of letters (`ah1987@…`, `info@…`).
    static func firstName(fromEmail email: String) -> String? {
        guard let at = email.firstIndex(of: "@") else { return nil }
        let local = email[..<at]
        let first = local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" || $0 == "+" }).first ?? local
        guard first.count >= 2, first.allSatisfy({ $0.isLetter }), !mailboxWords.contains(first.lowercased()) else { return nil }
        return first.prefix(1).uppercased() + first.dropFirst().lowercased()
    }
}
