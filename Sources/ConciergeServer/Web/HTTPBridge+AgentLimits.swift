extension HTTPBridge {
    /// The agents' inbox's limits (``Configuration/agents``): how many sign-ins, for how long,
    /// and how fast an address may guess tokens or a sign-in may send requests.
    public struct AgentLimits: Sendable {
        /// Sign-ins held at once, all agents together (503 past it).
        public var maximumSessions = 200
        /// Sign-ins one agent holds at once (a laptop, a phone, a second browser); a new one signs out their oldest.
        public var sessionsPerAgent = 8
        /// Seconds a sign-in lasts without a request and with no inbox open.
        public var sessionIdleTimeout = 2 * 3600.0
        /// Seconds a sign-in lasts at most, however busy: a working day.
        public var sessionLifetime = 12 * 3600.0
        /// Event streams (inbox tabs) one sign-in holds; a new one ends the oldest.
        public var streamsPerSession = 4
        /// Wrong tokens per second an address earns back, and how many it may send at once
        /// (429 past it, even with the right token): one a minute after the first five.
        public var failedSignInRate = 1.0 / 60, failedSignInBurst = 5.0
        /// Requests per second a sign-in earns back, and how many it may send at once.
        public var requestRate = 20.0, requestBurst = 100.0

        public init() {}
    }
}
