import Foundation

extension Report {
    /// The agents' queue at the report's `now`: the tickets waiting for an agent and how old they are.
    public struct Backlog: Codable, Sendable, Equatable {
        /// Tickets waiting for an agent: opened (or put back in the queue) and not claimed since.
        public var waiting: Int
        /// The longest-waiting ticket and its age (from its opening), nil when none waits.
        public var oldestTicket: String?
        public var oldestAge: TimeInterval?
        /// The waiting tickets by age, youngest band first; every band is listed, empty or not.
        public var byAge: [AgeBand]

        /// Tickets of an age from ``from`` (included) to ``to`` (excluded; nil for no limit), in seconds.
        public struct AgeBand: Codable, Sendable, Equatable {
            public var from: TimeInterval
            public var to: TimeInterval?
            public var count: Int

            public init(from: TimeInterval, to: TimeInterval?, count: Int) {
                self.from = from
                self.to = to
                self.count = count
            }
        }

        /// Where the age bands meet: under 5 minutes, 5 to 30, 30 minutes to 2 hours, and over 2 hours.
        public static let bandLimits: [TimeInterval] = [5 * 60, 30 * 60, 2 * 3600]

        public init(waiting: Int, oldestTicket: String?, oldestAge: TimeInterval?, byAge: [AgeBand]) {
            self.waiting = waiting
            self.oldestTicket = oldestTicket
            self.oldestAge = oldestAge
            self.byAge = byAge
        }

        /// The backlog of `tickets`, all waiting at `now`.
        init(waiting tickets: [Ticket], now: Date) {
            let oldest = tickets.min { ($0.created, $0.number ?? 0) < ($1.created, $1.number ?? 0) }
            let ages = tickets.map { now.timeIntervalSince($0.created) }
            let starts = [0] + Self.bandLimits
            let ends = Self.bandLimits.map(Optional.some) + [nil]
            self.init(waiting: tickets.count, oldestTicket: oldest?.id, oldestAge: oldest.map { now.timeIntervalSince($0.created) },
                      byAge: zip(starts, ends).map { from, to in
                          AgeBand(from: from, to: to, count: ages.filter { age in age >= from && to.map { age < $0 } ?? true }.count)
                      })
        }
    }

    /// When each ticket joined and left the agents' queue, replayed from the journal's events up to a moment.
    struct Queue {
        /// When each ticket's first wait ended: its first claim, or the shopper giving up before one.
        private(set) var firstWaitEnded: [String: Date] = [:]
        /// The tickets waiting for an agent at that moment.
        private(set) var waiting: Set<String> = []

        init(_ events: [HandoffEvent], until now: Date) {
            for event in events where event.time <= now {
                switch event.change {
                case .opened(let ticket):
                    waiting.insert(ticket.id)
                case .claimed(let id, _), .withdrawn(let id):
                    waiting.remove(id)
                    if firstWaitEnded[id] == nil { firstWaitEnded[id] = event.time }
                case .released(let id, _, let toBot):
                    if toBot { waiting.remove(id) } else { waiting.insert(id) }
                case .resolved(let id, _, _):
                    waiting.remove(id)
                case .message, .rated, .conversationLogged, .presence, .detailsAdded:
                    break
                }
            }
        }
    }
}
