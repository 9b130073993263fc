import ConciergeKit

/// Server-Sent Events: each message of a session as `id: <seq>` and `data: <json>`, replaying
/// what came after the browser's last event id, then live until the browser goes or the session
/// ends. The stream's connection sleeps on its event loop between events (see
/// ``HTTPConnection``), and sends a keep-alive comment every `heartbeatInterval`, which keeps
/// proxies from timing it out and finds clients that have gone.
extension HTTPBridge {
    /// One event: the JSON has no raw newlines (the encoder escapes them), so one data line.
    static func frame(_ e: StreamEvent) -> [UInt8] {
        Array("id: \(e.seq)\ndata: ".utf8) + e.json + [10, 10]
    }
}
