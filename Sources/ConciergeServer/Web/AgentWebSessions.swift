import ConciergeKit
import Foundation

/// The agents signed in to the web inbox (`/agent`): one entry per sign-in, found by the random
/// id its cookie carries, holding the agent its token proved, the request token that
/// state-changing requests must echo, and the inbox's event streams. Also what each agent has
/// read of each ticket, for the queue's unread counts (in memory: a restart counts every line
/// unread again).
///
/// Entries end on sign-out, after `sessionIdleTimeout` without a request or an open stream, and
/// `sessionLifetime` after signing in (``HTTPBridge/AgentLimits``). The table is capped: each
/// agent keeps their newest `sessionsPerAgent` sign-ins (a new one signs out their oldest), and
/// past `maximumSessions` a sign-in is refused. Only a valid token makes an entry, so the cap is
/// for mistakes and stolen tokens, not for strangers.
///
/// One owner: everything is behind one lock. An event stream sleeps on its event loop until woken
/// (``changed()``, or its sign-in ending); the clock (monotonic seconds) is injected.
final class AgentWebSessions: Sendable {
    /// One sign-in.
    struct Session: Sendable, Equatable {
        /// 256 random bits as hex: the cookie's value.
        var id: String
        var agent: String
        /// 256 random bits as hex, sent back in `X-CSRF-Token` on every state-changing request.
        var csrf: String
        var created: Double
        var used: Double
    }

    /// An open event stream: its number, and how to wake it.
    private struct Stream {
        var id: Int
        var wake: @Sendable () -> Void
    }

    private struct State {
        var sessions: [String: Session] = [:]
        /// Each sign-in's open event streams, oldest first.
        var streams: [String: [Stream]] = [:]
        /// Agent → ticket → transcript lines read.
        var read: [String: [String: Int]] = [:]
        var nextStream = 1

        /// Takes sign-in `id` out of the table; its streams' wake-ups, to call once out of the lock.
        mutating func remove(_ id: String) -> [@Sendable () -> Void] {
            sessions[id] = nil
            return streams.removeValue(forKey: id)?.map(\.wake) ?? []
        }
    }

    let limits: HTTPBridge.AgentLimits
    private let clock: @Sendable () -> Double
    private let state = Protected(State())

    /// Tickets each agent's read marks remember; past it, the older half are forgotten (their lines count unread again).
    static let readMarksPerAgent = 5_000

    init(limits: HTTPBridge.AgentLimits = HTTPBridge.AgentLimits(), clock: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        self.limits = limits
        self.clock = clock
    }

    // MARK: Signing in and out

    /// A new sign-in for `agent`, whose token was checked; nil when the table is full.
    func signIn(agent: String) -> Session? {
        let now = clock()
        let session = Session(id: Self.randomHex(), agent: agent, csrf: Self.randomHex(), created: now, used: now)
        let (signedIn, ended) = state.withLock { s -> (Session?, [@Sendable () -> Void]) in
            var ended: [@Sendable () -> Void] = []
            for (id, old) in s.sessions where isExpired(old, streaming: s.streams[id]?.isEmpty == false, at: now) { ended += s.remove(id) }
            let own = s.sessions.values.filter { $0.agent == agent }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
            for old in own.prefix(max(0, own.count - limits.sessionsPerAgent + 1)) { ended += s.remove(old.id) }
            guard s.sessions.count < limits.maximumSessions else { return (nil, ended) }
            s.sessions[session.id] = session
            return (session, ended)
        }
        for wake in ended { wake() }
        return signedIn
    }

    /// The sign-in a cookie names, if it is current; using it keeps it alive.
    func session(_ id: String?) -> Session? {
        guard let id, Self.isSessionID(id) else { return nil }
        let now = clock()
        let (found, ended) = state.withLock { s -> (Session?, [@Sendable () -> Void]) in
            guard let found = s.sessions[id] else { return (nil, []) }
            guard !isExpired(found, streaming: s.streams[id]?.isEmpty == false, at: now) else { return (nil, s.remove(id)) }
            s.sessions[id]?.used = now
            return (s.sessions[id], [])
        }
        for wake in ended { wake() }
        return found
    }

    /// Ends a sign-in, and its streams with it.
    func signOut(_ id: String) {
        let ended = state.withLock { $0.remove(id) }
        for wake in ended { wake() }
    }

    /// Sign-ins held now, expired ones included until the next sign-in sweeps them.
    var count: Int {
        state.withLock { $0.sessions.count }
    }

    private func isExpired(_ session: Session, streaming: Bool, at now: Double) -> Bool {
        now - session.created > limits.sessionLifetime || (!streaming && now - session.used > limits.sessionIdleTimeout)
    }

    // MARK: What each agent has read

    /// Records that `agent` has read the first `lines` lines of `ticket`.
    func markRead(agent: String, ticket: String, lines: Int) {
        state.withLock { s in
            var marks = s.read[agent, default: [:]]
            marks[ticket] = max(marks[ticket] ?? 0, lines)
            // Past the cap, the newest tickets' marks are kept (ids count up: T-999 < T-1000).
            if marks.count > Self.readMarksPerAgent {
                let newest = marks.sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }.prefix(Self.readMarksPerAgent / 2)
                marks = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
            }
            s.read[agent] = marks
        }
    }

    /// Each ticket's lines `agent` has read, by ticket id.
    func readMarks(agent: String) -> [String: Int] {
        state.withLock { $0.read[agent] ?? [:] }
    }

    // MARK: Streams

    /// Registers an event stream on a sign-in, woken by `wake` when the queue may have changed or
    /// the stream should end; nil when the sign-in is gone. Past `streamsPerSession`, the oldest
    /// stream ends (a reloaded tab leaves its old one behind).
    func openStream(_ id: String, wake: @escaping @Sendable () -> Void) -> Int? {
        let (stream, ended) = state.withLock { s -> (Int?, [@Sendable () -> Void]) in
            guard s.sessions[id] != nil else { return (nil, []) }
            let stream = s.nextStream
            s.nextStream += 1
            var open = s.streams[id, default: []] + [Stream(id: stream, wake: wake)]
            let ended = open.count > limits.streamsPerSession ? open.prefix(open.count - limits.streamsPerSession).map(\.wake) : []
            open.removeFirst(ended.count)
            s.streams[id] = open
            return (stream, ended)
        }
        for wake in ended { wake() }
        return stream
    }

    /// Whether a stream is still open on a current sign-in.
    func isOpen(_ id: String, stream: Int) -> Bool {
        let now = clock()
        return state.withLock { s in
            guard let session = s.sessions[id], s.streams[id]?.contains(where: { $0.id == stream }) == true else { return false }
            return now - session.created <= limits.sessionLifetime
        }
    }

    /// Forgets an ended stream; the sign-in's idle time counts from now.
    func closeStream(_ id: String, stream: Int) {
        let now = clock()
        state.withLock { s in
            s.streams[id]?.removeAll { $0.id == stream }
            if s.streams[id]?.isEmpty == true { s.streams[id] = nil }
            if s.sessions[id] != nil { s.sessions[id]?.used = now }
        }
    }

    /// Marks a sign-in as used now.
    func touch(_ id: String) {
        let now = clock()
        state.withLock { s in
            if s.sessions[id] != nil { s.sessions[id]?.used = now }
        }
    }

    /// Says the queue may have changed: every open stream looks at it now.
    func changed() {
        let wakes = state.withLock { s in s.streams.values.flatMap { $0.map(\.wake) } }
        for wake in wakes { wake() }
    }

    // MARK: Ids

    /// 256 random bits as 64 lower-case hex digits.
    static func randomHex() -> String {
        var g = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 64) { out in
            for word in 0..<4 {
                let bits: UInt64 = g.next()
                for i in 0..<16 { out[word * 16 + i] = digits[Int(bits >> UInt64(60 - 4 * i) & 0xf)] }
            }
            return 64
        }
    }

    /// Whether `s` looks like an id from ``randomHex()``.
    static func isSessionID(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
