import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The store's journal file and its lock file, kept open; the one place that reads, appends and
/// repairs `journal.jsonl`.
///
/// Processes sharing the folder take turns through `flock` on `.lock`: an exclusive lock to append,
/// a shared one to read. A writer holds its lock from reading the latest events until its own line
/// is written (and fsynced, unless the owner commits in groups), so under any lock the journal holds only whole lines, except for a line torn by a
/// writer that died mid-write. Readers skip such a tail; the next writer cuts it off.
///
/// Not thread-safe: ``HandoffStore`` uses it only under its own lock.
package final class Journal {
    let path: String
    let lockPath: String
    private let fd: Int32
    private let lockFD: Int32
    /// Bytes of the journal read and applied so far.
    private(set) var offset = 0
    /// Newlines read so far, for the line numbers in error messages.
    private var lines = 0
    /// The last sequence number read or written.
    private(set) var lastSequence = 0
    /// Whether the bytes read end with a complete event that lacks its newline (a hand edit).
    private var needsNewline = false
    /// Leave each append's fsync to ``takeUnsynced()`` and its caller (group commit).
    var groupCommit = false
    /// Whether an append since the last ``takeUnsynced()`` has not been fsynced.
    private var unsynced = false

    /// Reads the store's JSON (the journal and the ticket files): ISO 8601 dates.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Opens (creating if needed) `journal.jsonl` and `.lock` in `directory`, which must exist.
    init(directory: String) throws(HandoffError) {
        path = directory + "/journal.jsonl"
        lockPath = directory + "/.lock"
        lockFD = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockFD >= 0 else { throw .cannotOpen(lockPath, Self.lastError()) }
        let existed = FileManager.default.fileExists(atPath: path)
        fd = Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            Glibc.close(lockFD)
            throw .cannotOpen(path, Self.lastError())
        }
        if !existed { Self.syncFolder(directory) }
    }

    /// A journal kept in memory only (for conversations run in tests): nothing is read, appends
    /// only advance the sequence, and there is no other process to take turns with.
    init() {
        path = ""
        lockPath = ""
        fd = -1
        lockFD = -1
    }

    /// Whether the journal is in memory only.
    var inMemory: Bool { fd < 0 }

    deinit {
        guard !inMemory else { return }
        Glibc.close(fd)
        Glibc.close(lockFD)
    }

    /// Waits for the folder's lock: exclusive to append, shared to read.
    func lock(exclusive: Bool) throws(HandoffError) {
        if inMemory { return }
        while flock(lockFD, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw .cannotLock(lockPath, Self.lastError()) }
        }
    }

    func unlock() {
        if inMemory { return }
        _ = flock(lockFD, LOCK_UN)
    }

    /// The journal's size on disk, or nil when it can't be read.
    var size: Int? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Whether other processes appended since the last read. Without the lock: an event still
    /// being written was not acknowledged to anyone yet, so missing it is correct.
    var hasNewBytes: Bool { !inMemory && (size ?? Int.max) != offset }

    /// The events appended since the last read, oldest first; call under the lock.
    ///
    /// A torn last line (no newline, not a whole event) is left unread; with `repair`, which needs
    /// the exclusive lock, it is cut off so the next append starts on a clean line.
    /// - Throws: ``HandoffError/badJournal(file:line:reason:)`` for a damaged line, a line from a
    ///   newer version or a sequence out of order; ``HandoffError/io(_:)`` when the file can't be read.
    func readNew(repair: Bool) throws(HandoffError) -> [HandoffEvent] {
        if inMemory { return [] }
        guard let size else { throw .cannotRead(path, Self.lastError()) }
        guard size >= offset else {
            throw .io("\(path): the journal is shorter than when it was read (\(size) bytes, \(offset) read); it was edited or replaced while in use: stop every program using the folder, then restart them")
        }
        guard size > offset else { return [] }
        let data = try readBytes(from: offset, count: size - offset)

        var events: [HandoffEvent] = []
        var consumed = 0
        var newlines = lines
        var sequence = lastSequence
        var endsWithoutNewline = needsNewline
        var problem: HandoffError?
        // Scanned as raw bytes: going through `Data` byte by byte costs an exclusivity check per byte.
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let all = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < all.count {
                let newline = all[start...].firstIndex(of: UInt8(ascii: "\n"))
                let end = newline ?? all.count
                let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                let next = newline.map { $0 + 1 } ?? all.count
                let lineNumber = newlines + 1
                if bytes.allSatisfy(Self.isBlank) {
                    guard newline != nil else { break }  // torn: only spaces or zeros, no newline
                } else {
                    let event: HandoffEvent
                    do {
                        // The hand-written reader, fast; `JSONDecoder` for anything it does not expect (see HandoffEventDecoding).
                        event = try HandoffEventDecoding.event(bytes) ?? Self.decoder.decode(HandoffEvent.self, from: Data(bytes))
                    } catch JournalLineProblem.newerVersion(let version) {
                        problem = .badJournal(file: path, line: lineNumber,
                                              reason: "written in journal format \(version) by a newer Concierge (this one reads format \(HandoffEvent.formatVersion)); upgrade this program")
                        return
                    } catch JournalLineProblem.unknownType(let type) {
                        problem = .badJournal(file: path, line: lineNumber,
                                              reason: "unknown event type \"\(type)\", perhaps from a newer Concierge; upgrade this program")
                        return
                    } catch {
                        // Without its newline, the line was torn by a writer that died mid-line, so it
                        // was never acknowledged; with it, the line is damage that must not be guessed at.
                        if newline == nil { break }
                        problem = .badJournal(file: path, line: lineNumber, reason: "not a handoff event (one JSON object per line, as this program writes them)")
                        return
                    }
                    guard event.sequence > sequence else {
                        problem = .badJournal(file: path, line: lineNumber,
                                              reason: "sequence number \(event.sequence) after \(sequence); sequence numbers must increase")
                        return
                    }
                    sequence = event.sequence
                    events.append(event)
                }
                if newline != nil { newlines += 1 }
                consumed = next
                endsWithoutNewline = newline == nil
                start = next
            }
        }
        if let problem { throw problem }

        if repair && consumed < data.count {
            guard ftruncate(fd, off_t(offset + consumed)) == 0, fsync(fd) == 0 else {
                throw .cannotWrite(path, Self.lastError())
            }
        }
        offset += consumed
        lines = newlines
        lastSequence = sequence
        needsNewline = endsWithoutNewline
        return events
    }

    /// Appends `event` as one line and returns once it is on disk; call under the exclusive lock,
    /// right after ``readNew(repair:)`` with `repair`.
    /// - Throws: ``HandoffError/io(_:)`` when it can't be written; the journal is left as it was.
    func append(_ event: HandoffEvent) throws(HandoffError) {
        if inMemory {
            lastSequence = event.sequence
            return
        }
        var line = Data()
        if needsNewline { line.append(UInt8(ascii: "\n")) }
        line.append(contentsOf: HandoffEventEncoding.encode(event))
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { Self.writeAll(fd, $0) }
        guard written, groupCommit || fsync(fd) == 0 else {
            let reason = Self.lastError()
            _ = ftruncate(fd, off_t(offset))
            throw .cannotWrite(path, reason)
        }
        offset += line.count
        lines += needsNewline ? 2 : 1
        lastSequence = event.sequence
        needsNewline = false
        if groupCommit { unsynced = true }
    }

    /// The descriptor to fsync when appends have been left unsynced since the last call, else nil;
    /// the caller fsyncs it outside its lock (an fsync covers every write before it, this
    /// process's or another's).
    func takeUnsynced() -> Int32? {
        guard unsynced else { return nil }
        unsynced = false
        return fd
    }

    private func readBytes(from start: Int, count: Int) throws(HandoffError) -> Data {
        var data = Data(count: count)
        var done = 0
        var failure: String?
        data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(start + done))
                if n > 0 {
                    done += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    failure = Self.lastError()
                    break
                }
            }
        }
        if let failure { throw .cannotRead(path, failure) }
        return data.prefix(done)
    }

    /// Writes every byte of `bytes` to `fd`, retrying short writes.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Replaces the file at `path` with `bytes` in one step: a temporary file beside it
    /// (`.NAME.tmp-PID`), fsynced unless the file is derived (`durable` false), renamed over it.
    /// A reader never sees half a file. - Returns: nil when done, else the path that failed and why.
    package static func replaceFile(_ path: String, with bytes: UnsafeRawBufferPointer, durable: Bool) -> (path: String, reason: String)? {
        // String work, since `URL`'s path methods cost more than writing a ticket's files.
        let name = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let temp = String(path[..<name]) + "." + String(path[name...]) + ".tmp-" + String(getpid())
        let fd = Glibc.open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return (temp, lastError()) }
        let synced = writeAll(fd, bytes) && (!durable || fsync(fd) == 0)
        let reason = lastError()
        Glibc.close(fd)
        guard synced, rename(temp, path) == 0 else {
            let failure = synced ? lastError() : reason
            unlink(temp)
            return (path, failure)
        }
        return nil
    }

    /// Makes a new file's name in `directory` durable.
    package static func syncFolder(_ directory: String) {
        let dirFD = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirFD >= 0 else { return }
        _ = fsync(dirFD)
        Glibc.close(dirFD)
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == 0
    }
}
