import Foundation

/// What the journal's events add up to: the tickets, the conversation log and the claim history.
///
/// A value changed only by ``apply(_:)``, one event at a time, so replaying the journal always
/// gives the same state; the checks that decide whether a change is allowed live here too, next to
/// the state they read.
struct HandoffState: Sendable {
    private(set) var tickets: [String: Ticket] = [:]
    /// Every event applied, oldest first.
    private(set) var events: [HandoffEvent] = []
    /// Each conversation's latest ticket.
    private(set) var latestTicket: [String: String] = [:]
    /// The conversation log, the last record logged for each conversation.
    private(set) var conversations: [String: ConversationRecord] = [:]
    /// When each ticket was first claimed; its wait is from `created` to then.
    private(set) var firstClaimed: [String: Date] = [:]
    /// The ids of first claims in journal order, for the recent-wait estimate.
    private(set) var claimOrder: [String] = []
    private(set) var highestNumber = Ticket.firstNumber - 1
    /// Each waiting ticket's place-in-queue key, kept as events apply, so a position is counted
    /// over small values instead of sorting the queue's tickets.
    private var waitingKeys: [String: QueueKey] = [:]

    /// What orders the queue: most urgent first, then oldest first, then by number.
    private struct QueueKey: Comparable {
        var priority: Int
        var created: Date
        var number: Int

        init(_ t: Ticket) {
            priority = t.priority
            created = t.created
            number = t.number ?? 0
        }

        static func < (a: QueueKey, b: QueueKey) -> Bool {
            (a.priority, a.created, a.number) < (b.priority, b.created, b.number)
        }
    }

    var lastSequence: Int { events.last?.sequence ?? 0 }
    var nextTicketID: String { Ticket.idPrefix + String(highestNumber + 1) }

    /// Adds an event from the journal.
    /// - Returns: the ticket it changed, if any.
    @discardableResult
    mutating func apply(_ event: HandoffEvent) -> String? {
        events.append(event)
        let time = event.time
        switch event.change {
        case .opened(let ticket):
            tickets[ticket.id] = ticket
            if let number = ticket.number {
                highestNumber = max(highestNumber, number)
                if latestTicket[ticket.conversationID].flatMap(Ticket.number(in:)).map({ $0 < number }) ?? true {
                    latestTicket[ticket.conversationID] = ticket.id
                }
            }
        case .message(let id, let turn):
            tickets[id]?.transcript.append(turn)
        case .claimed(let id, let agent):
            tickets[id]?.status = .claimed
            tickets[id]?.agent = agent
            tickets[id]?.claimedAt = time
            if tickets[id] != nil && firstClaimed[id] == nil {
                firstClaimed[id] = time
                claimOrder.append(id)
            }
        case .released(let id, _, let toBot):
            if toBot {
                tickets[id]?.status = .returnedToBot
            } else {
                tickets[id]?.status = .waiting
                tickets[id]?.agent = nil
                tickets[id]?.claimedAt = nil
            }
        case .withdrawn(let id):
            tickets[id]?.status = .returnedToBot
        case .resolved(let id, _, let note):
            tickets[id]?.status = .resolved
            tickets[id]?.resolvedAt = time
            tickets[id]?.note = note
        case .rated(let id, let rating, let comment):
            tickets[id]?.rating = rating
            tickets[id]?.comment = comment
        case .presence(let id, let connected):
            tickets[id]?.shopperLeftAt = connected ? nil : time
        case .conversationLogged(let record):
            conversations[record.id] = record
        case .detailsAdded(let id, let details):
            tickets[id]?.add(details)
        }
        if let id = event.ticketID {
            if let t = tickets[id], t.status == .waiting { waitingKeys[id] = QueueKey(t) } else { waitingKeys[id] = nil }
        }
        return event.ticketID
    }

    // MARK: Checks before a change

    func existing(_ id: String) throws(HandoffError) -> Ticket {
        guard let ticket = tickets[id] else { throw .unknownTicket(id) }
        return ticket
    }

    /// A ticket that still takes messages: waiting or claimed.
    func open(_ id: String) throws(HandoffError) -> Ticket {
        let ticket = try existing(id)
        guard ticket.status == .waiting || ticket.status == .claimed else { throw .closed(id, ticket.status) }
        return ticket
    }

    /// A ticket claimed by `agent`.
    func held(_ id: String, by agent: String) throws(HandoffError) -> Ticket {
        let ticket = try open(id)
        guard ticket.status == .claimed, ticket.agent == agent else { throw .notClaimedBy(agent) }
        return ticket
    }

    // MARK: Queries

    /// Waiting tickets, most urgent first, then oldest first.
    var waiting: [Ticket] {
        waitingKeys.sorted { $0.value < $1.value }.compactMap { tickets[$0.key] }
    }

    /// A waiting ticket's place in the queue (1 for the next to be claimed), counted without
    /// sorting the queue; nil when it is not waiting.
    func position(of id: String) -> Int? {
        guard let key = waitingKeys[id] else { return nil }
        var ahead = 0
        for other in waitingKeys.values where other < key { ahead += 1 }
        return ahead + 1
    }

    /// The median wait of the last `count` first claims made by `now`, nil without any.
    func recentWait(at now: Date, count: Int) -> TimeInterval? {
        let recent = claimOrder.compactMap { id -> (claimed: Date, wait: TimeInterval)? in
            guard let claimed = firstClaimed[id], claimed <= now, let created = tickets[id]?.created else { return nil }
            return (claimed, claimed.timeIntervalSince(created))
        }
        .sorted { $0.claimed < $1.claimed }
        .suffix(count)
        return Report.median(recent.map(\.wait))
    }
}
