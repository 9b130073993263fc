/// A line a client sends to `concierge serve`: one JSON object with a `type`.
///
/// Shopper connections (a shop's web backend, the widget bridge) open sessions and send messages;
/// agent connections first say `hello` with the shop's agent token. Every request may carry an `id`,
/// echoed in the answer so a client can match answers to requests.
public struct ClientMessage: Sendable, Equatable {
    /// The request's `id`, echoed in the answer.
    public var id: String?
    public var body: Body

    public enum Body: Sendable, Equatable {
        /// Identify the connection: `role` is `shopper` (the default), `backend` or `agent`; backends
        /// and agents prove themselves with the token the shop set.
        case hello(role: String, token: String?, agent: String?)
        /// Open a session, or resume one by its id (replaying what was sent after `after`).
        /// `customer` is an identity the host application vouches for (backends only).
        case open(session: String?, after: Int?, customer: String?)
        /// A shopper's message in a session.
        case message(session: String, text: String)
        /// The shopper left.
        case close(session: String)
        /// Agent: the waiting tickets.
        case queue
        /// Agent: one ticket in full.
        case show(ticket: String)
        /// Agent: take a ticket.
        case claim(ticket: String)
        /// Agent: write to the ticket's shopper.
        case say(ticket: String, text: String)
        /// Agent: resolve a ticket.
        case resolve(ticket: String, note: String?)
        /// Agent: put a ticket back in the queue, or back to the bot.
        case release(ticket: String, toBot: Bool)
        /// Keep-alive; answered with `pong`.
        case ping
    }

    public init(id: String? = nil, _ body: Body) {
        self.id = id
        self.body = body
    }
}
