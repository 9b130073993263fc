import ConciergeKit
import Foundation

/// `concierge agent …`: the support agents' tools over the shared store.
enum AgentCommand {
    static let usage = """
    concierge agent queue|show T|claim T|say T "TEXT"|resolve T [--note TEXT]|release T [--to-bot]|console  --agent NAME [--store DIR]
    """

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

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["agent", "store", "note", "intents"], flagOptions: ["to-bot"])
        guard let action = a.positionals.first else { throw UsageError("agent needs an action: queue, show, claim, say, resolve, release or console") }
        let (store, timeZone) = try StoreLocation.open(a)
        let rest = Array(a.positionals.dropFirst())
        func agent() throws -> String {
            guard let name = a[option: "agent"], !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw UsageError("'\(action)' needs your name: add --agent NAME, e.g. concierge agent \(action) \(rest.first ?? "T-1001") --agent sam")
            }
            return name
        }
        func ticketID() throws -> String {
            guard let id = rest.first else { throw UsageError("'\(action)' needs a ticket id, e.g. concierge agent \(action) T-1001") }
            return id.uppercased()
        }
        switch action {
        case "queue":
            Output.line(queueText(store, now: Date()))
        case "show":
            let id = try ticketID()
            guard let ticket = store.ticket(id) else { throw HandoffError.unknownTicket(id) }
            Output.line(ticket.rendered(timeZone: timeZone, now: Date()))
        case "claim":
            let ticket = try store.claim(try ticketID(), agent: try agent(), at: Date())
            Output.line("You have \(ticket.id). \(ticket.summary)")
        case "say":
            let id = try ticketID()
            let name = try agent()
            let text = rest.dropFirst().joined(separator: " ")
            guard !text.isEmpty else { throw UsageError("say needs the text, e.g. concierge agent say \(id) \"Hello, I'm looking into it now\" --agent \(name)") }
            try say(text, to: id, as: name, store: store)
            Output.line("Sent to the shopper on \(id).")
        case "resolve":
            try store.resolve(try ticketID(), agent: try agent(), note: a[option: "note"], at: Date())
            Output.line("Resolved. The shopper is asked for a rating.")
        case "release":
            try store.release(try ticketID(), agent: try agent(), toBot: a.has("to-bot"), at: Date())
            Output.line(a.has("to-bot") ? "Handed back to the bot." : "Back in the queue.")
        case "console":
            try console(store: store, agent: try agent(), timeZone: timeZone)
        default:
            throw UsageError("Unknown agent action '\(action)'. Try queue, show, claim, say, resolve, release or console.")
        }
        return 0
    }

    static func say(_ text: String, to id: String, as agent: String, store: HandoffStore) throws {
        guard let ticket = store.ticket(id) else { throw HandoffError.unknownTicket(id) }
        guard ticket.status == .claimed, ticket.agent == agent else { throw HandoffError.notClaimedBy(agent) }
        _ = try store.append(Turn(sender: .agent, text: text, time: Date()), to: id)
    }

    /// One line per waiting ticket, e.g. `1. T-1001  P2  waiting 5 min  shopper left 3 min ago  asked for a person  ann@example.com  …`.
    static func queueText(_ store: HandoffStore, now: Date) -> String {
        let waiting = store.waiting()
        guard !waiting.isEmpty else { return "The queue is empty." }
        return waiting.enumerated().map { i, t in
            let minutes = Int(now.timeIntervalSince(t.created) / 60)
            return "\(i + 1). \(t.id)  P\(t.priority)  waiting \(minutes) min  \(t.presencePhrase(now: now))  \(t.reason.phrase)  \(t.shopper.identity ?? "anonymous")  \(t.summary.prefix(80))"
        }.joined(separator: "\n")
    }

    /// The interactive console: new tickets and the shopper's messages appear as they arrive.
    static func console(store: HandoffStore, agent: String, timeZone: TimeZone) throws {
        let interactive = isatty(0) == 1
        Output.line(help)
        Output.line(queueText(store, now: Date()))
        var current: String?
        var seen = store.lastSequence()
        let reader = LineReader()
        while true {
            let (lines, ended) = reader.next(timeout: 0.25)
            for raw in lines {
                let line = raw.trimmingCharacters(in: .whitespaces)
                let words = line.split(separator: " ", maxSplits: 1).map(String.init)
                do {
                    switch words.first?.lowercased() {
                    case nil: continue
                    case "quit", "exit": return
                    case "help": Output.line(help)
                    case "queue": Output.line(queueText(store, now: Date()))
                    case "show":
                        guard let id = (words.count > 1 ? words[1].uppercased() : current), let t = store.ticket(id) else {
                            Output.line("show which ticket? e.g. show T-1001")
                            continue
                        }
                        Output.line(t.rendered(timeZone: timeZone, now: Date()))
                    case "claim":
                        guard words.count > 1 else { Output.line("claim which ticket? e.g. claim T-1001"); continue }
                        let t = try store.claim(words[1].uppercased(), agent: agent, at: Date())
                        current = t.id
                        Output.line(t.rendered(timeZone: timeZone, now: Date()))
                        Output.line("You have \(t.id). Type to reply to the shopper.")
                    case "resolve":
                        guard let id = current else { Output.line("No open ticket: claim one first."); continue }
                        try store.resolve(id, agent: agent, note: words.count > 1 ? words[1] : nil, at: Date())
                        Output.line("Resolved \(id).")
                        current = nil
                    case "release":
                        guard let id = current else { Output.line("No open ticket: claim one first."); continue }
                        let toBot = words.count > 1 && words[1].lowercased().contains("bot")
                        try store.release(id, agent: agent, toBot: toBot, at: Date())
                        Output.line(toBot ? "Handed \(id) back to the bot." : "Put \(id) back in the queue.")
                        current = nil
                    default:
                        guard let id = current else { Output.line("No open ticket: claim one first (queue lists them)."); continue }
                        try say(line, to: id, as: agent, store: store)
                    }
                } catch {
                    Output.line("\(error)")
                }
            }
            for event in store.events(after: seen) {
                seen = max(seen, event.sequence)
                switch event.change {
                case .opened(let t):
                    Output.line("New ticket \(t.id) (P\(t.priority), \(t.reason.phrase)): \(t.summary.prefix(100))")
                case .message(let id, let turn) where turn.sender == .shopper && id == current:
                    Output.line("Shopper: \(turn.text)")
                case .message(let id, let turn) where turn.sender == .shopper:
                    if store.ticket(id)?.status == .waiting { Output.line("(\(id) waiting) Shopper: \(turn.text)") }
                case .presence(let id, let connected) where id == current || store.ticket(id)?.status == .waiting:
                    Output.line(connected ? "\(id): the shopper is back in the chat." : "\(id): the shopper has left the chat.")
                case .rated(let id, let rating, let comment):
                    Output.line("\(id) rated \(rating)/5\(comment.map { ": \($0)" } ?? "")")
                default:
                    break
                }
            }
            if ended { return }
            _ = interactive
        }
    }
}
