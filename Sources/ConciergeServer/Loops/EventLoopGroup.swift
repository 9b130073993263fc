import Foundation

/// The event loops a server runs on, started and stopped together. `concierge serve` runs the
/// line protocol and the web side on one group; the web side alone (`serve-web`) has its own.
final class EventLoopGroup: Sendable {
    let loops: [EventLoop]

    /// Creates `count` loops (at least one), named `name-0`, `name-1`, …; nothing runs until ``start()``.
    /// - Parameter drainTimeout: how long stopping loops let their channels write what they owe.
    /// - Throws: ``SocketError`` when the kernel refuses an epoll instance or an eventfd.
    init(count: Int, name: String, drainTimeout: TimeInterval, log: @escaping @Sendable (String) -> Void) throws(SocketError) {
        var loops: [EventLoop] = []
        for i in 0..<max(1, count) {
            loops.append(try EventLoop(name: "\(name)-\(i)", drainTimeout: drainTimeout, log: log))
        }
        self.loops = loops
    }

    func start() {
        for loop in loops { loop.start() }
    }

    /// Asks every loop to stop; returns at once.
    func stop() {
        for loop in loops { loop.post(.stop) }
    }

    /// Blocks until every loop has stopped.
    func wait() {
        for loop in loops { loop.waitUntilFinished() }
    }
}
