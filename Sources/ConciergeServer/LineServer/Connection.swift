import ConciergeKit
import Glibc

/// One client's TCP connection, owned by exactly one ``EventLoop`` thread: its descriptor, the
/// line it is in the middle of sending, and the answers not yet taken by the kernel.
///
/// Only the owning loop touches a connection, so it needs no lock; deliveries from other threads
/// reach it through the loop's inbox.
final class Connection {
    let fd: Int32
    /// The hub's name for this connection, used in deliveries.
    let id: SessionHub.ConnectionID
    /// The client's IP address, counted towards its limit of connections while this one is open.
    let peer: String
    var framer: LineFramer
    /// Answers waiting to be written, from `outputStart` on.
    private var output: [UInt8] = []
    private var outputStart = 0
    /// When the client last sent anything (monotonic nanoseconds), for the idle timeout.
    var lastHeard: UInt64
    /// Whether lines are still read: false once the client finished sending, timed out, or the
    /// server is stopping; the connection then closes as soon as its answers are written.
    var reading = true
    /// When reading stopped (monotonic nanoseconds): answers not taken by then plus the drain
    /// time are given up.
    var endedAt: UInt64 = 0
    /// The epoll events the loop watches the descriptor for; 0 when it isn't registered.
    var interest: UInt32 = 0
    /// Whether the connection sits in its loop's list of connections with output to write.
    var queuedForFlush = false
    /// Batches with this client's lines that the committer hasn't handed back yet.
    var awaiting = 0
    /// Closed: deliveries and events still on their way are ignored.
    var closed = false

    init(fd: Int32, id: SessionHub.ConnectionID, peer: String, lineLimit: Int, now: UInt64) {
        self.fd = fd
        self.id = id
        self.peer = peer
        framer = LineFramer(limit: lineLimit)
        lastHeard = now
    }

    /// Bytes accepted for this client and not yet written.
    var pendingOutput: Int { output.count - outputStart }

    /// Queues one encoded line.
    func enqueue(_ line: [UInt8]) {
        if output.isEmpty { output = line } else { output.append(contentsOf: line) }
    }

    /// The outcome of ``flush()``.
    enum FlushResult {
        /// Everything queued was written.
        case done
        /// The socket is full; the rest waits for it to become writable.
        case blocked
        /// The client is gone.
        case failed
    }

    /// Writes as much queued output as the socket takes now.
    func flush() -> FlushResult {
        while outputStart < output.count {
            let n = output.withUnsafeBytes { raw in
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: raw[outputStart...]))
            }
            if n > 0 {
                outputStart += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Keep the buffer from growing forever when a slow reader takes a little at a time.
                if outputStart >= 64 * 1024 && outputStart * 2 >= output.count {
                    output.removeFirst(outputStart)
                    outputStart = 0
                }
                return .blocked
            }
            return .failed
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputStart = 0
        return .done
    }
}
