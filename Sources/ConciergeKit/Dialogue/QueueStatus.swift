import Foundation

/// What the bot may read of the agents' queue: a ticket's state, its place and the expected wait,
/// and the changes agents made. The host passes it in; the bot never changes the queue itself
/// (it asks for that with an ``Effect``).
public protocol QueueStatus: Sendable {
    func ticket(_ id: String) -> Ticket?
    /// The ticket's place among the waiting tickets (1 = next), nil when it isn't waiting.
    func position(of ticketID: String) -> Int?
    /// How long a new ticket is likely to wait, nil without enough history.
    func estimatedWait(at: Date) -> TimeInterval?
    /// Changes after journal position `sequence`, oldest first.
    func events(after sequence: Int) -> [HandoffEvent]
    /// The latest journal position.
    func lastSequence() -> Int
}

extension HandoffStore: QueueStatus {}
