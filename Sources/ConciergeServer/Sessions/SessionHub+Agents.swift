import ConciergeKit
import Foundation

/// The agents' side of the hub: their actions on tickets (through the ``AgentDesk``), and what
/// changed in the queue pushed to agents and to the shoppers concerned.
extension SessionHub {
    func agentAction(_ message: ClientMessage, agent: String, connection: ConnectionID, now: Date) -> [Delivery] {
        guard let store = runner.handoff else {
            return [Delivery(connection: connection, message: .error(.failed("this server has no agent queue"), id: message.id))]
        }
        do throws(HandoffError) {
            var m = try act(message.body, agent: agent, store: store, now: now)
            m.id = message.id
            return [Delivery(connection: connection, message: m)] + poll(at: now)
        } catch {
            return [Delivery(connection: connection, message: .error(.failed(error.description), id: message.id))]
        }
    }

    /// Does what `agent` asked of the queue (``ClientMessage/Body/queue`` and the ticket actions)
    /// through the ``AgentDesk``, the same for an agent connection and the web inbox, whose
    /// sign-in proved the name. The caller then sends ``poll(at:)``'s deliveries, so the shopper
    /// hears of it.
    /// - Returns: the answer, without an `id`.
    /// - Throws: ``HandoffError`` when the queue refuses (claimed by someone else, not yours, closed).
    func act(_ body: ClientMessage.Body, agent: String, store: HandoffStore, now: Date) throws(HandoffError) -> ServerMessage {
        let desk = AgentDesk(store: store, timeZone: bot.profile.timeZone)
        var m = ServerMessage(type: "ok")
        switch body {
        case .queue:
            m.type = "queue"
            m.tickets = store.waiting().map { t in
                WireTicket(id: t.id, priority: t.priority, reason: t.reason.rawValue, status: t.status.rawValue,
                           waitingSeconds: Int(now.timeIntervalSince(t.created)), summary: t.summary)
            }
        case .show(let id):
            m.detail = try desk.show(id, now: now)
            m.type = "ticket"
            m.ticket = id
        case .claim(let id):
            let t = try store.claim(id, agent: agent, at: now)
            m.ticket = t.id
            m.detail = t.rendered(timeZone: desk.timeZone, now: now)
        case .say(let id, let text):
            try desk.say(text, on: id, as: agent, at: now)
            m.ticket = id
        case .resolve(let id, let note):
            try store.resolve(id, agent: agent, note: note, at: now)
            m.ticket = id
        case .release(let id, let toBot):
            try store.release(id, agent: agent, toBot: toBot, at: now)
            m.ticket = id
        default:
            break
        }
        return m
    }

    /// The agent an agent token belongs to, from the same ``AgentCredentials`` that `hello`
    /// checks; nil for any other token (the shared `--agent-token` names nobody).
    func agentName(forToken token: String) -> String? {
        agentCredentials.agent(for: token)
    }

    /// Whether agents have tokens of their own here (`--agent-tokens`): the web inbox signs in with nothing else.
    var hasAgentTokens: Bool {
        !agentCredentials.tokens.isEmpty
    }

    /// What changed in the agent queue since the last call: agent messages and notices pushed to
    /// the shopper's connections, new tickets and shopper messages pushed to agents. The server
    /// calls this on a short timer and after agent actions.
    public func poll(at now: Date) -> [Delivery] {
        guard let store = runner.handoff else { return [] }
        let (events, agents) = tables.withLock { t in
            let events = store.events(after: t.handoffSequence)
            if let last = events.last { t.handoffSequence = max(t.handoffSequence, last.sequence) }
            let agents = t.connections.compactMap { id, s -> (ConnectionID, String)? in
                if case .agent(let name) = s.role { return (id, name) }
                return nil
            }
            return (events, agents)
        }
        guard !events.isEmpty else { return [] }
        var out: [Delivery] = []
        var touched = Set<String>()
        for event in events {
            switch event.change {
            case .opened(let t):
                var m = ServerMessage(type: "ticket_opened")
                m.ticket = t.id
                m.text = t.summary
                m.position = store.position(of: t.id)
                out += agents.map { Delivery(connection: $0.0, message: m) }
            case .message(let id, let turn) where turn.sender == .shopper:
                if let t = store.ticket(id) {
                    var m = ServerMessage(type: "shopper_message")
                    m.ticket = id
                    m.text = turn.text
                    for (conn, name) in agents where t.agent == nil || t.agent == name {
                        out.append(Delivery(connection: conn, message: m))
                    }
                }
            default:
                break
            }
            if let id = event.ticketID, let t = store.ticket(id) { touched.insert(t.conversationID) }
        }
        for sessionID in touched {
            guard let session = tables.withLock({ $0.sessions[sessionID] }) else { continue }
            let (c, replies, targets) = session.state.withLock { s in
                let shown = runner.notices(for: s.conversation, at: now)
                s.conversation = shown.conversation
                if !shown.replies.isEmpty { recordChanges(&s) }
                return (shown.conversation, shown.replies, s.connections)
            }
            guard !replies.isEmpty else { continue }
            var m = ServerMessage(type: "reply", session: sessionID)
            m.seq = c.transcript.count
            m.replies = replies.map(WireReply.init)
            out += targets.sorted().map { Delivery(connection: $0, message: m) }
        }
        return out
    }
}
