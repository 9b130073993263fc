import Foundation

/// "It arrived broken": which item and what happened (both may come in one message: "the smoked
/// glass lantern, the glass is cracked all over"), then a case for the team with everything said.
struct DamagedFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        if order.items.count == 1 { c.facts.item = order.items[0].sku }
        if let named = bot.products.item(in: request, of: order) { c.facts.item = named.sku }
        guard let sku = c.facts.item, let item = order.item(sku: sku) else {
            c.await(.item)
            return Outcome(Reply(kind: .prompt, text: "I'm sorry about that. Which item is it?", quickReplies: order.items.map(\.name)))
        }
        if let account = Self.account(in: request, beyond: item), c.facts.whatHappened == nil {
            return report(account, order, in: &c, bot, at: now)
        }
        c.await(.account)
        return Outcome(Reply(kind: .prompt, text: "I'm sorry about that. What happened to the \(item.name): is it damaged, faulty, or not what you ordered? A sentence or two is plenty."))
    }

    func answer(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        switch c.awaiting {
        case .item:
            guard let item = bot.products.item(in: message.text, of: order) ?? order.items.first(where: { $0.name.sameIgnoringCase(message.text) }) else { return nil }
            c.facts.item = item.sku
            // The item and what happened in one message answer both questions.
            if let account = Self.account(in: message.text, beyond: item) { return report(account, order, in: &c, bot, at: now) }
            return start(order, request: "", in: &c, bot, at: now)
        case .account:
            guard bot.isAccount(message) else { return nil }
            return report(message.text, order, in: &c, bot, at: now)
        default:
            return nil
        }
    }

    private func report(_ account: String, _ order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        c.facts.whatHappened = account
        c.endFlow()
        let sku = c.facts.item.map { [$0] } ?? []
        let name = c.facts.item.flatMap { order.item(sku: $0)?.name } ?? ""
        return Outcome(effects: [bot.request(.damaged, order: order, skus: sku, reason: account, details: ["item": name, "what_happened": account], at: now)])
    }

    func recorded(_ request: ShopRequest, order: Order, in c: inout Conversation, _ bot: Bot) -> Outcome {
        let item = request.details["item"].flatMap { $0.isEmpty ? nil : " for the \($0)" } ?? ""
        return Outcome([Reply(kind: .answer, text: "Thank you, I've opened case \(request.id)\(item) with everything you told me. Please keep the item and its packaging; if you can, e-mail photos to \(bot.profile.values["support_email"] ?? "us") quoting \(request.id). We'll send a replacement or a full refund, whichever you prefer.",
                       intent: IntentID.damagedItem.rawValue)],
                handOff: (.needsPerson, 2))
    }

    /// Damage words that make a message an account of what happened.
    static let damage = PhraseSet(["broken", "broke", "cracked", "crack", "chipped", "chip", "smashed", "shattered", "dented", "dent",
                                      "torn", "ripped", "stained", "scratched", "bent", "leaking", "leaked", "faulty", "damaged", "wrong",
                                      "doesnt work", "doesn't work", "not working", "stopped working", "hole", "snapped", "stale", "mouldy", "moldy",
                                      "gone off", "tasted off", "tastes off", "expired", "defective", "frayed", "unravelling", "peeling", "rusty",
                                      "came off", "fell off", "come off", "fell apart", "falls apart", "falling apart", "leaks", "split", "ripped",
                                      "in pieces", "in bits", "crushed", "squashed", "bashed", "soaked"])

    /// What a shopper may have chosen wrong themselves ("wrong size").
    static let preferences: Set<String> = ["size", "colour", "color", "fit", "shade", "length"]
    /// Words that put "wrong" on what was sent ("you sent the wrong size").
    static let sentWords: Set<String> = ["sent", "send", "received", "got", "delivered", "came", "arrived", "shipped", "gave"]

    /// Whether the "wrong" at `k` is what was sent: "you sent the wrong size", "I got a wrong colour".
    static func sentWrong(_ words: [String], at k: Int) -> Bool {
        var j = k - 1
        while j >= 0, ["the", "a", "an", "me", "us", "in"].contains(words[j]), j > k - 4 { j -= 1 }
        return j >= 0 && sentWords.contains(words[j])
    }

    /// Words that undo a damage word before them ("not faulty", "isn't broken").
    static let negations: Set<String> = ["not", "isnt", "isn't", "arent", "aren't", "wasnt", "wasn't", "no", "never", "nothing", "without"]

    /// Whether the words say something is damaged, not that it isn't ("they are not faulty").
    static func mentionsDamage(_ words: [String]) -> Bool {
        guard damage.occurs(in: words) else { return false }
        for (k, word) in words.enumerated() where damage.occurs(in: [word]) {
            let before = words[max(0, k - 3)..<k]
            if before.contains(where: negations.contains) { continue }
            // "wrong colour" is a reason to send something back; "they sent the wrong colour" is the shop's mistake.
            if word == "wrong", k + 1 < words.count, preferences.contains(words[k + 1]), !Self.sentWrong(words, at: k) { continue }
            return true
        }
        // A damage phrase of several words ("doesn't work", "came off") counts as said.
        return words.indices.contains { k in k + 1 < words.count && damage.occurs(in: Array(words[k...(k + 1)])) && !damage.occurs(in: [words[k]]) && !damage.occurs(in: [words[k + 1]]) }
    }

    /// What happened, when the message says more than the item's name ("glass is cracked all over").
    static func account(in text: String, beyond item: OrderItem) -> String? {
        let words = TextNormalizer.words(in: text)
        guard mentionsDamage(words) else { return nil }
        let itemWords = Set(TextNormalizer.words(in: item.name))
        let rest = words.filter { !itemWords.contains($0) && !IntentMatcher.functionWords.contains($0) }
        return rest.count >= 2 ? text : nil
    }
}
