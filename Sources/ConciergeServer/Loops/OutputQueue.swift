import Glibc

/// Bytes accepted for a client and not yet taken by its socket: what a connection on an event
/// loop has answered but the kernel couldn't send yet. Its owner caps it, so a client that
/// doesn't read can't make the server hold more than that.
struct OutputQueue {
    private var bytes: [UInt8] = []
    private var start = 0

    /// Bytes waiting.
    var count: Int { bytes.count - start }

    var isEmpty: Bool { start == bytes.count }

    /// Queues `more` after what waits.
    mutating func append(_ more: [UInt8]) {
        if bytes.isEmpty { bytes = more } else { bytes.append(contentsOf: more) }
    }

    /// The outcome of ``flush(to:)``.
    enum FlushResult {
        /// Everything queued was written.
        case done
        /// The socket is full; the rest waits for it to become writable.
        case blocked
        /// The client is gone.
        case failed
    }

    /// Writes as much as the non-blocking socket `fd` takes now.
    mutating func flush(to fd: Int32) -> FlushResult {
        while start < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: raw[start...]))
            }
            if n > 0 {
                start += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Keep the buffer from growing forever when a slow reader takes a little at a time.
                if start >= 64 * 1024 && start * 2 >= bytes.count {
                    bytes.removeFirst(start)
                    start = 0
                }
                return .blocked
            }
            return .failed
        }
        bytes.removeAll(keepingCapacity: bytes.capacity <= 64 * 1024)
        start = 0
        return .done
    }
}
