import ConciergeKit
import Foundation

/// Keeps shopper sessions across a crash or restart: one line per turn (the new messages and the
/// conversation's state), queued by the hub and written before the turn's replies are sent, so
/// every reply a client has seen is in the journal.
///
/// The server writes once per batch of lines it read (group commit), not once per line: with
/// ``write()`` (safe from a crash of the process) or ``sync()`` (safe from a power cut too),
/// as the hub's ``SessionHub/Durability`` says.
///
/// A journal only grows, so a long-running server compacts it: once it is past
/// ``compactionFloor`` and four times its size after the last compaction, the hub writes each
/// live session whole into a fresh file (a snapshot) while turns go on being written to the old
/// one, and the fresh file, with the lines queued since each session's snapshot, then replaces
/// the old in one rename. Until that rename the old file holds everything, so a crash at any
/// point loses nothing.
public final class SessionJournal: Sendable {
    /// The lines queued and not yet written; its lock is held only to append or take them,
    /// never across a write.
    private struct Queue {
        var buffer: [UInt8] = []
        /// Compactions begun: a session snapshotted by the latest has this number.
        var compactions = 0
        /// While a compaction runs: the lines queued since their session's snapshot, which
        /// follow the snapshot in the fresh file.
        var tail: [UInt8]?
        /// The sessions found when the journal was opened, until ``takeRecovered()``.
        var recovered: [String: Conversation]
    }

    /// The file; its lock serialises writes, so lines land whole and in order.
    private struct File {
        var fd: Int32
        /// Writes done so far.
        var written = 0
        /// The file's size as far as this process wrote it, and its size right after the last
        /// compaction (or opening).
        var size: Int
        var compactedSize: Int
        /// The buffer being written, kept to reuse its storage.
        var spare: [UInt8] = []
        var compactionFloor = 64 << 20
    }

    private let queue: Protected<Queue>
    private let file: Protected<File>
    /// How many writes the last fsync covered. Its lock serialises fsyncs and is held across
    /// the fsync, so a caller that gets it knows every line written before it called is either
    /// covered by its own fsync or already durable.
    private let synced = Protected(0)
    public let path: String

    /// The least size a journal grows to before it is compacted.
    public var compactionFloor: Int {
        get { file.withLock { $0.compactionFloor } }
        set { file.withLock { $0.compactionFloor = newValue } }
    }

    /// One journal line: a turn (`turns` and `state`), or the end of a session (`closed`).
    struct Line: Codable {
        var session: String
        var turns: [Turn]?
        var state: Conversation?
        var closed: Bool?
    }

    /// Opens (creating) the journal at `path` and recovers the sessions in it.
    ///
    /// A journal holding more lines than live sessions (ended chats, one line per turn) is first
    /// rewritten as one line per live session, written aside, fsynced and renamed over it, so
    /// it doesn't grow without end across restarts and the next start reads less.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (sessions, lines) = Self.recoverCounting(path: path)
        if lines > sessions.count {
            try Self.rewrite(path: path, sessions: sessions)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ProtocolError.failed("can't open \(path): \(String(cString: strerror(errno)))") }
        var status = stat()
        let size = fstat(fd, &status) == 0 ? Int(status.st_size) : 0
        queue = Protected(Queue(recovered: sessions))
        file = Protected(File(fd: fd, size: size, compactedSize: size))
    }

    /// Hands over the sessions recovered when the journal opened (once; later calls get none).
    public func takeRecovered() -> [String: Conversation] {
        queue.withLock { q in
            defer { q.recovered = [:] }
            return q.recovered
        }
    }

    /// Writes `sessions` as a fresh journal beside `path`, makes it durable and puts it in place.
    private static func rewrite(path: String, sessions: [String: Conversation]) throws {
        var bytes: [UInt8] = []
        for id in sessions.keys.sorted() {
            guard let c = sessions[id] else { continue }
            bytes += snapshotLine(c)
        }
        do {
            try TicketViews.replace(path, with: Data(bytes))
        } catch {
            throw ProtocolError.failed("can't rewrite \(path): \(error)")
        }
        Journal.syncFolder((path as NSString).deletingLastPathComponent)
    }

    deinit { _ = file.withLock { close($0.fd) } }

    /// Queues one turn: the turns added since the last record and the conversation's state.
    /// - Parameter compaction: the number of the latest compaction that snapshotted the session
    ///   (see ``beginCompaction()``); call under the lock that guards the session, in the same
    ///   hold as the change it records.
    func record(_ conversation: Conversation, newTurns: ArraySlice<Turn>, compaction: Int) {
        // Written by hand (the same JSON `JSONEncoder` would write): the encoder cost a third of
        // the server's CPU per message.
        queue(JournalEncoding.line(session: conversation.id, turns: newTurns, state: conversation), compaction: compaction)
    }

    /// Queues the end of a session: recovery forgets it. Call as ``record(_:newTurns:compaction:)``.
    func recordClosed(_ session: String, compaction: Int) {
        var w = JSONWriter()
        w.begin()
        w.field("session", session)
        w.key("closed")
        w.rawString("true")
        w.end()
        w.raw(UInt8(ascii: "\n"))
        queue(w.bytes, compaction: compaction)
    }

    private func queue(_ line: [UInt8], compaction: Int) {
        queue.withLock { q in
            q.buffer.append(contentsOf: line)
            // After its session's snapshot: the fresh file needs it too.
            if compaction == q.compactions { q.tail?.append(contentsOf: line) }
        }
    }

    // MARK: Compaction

    /// Whether the journal has grown enough to compact.
    var wantsCompaction: Bool {
        file.withLock { f in f.size >= max(f.compactionFloor, 4 * f.compactedSize) }
    }

    /// The number of the compaction running, or of the last one: sessions created now count as
    /// snapshotted by it.
    var compaction: Int {
        queue.withLock { $0.compactions }
    }

    /// Starts a compaction and returns its number, or nil when one is already running. The
    /// caller then snapshots every live session (``snapshotLine(_:)``), marking each with the
    /// number under the session's lock, and ends with ``finishCompaction(snapshot:)``.
    func beginCompaction() -> Int? {
        queue.withLock { q in
            guard q.tail == nil else { return nil }
            q.compactions += 1
            q.tail = []
            return q.compactions
        }
    }

    /// A live session's line in a snapshot: its whole transcript and its state.
    static func snapshotLine(_ c: Conversation) -> [UInt8] {
        JournalEncoding.line(session: c.id, turns: c.transcript[...], state: c)
    }

    /// Writes the snapshot and the lines queued since, fsynced, beside the journal, and puts it
    /// in the journal's place. Turns go on being written and synced meanwhile; they wait only for
    /// the last few lines and the rename.
    func finishCompaction(snapshot: [UInt8]) {
        let fresh = path + ".compacting"
        let freshFD = open(fresh, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard freshFD >= 0 else { return abandonCompaction() }
        // The bulk: the snapshot and the lines so far, made durable before anyone waits.
        var lines = queue.withLock { q in
            defer { q.tail = [] }
            return q.tail ?? []
        }
        var ok = snapshot.withUnsafeBytes { Journal.writeAll(freshFD, $0) } && lines.withUnsafeBytes { Journal.writeAll(freshFD, $0) }
        ok = ok && fdatasync(freshFD) == 0
        guard ok else {
            close(freshFD)
            unlink(fresh)
            return abandonCompaction()
        }
        var freshSize = snapshot.count + lines.count
        // The switch: what is queued now goes to the old file (which stays whole until the
        // rename), and the lines queued since their snapshot, to the fresh one; from then on,
        // lines go to the fresh file only. Under the fsyncs' and the file's locks, so no write or
        // fsync is using the descriptor meanwhile; a sync waits only for these last lines and the
        // rename.
        let replaced = synced.withLock { _ -> Int32? in
            let replaced = file.withLock { f -> Int32? in
                queue.withLock { q in
                    swap(&q.buffer, &f.spare)
                    lines = q.tail ?? []
                    q.tail = nil
                }
                let old = f.fd
                _ = f.spare.withUnsafeBytes { Journal.writeAll(old, $0) }
                let leftOver = f.spare.count
                f.spare.removeAll(keepingCapacity: f.spare.capacity <= 1 << 20)
                // The next sync fsyncs whichever file is now the journal.
                f.written &+= 1
                guard lines.withUnsafeBytes({ Journal.writeAll(freshFD, $0) }) && rename(fresh, path) == 0 else {
                    // The old file has every line: carry on with it, and try again later.
                    close(freshFD)
                    unlink(fresh)
                    f.size += leftOver
                    return nil
                }
                f.fd = freshFD
                freshSize += lines.count
                f.size = freshSize
                f.compactedSize = freshSize
                return old
            }
            // Before any sync counts the fresh file's lines as durable, the rename is.
            if replaced != nil { Journal.syncFolder((path as NSString).deletingLastPathComponent) }
            return replaced
        }
        // Closed once the locks are let go: closing the last descriptor of the replaced file
        // frees its tens of megabytes, cached pages and blocks, which takes milliseconds that no
        // answer should wait for.
        if let replaced { close(replaced) }
    }

    private func abandonCompaction() {
        queue.withLock { $0.tail = nil }
    }

    /// Hands what was queued to the kernel; returns once it is there.
    ///
    /// From then on the lines survive a crash or `kill -9` of this process (the kernel writes
    /// them out), though not yet a power cut: ``sync()`` is for that. Callers in several threads
    /// take turns, so lines land whole and in the order they were queued.
    public func write() {
        file.withLock { f in
            queue.withLock { q in swap(&q.buffer, &f.spare) }
            guard !f.spare.isEmpty else { return }
            // A failed write (disk full) leaves lines out, as a failed fsync would; what got in is
            // still fsynced by the next sync.
            let fd = f.fd
            _ = f.spare.withUnsafeBytes { Journal.writeAll(fd, $0) }
            f.written &+= 1
            f.size += f.spare.count
            f.spare.removeAll(keepingCapacity: f.spare.capacity <= 1 << 20)
        }
    }

    /// Writes what was queued and fsyncs it; returns when every line queued before the call is
    /// on disk.
    ///
    /// Turns keep being queued and written while the fsync runs; they are covered by the next
    /// call's. A caller that arrives during another's fsync waits for it, then fsyncs only if
    /// something was written since that one began.
    public func sync() {
        synced.withLock { synced in
            write()
            // The descriptor changes only under this lock (a compaction's switch), so it stays
            // the journal's while the fsync runs.
            let (upTo, fd) = file.withLock { ($0.written, $0.fd) }
            guard upTo != synced else { return }
            fdatasync(fd)
            synced = upTo
        }
    }

    /// Every session in the journal at `path`, rebuilt; a torn last line is skipped.
    public static func recover(path: String) -> [String: Conversation] {
        recoverCounting(path: path).sessions
    }

    private static func recoverCounting(path: String) -> (sessions: [String: Conversation], lines: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([:], 0) }
        var lines = 0
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var sessions: [String: Conversation] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            lines += 1
            guard let entry = try? decoder.decode(Line.self, from: Data(line)) else { continue }
            if entry.closed == true {
                sessions[entry.session] = nil
                continue
            }
            guard var c = entry.state else { continue }
            // Taken out and appended to in place: a long chat isn't copied at every line.
            var transcript = sessions.removeValue(forKey: entry.session)?.transcript ?? []
            transcript.append(contentsOf: entry.turns ?? [])
            c.transcript = transcript
            sessions[entry.session] = c
        }
        return (sessions, lines)
    }
}
