import Foundation

/// The conversation engine: given a conversation and what the shopper typed, returns the next
/// conversation and the bot's replies. It holds only frozen, shared things (the matcher and the
/// shop's content); each shopper's state travels in their ``Conversation``.
public struct Bot: Sendable {
    public let matcher: IntentMatcher
    public var catalog: Catalog { matcher.catalog }
    public var profile: ShopProfile { matcher.catalog.profile }

    public init(matcher: IntentMatcher) {
        self.matcher = matcher
    }

    /// Opens a conversation with the shop's welcome.
    public func start(id: String, at now: Date) -> (Conversation, [Reply]) {
        var conversation = Conversation(id: id)
        let reply = welcome
        conversation.record(.bot, reply.text, at: now)
        conversation.choices = reply.quickReplies.map { Choice(label: $0) }
        return (conversation, [reply])
    }

    var welcome: Reply {
        let text = profile.values["welcome"].map { profile.render($0) }
            ?? "Hello! I'm the \(profile.name) assistant. I can help with orders, delivery, returns, refunds, payments and your account."
        return Reply(kind: .answer, text: text, quickReplies: ["Where is my order?", "Start a return", "Talk to a person"])
    }

    /// The bot's answer to one shopper message.
    /// - Parameters:
    ///   - text: what the shopper typed (a number picks one of the options last offered).
    ///   - conversation: the conversation so far.
    ///   - now: the time of the message, from the caller's clock.
    /// - Returns: the conversation with the message and the replies added, and the replies.
    public func respond(to text: String, in conversation: Conversation, at now: Date) -> (Conversation, [Reply]) {
        var c = conversation
        let message = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty else { return (c, []) }
        c.record(.shopper, message, at: now)
        let replies = reply(to: message, in: &c)
        for r in replies { c.record(.bot, r.text, at: now, intent: r.intent, confidence: r.confidence) }
        c.choices = replies.last.map(choices(for:)) ?? []
        return (c, replies)
    }

    /// The options a reply offers: clarifying questions carry the intents; other quick replies are read as typed.
    private func choices(for reply: Reply) -> [Choice] {
        reply.quickReplies.map { label in
            if reply.kind == .clarify, let intent = catalog.intents.first(where: { $0.displayTitle == label }) {
                return Choice(label: label, intent: intent.id)
            }
            return Choice(label: label)
        }
    }

    private func reply(to message: String, in c: inout Conversation) -> [Reply] {
        if let choice = pickedChoice(message, c.choices) {
            if let intent = choice.intent {
                c.fallbackStreak = 0
                return act(on: intent, confidence: 1, in: &c)
            }
            if choice.label == Self.somethingElse {
                return [Reply(kind: .prompt, text: "No problem. Tell me in a few words what you need, and I'll do my best.")]
            }
            return reply(to: choice.label, classified: matcher.classify(choice.label), in: &c)
        }
        return reply(to: message, classified: matcher.classify(message), in: &c)
    }

    private func reply(to message: String, classified: Classification, in c: inout Conversation) -> [Reply] {
        switch classified.decision {
        case .act(let intent):
            c.fallbackStreak = 0
            return act(on: intent, confidence: classified.confidence, in: &c)
        case .clarify(let ids):
            c.fallbackStreak = 0
            let titles = ids.compactMap { catalog.intent($0)?.displayTitle }
            if titles.count >= 2 {
                return [Reply(kind: .clarify, text: "I want to get this right. Which of these do you mean?",
                              quickReplies: titles, confidence: classified.confidence)]
            }
            return [Reply(kind: .clarify, text: "Just to check: is this about \(titles.first.map { $0.lowercasedFirst } ?? "that")?",
                          quickReplies: titles + [Self.somethingElse], confidence: classified.confidence)]
        case .fallback:
            c.fallbackStreak += 1
            if c.fallbackStreak >= 2 {
                return [Reply(kind: .fallback,
                              text: "Sorry, I'm still not getting it. A member of our team can help: they're available \(profile.placeholders["support_hours"] ?? "during opening hours"). You can also email \(profile.values["support_email"] ?? "us").",
                              quickReplies: ["Talk to a person", "What can you do?"])]
            }
            return [Reply(kind: .fallback,
                          text: "Sorry, I didn't quite follow. Could you put it another way? I can help with orders, delivery, returns, refunds, payments and your account.",
                          quickReplies: ["What can you do?", "Talk to a person"])]
        }
    }

    static let somethingElse = "Something else"

    /// Answers as `intent`.
    func act(on intentID: String, confidence: Double, in c: inout Conversation) -> [Reply] {
        guard let intent = catalog.intent(intentID) else {
            return [Reply(kind: .fallback, text: "Sorry, I can't help with that one.")]
        }
        return [Reply(kind: .answer, text: profile.render(intent.answer), quickReplies: intent.quickReplies,
                      intent: intent.id, confidence: confidence)]
    }

    /// The option `message` picks: its number, or its text exactly.
    private func pickedChoice(_ message: String, _ choices: [Choice]) -> Choice? {
        guard !choices.isEmpty else { return nil }
        let trimmed = message.trimmingCharacters(in: CharacterSet(charactersIn: " .)#"))
        if let n = Int(trimmed), (1...choices.count).contains(n) { return choices[n - 1] }
        return choices.first { $0.label.caseInsensitiveCompare(message) == .orderedSame }
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
