import ConciergeKit
import Foundation

/// One agent's inbox as an event stream (`GET /agent/api/events`): each change to the queue,
/// read from the handoff store's journal, as the ticket's row for this agent (with their unread
/// count) and, for a new line, the line. The SSE id is the journal's sequence number, so a browser
/// that reconnects with `Last-Event-ID` gets what it missed, from any process that wrote it.
///
/// Changes made in this process (a shopper's message over the web, an agent's action) wake the
/// stream at once through ``AgentWebSessions/changed()``; others (the line protocol, the
/// `concierge agent` command, another server on the same store) are found by looking at the
/// journal every ``pollInterval``. The stream ends when its sign-in does.
final class AgentFeed: EventFeed {
    let sessions: AgentWebSessions
    /// The sign-in the stream belongs to.
    let session: String
    let agent: String
    let store: HandoffStore
    let json: InboxJSON

    /// Changes a reconnecting stream is sent at most; further behind, it is told to reload the queue.
    static let replayLimit = 1_000
    /// Seconds between looks at the journal for changes made elsewhere.
    static let pollInterval = 0.1

    init(sessions: AgentWebSessions, session: String, agent: String, store: HandoffStore, json: InboxJSON) {
        self.sessions = sessions
        self.session = session
        self.agent = agent
        self.store = store
        self.json = json
    }

    func backfill(after: Int, from bridge: HTTPBridge) -> (WebSession.Event?, Int)? {
        nil
    }

    /// Sends the changes after `after`, or one `reload` when they are too many or from another
    /// journal. Streams per sign-in are limited by ``HTTPBridge/AgentLimits/streamsPerSession``.
    func openStream(after: Int, limit: Int) -> (WebSession.Cursor, [WebSession.Event]) {
        guard let stream = sessions.openStream(session) else { return (WebSession.Cursor(stream: 0, position: after), []) }
        let last = store.lastSequence()
        if after > last || last - after > Self.replayLimit {
            let reload = InboxJSON.Change(type: "reload", seq: last)
            return (WebSession.Cursor(stream: stream, position: last), [WebSession.Event(seq: last, json: InboxJSON.encode(reload))])
        }
        let (position, events) = render(store.events(after: after), from: after)
        return (WebSession.Cursor(stream: stream, position: position), events)
    }

    func wait(_ cursor: WebSession.Cursor, timeout: Double) -> (WebSession.Cursor, [WebSession.Event])? {
        // Waiting is in real time, as a chat's stream waits; the injected clock is for sign-ins' ages.
        let deadline = Date(timeIntervalSinceNow: timeout)
        while sessions.isOpen(session, stream: cursor.stream) {
            let generation = sessions.generation
            let fresh = store.events(after: cursor.position)
            if !fresh.isEmpty {
                let (position, events) = render(fresh, from: cursor.position)
                return (WebSession.Cursor(stream: cursor.stream, position: position), events)
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return (cursor, []) }
            guard sessions.wait(for: session, stream: cursor.stream, after: generation, atMost: min(left, Self.pollInterval)) else { return nil }
        }
        return nil
    }

    func closeStream(_ cursor: WebSession.Cursor, at now: Double) {
        sessions.closeStream(session, stream: cursor.stream)
    }

    func touch(_ now: Double) {
        sessions.touch(session)
    }

    /// The events as this agent's changes, and the sequence they reach.
    private func render(_ events: [HandoffEvent], from: Int) -> (Int, [WebSession.Event]) {
        let marks = sessions.readMarks(agent: agent)
        let today = json.startOfToday(Date())
        var tickets: [String: Ticket] = [:]
        var out: [WebSession.Event] = []
        for event in events {
            guard let id = event.ticketID else { continue }
            if tickets[id] == nil { tickets[id] = store.ticket(id) }
            guard let change = json.change(event, ticket: tickets[id], read: marks[id], today: today) else { continue }
            out.append(WebSession.Event(seq: event.sequence, json: InboxJSON.encode(change)))
        }
        return (events.last?.sequence ?? from, out)
    }
}
