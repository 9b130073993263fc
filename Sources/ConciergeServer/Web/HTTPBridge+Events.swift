import ConciergeKit
import Foundation

/// Server-Sent Events: each event of a feed (a session's messages) as `id: <seq>` and
/// `data: <json>`, replaying what came after the browser's last event id, then live until the
/// browser goes or the feed ends. Keep-alive comments keep proxies from timing the stream out and
/// find dead clients.
extension HTTPBridge {
    func stream(_ session: any EventFeed, after: Int, headers: [(name: String, value: String)], to connection: HTTPConnection) {
        var first: [WebSession.Event] = []
        var from = after
        if let (replayed, seq) = session.backfill(after: after, from: self) {
            first += replayed.map { [$0] } ?? []
            from = seq
        }
        let (start, kept) = session.openStream(after: from, limit: configuration.maximumStreamsPerSession)
        defer { session.closeStream(start, at: clock()) }
        first += kept
        var out = HTTPResponse.eventStreamHead(extraHeaders: headers)
        out += Array("retry: 2000\n\n".utf8)
        for e in first { out += Self.frame(e) }
        guard connection.write(out) else { return }
        var cursor = start
        var quietSince = clock()
        while true {
            guard let (next, fresh) = session.wait(cursor, timeout: min(configuration.heartbeatInterval, 5)) else { return }
            cursor = next
            if connection.peerClosed() { return }
            if fresh.isEmpty {
                guard clock() - quietSince >= configuration.heartbeatInterval else { continue }
                guard connection.write(Array(": keep-alive\n\n".utf8)) else { return }
            } else {
                guard connection.write(fresh.flatMap(Self.frame)) else { return }
                session.touch(clock())
            }
            quietSince = clock()
        }
    }

    /// One event: the JSON has no raw newlines (the encoder escapes them), so one data line.
    static func frame(_ e: WebSession.Event) -> [UInt8] {
        Array("id: \(e.seq)\ndata: ".utf8) + e.json + [10, 10]
    }
}

/// A chat's stream: what the bridge's log no longer holds is replayed from the hub.
extension WebSession: EventFeed {
    func backfill(after: Int, from bridge: HTTPBridge) -> (WebSession.Event?, Int)? {
        guard events(after: after) == nil else { return nil }
        return bridge.hubReplay(self, after: after)
    }
}
