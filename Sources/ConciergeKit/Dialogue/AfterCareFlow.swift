import Foundation

/// The questions after a person resolved the conversation: a rating, a comment, and a copy of the
/// conversation by e-mail. Anything that isn't an answer leaves them for a new question.
enum AfterCareFlow {
    static func answer(_ message: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        guard let step = c.afterCare, let id = c.lastTicketID, bot.queue != nil else { return nil }
        let words = TextNormalizer.words(in: message)
        let no = words.first.map { bot.no.occurs(in: [$0]) || $0 == "skip" } ?? false
        switch step {
        case .rating:
            guard let n = Int(message.trimmingCharacters(in: .whitespaces)), (1...5).contains(n) else {
                c.afterCare = nil
                return nil
            }
            c.afterCare = .comment
            return Outcome([Reply(kind: .prompt, text: "Thank you! Anything you'd like to add? (Or say no.)", quickReplies: ["No"])],
                           effects: [.rate(ticketID: id, rating: n, comment: nil, at: now)])
        case .comment:
            var effects: [Effect] = []
            if !no, let rating = bot.queue?.ticket(id)?.rating {
                effects.append(.rate(ticketID: id, rating: rating, comment: message, at: now))
            }
            c.afterCare = .transcriptOffer
            return Outcome([Reply(kind: .prompt, text: "Would you like a copy of this conversation by e-mail?", quickReplies: ["Yes please", "No thanks"])],
                           effects: effects)
        case .transcriptOffer:
            guard !no, bot.yes.occurs(in: words) else {
                c.afterCare = nil
                return Outcome(Reply(kind: .answer, text: "No problem. Thanks for shopping with \(bot.profile.name)!"))
            }
            if let email = bot.queue?.ticket(id)?.shopper.identity ?? c.facts.email {
                c.afterCare = nil
                return Outcome(effects: [.sendTranscript(ticketID: id, to: email, at: now)])
            }
            c.afterCare = .transcriptAddress
            return Outcome(Reply(kind: .prompt, text: "Which e-mail address should I send it to?"))
        case .transcriptAddress:
            guard let email = EntityScanner().scan(message).entities.emails.first else {
                if no {
                    c.afterCare = nil
                    return Outcome(Reply(kind: .answer, text: "No problem. Thanks for shopping with \(bot.profile.name)!"))
                }
                return Outcome(Reply(kind: .prompt, text: "That doesn't look like an e-mail address; try again, or say no."))
            }
            c.afterCare = nil
            return Outcome(effects: [.sendTranscript(ticketID: id, to: email, at: now)])
        }
    }

    static func sent(to email: String, _ bot: Bot) -> Outcome {
        Outcome(Reply(kind: .answer, text: "Done: a copy is on its way to \(email). Thanks for shopping with \(bot.profile.name)!"))
    }
}
