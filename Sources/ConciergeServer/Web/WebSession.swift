import ConciergeKit
import Foundation

/// One browser's chat as the bridge sees it: its shopper connection on the hub, and the messages
/// sent to it, kept so event streams can replay what a reconnecting browser missed.
///
/// Messages are kept in the order they arrived. Each carries the session's `seq` (the hub's
/// transcript position), which is also the SSE event id. All state is behind one lock; the event
/// streams following the session are woken (on their event loops) when a message arrives.
final class WebSession: EventSource {
    typealias Event = StreamEvent

    /// An open event stream: its number, and how to wake it.
    private struct Stream {
        var id: Int
        var wake: @Sendable () -> Void
    }

    private struct State {
        var events: [Event] = []
        /// How many events were dropped from the front: `dropped + i` is event i's position in arrival order.
        var dropped = 0
        /// Every message with a higher seq is in `events`: the seq when the bridge took the
        /// session on, raised as old events are dropped.
        var complete: Int
        var highest: Int
        var streams: [Stream] = []
        var nextStream = 1
        var ended = false
        var touched: Double
    }

    let id: String
    let connection: SessionHub.ConnectionID
    /// The most messages kept for replays.
    let capacity: Int
    /// The hub's replay after a seq older than what the log keeps: the transcript since then as
    /// one message (nil when nothing was said since), and the seq it reaches; nil when the hub
    /// can't replay.
    private let backfill: @Sendable (Int) -> (Event?, Int)?
    private let state: Protected<State>

    init(id: String, connection: SessionHub.ConnectionID, seq: Int, capacity: Int = 100, now: Double,
         backfill: @escaping @Sendable (Int) -> (Event?, Int)? = { _ in nil }) {
        self.id = id
        self.connection = connection
        self.capacity = capacity
        self.backfill = backfill
        state = Protected(State(complete: seq, highest: seq, touched: now))
    }

    /// Keeps a message and wakes the streams.
    func append(_ event: Event) {
        let wakes = state.withLock { s -> [@Sendable () -> Void] in
            guard !s.ended else { return [] }
            s.events.append(event)
            s.highest = max(s.highest, event.seq)
            if s.events.count > capacity {
                let gone = s.events.removeFirst()
                s.dropped += 1
                s.complete = max(s.complete, gone.seq)
            }
            return s.streams.map(\.wake)
        }
        for wake in wakes { wake() }
    }

    /// The messages with a seq above `after`, in arrival order; nil when some of them are no
    /// longer kept (or were sent before the bridge took the session on), so the hub must replay.
    func events(after: Int) -> [Event]? {
        state.withLock { s in
            guard after >= s.complete else { return nil }
            return s.events.filter { $0.seq > after }
        }
    }

    /// The messages after `after`: from the log when it holds them all, else the hub's replay
    /// and what the log holds after it.
    func replay(after: Int) -> [Event] {
        if let kept = events(after: after) { return kept }
        guard let (replayed, seq) = backfill(after) else { return [] }
        return (replayed.map { [$0] } ?? []) + (events(after: seq) ?? [])
    }

    /// The highest seq seen in this session.
    var seq: Int {
        state.withLock { $0.highest }
    }

    /// Marks the session as used now, for idle expiry.
    func touch(_ now: Double) {
        state.withLock { $0.touched = now }
    }

    /// Whether nothing used the session for `timeout` seconds and no stream is open.
    func idle(at now: Double, timeout: Double) -> Bool {
        state.withLock { s in s.streams.isEmpty && now - s.touched > timeout }
    }

    // MARK: Streams

    /// Opens a stream that first sends the messages after `after` (replayed by the hub if the
    /// log no longer holds them all) and then every new one. At most `limit` streams stay open:
    /// the oldest is ended, since a browser that reconnects leaves its old one behind.
    func openStream(after: Int, limit: Int, wake: @escaping @Sendable () -> Void) -> (EventCursor, [Event]) {
        var first: [Event] = []
        var from = after
        if events(after: after) == nil, let (replayed, seq) = backfill(after) {
            first += replayed.map { [$0] } ?? []
            from = seq
        }
        let (cursor, kept, ended) = state.withLock { s in
            let id = s.nextStream
            s.nextStream += 1
            s.streams.append(Stream(id: id, wake: wake))
            let ended = s.streams.count > limit ? s.streams.prefix(s.streams.count - limit).map(\.wake) : []
            if s.streams.count > limit { s.streams.removeFirst(s.streams.count - limit) }
            return (EventCursor(stream: id, position: s.dropped + s.events.count), s.events.filter { $0.seq > from }, ended)
        }
        for wake in ended { wake() }
        return (cursor, first + kept)
    }

    /// The messages after the cursor, and the moved cursor; nil when the stream should end: the
    /// session ended, a newer stream took its place, or it fell behind what the log keeps (the
    /// browser then reconnects with its last event id, and the hub replays what the log lost).
    /// Sending messages counts as using the session.
    func events(since cursor: EventCursor, at now: Double) -> (EventCursor, [Event])? {
        state.withLock { s in
            guard !s.ended, s.streams.contains(where: { $0.id == cursor.stream }), cursor.position >= s.dropped else { return nil }
            let fresh = Array(s.events[(cursor.position - s.dropped)...])
            if !fresh.isEmpty { s.touched = max(s.touched, now) }
            return (EventCursor(stream: cursor.stream, position: s.dropped + s.events.count), fresh)
        }
    }

    /// Forgets a stream that has ended at `now`; the session's idle time counts from then.
    func closeStream(_ cursor: EventCursor, at now: Double) {
        state.withLock { s in
            s.streams.removeAll { $0.id == cursor.stream }
            s.touched = max(s.touched, now)
        }
    }

    /// Ends the session in the bridge: its streams finish and nothing more is kept.
    func end() {
        let wakes = state.withLock { s -> [@Sendable () -> Void] in
            s.ended = true
            s.events.removeAll()
            return s.streams.map(\.wake)
        }
        for wake in wakes { wake() }
    }

    var isEnded: Bool {
        state.withLock { $0.ended }
    }
}
