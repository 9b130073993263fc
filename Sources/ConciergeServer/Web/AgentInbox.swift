/// What the web bridge keeps for the agents' inbox (`HTTPBridge+Agent.swift`): who is signed
/// in, the limits on guessing tokens and on each sign-in's requests, and the watch on the journal
/// for the inbox's event streams. Each part has its own lock; this only holds them together.
struct AgentInbox: Sendable {
    let sessions: AgentWebSessions
    /// The manager's sign-ins for the dashboard at `/manager`: a table of their own.
    let managers: AgentWebSessions
    /// Wrong tokens, by client address.
    let failedSignIns: RateLimiter
    /// Requests, by sign-in.
    let requests: RateLimiter
    let watcher: JournalWatcher

    init(limits: HTTPBridge.AgentLimits, clock: @escaping @Sendable () -> Double) {
        let sessions = AgentWebSessions(limits: limits, clock: clock)
        self.sessions = sessions
        managers = AgentWebSessions(limits: limits, clock: clock)
        failedSignIns = RateLimiter(rate: limits.failedSignInRate, burst: limits.failedSignInBurst, clock: clock)
        requests = RateLimiter(rate: limits.requestRate, burst: limits.requestBurst, clock: clock)
        watcher = JournalWatcher { sessions.changed() }
    }
}
