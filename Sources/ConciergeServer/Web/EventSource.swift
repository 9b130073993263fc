/// What an event stream follows: a browser session's messages (``WebSession``), or whatever
/// else a route streams with ``HTTPBridge/Outcome/stream(_:after:headers:)``.
///
/// A stream is opened once, on the event loop that owns its connection, and then sleeps: it costs
/// no thread while nothing happens. When the source has something new for a stream (or wants it
/// to end), it calls the stream's `wake`, from whatever thread it is on; the loop then asks for
/// the events since the stream's cursor and sends them.
protocol EventSource: AnyObject, Sendable {
    /// Opens a stream that first sends the events after `after` and then each new one.
    /// - Parameters:
    ///   - limit: the most streams the source keeps open; past it, opening one may end the oldest.
    ///   - wake: called, on any thread, whenever there is more for this stream or it should end.
    /// - Returns: the stream's cursor, and the events to send first.
    func openStream(after: Int, limit: Int, wake: @escaping @Sendable () -> Void) -> (EventCursor, [StreamEvent])
    /// The events since `cursor` and the cursor past them (no events when nothing is new); nil
    /// when the stream should end. `now` is when they are sent, on the bridge's clock.
    func events(since cursor: EventCursor, at now: Double) -> (EventCursor, [StreamEvent])?
    /// Forgets a stream that ended at `now`.
    func closeStream(_ cursor: EventCursor, at now: Double)
}

/// One event of a stream, encoded once: sent as `id: <seq>` and `data: <json>`.
struct StreamEvent: Sendable {
    /// The event's id: a browser session's `seq` (its transcript position), which a reconnecting
    /// `EventSource` sends back as `Last-Event-ID`.
    var seq: Int
    /// The event as one JSON object, without a newline.
    var json: [UInt8]
}

/// A stream's place in its source: which stream it is, and the next event it will send.
struct EventCursor: Sendable, Equatable {
    var stream: Int
    var position: Int
}
