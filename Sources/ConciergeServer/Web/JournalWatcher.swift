import ConciergeKit

/// Looks at the handoff journal every ``interval`` while the agents' inbox has event streams open,
/// and says when it has grown. Changes made through the bridge (a shopper's message over the web,
/// an agent's action) wake the streams at once; this finds the others: the line protocol's, the
/// `concierge agent` command's, another server's on the same store.
///
/// One thread, only while a stream is open: it starts with the first and stops after the last.
final class JournalWatcher: Sendable {
    private struct State {
        var streams = 0
        var worker: WorkerThread?
        /// The journal's last sequence at the last look.
        var seen = 0
    }

    /// Seconds between looks.
    let interval: Double
    private let changed: @Sendable () -> Void
    private let state = Protected(State())

    /// - Parameter changed: called, on the watcher's thread, when the journal has grown.
    init(interval: Double = 0.1, changed: @escaping @Sendable () -> Void) {
        self.interval = interval
        self.changed = changed
    }

    /// A stream on `store` has opened; watching starts with the first.
    func streamOpened(_ store: HandoffStore) {
        let last = store.lastSequence()
        state.withLock { s in
            s.streams += 1
            guard s.worker == nil else { return }
            s.seen = last
            s.worker = WorkerThread.repeating("agent-inbox-watch", every: interval) { [weak self] _ in self?.look(store) }
        }
    }

    /// A stream has ended; watching stops after the last.
    func streamClosed() {
        let idle = state.withLock { s -> WorkerThread? in
            s.streams = max(0, s.streams - 1)
            guard s.streams == 0 else { return nil }
            defer { s.worker = nil }
            return s.worker
        }
        idle?.stop()
    }

    /// Whether the watcher's thread is running.
    var isWatching: Bool {
        state.withLock { $0.worker != nil }
    }

    private func look(_ store: HandoffStore) {
        let last = store.lastSequence()
        let grew = state.withLock { s in
            defer { s.seen = last }
            return last != s.seen
        }
        if grew { changed() }
    }
}
