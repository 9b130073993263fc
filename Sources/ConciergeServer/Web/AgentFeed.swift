import ConciergeKit
import Foundation

/// One agent's inbox as an event stream (`GET /agent/api/events`): each change to the queue,
/// read from the handoff store's journal, as the ticket's row for this agent (with their unread
/// count) and, for a new line, the line. The SSE id is the journal's sequence number, so a browser
/// that reconnects with `Last-Event-ID` gets what it missed, from any process that wrote it.
///
/// The stream sleeps on its event loop until woken: at once by a change made through the bridge
/// (``AgentWebSessions/changed()``), within ``JournalWatcher/interval`` by one made elsewhere. It
/// ends when its sign-in does, or when a newer tab of the same sign-in takes its place past
/// ``HTTPBridge/AgentLimits/streamsPerSession`` (which it keeps instead of the chat's limit).
final class AgentFeed: EventSource {
    let sessions: AgentWebSessions
    let watcher: JournalWatcher
    /// The sign-in the stream belongs to.
    let session: String
    let agent: String
    let store: HandoffStore
    let json: InboxJSON

    /// Changes a reconnecting stream is sent at most; further behind, it is told to reload the queue.
    static let replayLimit = 1_000

    init(sessions: AgentWebSessions, watcher: JournalWatcher, session: String, agent: String, store: HandoffStore, json: InboxJSON) {
        self.sessions = sessions
        self.watcher = watcher
        self.session = session
        self.agent = agent
        self.store = store
        self.json = json
    }

    /// Sends the changes after `after`, or one `reload` when they are too many or from another journal.
    func openStream(after: Int, limit: Int, wake: @escaping @Sendable () -> Void) -> (EventCursor, [StreamEvent]) {
        // Stream 0 is none: its sign-in is gone, and the first look ends it.
        guard let stream = sessions.openStream(session, wake: wake) else { return (EventCursor(stream: 0, position: after), []) }
        watcher.streamOpened(store)
        let last = store.lastSequence()
        if after > last || last - after > Self.replayLimit {
            let reload = InboxJSON.Change(type: "reload", seq: last)
            return (EventCursor(stream: stream, position: last), [StreamEvent(seq: last, json: InboxJSON.encode(reload))])
        }
        let (position, events) = render(store.events(after: after), from: after)
        return (EventCursor(stream: stream, position: position), events)
    }

    func events(since cursor: EventCursor, at now: Double) -> (EventCursor, [StreamEvent])? {
        guard sessions.isOpen(session, stream: cursor.stream) else { return nil }
        let fresh = store.events(after: cursor.position)
        guard !fresh.isEmpty else { return (cursor, []) }
        let (position, events) = render(fresh, from: cursor.position)
        if !events.isEmpty { sessions.touch(session) }
        return (EventCursor(stream: cursor.stream, position: position), events)
    }

    func closeStream(_ cursor: EventCursor, at now: Double) {
        guard cursor.stream != 0 else { return }
        sessions.closeStream(session, stream: cursor.stream)
        watcher.streamClosed()
    }

    /// The events as this agent's changes, and the sequence they reach.
    private func render(_ events: [HandoffEvent], from: Int) -> (Int, [StreamEvent]) {
        let marks = sessions.readMarks(agent: agent)
        let today = json.startOfToday(Date())
        var tickets: [String: Ticket] = [:]
        var out: [StreamEvent] = []
        for event in events {
            guard let id = event.ticketID else { continue }
            if tickets[id] == nil { tickets[id] = store.ticket(id) }
            guard let change = json.change(event, ticket: tickets[id], read: marks[id], today: today) else { continue }
            out.append(StreamEvent(seq: event.sequence, json: InboxJSON.encode(change)))
        }
        return (events.last?.sequence ?? from, out)
    }
}
