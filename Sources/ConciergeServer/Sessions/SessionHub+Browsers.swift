import ConciergeKit

/// The browsers' sessions in the hub's table: the web bridge keeps no table of its own. A
/// browser's session is a shopper connection of the hub that carries the bridge's ``WebSession``
/// (the messages kept for replays, the event streams); the bridge finds it by the session's id
/// or by the connection a delivery is for. Each bridge sees only its own browsers: a second bridge
/// on the same hub (as after a restart) takes a session on afresh, from the hub's transcript.
extension SessionHub {
    /// A browser's connection: the bridge that serves it, and its state there.
    struct Browser {
        var bridge: ObjectIdentifier
        var session: WebSession
    }

    /// The browser state `bridge` keeps for session `id`, if one of its browsers has it open.
    func browser(forSession id: String, in bridge: ObjectIdentifier) -> WebSession? {
        tables.withLock { t in
            guard let session = t.sessions[id] else { return nil }
            for connection in session.state.withLock({ $0.connections }) {
                if let browser = t.connections[connection]?.browser, browser.bridge == bridge { return browser.session }
            }
            return nil
        }
    }

    /// The browser state `connection` carries, if it is one of `bridge`'s browsers.
    func browser(of connection: ConnectionID, in bridge: ObjectIdentifier) -> WebSession? {
        tables.withLock { t in
            guard let browser = t.connections[connection]?.browser, browser.bridge == bridge else { return nil }
            return browser.session
        }
    }

    /// Makes `browser.connection`, which has opened or resumed session `browser.id`, carry
    /// `browser` for `bridge`, unless another of the bridge's browsers holds the session already.
    /// - Returns: the browser state that holds the session: `browser`, or the one there first.
    func adopt(_ browser: WebSession, in bridge: ObjectIdentifier) -> WebSession {
        tables.withLock { t in
            if let session = t.sessions[browser.id] {
                for other in session.state.withLock({ $0.connections }) where other != browser.connection {
                    if let existing = t.connections[other]?.browser, existing.bridge == bridge { return existing.session }
                }
            }
            guard t.connections[browser.connection] != nil, t.connections[browser.connection]?.browser == nil else { return browser }
            t.connections[browser.connection]?.browser = Browser(bridge: bridge, session: browser)
            t.browsers[bridge, default: 0] += 1
            return browser
        }
    }

    /// How many browsers' sessions `bridge` holds.
    func browserCount(in bridge: ObjectIdentifier) -> Int {
        tables.withLock { $0.browsers[bridge] ?? 0 }
    }

    /// Every browser's session `bridge` holds.
    func browsers(in bridge: ObjectIdentifier) -> [WebSession] {
        tables.withLock { t in t.connections.values.compactMap { $0.browser?.bridge == bridge ? $0.browser?.session : nil } }
    }
}
