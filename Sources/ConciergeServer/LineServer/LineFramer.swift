import Glibc

/// Cuts a byte stream into lines, without copying lines that arrive whole.
///
/// Bytes go in as they are read from a socket or a pipe; each complete line comes out as a buffer
/// pointer into the bytes just read (or into the framer's own buffer, for a line that arrived in
/// pieces). A trailing `\r` is dropped, and blank lines are skipped. A line longer than `limit`
/// is reported once, as soon as it passes the limit, and the rest of it is discarded as it
/// arrives rather than buffered, so a client can't make the server hold more than `limit` bytes.
struct LineFramer {
    /// What ``feed(_:_:)`` finds.
    enum Piece {
        /// A complete line without its newline; valid only during the call.
        case line(UnsafeBufferPointer<UInt8>)
        /// A line passed the limit: it is dropped up to its newline.
        case tooLong
    }

    let limit: Int
    /// The start of a line still waiting for its newline.
    private var partial: [UInt8] = []
    /// Whether the bytes up to the next newline belong to a line already refused as too long.
    private var discarding = false

    init(limit: Int) {
        self.limit = limit
    }

    /// Whether a line has started and not yet ended: a client that leaves now left half a line.
    var hasPartialLine: Bool { !partial.isEmpty || discarding }

    /// Takes the next bytes of the stream and calls `body` for each line they complete.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Void) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, 10, chunk.count - start) else {
                let rest = chunk.count - start
                if discarding { return }
                if partial.count + rest > limit {
                    partial.removeAll(keepingCapacity: false)
                    discarding = true
                    body(.tooLong)
                } else {
                    partial.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start...]))
                }
                return
            }
            let end = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
            defer { start = end + 1 }
            if discarding {
                discarding = false
                continue
            }
            if partial.isEmpty {
                emit(UnsafeBufferPointer(rebasing: chunk[start..<end]), body)
            } else if partial.count + (end - start) > limit {
                partial.removeAll(keepingCapacity: false)
                body(.tooLong)
            } else {
                partial.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<end]))
                partial.withUnsafeBufferPointer { emit($0, body) }
                partial.removeAll(keepingCapacity: partial.capacity <= 4096)
            }
        }
    }

    /// Ends the stream. A started line without its newline is given to `body` as a line: on a
    /// pipe the last line may lack one. (A socket's half line is dropped instead: the client
    /// left in the middle of it.)
    mutating func finish(_ body: (Piece) -> Void) {
        defer {
            partial = []
            discarding = false
        }
        guard !discarding, !partial.isEmpty else { return }
        partial.withUnsafeBufferPointer { emit($0, body) }
    }

    private func emit(_ raw: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Void) {
        var line = raw
        if let last = line.last, last == UInt8(ascii: "\r") { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard line.count <= limit else {
            body(.tooLong)
            return
        }
        guard line.contains(where: { $0 != 32 && $0 != 9 }) else { return }
        body(.line(line))
    }
}
