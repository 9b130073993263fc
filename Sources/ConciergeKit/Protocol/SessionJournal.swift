import Foundation

/// Keeps shopper sessions across a crash or restart: one line per turn (the new messages and the
/// conversation's state), appended by the server and made durable by ``sync()`` before the
/// turn's replies are sent, so every reply a client has seen is on disk.
///
/// The server calls `sync()` once per batch of lines it read (group commit), not once per line.
public final class SessionJournal: @unchecked Sendable {
    /// Guards `buffer`; held only to append or take it, never across a write.
    private let lock = NSLock()
    /// Serialises writers. Held across write and fsync, so a caller that gets it knows every
    /// line queued before it called is either in its own write or already durable.
    private let syncLock = NSLock()
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// The buffer being written, kept to reuse its storage.
    private var spare: [UInt8] = []
    public let path: String

    /// One journal line: a turn (`turns` and `state`), or the end of a session (`closed`).
    struct Line: Codable {
        var session: String
        var turns: [Turn]?
        var state: Conversation?
        var closed: Bool?
    }

    /// Opens (creating) the journal at `path`.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ProtocolError.failed("can't open \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// Queues one turn: the turns added since the last record and the conversation's state.
    func record(_ conversation: Conversation, newTurns: ArraySlice<Turn>) {
        // Written by hand (the same JSON `JSONEncoder` would write): the encoder cost a third of
        // the server's CPU per message.
        let data = JournalEncoding.line(session: conversation.id, turns: newTurns, state: conversation)
        lock.lock()
        buffer.append(contentsOf: data)
        lock.unlock()
    }

    /// Queues the end of a session: recovery forgets it.
    func recordClosed(_ session: String) {
        var w = JSONWriter()
        w.begin()
        w.field("session", session)
        w.key("closed")
        w.rawString("true")
        w.end()
        w.raw(UInt8(ascii: "\n"))
        lock.lock()
        buffer.append(contentsOf: w.bytes)
        lock.unlock()
    }

    /// Writes what was queued and fsyncs it; returns when it is durable.
    ///
    /// Turns keep being queued while the fsync runs; they go in the next call's write. Callers
    /// in several threads share the work: one that arrives during another's fsync waits for it
    /// and then writes whatever was queued meanwhile, often nothing.
    public func sync() {
        syncLock.lock()
        defer { syncLock.unlock() }
        lock.lock()
        swap(&buffer, &spare)
        lock.unlock()
        guard !spare.isEmpty else { return }
        var written = 0
        spare.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while written < raw.count {
                let n = write(fd, base + written, raw.count - written)
                if n <= 0 {
                    if errno == EINTR { continue }
                    break
                }
                written += n
            }
        }
        fdatasync(fd)
        spare.removeAll(keepingCapacity: spare.capacity <= 1 << 20)
    }

    /// Every session in the journal at `path`, rebuilt; a torn last line is skipped.
    public static func recover(path: String) -> [String: Conversation] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var sessions: [String: Conversation] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let entry = try? decoder.decode(Line.self, from: Data(line)) else { continue }
            if entry.closed == true {
                sessions[entry.session] = nil
                continue
            }
            guard var c = entry.state else { continue }
            c.transcript = (sessions[entry.session]?.transcript ?? []) + (entry.turns ?? [])
            sessions[entry.session] = c
        }
        return sessions
    }
}
