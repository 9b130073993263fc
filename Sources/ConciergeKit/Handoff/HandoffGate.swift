import Foundation

/// Keeps the agents' queue for shoppers, not floods: tickets from anonymous conversations (no
/// order verified, no identity vouched for) are opened at most ``anonymousPerMinute`` a minute
/// across the whole server, and one per conversation. Past that, the bot gives the shop's e-mail
/// and phone instead of a place in the queue. A shopper who proved an order is theirs, or whom the
/// shop's backend vouches for, always gets a ticket.
///
/// One owner for the shared count: the times sit behind one lock, at most ``anonymousPerMinute`` of them.
public final class HandoffGate: Sendable {
    /// Anonymous tickets a minute, server-wide.
    public let anonymousPerMinute: Int
    private let opened = Protected([Date]())

    public init(anonymousPerMinute: Int = 30) {
        self.anonymousPerMinute = anonymousPerMinute
    }

    /// Whether an anonymous conversation may open a ticket at `now`; counts it when it may.
    public func admitAnonymous(at now: Date) -> Bool {
        opened.withLock { times in
            times.removeAll { now.timeIntervalSince($0) >= 60 }
            guard times.count < anonymousPerMinute else { return false }
            times.append(now)
            return true
        }
    }
}
