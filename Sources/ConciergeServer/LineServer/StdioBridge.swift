import ConciergeKit
import Foundation
import Glibc

/// `concierge serve --stdio`: the line protocol over standard input and output, for a backend
/// that starts the server as its child. The one connection is trusted: it counts as the shop's
/// backend from the start.
///
/// Lines are read in batches as they arrive; each batch's turns are committed at once (see
/// ``SessionHub/commit()``) before its answers are written, one line per write, so the parent
/// sees each answer at once.
public final class StdioBridge: Sendable {
    private let hub: SessionHub
    private let input: Int32
    private let connection: SessionHub.ConnectionID
    /// The answers' descriptor, and whether the reader has gone. Its lock lets one batch or one
    /// push write at a time, so lines never interleave.
    private let output: Protected<(fd: Int32, closed: Bool)>
    /// The browser bridge beside it (`--http-port`), which gets the deliveries for its own connections.
    private let web = Protected<HTTPBridge?>(nil)

    /// - Parameters:
    ///   - input: the descriptor lines are read from; standard input by default.
    ///   - output: the descriptor answers are written to; standard output by default.
    public init(hub: SessionHub, input: Int32 = 0, output: Int32 = 1) {
        self.hub = hub
        self.input = input
        self.output = Protected((output, false))
        connection = hub.connect(trusted: true)
    }

    /// Serves the browser side (``HTTPBridge``) beside the pipe, on the same hub: it gets the
    /// deliveries for its own connections, and the pipe gets the rest. Call before ``serve(pushInterval:)``.
    /// - Returns: the port it listens on.
    /// - Throws: ``HTTPBridge/StartError`` when its address can't be bound.
    public func startWeb(_ configuration: HTTPBridge.Configuration) throws -> Int {
        var configuration = configuration
        // The push timer below polls the hub and routes every delivery, the browser bridge's included.
        configuration.pollInterval = nil
        let bridge = HTTPBridge(hub: hub, configuration: configuration, forward: { [self] in deliver($0) })
        web.withLock { $0 = bridge }
        return try bridge.start()
    }

    /// Answers until input ends: pushes what agents did every `pushInterval` seconds and, with
    /// ``SessionHub/Durability/process``, puts the journal on disk every few milliseconds. Returns
    /// once the journal is durable and the tickets' files are written.
    public func serve(pushInterval: TimeInterval) {
        Socket.ignoreBrokenPipes()
        let web = web.withLock { $0 }
        let pusher = PushTimer(hub: hub, interval: pushInterval) { [self] deliveries in
            deliver(web?.route(deliveries) ?? deliveries)
        }
        let syncer = hub.durability == .process ? SyncTimer(hub: hub) : nil
        run()
        pusher.cancel()
        syncer?.cancel()
        hub.sync()
        hub.runner.handoff?.waitForTicketFiles()
    }

    /// Reads lines until input ends (or output is closed), answering each batch.
    func run() {
        var framer = LineFramer(limit: ProtocolCodec.maximumLineBytes)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: EventLoop.readSize)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer.baseAddress, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            let date = Date()
            let closed = output.withLock { out in
                guard !out.closed else { return true }
                var deliveries: [SessionHub.Delivery] = []
                framer.feed(UnsafeBufferPointer(rebasing: buffer[0..<n])) { piece in
                    deliveries += handle(piece, at: date)
                }
                hub.commit()
                write(deliveries, to: &out)
                return out.closed
            }
            if closed { break }
        }
        output.withLock { out in
            guard !out.closed else { return }
            // A last line without its newline still counts on a pipe.
            var deliveries: [SessionHub.Delivery] = []
            framer.finish { deliveries += handle($0, at: Date()) }
            hub.commit()
            write(deliveries, to: &out)
        }
        hub.disconnect(connection, at: Date())
    }

    /// Writes pushes from the hub; callable from any thread.
    func deliver(_ deliveries: [SessionHub.Delivery]) {
        output.withLock { write(deliveries, to: &$0) }
    }

    /// Waits for the batch in progress, then makes the journal durable; the caller then exits.
    /// The output counts as closed from then on, so no answer is written after this.
    public func finishForExit() {
        output.withLock { out in
            out.closed = true
            hub.sync()
        }
    }

    private func handle(_ piece: LineFramer.Piece, at date: Date) -> [SessionHub.Delivery] {
        switch piece {
        case .line(let line):
            let (id, decoded) = ProtocolCodec.decodeRequest(line)
            switch decoded {
            case .success(let message): return hub.handle(message, from: connection, at: date)
            case .failure(let error): return [SessionHub.Delivery(connection: connection, message: .error(error, id: id))]
            }
        case .tooLong:
            return [SessionHub.Delivery(connection: connection, message: .error(.lineTooLong(limit: ProtocolCodec.maximumLineBytes)))]
        }
    }

    /// Writes the deliveries for the pipe's connection; call holding the output's lock.
    private func write(_ deliveries: [SessionHub.Delivery], to out: inout (fd: Int32, closed: Bool)) {
        for d in deliveries where d.connection == connection && !out.closed {
            // Standard output may be a pipe or a file, so a plain write rather than a socket send.
            if !Socket.writeAll(out.fd, ProtocolCodec.encode(d.message), socket: false) { out.closed = true }
        }
    }
}
