/// What the web bridge keeps for the agents' inbox (`HTTPBridge+Agent.swift`): who is signed
/// in, and the limits on guessing tokens and on each sign-in's requests. Each part has its own
/// lock; this only holds them together.
struct AgentInbox: Sendable {
    let sessions: AgentWebSessions
    /// Wrong tokens, by client address.
    let failedSignIns: RateLimiter
    /// Requests, by sign-in.
    let requests: RateLimiter

    init(limits: HTTPBridge.AgentLimits, clock: @escaping @Sendable () -> Double) {
        sessions = AgentWebSessions(limits: limits, clock: clock)
        failedSignIns = RateLimiter(rate: limits.failedSignInRate, burst: limits.failedSignInBurst, clock: clock)
        requests = RateLimiter(rate: limits.requestRate, burst: limits.requestBurst, clock: clock)
    }
}
