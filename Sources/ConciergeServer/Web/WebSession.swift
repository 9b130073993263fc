import ConciergeKit
import Foundation

/// One browser's chat as the bridge sees it: its shopper connection on the hub, and the messages
/// sent to it, kept so event streams can replay what a reconnecting browser missed.
///
/// Messages are kept in the order they arrived. Each carries the session's `seq` (the hub's
/// transcript position), which is also the SSE event id. All state is behind one condition, which
/// also wakes the streams waiting for the next message.
final class WebSession: @unchecked Sendable {
    /// A message sent in this session, encoded once.
    struct Event: Sendable {
        var seq: Int
        /// The message as one JSON object, without a newline.
        var json: [UInt8]
    }

    let id: String
    let connection: SessionHub.ConnectionID
    /// The most messages kept for replays.
    let capacity: Int

    private let condition = NSCondition()
    private var events: [Event] = []
    /// How many events were dropped from the front: `dropped + i` is event i's position in arrival order.
    private var dropped = 0
    /// Every message with a higher seq is in `events`: the seq when the bridge took the session
    /// on, raised as old events are dropped.
    private var complete: Int
    private var highest: Int
    private var streams: [Int] = []
    private var nextStream = 1
    private var ended = false
    private var touched: Double

    init(id: String, connection: SessionHub.ConnectionID, seq: Int, capacity: Int = 100, now: Double) {
        self.id = id
        self.connection = connection
        self.capacity = capacity
        complete = seq
        highest = seq
        touched = now
    }

    /// Keeps a message and wakes the streams.
    func append(_ event: Event) {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return }
        events.append(event)
        highest = max(highest, event.seq)
        if events.count > capacity {
            let gone = events.removeFirst()
            dropped += 1
            complete = max(complete, gone.seq)
        }
        condition.broadcast()
    }

    /// The messages with a seq above `after`, in arrival order; nil when some of them are no
    /// longer kept (or were sent before the bridge took the session on), so the hub must replay.
    func events(after: Int) -> [Event]? {
        condition.lock()
        defer { condition.unlock() }
        guard after >= complete else { return nil }
        return events.filter { $0.seq > after }
    }

    /// The highest seq seen in this session.
    var seq: Int {
        condition.lock()
        defer { condition.unlock() }
        return highest
    }

    /// Marks the session as used now, for idle expiry.
    func touch(_ now: Double) {
        condition.lock()
        touched = now
        condition.unlock()
    }

    /// Whether nothing used the session for `timeout` seconds and no stream is open.
    func idle(at now: Double, timeout: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return streams.isEmpty && now - touched > timeout
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
        condition.lock()
        defer { condition.unlock() }
        let id = nextStream
        nextStream += 1
        streams.append(id)
        if streams.count > limit {
            streams.removeFirst(streams.count - limit)
            condition.broadcast()
        }
        return (Cursor(stream: id, position: dropped + events.count), events.filter { $0.seq > after })
    }

    /// Waits up to `timeout` seconds for messages after the cursor. Returns them (empty on a
    /// time-out) with the moved cursor, or nil when the stream should end.
    func wait(_ cursor: Cursor, timeout: Double) -> (Cursor, [Event])? {
        condition.lock()
        defer { condition.unlock() }
        let until = Date(timeIntervalSinceNow: timeout)
        while !ended, streams.contains(cursor.stream), dropped + events.count <= cursor.position {
            if !condition.wait(until: until) { break }
        }
        // A stream that fell behind the kept log ends: the browser reconnects with its last
        // event id and the hub replays what the log no longer holds.
        guard !ended, streams.contains(cursor.stream), cursor.position >= dropped else { return nil }
        let fresh = Array(events[(cursor.position - dropped)...])
        return (Cursor(stream: cursor.stream, position: dropped + events.count), fresh)
    }

    /// Forgets a stream that has ended at `now`; the session's idle time counts from then.
    func closeStream(_ cursor: Cursor, at now: Double) {
        condition.lock()
        streams.removeAll { $0 == cursor.stream }
        touched = max(touched, now)
        condition.unlock()
    }

    /// Ends the session in the bridge: its streams finish and nothing more is kept.
    func end() {
        condition.lock()
        ended = true
        events.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    var isEnded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ended
    }
}
