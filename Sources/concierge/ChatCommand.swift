import ConciergeKit
import Foundation

/// `concierge chat`: the shopper's chat in the terminal. With piped input it prints only the
/// bot's replies, so conversations can be scripted.
enum ChatCommand {
    static let usage = "concierge chat [--intents DIR] [--orders FILE] [--customer EMAIL] [--store DIR]  chat with the bot in the terminal (/help for commands)"

    static let help = """
    Type your question and press Enter. Type a number to pick one of the numbered options.
      /explain   show why the bot answered your last message as it did
      /restart   start a new conversation
      /help      show this help
      /quit      leave (Ctrl-D works too)
    """

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ShopSetup.valueOptions.union(["customer"]), flagOptions: [])
        guard a.positionals.isEmpty else { throw UsageError("chat takes no arguments besides options; did you mean 'concierge explain \"\(a.positionals.joined(separator: " "))\"'?") }
        let runner = try ShopSetup(a).runner
        if let customer = a[option: "customer"], EntityScanner().scan(customer).entities.emails.isEmpty {
            throw UsageError("--customer takes the signed-in shopper's e-mail address, e.g. --customer jo@example.com")
        }
        let interactive = isatty(0) == 1
        var session = ChatSession(runner: runner, interactive: interactive, customer: a[option: "customer"])
        session.begin()
        let reader = LineReader()
        if interactive { prompt() }
        loop: while true {
            let (lines, ended) = reader.next(timeout: 0.25)
            for line in lines {
                if !session.handle(line) { break loop }
                if interactive { prompt() }
            }
            if session.poll() && interactive { prompt() }
            if ended {
                // Piped input: stay a moment for a person's reply if one is on its way.
                if session.waitingForPerson, let wait = ProcessInfo.processInfo.environment["CONCIERGE_WAIT_FOR_AGENT"].flatMap(Double.init) {
                    let deadline = Date().addingTimeInterval(wait)
                    while Date() < deadline && session.waitingForPerson {
                        _ = session.poll()
                        Thread.sleep(forTimeInterval: 0.1)
                    }
                }
                break
            }
        }
        session.end()
        return 0
    }
}

private func prompt() {
    FileHandle.standardOutput.write(Data("you> ".utf8))
}

/// The state of one terminal chat: the conversation and the last message, for /explain.
struct ChatSession {
    let runner: ChatRunner
    var bot: Bot { runner.bot }
    let interactive: Bool
    let customer: String?
    var conversation = Conversation(id: "")
    var lastMessage: String?

    init(runner: ChatRunner, interactive: Bool, customer: String?) {
        self.runner = runner
        self.interactive = interactive
        self.customer = customer
    }

    mutating func begin() {
        // One person at one terminal: failed order look-ups count across `/restart`.
        let opened = runner.start(id: UUID().uuidString, customer: customer, client: "terminal", at: Date())
        report(opened.failures)
        conversation = opened.conversation
        let replies = opened.replies
        lastMessage = nil
        show(replies)
        if interactive { Output.line("(type /help for commands)") }
    }

    /// Handles one typed line; false when the shopper quits.
    mutating func handle(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        switch text.lowercased() {
        case "/quit", "/exit", "/q":
            return false
        case "/help":
            Output.line(ChatCommand.help)
            return true
        case "/restart":
            end()
            begin()
            return true
        case "/explain":
            if let lastMessage {
                Output.line(Explanation.render(bot.matcher.explain(lastMessage)))
            } else {
                Output.line("Nothing to explain yet: type a message first.")
            }
            return true
        default:
            break
        }
        if text.hasPrefix("/") {
            Output.line("Unknown command '\(text)'. Commands: /explain, /restart, /help, /quit.")
            return true
        }
        guard !text.isEmpty else { return true }
        // The same limit as the web widget and the line protocol: a pasted book is no message.
        if text.utf8.count > ProtocolCodec.maximumTextLength && text.count > ProtocolCodec.maximumTextLength {
            Output.line("That message is too long (over \(ProtocolCodec.maximumTextLength) characters). Please send a shorter one.")
            return true
        }
        if let n = Int(text), (1...max(1, conversation.choices.count)).contains(n), n <= conversation.choices.count {
            lastMessage = conversation.choices[n - 1].label
        } else {
            lastMessage = text
        }
        let exchange = runner.respond(to: text, in: conversation, at: Date())
        report(exchange.failures)
        conversation = exchange.conversation
        show(exchange.replies)
        return true
    }

    /// Shows what arrived from the shop's team since last time; true when something was shown.
    mutating func poll() -> Bool {
        let shown = runner.notices(for: conversation, at: Date())
        conversation = shown.conversation
        let replies = shown.replies
        if !replies.isEmpty && interactive { Output.line("") }
        show(replies)
        return !replies.isEmpty
    }

    /// Whether a person has the conversation or is about to.
    var waitingForPerson: Bool { conversation.ticketID != nil }

    /// Records how the conversation ended, for the manager's report; an agent working its ticket
    /// sees that the shopper has gone.
    func end() {
        let now = Date()
        if let id = conversation.ticketID, let handoff = runner.handoff {
            do {
                try handoff.setShopperPresence(id, connected: false, at: now)
            } catch {
                Output.error("The team's queue could not record that you left: \(error)")
            }
        }
        report(runner.finish(conversation, at: now))
    }

    /// Effects that failed (a ticket line, a log that couldn't be written) go to standard error.
    private func report(_ failures: [EffectFailure]) {
        for failure in failures { Output.error("\(failure)") }
    }

    private func show(_ replies: [Reply]) {
        let name = bot.profile.name
        for reply in replies {
            let speaker = reply.kind == .agent ? "\(name) team" : name
            Output.line("\(speaker): \(reply.text)")
            for (i, option) in reply.quickReplies.enumerated() { Output.line("  \(i + 1). \(option)") }
        }
    }
}
