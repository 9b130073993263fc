/// What an event stream sends (see `HTTPBridge+Events.swift`): a browser's chat (``WebSession``),
/// or another source with the same shape. Each event carries its place as the SSE `id:`, so a
/// browser that reconnects says where it got to and the feed goes on from there.
///
/// The stream's writing loop is the bridge's; a feed only says what to send and when.
protocol EventFeed: AnyObject, Sendable {
    /// What a stream that saw up to `after` missed and the feed no longer keeps: an event to send
    /// first (nil when there is nothing to say) and the place it reaches. Nil when the feed keeps
    /// everything after `after`.
    func backfill(after: Int, from bridge: HTTPBridge) -> (WebSession.Event?, Int)?

    /// Opens a stream that first sends what the feed keeps after `after`, then every new event.
    /// A feed keeps at most `limit` streams open; a new one may end the oldest.
    func openStream(after: Int, limit: Int) -> (WebSession.Cursor, [WebSession.Event])

    /// Waits up to `timeout` seconds for events after the cursor. Returns them (empty on a
    /// time-out) with the moved cursor, or nil when the stream should end.
    func wait(_ cursor: WebSession.Cursor, timeout: Double) -> (WebSession.Cursor, [WebSession.Event])?

    /// Forgets a stream that has ended at `now`.
    func closeStream(_ cursor: WebSession.Cursor, at now: Double)

    /// Marks the feed as used now (events reached the browser).
    func touch(_ now: Double)
}
