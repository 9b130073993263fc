import ConciergeKit
import Foundation

/// The server's one owner of live sessions and connections: it turns each client line into the
/// lines to send back and to push to other connections. No sockets: the server (or a test) feeds
/// it decoded messages and writes out the deliveries.
///
/// Its table of sessions and connections is the one every transport uses: a line-protocol
/// connection and a browser's (which carries the web bridge's ``WebSession``, see
/// `SessionHub+Browsers.swift`) are both connections in it.
///
/// Each session's state is behind its own lock, so turns in different sessions run in parallel;
/// the tables of sessions and connections are behind one short-held lock.
public final class SessionHub: Sendable {
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

    /// A live chat. Its turns run one at a time, each holding the session's lock.
    final class Session: Sendable {
        struct State {
            var conversation: Conversation
            var connections: Set<ConnectionID> = []
            /// Turns of `conversation.transcript` already in the journal.
            var journaled: Int
            /// The latest journal compaction that has this session in its snapshot (or that began
            /// before the session did).
            var compaction = 0
            /// Set once, when the chat ends: no turn or snapshot is journaled after its end.
            var ended = false
        }

        let state: Protected<State>
        /// The session's id (its conversation's), readable without the lock.
        let id: String

        init(_ c: Conversation, journaled: Int? = nil) {
            id = c.id
            state = Protected(State(conversation: c, journaled: journaled ?? c.transcript.count))
        }
    }

    struct ConnectionState {
        var role: Role
        /// Who is on the other end (its network address), so failed order look-ups count across
        /// every chat it opens; nil for a backend, which carries many shoppers.
        var client: String?
        /// The sessions it opened or resumed, by id.
        var sessions: [String: Session] = [:]
        /// Shopper messages (and opens) it may still send now.
        var messages = TokenBucket()
        /// For a browser's connection, the web bridge's state of its one session: the messages
        /// kept for replays, and the event streams.
        var browser: Browser?
    }

    /// What the server holds open at most, and for how long.
    public struct Limits: Sendable {
        /// Shopper messages a connection may send per second (and at once) before being told to slow down.
        public var messagesPerSecond = 20
        /// Sessions a shopper connection may have open at once (a backend carries many shoppers, so
        /// it is not limited): opening sessions must not be a way to fill the server's memory.
        public var sessionsPerShopperConnection = 8
        /// Live sessions the server holds at most; past it, shopper connections can't open more.
        public var maximumSessions = 50_000
        /// How long a chat in which the shopper never said anything may stay before ``SessionHub/endIdleChats(at:)`` ends it.
        public var unusedChatIdleLimit: TimeInterval = 2 * 60
        /// How long a chat may stay silent before ``SessionHub/endIdleChats(at:)`` ends it.
        public var chatIdleLimit: TimeInterval = 30 * 60
        /// The same while the chat has an open ticket (a person may still answer).
        public var chatWithTicketIdleLimit: TimeInterval = 24 * 3600

        public init() {}
    }

    /// The hub's shared tables.
    struct Tables {
        var sessions: [String: Session] = [:]
        var connections: [ConnectionID: ConnectionState] = [:]
        var nextConnection = 1
        /// The agents' queue's last event already pushed.
        var handoffSequence = 0
        var limits = Limits()
        /// Connections that carry a browser's session, by web bridge.
        var browsers: [ObjectIdentifier: Int] = [:]

        /// Runs `body` on the state of `connection` in place; nil when it is gone. (Through
        /// `connections[connection]?` the dictionary takes the state out and puts it back,
        /// hashing twice: a thousand instructions a message.)
        /// What `body` reads from the state of `connection`, without copying it out; nil when it is gone.
        func reading<R>(_ connection: ConnectionID, _ body: (ConnectionState) -> R) -> R? {
            guard let i = connections.index(forKey: connection) else { return nil }
            return body(connections.values[i])
        }

        @discardableResult
        mutating func changing<R>(_ connection: ConnectionID, _ body: (inout ConnectionState) -> R) -> R? {
            guard let i = connections.index(forKey: connection) else { return nil }
            return body(&connections.values[i])
        }
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
    /// Told of every effect that could not be applied (a ticket line or a log that failed to
    /// write); the server prints them.
    let reportFailure: @Sendable (EffectFailure) -> Void
    /// What ``commit()`` does before answers go out.
    public let durability: Durability
    private let agentToken: String?
    let agentCredentials: AgentCredentials
    private let backendToken: String?
    let journal: SessionJournal?
    let tables = Protected(Tables())

    /// What the server holds open at most, and for how long; change them before the hub is shared.
    public var limits: Limits {
        get { tables.withLock { $0.limits } }
        set { tables.withLock { $0.limits = newValue } }
    }

    /// - Parameters:
    ///   - runner: the shared bot with its order, request and handoff stores.
    ///   - agentToken: a token all agents share, given in `hello` with the agent's name; nil refuses
    ///     agents without their own token. (Weaker than `agentCredentials`: anyone with it can use any name.)
    ///   - agentCredentials: each agent's own token; the name comes from the token.
    ///   - backendToken: the token a shop's backend gives to vouch for identities; nil refuses them.
    ///   - journal: where turns are made durable; sessions in it are restored.
    ///   - durability: how safe a turn is before it is answered; the owner of a hub with
    ///     ``Durability/process`` calls ``sync()`` every few milliseconds.
    ///   - reportFailure: told of every effect that could not be applied, to log it.
    ///   - now: when the hub starts; the shoppers of restored sessions with an open ticket count
    ///     as gone from then until they resume.
    public init(runner: ChatRunner, agentToken: String?, agentCredentials: AgentCredentials = AgentCredentials(), backendToken: String?,
                journal: SessionJournal?, durability: Durability = .disk, at now: Date,
                reportFailure: @escaping @Sendable (EffectFailure) -> Void = { _ in }) {
        self.runner = runner
        self.reportFailure = reportFailure
        self.durability = durability
        self.agentToken = agentToken
        self.agentCredentials = agentCredentials
        self.backendToken = backendToken
        self.journal = journal
        var restored: [String: Session] = [:]
        if let journal {
            for (id, c) in journal.takeRecovered() {
                restored[id] = Session(c)
                // Their connections went with the previous process.
                recordPresence(of: c.ticketID, connected: false, at: now)
            }
        }
        let sequence = runner.handoff?.lastSequence() ?? 0
        tables.withLock { t in
            t.sessions = restored
            t.handoffSequence = sequence
        }
    }

    /// Registers a connection. `trusted` connections (standard input and output, owned by the
    /// process that started the server) count as a shop backend from the start.
    /// - Parameter address: the peer's network address; failed order look-ups count across all the
    ///   chats from it. Without one, across the chats of this connection.
    public func connect(trusted: Bool = false, address: String? = nil) -> ConnectionID {
        tables.withLock { t in
            let id = t.nextConnection
            t.nextConnection += 1
            t.connections[id] = ConnectionState(role: trusted ? .backend : .shopper, client: trusted ? nil : address ?? "connection-\(id)")
            return id
        }
    }

    /// Forgets a connection; its sessions stay and can be resumed from another connection.
    /// A session left with no connection and an open ticket has its shopper shown to agents as gone.
    /// - Parameter now: when the connection closed.
    public func disconnect(_ id: ConnectionID, at now: Date) {
        let touched = tables.withLock { t in
            let gone = t.connections.removeValue(forKey: id)
            if let bridge = gone?.browser?.bridge { t.browsers[bridge, default: 1] -= 1 }
            return gone.map { Array($0.sessions.values) } ?? []
        }
        for session in touched {
            session.state.withLock { s in
                s.connections.remove(id)
                // Under the session's lock, so a resume from another connection is recorded after this, not before.
                if s.connections.isEmpty && !s.ended { recordPresence(of: s.conversation.ticketID, connected: false, at: now) }
            }
        }
    }

    /// Tells the agents' queue whether the shopper of the open ticket `ticketID` (if any) is still in the chat.
    func recordPresence(of ticketID: String?, connected: Bool, at now: Date) {
        guard let ticketID, let store = runner.handoff else { return }
        do {
            try store.setShopperPresence(ticketID, connected: connected, at: now)
        } catch {
            reportFailure(.presence(of: ticketID, connected: connected, error))
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
        let begun = tables.withLock { t in journal.beginCompaction().map { ($0, Array(t.sessions.values)) } }
        guard let (number, live) = begun else { return }
        var snapshot: [UInt8] = []
        for session in live {
            // Under the session's lock: each change is either in the snapshot or queued after
            // it (and so in the fresh file's tail), never both.
            session.state.withLock { s in
                guard !s.ended else { return }
                snapshot += SessionJournal.snapshotLine(s.conversation)
                s.compaction = number
            }
        }
        journal.finishCompaction(snapshot: snapshot)
    }

    /// The number of live sessions.
    public var sessionCount: Int {
        tables.withLock { $0.sessions.count }
    }

    /// Handles one decoded line from `connection`.
    public func handle(_ message: ClientMessage, from connection: ConnectionID, at now: Date) -> [Delivery] {
        func answer(_ m: ServerMessage) -> [Delivery] { [Delivery(connection: connection, message: m)] }
        func refuse(_ e: ProtocolError, session: String? = nil) -> [Delivery] {
            answer(.error(e, id: message.id, session: session))
        }
        guard let role = tables.withLock({ $0.reading(connection) { $0.role } }) else { return [] }

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
            tables.withLock { t in t.changing(connection) { $0.role = granted } }
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
                let (held, total, limits) = tables.withLock { t in (t.connections[connection]?.sessions.count ?? 0, t.sessions.count, t.limits) }
                if held >= limits.sessionsPerShopperConnection { return refuse(.tooManySessions(limit: limits.sessionsPerShopperConnection)) }
                if total >= limits.maximumSessions { return refuse(.tooManySessions(limit: limits.maximumSessions)) }
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
            tables.withLock { t in _ = t.changing(connection) { $0.sessions.removeValue(forKey: id) } }
            return answer(ServerMessage(type: "closed", id: message.id, session: id))
        case .queue, .show, .claim, .say, .resolve, .release:
            guard case .agent(let name) = role else {
                return refuse(.notAllowed("only agents can see or act on tickets; say hello with the agent token first"))
            }
            return agentAction(message, agent: name, connection: connection, now: now)
        }
    }

    /// Spends one of the connection's messages: false when a shopper connection has none left.
    private func allow(_ connection: ConnectionID, _ now: Date) -> Bool {
        tables.withLock { t in
            let rate = Double(t.limits.messagesPerSecond)
            return t.changing(connection) { c in
                let allowed = c.messages.take(rate: rate, burst: rate, at: now.timeIntervalSinceReferenceDate) == nil
                // Backends carry many shoppers on one connection, so only shopper connections are limited.
                return c.role != .shopper || allowed
            } ?? false
        }
    }

    /// Ends a chat: it is logged for the report and forgotten (an ended chat can't be resumed),
    /// so a long-running server keeps only live chats in memory, and a restart doesn't bring it
    /// back.
    /// - Returns: the connections that had it open.
    @discardableResult
    func end(_ id: String, _ session: Session, at now: Date) -> Set<ConnectionID> {
        let ending = session.state.withLock { s -> (Conversation, Set<ConnectionID>)? in
            // Ended meanwhile by another connection's `close`, or for being idle.
            guard !s.ended else { return nil }
            s.ended = true
            defer { s.connections = [] }
            journal?.recordClosed(id, compaction: s.compaction)
            return (s.conversation, s.connections)
        }
        guard let (c, attachedConnections) = ending else { return [] }
        for failure in runner.finish(c, at: now) { reportFailure(failure) }
        tables.withLock { t in
            t.sessions[id] = nil
            for other in attachedConnections { _ = t.changing(other) { $0.sessions.removeValue(forKey: id) } }
        }
        recordPresence(of: c.ticketID, connected: false, at: now)
        return attachedConnections
    }

    /// Ends the chats silent for longer than ``Limits/chatIdleLimit`` (``Limits/chatWithTicketIdleLimit``
    /// while a ticket of theirs is open, ``Limits/unusedChatIdleLimit`` when the shopper never
    /// wrote), as a `close` would: most shoppers leave a chat by leaving the page, and the
    /// manager's report counts a chat once it ends. The server calls this now and then;
    /// connections that still had such a chat open are told with a `closed` line.
    public func endIdleChats(at now: Date) -> [Delivery] {
        let (all, limits) = tables.withLock { ($0.sessions, $0.limits) }
        var out: [Delivery] = []
        for (id, session) in all {
            let idle = session.state.withLock { s in
                let last = s.conversation.transcript.last?.time ?? now
                let unused = !s.conversation.transcript.contains { $0.sender == .shopper }
                let limit = unused ? limits.unusedChatIdleLimit : s.conversation.ticketID == nil ? limits.chatIdleLimit : limits.chatWithTicketIdleLimit
                return now.timeIntervalSince(last) > limit
            }
            guard idle else { continue }
            for connection in end(id, session, at: now).sorted() {
                out.append(Delivery(connection: connection, message: ServerMessage(type: "closed", session: id)))
            }
        }
        return out
    }

    /// The session if `connection` has opened or resumed it.
    private func attached(_ id: String, _ connection: ConnectionID) -> Session? {
        tables.withLock { $0.reading(connection) { $0.sessions[id] } ?? nil }
    }

    private func open(resume: String?, after: Int?, customer: String?, connection: ConnectionID, requestID: String?, now: Date) -> [Delivery] {
        if let resume {
            let session = tables.withLock { t in
                let session = t.sessions[resume]
                if let session { t.changing(connection) { $0.sessions[resume] = session } }
                return session
            }
            guard let session else { return [Delivery(connection: connection, message: .error(.unknownSession, id: requestID, session: resume))] }
            let c = session.state.withLock { s in
                if s.connections.isEmpty && !s.ended { recordPresence(of: s.conversation.ticketID, connected: true, at: now) }
                s.connections.insert(connection)
                return s.conversation
            }
            var m = ServerMessage(type: "opened", id: requestID, session: resume)
            m.seq = c.transcript.count
            // Everything said to the shopper after `after`, so a reconnecting client misses nothing.
            let start = min(max(after ?? c.transcript.count, 0), c.transcript.count)
            m.replies = c.transcript[start...].filter { $0.sender != .shopper }.map { turn in
                WireReply(Reply(kind: turn.kind ?? (turn.sender == .agent ? .agent : .answer), text: turn.text,
                                quickReplies: turn.quickReplies ?? [], intent: turn.intent, confidence: turn.confidence,
                                cards: turn.cards ?? [], lead: turn.lead))
            }
            return [Delivery(connection: connection, message: m)]
        }
        let id = Self.newSessionID()
        let client = tables.withLock { $0.connections[connection]?.client }
        let opened = runner.start(id: id, customer: customer, client: client, at: now)
        for failure in opened.failures { reportFailure(failure) }
        let (c, replies) = (opened.conversation, opened.replies)
        let session = Session(c, journaled: 0)
        tables.withLock { t in
            // Journaled as it becomes visible, so a compaction either finds it in the journal (and
            // snapshots it) or counts it as snapshotted already.
            session.state.withLock { s in
                s.connections.insert(connection)
                s.compaction = journal?.compaction ?? 0
                recordChanges(&s)
            }
            t.sessions[id] = session
            t.changing(connection) { $0.sessions[id] = session }
        }
        var m = ServerMessage(type: "opened", id: requestID, session: id)
        m.seq = c.transcript.count
        m.replies = replies.map(WireReply.init)
        return [Delivery(connection: connection, message: m)]
    }

    /// The bot's turn in `session`; nil when the chat has just ended.
    private func turn(_ session: Session, text: String, requestID: String?, now: Date) -> [Delivery]? {
        let done = session.state.withLock { s -> (seq: Int, ticketID: String?, [Reply], Set<ConnectionID>)? in
            guard !s.ended else { return nil }
            // Move the conversation out so the bot holds its only copy: appending to a shared
            // transcript would copy all of it, every turn.
            var current = Conversation(id: "")
            swap(&current, &s.conversation)
            var exchange = runner.respond(to: text, in: consume current, at: now)
            for failure in exchange.failures { reportFailure(failure) }
            // Swapped back in (the empty one goes with the exchange), not copied.
            swap(&s.conversation, &exchange.conversation)
            recordChanges(&s)
            // Only what the answer needs: a copy of the conversation cost more than the rest of this.
            return (s.conversation.transcript.count, s.conversation.ticketID, exchange.replies, s.connections)
        }
        guard let (seq, ticketID, replies, targets) = done else { return nil }
        var m = ServerMessage(type: "reply", id: requestID, session: session.id)
        m.seq = seq
        m.replies = replies.map(WireReply.init)
        if let ticket = ticketID, replies.contains(where: { $0.kind == .handoff }) {
            m.ticket = ticket
            m.position = runner.handoff?.position(of: ticket)
            m.waitSeconds = runner.handoff?.estimatedWait(at: now).map { Int($0) }
        }
        return targets.sorted().map { Delivery(connection: $0, message: m) }
    }

    /// Queues the session's new turns and state for the journal; call holding the session's
    /// lock, in the same hold as the change.
    func recordChanges(_ s: inout Session.State) {
        guard let journal, !s.ended else { return }
        let from = min(s.journaled, s.conversation.transcript.count)
        s.journaled = s.conversation.transcript.count
        journal.record(s.conversation, newTurns: s.conversation.transcript[from...], compaction: s.compaction)
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
}
