import ConciergeKit
import ConciergeTestSupport
import Foundation
import Glibc

/// `concierge-bench web`: a loopback load test of the web side of `concierge serve --http-port`.
///
/// Starts the `concierge` binary built beside this one (or `--binary`) as a child on a fresh
/// store, with the line protocol and the web side on their default settings, and drives it over
/// kept-alive connections, each with one request in flight (closed loop): a static file, which
/// the rate limits don't touch, so the figures are the HTTP machinery's own (accepting, reading
/// and parsing requests, writing responses, keep-alive). Connections are spread over loopback
/// addresses from 127.0.0.2 on, 32 to an address (the most one address may hold).
///
/// It reports requests per second, the latency (p50, p99, max) and the server's CPU time per
/// request for each number of connections. The load generator is one thread with `poll`, on the
/// same cores as the server.
enum WebLoadBenchmark {
    static let usage = "concierge-bench web [--seconds N] [--connections 1,8,32,128] [--path /lantern.svg] [--binary PATH]  load test of concierge serve --http-port over loopback"

    struct Options {
        var seconds = 5.0
        var connections = [1, 8, 32, 128]
        var path = "/lantern.svg"
        var binary: String?
    }

    struct Result {
        var connections: Int
        var requests: Int
        var seconds: Double
        var errors: Int
        var latencies: [UInt64]
        var serverCPU: Double

        var perSecond: Double { Double(requests) / seconds }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let i = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.down)))
            return Double(latencies[i]) / 1e6
        }
    }

    static func run(_ args: [String]) throws {
        let options = try parse(args)
        let binary = try options.binary ?? ServerLoadBenchmark.siblingBinary()
        print("concierge serve --http-port load test: \(binary)")
        print("each run: fresh server and store, GET \(options.path) over kept-alive connections, one request in flight on each, \(options.seconds) s after 0.5 s of warm-up")
        let stores = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-bench-web-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stores, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: stores) }
        print("\nconnections   requests/s   p50 ms   p99 ms   max ms   server CPU/request   errors")
        for count in options.connections {
            let r = try scenario(connections: count, options: options, binary: binary, store: stores + "/" + UUID().uuidString)
            print([
                BenchmarkTable.padded(String(r.connections), 11), BenchmarkTable.padded(String(format: "%.0f", r.perSecond), 12),
                BenchmarkTable.padded(String(format: "%.3f", r.percentile(0.5)), 8), BenchmarkTable.padded(String(format: "%.3f", r.percentile(0.99)), 8),
                BenchmarkTable.padded(String(format: "%.2f", r.percentile(1)), 8),
                BenchmarkTable.padded(String(format: "%.1f µs", r.serverCPU / Double(max(r.requests, 1)) * 1e6), 20), BenchmarkTable.padded(String(r.errors), 8),
            ].joined(separator: " "))
        }
    }

    private static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw BenchUsageError("\(args[i - 1]) needs a value; \(usage)") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--seconds": o.seconds = Double(try value()) ?? o.seconds
            case "--connections": o.connections = try value().split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            case "--path": o.path = try value()
            case "--binary": o.binary = try value()
            default: throw BenchUsageError("unknown option \(args[i]); \(usage)")
            }
            i += 1
        }
        return o
    }

    private static func scenario(connections count: Int, options: Options, binary: String, store: String) throws -> Result {
        let server = try ServerChild(binary: binary, store: store, loops: nil, durability: nil, options: ["--http-port", "0"])
        defer { server.stop() }
        guard let port = server.webPort else { throw ServerLoadBenchmark.Failure("the server did not say where its web side listens") }
        let request = Array("GET \(options.path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        let clients = try (0..<count).map { try HTTPLoadConnection(port: port, from: "127.0.0.\(2 + $0 / 32)") }
        defer { for c in clients { c.close() } }
        var fds = clients.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        var sentAt = [UInt64](repeating: 0, count: count)
        for (i, c) in clients.enumerated() {
            sentAt[i] = MonotonicClock.nanoseconds()
            try c.send(request)
        }
        let start = MonotonicClock.nanoseconds()
        let warm = start + 500_000_000
        let end = warm + UInt64(options.seconds * 1e9)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(Int(options.seconds * 100_000))
        var errors = 0
        var cpuAtWarm: Double?
        while true {
            let now = MonotonicClock.nanoseconds()
            if now >= end { break }
            if cpuAtWarm == nil && now >= warm { cpuAtWarm = server.cpuSeconds() }
            for i in fds.indices { fds[i].revents = 0 }
            let n = poll(&fds, nfds_t(fds.count), 100)
            if n < 0 && errno != EINTR { throw ServerLoadBenchmark.Failure("poll: \(String(cString: strerror(errno)))") }
            for (i, c) in clients.enumerated() where fds[i].revents != 0 {
                try c.receive { status in
                    let t = MonotonicClock.nanoseconds()
                    if t >= warm && t < end {
                        latencies.append(t - sentAt[i])
                        if status != 200 { errors += 1 }
                    }
                }
                if c.answered {
                    sentAt[i] = MonotonicClock.nanoseconds()
                    try c.send(request)
                }
            }
        }
        let serverCPU = server.cpuSeconds() - (cpuAtWarm ?? 0)
        latencies.sort()
        return Result(connections: count, requests: latencies.count, seconds: options.seconds, errors: errors, latencies: latencies, serverCPU: serverCPU)
    }
}

/// One kept-alive HTTP connection of the web load generator, with one request in flight.
final class HTTPLoadConnection {
    let fd: Int32
    /// Whether the request in flight has been answered, so the next may go.
    private(set) var answered = false
    private var input: [UInt8] = []
    private let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64 * 1024)
    private var closed = false

    /// Connects to 127.0.0.1:`port` from the loopback address `source`.
    init(port: Int, from source: String) throws {
        do {
            fd = try LoopbackSocket.connect(port: port, from: source)
        } catch {
            chunk.deallocate()
            throw ServerLoadBenchmark.Failure(error.description)
        }
    }

    deinit {
        chunk.deallocate()
        close()
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }

    /// Sends a request (small: the socket takes it whole).
    func send(_ request: [UInt8]) throws {
        answered = false
        let n = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n == request.count else { throw ServerLoadBenchmark.Failure("send: \(String(cString: strerror(errno)))") }
    }

    /// Reads what has arrived; calls `body` with the status of the response once it is whole.
    func receive(_ body: (Int) -> Void) throws {
        let n = read(fd, chunk.baseAddress, chunk.count)
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard n > 0 else { throw ServerLoadBenchmark.Failure("the server closed a connection") }
        input.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
        guard let headEnd = Self.headEnd(in: input) else { return }
        let head = String(decoding: input[0..<headEnd], as: UTF8.self)
        let length = head.range(of: "\r\nContent-Length: ").flatMap { range in
            Int(head[range.upperBound...].prefix { $0.isNumber })
        } ?? 0
        guard input.count >= headEnd + 4 + length else { return }
        let status = Int(head.dropFirst(9).prefix(3)) ?? 0
        input.removeFirst(headEnd + 4 + length)
        answered = true
        body(status)
    }

    /// Where the `\r\n\r\n` that ends a response's head starts.
    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i }
        return nil
    }
}
