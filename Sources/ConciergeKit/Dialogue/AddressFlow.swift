import Foundation

/// "Can I change the delivery address?": before dispatch, the new address (in the same message or
/// the next) is recorded as a request for the team, who confirm by e-mail; after, what can be done.
struct AddressFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        if let delivered = order.shipments.compactMap(\.delivered).max(), order.shipments.allSatisfy({ $0.delivered != nil }) {
            c.endFlow()
            return Outcome(Reply(kind: .answer, text: "Order #\(order.id) was already delivered on \(bot.wording.day(delivered)), so there's nothing left to redirect. If it didn't reach you, tell me and we'll look into it.",
                                 quickReplies: ["It says delivered but I don't have it", "Talk to a person"], intent: IntentID.changeShippingAddress.rawValue))
        }
        guard order.isCancellable else {
            c.endFlow()
            return Outcome(Reply(kind: .answer, text: "Order #\(order.id) has already left us, so its address can't be changed from here. The carrier's tracking page often lets you redirect the parcel or choose a safe place, and a member of our team can help too.",
                                 quickReplies: ["Where is my order?", "Talk to a person"], intent: IntentID.changeShippingAddress.rawValue))
        }
        if let address = c.facts.address ?? Self.address(in: request) {
            if Self.hasPostcode(address) { return record(address, order, in: &c, bot, at: now) }
            // "send it to 14 Elm Road": the street, and the postcode still to come.
            c.facts.address = address
            c.await(.address)
            return Outcome(Reply(kind: .prompt, text: "Thanks. And the town and postcode for \(address)?"))
        }
        c.await(.address)
        return Outcome(Reply(kind: .prompt, text: "Order #\(order.id) hasn't left us yet, so the address can still be changed. What's the new delivery address, with the postcode?"))
    }

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard c.awaiting == .address else { return nil }
        let part = Self.address(in: message.text) ?? Self.bareAddress(message) ?? Self.addressLine(message)
        guard let part else { return nil }
        // An address given a line at a time ("Flat 3", "22 Harborne Road", "Birmingham B15 3AA")
        // is put together until it has its postcode.
        let sofar = c.facts.address.map { $0 + ", " + part } ?? part
        guard Self.hasPostcode(sofar) else {
            c.facts.address = sofar
            return Outcome(Reply(kind: .prompt, text: "Thanks. What's the rest of the address, with the postcode?"))
        }
        return record(sofar, order, in: &c, bot, at: now)
    }

    /// One line of an address: a short statement, not a question or another request.
    static func addressLine(_ message: ShopperMessage) -> String? {
        guard message.words.count <= 8, !message.classification.analysis.isQuestion, message.confidentIntent(0.6) == nil,
              message.entities.emails.isEmpty, message.entities.orderNumbers.isEmpty else { return nil }
        let line = message.text.trimmingCharacters(in: CharacterSet(charactersIn: " ,.").union(.whitespaces))
        for lead in ["its ", "it's ", "it is "] where line.lowercased().hasPrefix(lead) { return String(line.dropFirst(lead.count)) }
        return line.isEmpty ? nil : line
    }

    /// Whether the text holds a postcode.
    static func hasPostcode(_ text: String) -> Bool {
        !EntityScanner().scan(text).entities.postcodes.isEmpty
    }

    private func record(_ address: String, _ order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        c.facts.address = address
        // The new address's postcode is not the one that proved the order.
        if let postcode = c.facts.postcode, address.uppercased().contains(postcode) { c.facts.postcode = nil }
        c.endFlow()
        return Outcome(effects: [bot.request(.addressChange, order: order, skus: [], reason: "new delivery address", details: ["address": address], at: now)])
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        Outcome([Reply(kind: .answer, text: "Thanks, I've asked our team to send order #\(order.id) to \(request.details["address"] ?? "the new address") (request \(request.id)). They'll confirm by e-mail before it leaves us; if it has been packed already, they'll tell you the options.",
                       intent: IntentID.changeShippingAddress.rawValue)],
                handOff: (.needsPerson, 3))
    }

    /// The new address in a message ("… new address is 5 Mill Lane, Leeds LS6 2AB", "send it to 5
    /// Mill Lane, Leeds LS6 2AB"): the words after the cue, without e-mail addresses and order numbers,
    /// holding a postcode or a house number. Nil when there is none.
    static func address(in text: String) -> String? {
        let lower = text.lowercased()
        var start: String.Index?
        for cue in ["new address is", "new address:", "new address", "address is", "address:", "address to", "deliver it to", "send it to",
                    "deliver to", "send to", "ship to", "change it to", "changed to", "moved to"] {
            if let r = lower.byteRange(of: cue) { start = r.upperBound; break }
        }
        if start == nil, let to = lower.byteRange(of: " to ", backwards: true) {
            // "change the delivery address on 10231 to 5 Mill Lane, …", "send order 10304 to 22 Baker Street",
            // "send it to my work instead, 1 Piccadilly Gardens, …": the address starts at its house
            // number (or flat), a few words after "to" at most.
            var at = to.upperBound
            for word in lower[to.upperBound...].split(separator: " ", omittingEmptySubsequences: false).prefix(6) {
                // Without punctuation around it (Foundation's trimming cost more than the rest of the search).
                var plain = word
                while plain.first?.isPunctuation == true { plain.removeFirst() }
                while plain.last?.isPunctuation == true { plain.removeLast() }
                if plain.first?.isNumber == true || ["flat", "apartment", "unit", "house"].contains(plain) {
                    start = at
                    break
                }
                at = lower.index(at, offsetBy: word.count + 1, limitedBy: lower.endIndex) ?? lower.endIndex
            }
        }
        guard let start else { return nil }
        // The same place in the message as typed (lower-casing may change a letter's length).
        let offset = min(lower.utf8.distance(from: lower.startIndex, to: start), text.utf8.count)
        return cleaned(String(text[text.utf8.index(text.startIndex, offsetBy: offset)...]))
    }

    /// A new delivery address given with a request to send the order there ("please send order
    /// 10304 to 22 Baker Street, London W1U 3BW"), when the message isn't another kind of question.
    static func newAddress(in message: ShopperMessage, _ c: Conversation) -> String? {
        guard !message.entities.postcodes.isEmpty || c.awaiting == .address, c.awaiting != .verification, c.awaiting != .postcode,
              message.mentions(addressCues), let address = address(in: message.text) else { return nil }
        if let other = message.confidentIntent(0.6), !IntentID.orderRelatedIntents.contains(other) { return nil }
        return address
    }

    /// Whether `postcode` stands right after "to" in `text` ("… to LS6 2QF"): where the order should
    /// go, not the postcode on it.
    static func isDestination(_ postcode: String, in text: String) -> Bool {
        let words = text.uppercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == ":" })
        let compact = postcode.replacingOccurrences(of: " ", with: "")
        for (k, word) in words.enumerated() where word == "TO" && k + 1 < words.count {
            let next = String(words[k + 1])
            let pair = k + 2 < words.count ? next + words[k + 2] : next
            if next.replacingOccurrences(of: "-", with: "") == compact || pair == compact { return true }
        }
        return false
    }

    /// Words of a request to deliver somewhere else.
    static let addressCues = PhraseSet(["address", "send it to", "send to", "deliver to", "deliver it to", "ship to", "ship it to",
                                        "send order", "send my order", "deliver my order", "redirect", "instead"])

    /// A message that is nothing but an address, answering the question for one.
    static func bareAddress(_ message: ShopperMessage) -> String? {
        guard !message.entities.postcodes.isEmpty || message.words.first.map({ $0.first?.isNumber == true }) == true else { return nil }
        return cleaned(message.text) ?? (message.entities.postcodes.isEmpty ? nil : message.text.trimmingCharacters(in: .whitespaces))
    }

    /// The address part: e-mail addresses, order numbers and leading punctuation taken out; nil
    /// without a digit (a street number or a postcode) or with fewer than three words.
    static func cleaned(_ text: String) -> String? {
        var parts: [Substring] = []
        for word in text.split(separator: " ") {
            if word.contains("@") { continue }
            let digits = word.filter(\.isNumber)
            // An order number (#10231, 10231) is no part of an address.
            if word.hasPrefix("#") || (digits.count >= 5 && digits.count == word.filter({ $0.isLetter || $0.isNumber }).count) {
                continue
            }
            parts.append(word)
        }
        var out = parts.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " :,.-").union(.whitespaces))
        for lead in ["its ", "it's ", "it is ", "the new one is ", "new one is ", "new address ", "address ", "to ", "is "] where out.lowercased().hasPrefix(lead) {
            out = String(out.dropFirst(lead.count))
        }
        for tail in [" instead", " please", " thanks", " thank you"] where out.lowercased().hasSuffix(tail) {
            out = String(out.dropLast(tail.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,.").union(.whitespaces))
        }
        for tail in [" and my email is", " my email is", " email", " and"] where out.lowercased().hasSuffix(tail) {
            out = String(out.dropLast(tail.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,.").union(.whitespaces))
        }
        guard out.contains(where: \.isNumber), out.split(separator: " ").count >= 3 else { return nil }
        return out
    }
}
