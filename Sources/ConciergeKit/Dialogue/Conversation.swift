import Foundation

/// One shopper's conversation: its transcript and everything the bot remembers between turns.
///
/// A value: ``Bot/respond(to:in:at:)`` takes one and returns the next, so many conversations
/// share one bot and nothing about a shopper is stored on the shared engine.
public struct Conversation: Codable, Sendable, Equatable {
    public var id: String
    /// Every message so far, oldest first.
    public var transcript: [Turn] = []
    /// The options the last reply offered, which typing a number picks.
    public var choices: [Choice] = []
    /// Fallbacks in a row; reset by any understood message.
    public var fallbackStreak = 0
    /// What the bot has learned: order number, contact details, verified orders, item, reason.
    public var facts = Facts()
    /// What the bot is waiting to hear, if anything.
    public var pending: PendingStep?

    public init(id: String) {
        self.id = id
    }

    mutating func record(_ sender: Turn.Sender, _ text: String, at time: Date, intent: String? = nil, confidence: Double? = nil) {
        transcript.append(Turn(sender: sender, text: text, time: time, intent: intent, confidence: confidence))
    }
}
