import ConciergeKit
import Foundation

/// The server's one owner of live sessions and connections: it turns each client line into the
/// lines to send back and to push to other connections. No sockets: the server (or a test) feeds
/// it decoded messages and writes out the deliveries.
///
/// Each session has its own lock, so turns in different sessions run in parallel; the tables of
/// sessions and connections are behind one short-held lock.
public final class SessionHub: @unchecked Sendable {
    /// A connection's identifier, issued by ``connect(trusted:)``.
    public typealias ConnectionID = Int

    /// A line for one connection.
    public struct Delivery: Sendable {
        public var connection: ConnectionID
        public var message: ServerMessage

        public init(connection: ConnectionID, message: ServerMessage) {
            self.connection = connection
            self.message = message
        }
    }

    /// What a connection has proved about itself.
    public enum Role: Sendable, Equatable {
        /// A shopper (or a widget bridge): may open sessions and talk in the sessions it opened or resumed.
        case shopper
        /// A shop's backend: as a shopper, and may vouch for a signed-in customer's identity.
        case backend
        /// A support agent: the queue and tickets.
        case agent(String)
    }

    private final class Session: @unchecked Sendable {
        let lock = NSLock()
        var conversation: Conversation
        var connections: Set<ConnectionID> = []
        /// Turns of `conversation.transcript` already in the journal.
        var journaled: Int
        /// The latest journal compaction that has this session in its snapshot (or that began
        /// before the session did).
        var compaction = 0
        /// Set once, when the chat ends: no turn or snapshot is journaled after its end.
        var ended = false
        init(_ c: Conversation) {
            conversation = c
            journaled = c.transcript.count
        }
    }

    private struct ConnectionState {
        var role: Role
        /// The sessions it opened or resumed, by id.
        var sessions: [String: Session] = [:]
        /// Messages in the last second, for rate limiting.
        var windowStart: Date = .distantPast
        var windowCount = 0
    }

    /// How safe a turn is when its answer goes out.
    public enum Durability: String, Sendable, CaseIterable {
        /// In the kernel: a crash or `kill -9` of the server loses nothing answered, and
        /// ``sync()``, called every few milliseconds, puts it on disk. A power cut can lose the
        /// turns answered since the last sync.
        case process
        /// On disk (fsynced): not even a power cut loses an answered turn, but every answer
        /// waits for the disk.
        case disk
    }

    /// The bot and the stores its effects go to.
    public let runner: ChatRunner
    public var bot: Bot { runner.bot }
    /// Told of every effect that could not be applied (a ticket line or a log that failed to write);
    /// the server prints them. Set before the hub is shared.
    public var reportFailure: @Sendable (EffectFailure) -> Void = { _ in }
    /// What ``commit()`` does before answers go out.
    public let durability: Durability
    private let agentToken: String?
    private let agentCredentials: AgentCredentials
    private let backendToken: String?
    private let journal: SessionJournal?
    private let lock = NSLock()
    private var sessions: [String: Session] = [:]
    private var connections: [ConnectionID: ConnectionState] = [:]
    private var nextConnection = 1
    private var handoffSequence = 0
    /// Shopper messages a connection may send per second before being told to slow down.
    public var messagesPerSecond = 20
    /// Sessions a shopper connection may have open at once (a backend carries many shoppers, so
    /// it is not limited): opening sessions must not be a way to fill the server's memory.
    public var sessionsPerShopperConnection = 8
    /// Live sessions the server holds at most; past it, shopper connections can't open more.
    public var maximumSessions = 50_000
    /// How long a chat in which the shopper never said anything may stay before ``endIdleChats(at:)`` ends it.
    public var unusedChatIdleLimit: TimeInterval = 2 * 60
    /// How long a chat may stay silent before ``endIdleChats(at:)`` ends it.
    public var chatIdleLimit: TimeInterval = 30 * 60
    /// The same while the chat has an open ticket (a person may still answer).
    public var chatWithTicketIdleLimit: TimeInterval = 24 * 3600

    /// - Parameters:
    ///   - runner: the shared bot with its order, request and handoff stores.
    ///   - agentToken: a token all agents share, given in `hello` with the agent's name; nil refuses
    ///     agents without their own token. (Weaker than `agentCredentials`: anyone with it can use any name.)
    ///   - agentCredentials: each agent's own token; the name comes from the token.
    ///   - backendToken: the token a shop's backend gives to vouch for identities; nil refuses them.
    ///   - journal: where turns are made durable; sessions in it are restored.
    ///   - durability: how safe a turn is before it is answered; the owner of a hub with
    ///     ``Durability/process`` calls ``sync()`` every few milliseconds.
    ///   - now: when the hub starts; the shoppers of restored sessions with an open ticket count
    ///     as gone from then until they resume.
    public init(runner: ChatRunner, agentToken: String?, agentCredentials: AgentCredentials = AgentCredentials(), backendToken: String?,
                journal: SessionJournal?, durability: Durability = .disk, at now: Date) {
        self.runner = runner
        self.durability = durability
        self.agentToken = agentToken
        self.agentCredentials = agentCredentials
        self.backendToken = backendToken
        self.journal = journal
        if let journal {
            for (id, c) in journal.takeRecovered() {
                sessions[id] = Session(c)
                // Their connections went with the previous process.
                recordPresence(of: c.ticketID, connected: false, at: now)
            }
        }
        handoffSequence = runner.handoff?.lastSequence() ?? 0
    }

    /// Registers a connection. `trusted` connections (standard input and output, owned by the
    /// process that started the server) count as a shop backend from the start.
    public func connect(trusted: Bool = false) -> ConnectionID {
        lock.lock()
        defer { lock.unlock() }
        let id = nextConnection
        nextConnection += 1
        connections[id] = ConnectionState(role: trusted ? .backend : .shopper)
        return id
    }

    /// Forgets a connection; its sessions stay and can be resumed from another connection.
    /// A session left with no connection and an open ticket has its shopper shown to agents as gone.
    /// - Parameter now: when the connection closed.
    public func disconnect(_ id: ConnectionID, at now: Date) {
        lock.lock()
        let state = connections.removeValue(forKey: id)
        let touched = state.map { Array($0.sessions.values) } ?? []
        lock.unlock()
        for s in touched {
            s.lock.lock()
            s.connections.remove(id)
            // Under the session's lock, so a resume from another connection is recorded after this, not before.
            if s.connections.isEmpty && !s.ended { recordPresence(of: s.conversation.ticketID, connected: false, at: now) }
            s.lock.unlock()
        }
    }

    /// Tells the agents' queue whether the shopper of the open ticket `ticketID` (if any) is still in the chat.
    private func recordPresence(of ticketID: String?, connected: Bool, at now: Date) {
        guard let ticketID, let store = runner.handoff else { return }
        do {
            try store.setShopperPresence(ticketID, connected: connected, at: now)
        } catch {
            // Only shown to agents, and nobody here to tell: a store that can't record it fails
            // the next change that matters too, which is reported to whoever made it.
        }
    }

    /// Makes the turns handled so far, and the agents' queue changes they made, as safe as
    /// ``durability`` promises: call once per batch of lines, before writing its answers.
    public func commit() {
        switch durability {
        case .process:
            // The queue's changes are written as they are made; the turns are written here.
            journal?.write()
        case .disk:
            sync()
        }
    }

    /// Makes journaled turns, and the agents' queue changes they made, durable on disk: before
    /// answering with ``Durability/disk``; every few milliseconds, off the answering threads,
    /// with ``Durability/process``; and at exit.
    public func sync() {
        journal?.sync()
        runner.handoff?.sync()
    }

    /// Rewrites the session journal as one line per live session (see ``SessionJournal``) when
    /// it has grown enough, while turns go on; the server calls this now and then, off the
    /// threads that answer.
    public func compactIfNeeded() {
        guard let journal, journal.wantsCompaction else { return }
        // Under the table's lock, so a session opened from now on counts as snapshotted.
        lock.lock()
        guard let number = journal.beginCompaction() else {
            lock.unlock()
            return
        }
        let live = Array(sessions.values)
        lock.unlock()
        var snapshot: [UInt8] = []
        for session in live {
            // Under the session's lock: each change is either in the snapshot or queued after
            // it (and so in the fresh file's tail), never both.
            session.lock.lock()
            if !session.ended {
                snapshot += SessionJournal.snapshotLine(session.conversation)
                session.compaction = number
            }
            session.lock.unlock()
        }
        journal.finishCompaction(snapshot: snapshot)
    }

    /// The number of live sessions.
    public var sessionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sessions.count
    }

    /// Handles one decoded line from `connection`.
    public func handle(_ message: ClientMessage, from connection: ConnectionID, at now: Date) -> [Delivery] {
        func answer(_ m: ServerMessage) -> [Delivery] { [Delivery(connection: connection, message: m)] }
        func refuse(_ e: ProtocolError, session: String? = nil) -> [Delivery] {
            answer(.error(e, id: message.id, session: session))
        }
        lock.lock()
        guard let state = connections[connection] else {
            lock.unlock()
            return []
        }
        let role = state.role
        lock.unlock()

        switch message.body {
        case .ping:
            return answer(ServerMessage(type: "pong", id: message.id))
        case .hello(let wanted, let token, let agent):
            let granted: Role
            switch wanted {
            case "shopper": granted = .shopper
            case "backend":
                guard let backendToken, let token, AgentCredentials.same(token, backendToken) else { return refuse(.badToken) }
                granted = .backend
            case "agent":
                let claimed = agent?.trimmingCharacters(in: .whitespaces)
                if let token, let owner = agentCredentials.agent(for: token) {
                    // The token says who the agent is; a different name is someone else's.
                    if let claimed, !claimed.isEmpty, claimed != owner {
                        return refuse(.notAllowed("this token is \(owner)'s; an agent can only sign in as themselves"))
                    }
                    granted = .agent(owner)
                } else {
                    guard let agentToken, let token, AgentCredentials.same(token, agentToken) else { return refuse(.badToken) }
                    guard let claimed, !claimed.isEmpty else { return refuse(.missingField("agent", type: "hello")) }
                    // A shared token can't vouch for a name that has a token of its own.
                    guard agentCredentials.tokens[claimed] == nil else {
                        return refuse(.notAllowed("\(claimed) signs in with their own token"))
                    }
                    granted = .agent(claimed)
                }
            default:
                return refuse(.notAllowed("role must be shopper, backend or agent"))
            }
            lock.lock()
            connections[connection]?.role = granted
            lock.unlock()
            var m = ServerMessage(type: "welcome", id: message.id)
            m.role = wanted
            return answer(m)
        case .open(let resume, let after, let customer):
            if case .agent = role { return refuse(.notAllowed("agent connections can't open shopper sessions")) }
            if customer != nil, role != .backend {
                return refuse(.notAllowed("only a shop backend (hello with the backend token) can vouch for a customer; a shopper verifies with an order number and e-mail instead"))
            }
            if resume == nil, role == .shopper {
                // Opening counts as a message, and a shopper connection holds a few sessions at most.
                guard allow(connection, now) else { return refuse(.rateLimited) }
                lock.lock()
                let held = connections[connection]?.sessions.count ?? 0, total = sessions.count
                lock.unlock()
                if held >= sessionsPerShopperConnection { return refuse(.tooManySessions(limit: sessionsPerShopperConnection)) }
                if total >= maximumSessions { return refuse(.tooManySessions(limit: maximumSessions)) }
            }
            return open(resume: resume, after: after, customer: customer, connection: connection, requestID: message.id, now: now)
        case .message(let id, let text):
            if case .agent = role { return refuse(.notAllowed("agents reply with 'say' on a ticket")) }
            guard let session = attached(id, connection) else { return refuse(.unknownSession, session: id) }
            guard allow(connection, now) else { return refuse(.rateLimited, session: id) }
            return turn(session, text: text, requestID: message.id, now: now) ?? refuse(.unknownSession, session: id)
        case .close(let id):
            guard let session = attached(id, connection) else { return refuse(.unknownSession, session: id) }
            end(id, session, at: now)
            lock.lock()
            connections[connection]?.sessions[id] = nil
            lock.unlock()
            return answer(ServerMessage(type: "closed", id: message.id, session: id))
        case .queue, .show, .claim, .say, .resolve, .release:
            guard case .agent(let name) = role else {
                return refuse(.notAllowed("only agents can see or act on tickets; say hello with the agent token first"))
            }
            return agentAction(message, agent: name, connection: connection, now: now)
        }
    }

    private func allow(_ connection: ConnectionID, _ now: Date) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard var s = connections[connection] else { return false }
        if now.timeIntervalSince(s.windowStart) >= 1 {
            s.windowStart = now
            s.windowCount = 0
        }
        s.windowCount += 1
        connections[connection] = s
        // Backends carry many shoppers on one connection, so only shopper connections are limited.
        return s.role != .shopper || s.windowCount <= messagesPerSecond
    }

    /// Ends a chat: it is logged for the report and forgotten (an ended chat can't be resumed),
    /// so a long-running server keeps only live chats in memory, and a restart doesn't bring it
    /// back.
    /// - Returns: the connections that had it open.
    @discardableResult
    private func end(_ id: String, _ session: Session, at now: Date) -> Set<ConnectionID> {
        session.lock.lock()
        guard !session.ended else {
            // Ended meanwhile by another connection's `close`, or for being idle.
            session.lock.unlock()
            return []
        }
        session.ended = true
        let c = session.conversation
        let attachedConnections = session.connections
        session.connections = []
        journal?.recordClosed(id, compaction: session.compaction)
        session.lock.unlock()
        for failure in runner.finish(c, at: now) { reportFailure(failure) }
        lock.lock()
        sessions[id] = nil
        for other in attachedConnections { connections[other]?.sessions[id] = nil }
        lock.unlock()
        recordPresence(of: c.ticketID, connected: false, at: now)
        return attachedConnections
    }

    /// Ends the chats silent for longer than ``chatIdleLimit`` (``chatWithTicketIdleLimit`` while
    /// a ticket of theirs is open, ``unusedChatIdleLimit`` when the shopper never wrote), as a `close` would: most shoppers leave a chat by leaving the
    /// page, and the manager's report counts a chat once it ends. The server calls this now and
    /// then; connections that still had such a chat open are told with a `closed` line.
    public func endIdleChats(at now: Date) -> [Delivery] {
        lock.lock()
        let all = sessions
        lock.unlock()
        var out: [Delivery] = []
        for (id, session) in all {
            session.lock.lock()
            let last = session.conversation.transcript.last?.time ?? now
            let unused = !session.conversation.transcript.contains { $0.sender == .shopper }
            let limit = unused ? unusedChatIdleLimit : session.conversation.ticketID == nil ? chatIdleLimit : chatWithTicketIdleLimit
            session.lock.unlock()
            guard now.timeIntervalSince(last) > limit else { continue }
            for connection in end(id, session, at: now).sorted() {
                out.append(Delivery(connection: connection, message: ServerMessage(type: "closed", session: id)))
            }
        }
        return out
    }

    /// The session if `connection` has opened or resumed it.
    private func attached(_ id: String, _ connection: ConnectionID) -> Session? {
        lock.lock()
        defer { lock.unlock() }
        return connections[connection]?.sessions[id]
    }

    private func open(resume: String?, after: Int?, customer: String?, connection: ConnectionID, requestID: String?, now: Date) -> [Delivery] {
        if let resume {
            lock.lock()
            let session = sessions[resume]
            if let session { connections[connection]?.sessions[resume] = session }
            lock.unlock()
            guard let session else { return [Delivery(connection: connection, message: .error(.unknownSession, id: requestID, session: resume))] }
            session.lock.lock()
            if session.connections.isEmpty && !session.ended { recordPresence(of: session.conversation.ticketID, connected: true, at: now) }
            session.connections.insert(connection)
            let c = session.conversation
            session.lock.unlock()
            var m = ServerMessage(type: "opened", id: requestID, session: resume)
            m.seq = c.transcript.count
            // Everything said to the shopper after `after`, so a reconnecting client misses nothing.
            let start = min(max(after ?? c.transcript.count, 0), c.transcript.count)
            m.replies = c.transcript[start...].filter { $0.sender != .shopper }.map { turn in
                WireReply(Reply(kind: turn.kind ?? (turn.sender == .agent ? .agent : .answer), text: turn.text,
                                quickReplies: turn.quickReplies ?? [], intent: turn.intent, confidence: turn.confidence))
            }
            return [Delivery(connection: connection, message: m)]
        }
        let id = Self.newSessionID()
        let opened = runner.start(id: id, customer: customer, at: now)
        for failure in opened.failures { reportFailure(failure) }
        let (c, replies) = (opened.conversation, opened.replies)
        let session = Session(c)
        session.connections.insert(connection)
        session.journaled = 0
        lock.lock()
        // Journaled as it becomes visible, so a compaction either finds it in the journal (and
        // snapshots it) or counts it as snapshotted already.
        session.compaction = journal?.compaction ?? 0
        session.lock.lock()
        recordChanges(session)
        session.lock.unlock()
        sessions[id] = session
        connections[connection]?.sessions[id] = session
        lock.unlock()
        var m = ServerMessage(type: "opened", id: requestID, session: id)
        m.seq = c.transcript.count
        m.replies = replies.map(WireReply.init)
        return [Delivery(connection: connection, message: m)]
    }

    /// The bot's turn in `session`; nil when the chat has just ended.
    private func turn(_ session: Session, text: String, requestID: String?, now: Date) -> [Delivery]? {
        session.lock.lock()
        guard !session.ended else {
            session.lock.unlock()
            return nil
        }
        // Move the conversation out so the bot holds its only copy: appending to a shared
        // transcript would copy all of it, every turn.
        var current = Conversation(id: "")
        swap(&current, &session.conversation)
        let exchange = runner.respond(to: text, in: consume current, at: now)
        for failure in exchange.failures { reportFailure(failure) }
        let (c, replies) = (exchange.conversation, exchange.replies)
        session.conversation = c
        recordChanges(session)
        let targets = session.connections
        session.lock.unlock()
        var m = ServerMessage(type: "reply", id: requestID, session: c.id)
        m.seq = c.transcript.count
        m.replies = replies.map(WireReply.init)
        if let ticket = c.ticketID, replies.contains(where: { $0.kind == .handoff }) {
            m.ticket = ticket
            m.position = runner.handoff?.position(of: ticket)
            m.waitSeconds = runner.handoff?.estimatedWait(at: now).map { Int($0) }
        }
        return targets.sorted().map { Delivery(connection: $0, message: m) }
    }

    /// Queues the session's new turns and state for the journal; call under `session.lock`, in
    /// the same hold as the change.
    private func recordChanges(_ session: Session) {
        guard let journal, !session.ended else { return }
        let c = session.conversation
        let from = min(session.journaled, c.transcript.count)
        session.journaled = c.transcript.count
        journal.record(c, newTurns: c.transcript[from...], compaction: session.compaction)
    }

    /// 128 random bits as hex: a session id is also the bearer secret for resuming it.
    static func newSessionID() -> String {
        var g = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        // Written digit by digit: `String(format:)` cost a tenth of opening a chat.
        return String(unsafeUninitializedCapacity: 32) { out in
            for (half, word) in [g.next() as UInt64, g.next() as UInt64].enumerated() {
                for i in 0..<16 { out[half * 16 + i] = digits[Int(word >> UInt64(60 - 4 * i) & 0xf)] }
            }
            return 32
        }
    }

    // MARK: Agents

    private func agentAction(_ message: ClientMessage, agent: String, connection: ConnectionID, now: Date) -> [Delivery] {
        guard let store = runner.handoff else {
            return [Delivery(connection: connection, message: .error(.failed("this server has no agent queue"), id: message.id))]
        }
        let desk = AgentDesk(store: store, timeZone: bot.profile.timeZone)
        var m = ServerMessage(type: "ok", id: message.id)
        do throws(HandoffError) {
            switch message.body {
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
        } catch {
            return [Delivery(connection: connection, message: .error(.failed(error.description), id: message.id))]
        }
        return [Delivery(connection: connection, message: m)] + poll(at: now)
    }

    // MARK: Pushes

    /// What changed in the agent queue since the last call: agent messages and notices pushed to
    /// the shopper's connections, new tickets and shopper messages pushed to agents. The server
    /// calls this on a short timer and after agent actions.
    public func poll(at now: Date) -> [Delivery] {
        guard let store = runner.handoff else { return [] }
        lock.lock()
        let events = store.events(after: handoffSequence)
        if let last = events.last { handoffSequence = max(handoffSequence, last.sequence) }
        let agents = connections.compactMap { id, s -> (ConnectionID, String)? in
            if case .agent(let name) = s.role { return (id, name) }
            return nil
        }
        lock.unlock()
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
            lock.lock()
            let session = sessions[sessionID]
            lock.unlock()
            guard let session else { continue }
            session.lock.lock()
            let shown = runner.notices(for: session.conversation, at: now)
            let (c, replies) = (shown.conversation, shown.replies)
            session.conversation = c
            if !replies.isEmpty { recordChanges(session) }
            let targets = session.connections
            session.lock.unlock()
            guard !replies.isEmpty else { continue }
            var m = ServerMessage(type: "reply", session: sessionID)
            m.seq = c.transcript.count
            m.replies = replies.map(WireReply.init)
            out += targets.sorted().map { Delivery(connection: $0, message: m) }
        }
        return out
    }
}
