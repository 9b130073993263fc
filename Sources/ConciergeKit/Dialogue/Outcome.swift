/// What the bot's work on one message produced so far: replies, effects, and whether the
/// conversation goes to a person once the replies are said.
struct Outcome {
    var replies: [Reply]
    var effects: [Effect]
    /// Open a ticket after the replies, for this reason and priority (1 most urgent).
    var handOff: (reason: Ticket.Reason, priority: Int)?

    init(_ replies: [Reply] = [], effects: [Effect] = [], handOff: (reason: Ticket.Reason, priority: Int)? = nil) {
        self.replies = replies
        self.effects = effects
        self.handOff = handOff
    }

    init(_ reply: Reply) {
        self.init([reply])
    }

    /// Both, one after the other; the first hand-off wins.
    static func + (lhs: Outcome, rhs: Outcome) -> Outcome {
        Outcome(lhs.replies + rhs.replies, effects: lhs.effects + rhs.effects, handOff: lhs.handOff ?? rhs.handOff)
    }

    static func += (lhs: inout Outcome, rhs: Outcome) { lhs = lhs + rhs }

    /// Marks each reply that has none with the intent it answers and the matcher's confidence.
    func acting(on intent: String, confidence: Double) -> Outcome {
        var out = self
        for k in out.replies.indices {
            if out.replies[k].intent == nil && out.replies[k].kind != .handoff { out.replies[k].intent = intent }
            if out.replies[k].confidence == nil { out.replies[k].confidence = confidence }
        }
        return out
    }
}
