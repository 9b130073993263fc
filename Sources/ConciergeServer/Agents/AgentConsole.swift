import ConciergeKit
import Foundation

/// The agents' desk in a terminal (`concierge agent console`): each typed line is a command, or a
/// message to the shopper of the ticket the agent has open, and what happens in the queue
/// meanwhile (new tickets, the shopper's messages, a shopper leaving) is shown as it arrives.
///
/// Lines in, lines out: the terminal reads and prints them, a test calls it directly.
public struct AgentConsole {
    static let help = """
    Agent console. Type a command:
      queue              waiting tickets by priority and wait
      show T             a ticket's summary, facts and transcript
      claim T            take a ticket (its shopper's messages then show here as they arrive)
      TEXT               anything else is sent to the shopper of the ticket you have open
      resolve [NOTE]     resolve the open ticket
      release [bot]      put the open ticket back in the queue (or back to the bot)
      quit               leave
    """

    public let desk: AgentDesk
    public let agent: String
    /// The ticket the agent claimed here and has not resolved or released yet.
    public private(set) var current: String?
    /// The last event of the queue already looked at.
    private var seen: Int

    public init(desk: AgentDesk, agent: String) {
        self.desk = desk
        self.agent = agent
        seen = desk.store.lastSequence()
    }

    /// What to show first: the help and the queue.
    public func greeting(now: Date) -> [String] {
        [Self.help, desk.queueText(now: now)]
    }

    /// Handles one typed line.
    /// - Returns: the lines to show, or nil when the agent leaves.
    public mutating func handle(_ typed: String, at now: Date) -> [String]? {
        let store = desk.store
        let line = typed.trimmingCharacters(in: .whitespaces)
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        do {
            switch words.first?.lowercased() {
            case nil: return []
            case "quit", "exit": return nil
            case "help": return [Self.help]
            case "queue": return [desk.queueText(now: now)]
            case "show":
                guard let id = (words.count > 1 ? words[1].uppercased() : current), store.ticket(id) != nil else {
                    return ["show which ticket? e.g. show T-1001"]
                }
                return [try desk.show(id, now: now)]
            case "claim":
                guard words.count > 1 else { return ["claim which ticket? e.g. claim T-1001"] }
                let t = try store.claim(words[1].uppercased(), agent: agent, at: now)
                current = t.id
                return [t.rendered(timeZone: desk.timeZone, now: now), "You have \(t.id). Type to reply to the shopper."]
            case "resolve":
                guard let id = current else { return ["No open ticket: claim one first."] }
                try store.resolve(id, agent: agent, note: words.count > 1 ? words[1] : nil, at: now)
                current = nil
                return ["Resolved \(id)."]
            case "release":
                guard let id = current else { return ["No open ticket: claim one first."] }
                let toBot = words.count > 1 && words[1].lowercased().contains("bot")
                try store.release(id, agent: agent, toBot: toBot, at: now)
                current = nil
                return [toBot ? "Handed \(id) back to the bot." : "Put \(id) back in the queue."]
            default:
                guard let id = current else { return ["No open ticket: claim one first (queue lists them)."] }
                try desk.say(line, on: id, as: agent, at: now)
                return []
            }
        } catch {
            return ["\(error)"]
        }
    }

    /// What happened in the queue since the last call that this agent should see: new tickets,
    /// messages from the shopper of the open ticket (or of a waiting one), a shopper leaving or
    /// coming back, ratings.
    public mutating func notices() -> [String] {
        let store = desk.store
        var out: [String] = []
        for event in store.events(after: seen) {
            seen = max(seen, event.sequence)
            switch event.change {
            case .opened(let t):
                out.append("New ticket \(t.id) (P\(t.priority), \(t.reason.phrase)): \(t.summary.prefix(100))")
            case .message(let id, let turn) where turn.sender == .shopper && id == current:
                out.append("Shopper: \(turn.text)")
            case .message(let id, let turn) where turn.sender == .shopper:
                if store.ticket(id)?.status == .waiting { out.append("(\(id) waiting) Shopper: \(turn.text)") }
            case .presence(let id, let connected) where id == current || store.ticket(id)?.status == .waiting:
                out.append(connected ? "\(id): the shopper is back in the chat." : "\(id): the shopper has left the chat.")
            case .detailsAdded(let id, let details) where id == current || store.ticket(id)?.status == .waiting:
                let facts = details.facts.keys.sorted().map { "\($0): \(details.facts[$0] ?? "")" }
                out.append("\(id): the shopper added " + (facts + details.orders.map { "order #\($0.id) (verified)" }).joined(separator: ", ") + ".")
            case .rated(let id, let rating, let comment):
                out.append("\(id) rated \(rating)/5\(comment.map { ": \($0)" } ?? "")")
            default:
                break
            }
        }
        return out
    }
}
