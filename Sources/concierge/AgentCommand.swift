import ConciergeKit
import ConciergeServer
import Foundation

/// `concierge agent …`: the support agents' tools over the shared store.
enum AgentCommand {
    static let usage = """
    concierge agent queue|show T|claim T|say T "TEXT"|resolve T [--note TEXT]|release T [--to-bot]|console  --agent NAME [--store DIR]
    """

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["agent", "store", "note", "intents"], flagOptions: ["to-bot"])
        guard let action = a.positionals.first else { throw UsageError("agent needs an action: queue, show, claim, say, resolve, release or console") }
        let (store, timeZone) = try StoreLocation.open(a)
        let desk = AgentDesk(store: store, timeZone: timeZone)
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
            Output.line(desk.queueText(now: Date()))
        case "show":
            Output.line(try desk.show(try ticketID(), now: Date()))
        case "claim":
            let ticket = try store.claim(try ticketID(), agent: try agent(), at: Date())
            Output.line("You have \(ticket.id). \(ticket.summary)")
        case "say":
            let id = try ticketID()
            let name = try agent()
            let text = rest.dropFirst().joined(separator: " ")
            guard !text.isEmpty else { throw UsageError("say needs the text, e.g. concierge agent say \(id) \"Hello, I'm looking into it now\" --agent \(name)") }
            try desk.say(text, on: id, as: name, at: Date())
            Output.line("Sent to the shopper on \(id).")
        case "resolve":
            try store.resolve(try ticketID(), agent: try agent(), note: a[option: "note"], at: Date())
            Output.line("Resolved. The shopper is asked for a rating.")
        case "release":
            try store.release(try ticketID(), agent: try agent(), toBot: a.has("to-bot"), at: Date())
            Output.line(a.has("to-bot") ? "Handed back to the bot." : "Back in the queue.")
        case "console":
            console(AgentConsole(desk: desk, agent: try agent()))
        default:
            throw UsageError("Unknown agent action '\(action)'. Try queue, show, claim, say, resolve, release or console.")
        }
        return 0
    }

    /// The interactive console: new tickets and the shopper's messages appear as they arrive.
    static func console(_ console: AgentConsole) {
        var console = console
        console.greeting(now: Date()).forEach(Output.line)
        let reader = LineReader()
        while true {
            let (lines, ended) = reader.next(timeout: 0.25)
            for line in lines {
                guard let shown = console.handle(line, at: Date()) else { return }
                shown.forEach(Output.line)
            }
            console.notices().forEach(Output.line)
            if ended { return }
        }
    }
}
