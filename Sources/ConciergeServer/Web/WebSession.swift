import ConciergeKit
import Foundation

/// One browser's chat as the bridge sees it: its shopper connection on the hub, and the messages
/// sent to it, kept so event streams can replay what a reconnecting browser missed.
///
/// Messages are kept in the order they arrived. Each carries the session's `seq` (the hub's
/// transcript position), which is also the SSE event id. All state is behind one lock, which the
/// streams waiting for the next message also wait on.
final class WebSession: Sendable {
    /// A message sent in this session, encoded once.
    struct Event: Sendable {
        var seq: Int
        /// The message as one JSON object, without a newline.
        var json: [UInt8]
    }

    private struct State {
        var events: [Event] = []
        /// How many events were dropped from the front: `dropped + i` is event i's position in arrival order.
        var dropped = 0
        /// Every message with a higher seq is in `events`: the seq when the bridge took the
        /// session on, raised as old events are dropped.
        var complete: Int
        var highest: Int
        var streams: [Int] = []
        var nextStream = 1
        var ended = false
        var touched: Double
    }

    let id: String
    let connection: SessionHub.ConnectionID
    /// The most messages kept for replays.
    let capacity: Int
    private let state: Protected<State>

    init(id: String, connection: SessionHub.ConnectionID, seq: Int, capacity: Int = 100, now: Double) {
        self.id = id
        self.connection = connection
        self.capacity = capacity
        state = Protected(State(complete: seq, highest: seq, touched: now))
    }

    /// Keeps a message and wakes the streams.
    func append(_ event: Event) {
        state.withLockWakingWaiters { s in
            guard !s.ended else { return }
            s.events.append(event)
            s.highest = max(s.highest, event.seq)
            if s.events.count > capacity {
                let gone = s.events.removeFirst()
                s.dropped += 1
                s.complete = max(s.complete, gone.seq)
            }
        }
    }

    /// The messages with a seq above `after`, in arrival order; nil when some of them are no
    /// longer kept (or were sent before the bridge took the session on), so the hub must replay.
    func events(after: Int) -> [Event]? {
        state.withLock { s in
            guard after >= s.complete else { return nil }
            return s.events.filter { $0.seq > after }
        }
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

    /// A stream's place in the session: which stream it is and the next event it will send.
    struct Cursor {
        var stream: Int
        var position: Int
    }

    /// Opens a stream that first sends the kept messages with a seq above `after` (all kept
    /// ones if `after` is older than the log) and then every new one. At most `limit` streams
    /// stay open: the oldest is ended, since a browser that reconnects leaves its old one behind.
    func openStream(after: Int, limit: Int) -> (Cursor, [Event]) {
        state.withLockWakingWaiters { s in
            let id = s.nextStream
            s.nextStream += 1
            s.streams.append(id)
            if s.streams.count > limit { s.streams.removeFirst(s.streams.count - limit) }
            return (Cursor(stream: id, position: s.dropped + s.events.count), s.events.filter { $0.seq > after })
        }
    }

    /// Waits up to `timeout` seconds for messages after the cursor. Returns them (empty on a
    /// time-out) with the moved cursor, or nil when the stream should end.
    func wait(_ cursor: Cursor, timeout: Double) -> (Cursor, [Event])? {
        let ready = { (s: State) in s.ended || !s.streams.contains(cursor.stream) || s.dropped + s.events.count > cursor.position }
        return state.withLock(when: ready, before: Date(timeIntervalSinceNow: timeout)) { s in
            // A stream that fell behind the kept log ends: the browser reconnects with its last
            // event id and the hub replays what the log no longer holds.
            guard !s.ended, s.streams.contains(cursor.stream), cursor.position >= s.dropped else { return nil }
            let fresh = Array(s.events[(cursor.position - s.dropped)...])
            return (Cursor(stream: cursor.stream, position: s.dropped + s.events.count), fresh)
        }
    }

    /// Forgets a stream that has ended at `now`; the session's idle time counts from then.
    func closeStream(_ cursor: Cursor, at now: Double) {
        state.withLock { s in
            s.streams.removeAll { $0 == cursor.stream }
            s.touched = max(s.touched, now)
        }
    }

    /// Ends the session in the bridge: its streams finish and nothing more is kept.
    func end() {
        state.withLockWakingWaiters { s in
            s.ended = true
            s.events.removeAll()
        }
    }

    var isEnded: Bool {
        state.withLock { $0.ended }
    }
}
