import Foundation

/// Counts failed order verifications across every conversation the bot has, so that starting a
/// new chat (or `/restart`) gives no fresh guesses: after ``perOrderLimit`` failures on one order
/// number, or ``perDetailLimit`` failures with one e-mail address or postcode (guessing the order
/// numbers that go with a known postcode), look-ups of that order or with that detail are refused
/// for ``window``, whatever the details, with the reply a wrong guess gets, so a guesser learns
/// nothing about whether the order exists. Failures also count per client (a terminal, a network
/// address): after ``perClientLimit`` of them, the client's look-ups are refused the same way, so
/// guessing one order's postcode over several chats gets no further than in one.
///
/// One owner for the shared counts: the state sits behind one lock. It holds at most
/// ``maximumKeys`` keys; past that, the oldest half is forgotten first.
public final class VerificationGuard: Sendable {
    /// Failures on one order number before it is locked.
    public let perOrderLimit: Int
    /// Failures with one e-mail address or postcode before it is locked.
    public let perDetailLimit: Int
    /// Failures from one client, in any chats, before its look-ups are refused.
    public let perClientLimit: Int
    /// How long a failure counts.
    public let window: TimeInterval
    /// Keys kept at most (an outsider can make the server hold one per guess).
    public let maximumKeys: Int

    private struct State {
        /// Key → the times of its failures within the window, oldest first.
        var failures: [String: [Date]] = [:]
    }

    private let state = Protected(State())

    public init(perOrderLimit: Int = 5, perDetailLimit: Int = 10, perClientLimit: Int = Facts.maximumAttempts, window: TimeInterval = 30 * 60,
                maximumKeys: Int = 100_000) {
        self.perOrderLimit = perOrderLimit
        self.perDetailLimit = perDetailLimit
        self.perClientLimit = perClientLimit
        self.window = window
        self.maximumKeys = maximumKeys
    }

    /// Whether a look-up of `order` with these details, from `client`, is refused at `now`.
    public func isLocked(order: String, email: String?, postcode: String?, client: String? = nil, at now: Date) -> Bool {
        let keys = Self.keys(order: order, email: email, postcode: postcode, client: client)
        return state.withLock { s in
            keys.contains { key in
                let recent = s.failures[key.key]?.filter { now.timeIntervalSince($0) < window }.count ?? 0
                return recent >= limit(key.kind)
            }
        }
    }

    /// Counts a failed look-up of `order` with these details, from `client`.
    public func recordFailure(order: String, email: String?, postcode: String?, client: String? = nil, at now: Date) {
        let keys = Self.keys(order: order, email: email, postcode: postcode, client: client)
        state.withLock { s in
            if s.failures.count + keys.count > maximumKeys { forgetOldest(&s, at: now) }
            for key in keys {
                var times = s.failures[key.key, default: []].filter { now.timeIntervalSince($0) < window }
                times.append(now)
                // Only the last few count: a key's list never outgrows its limit.
                s.failures[key.key] = Array(times.suffix(max(perOrderLimit, perDetailLimit, perClientLimit)))
            }
        }
    }

    /// The number of keys held (for tests and reports).
    public var keyCount: Int { state.withLock { $0.failures.count } }

    /// Drops the keys whose failures have all expired, and if that is not enough, the half with
    /// the oldest latest failure.
    private func forgetOldest(_ s: inout State, at now: Date) {
        s.failures = s.failures.filter { ($0.value.last.map { now.timeIntervalSince($0) < window }) ?? false }
        guard s.failures.count >= maximumKeys / 2 else { return }
        let sorted = s.failures.sorted { ($0.value.last ?? .distantPast) > ($1.value.last ?? .distantPast) }
        s.failures = Dictionary(uniqueKeysWithValues: sorted.prefix(maximumKeys / 2).map { ($0.key, $0.value) })
    }

    private enum Kind { case order, detail, client }

    private func limit(_ kind: Kind) -> Int {
        switch kind {
        case .order: return perOrderLimit
        case .detail: return perDetailLimit
        case .client: return perClientLimit
        }
    }

    private static func keys(order: String, email: String?, postcode: String?, client: String?) -> [(key: String, kind: Kind)] {
        var out: [(key: String, kind: Kind)] = [("order:" + order.lowercased(), .order)]
        if let email, !email.isEmpty { out.append(("email:" + OrderStore.foldEmail(email), .detail)) }
        if let postcode, !postcode.isEmpty { out.append(("postcode:" + OrderStore.foldPostcode(postcode), .detail)) }
        if let client, !client.isEmpty { out.append(("client:" + client, .client)) }
        return out
    }
}
