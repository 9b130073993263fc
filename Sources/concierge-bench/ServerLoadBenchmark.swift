import CEpoll
import ConciergeKit
import ConciergeTestSupport
import Foundation
import Glibc

/// `concierge-bench server`: a loopback load test of `concierge serve --port`.
///
/// Starts the release `concierge` binary built beside this one as a child on a fresh store,
/// connects backend connections (one per `--per-connection` sessions) and opens the sessions.
/// The shoppers' messages are the held-out evaluation set's phrasings, and each chat lasts
/// `--messages-per-session` answers (or until the bot hands it to a person) before it is closed
/// and a fresh one opened in its place. Then, for a bounded time, it drives them in one of two ways:
///
/// - **Flat out** (closed loop): `--depth` messages in flight per session, each answer sending
///   that session's next message. This finds the most messages per second the server answers;
///   the latency it reports is mostly waiting in line, since every session always has a message
///   waiting (by Little's law, sessions ÷ throughput).
/// - **Paced** (open loop): messages sent at a fixed total rate, spread evenly over the sessions
///   and the connections (a 200 µs timer), as real shoppers would. This gives the send→answer
///   latency at that load.
///
/// It reports messages per second, the latency (p50, p99, max) and the server's and the load
/// generator's CPU time per message: flat out with 1, 100 and 1,000 sessions, then paced with
/// 1,000 sessions at 5,000, 10,000, 20,000 and 50,000 messages per second, by default.
///
/// The load generator is one thread driving every connection with `poll`, so on a small machine
/// it takes a share of the CPU the server would otherwise have; its own CPU time is reported too.
/// Before the runs it times creating files where the stores go (``FileCreationProbe``) and says
/// so when recent deletions have made that slow enough to lower the figures.
enum ServerLoadBenchmark {
    static let usage = """
    concierge-bench server [--seconds N] [--sessions 1,100,1000] [--paced 5000,10000,20000,50000] [--paced-sessions 1000] [--per-connection 100] [--depth 1] [--messages-per-session 10] [--loops N] [--durability process|disk] [--keep-stores] [--binary PATH | --port N]
      --durability  what the server promises before answering (its default: process)
      --keep-stores  leave the servers' stores in place (the path is printed), for runs back to back
      --port N  load a server that is already running (started with --backend-token bench), e.g. to profile it
    """

    struct Options {
        var seconds = 5.0
        var sessions = [1, 100, 1000]
        /// Total message rates for the paced runs.
        var paced: [Double] = [5000, 10000, 20000, 50000]
        var pacedSessions = 1000
        var perConnection = 100
        var depth = 1
        /// Messages a chat lasts before it is closed and a fresh one opened.
        var messagesPerSession = 10
        var loops: Int?
        /// `serve --durability`, nil for the server's default.
        var durability: String?
        /// Leave the stores behind instead of removing them at the end.
        var keepStores = false
        var binary: String?
        /// A running server to load instead of starting one.
        var port: Int?
    }

    /// What a scenario measured.
    struct Result {
        var sessions: Int
        /// The paced rate, nil when flat out.
        var rate: Double?
        var connections: Int
        var depth: Int
        var messages: Int
        var seconds: Double
        var errors: Int
        var latencies: [UInt64]
        var serverCPU: Double
        var clientCPU: Double

        var perSecond: Double { Double(messages) / seconds }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let i = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.down)))
            return Double(latencies[i]) / 1e6
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func run(_ args: [String]) throws {
        let options = try parse(args)
        let binary = options.port != nil ? "" : try options.binary ?? siblingBinary()
        print("concierge serve load test: \(options.port.map { "the server on port \($0)" } ?? binary)")
        print("each run: fresh server and store\(options.durability.map { " (--durability \($0))" } ?? ""), \(options.seconds) s of load after 0.5 s of warm-up")
        let runs = options.sessions.map { ($0, Double?.none) } + options.paced.map { (options.pacedSessions, Optional($0)) }
        // Each run's store is kept until the end, and with --keep-stores after it: on an ext4
        // without a journal (this machine's `/`), creating a file after thousands were deleted
        // skips every inode freed in the last minutes, reading each one's block, so removing the
        // stores makes the server's ticket files slow to create, for runs in the next minutes.
        let stores = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stores, withIntermediateDirectories: true)
        defer {
            if options.keepStores {
                print("\nthe servers' stores are in \(stores)")
            } else {
                try? FileManager.default.removeItem(atPath: stores)
            }
        }
        let create = FileCreationProbe.microseconds(in: stores)
        print(String(format: "creating a file where the stores are: %.0f µs (median of 100)", create))
        if create > FileCreationProbe.slow {
            print("""
            note: that is slow. Many files were deleted there in the last minutes (an earlier run's
            stores, a test run), and on an ext4 without a journal a new file skips the inodes freed
            lately, reading each one's block. Every hand-off's ticket files pay that, so the figures
            below are lower than the server's own. Wait about 6 minutes, or run with --keep-stores.
            """)
        }
        print("\nload                 sessions  conns   messages/s   p50 ms   p99 ms   max ms   server CPU/msg   client CPU/msg   errors")
        for (sessions, rate) in runs {
            let r = try scenario(sessions: sessions, rate: rate, options: options, binary: binary, in: stores)
            let load = r.rate.map { "paced \(Int($0))/s" } ?? "flat out, depth \(r.depth)"
            let line = [
                load.padding(toLength: 20, withPad: " ", startingAt: 0), BenchmarkTable.padded(String(r.sessions), 8), BenchmarkTable.padded(String(r.connections), 6),
                BenchmarkTable.padded(String(format: "%.0f", r.perSecond), 12),
                BenchmarkTable.padded(String(format: "%.3f", r.percentile(0.5)), 8), BenchmarkTable.padded(String(format: "%.3f", r.percentile(0.99)), 8),
                BenchmarkTable.padded(String(format: "%.2f", r.percentile(1)), 8),
                BenchmarkTable.padded(String(format: "%.1f µs", r.serverCPU / Double(max(r.messages, 1)) * 1e6), 16),
                BenchmarkTable.padded(String(format: "%.1f µs", r.clientCPU / Double(max(r.messages, 1)) * 1e6), 16),
                BenchmarkTable.padded(String(r.errors), 8),
            ]
            print(line.joined(separator: " "))
        }
    }

    private static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw Failure("\(args[i - 1]) needs a value\n\(usage)") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--seconds": o.seconds = Double(try value()) ?? o.seconds
            case "--sessions": o.sessions = try value().split(separator: ",").compactMap { Int($0) }
            case "--per-connection": o.perConnection = max(1, Int(try value()) ?? o.perConnection)
            case "--depth": o.depth = max(1, Int(try value()) ?? o.depth)
            case "--messages-per-session": o.messagesPerSession = max(1, Int(try value()) ?? o.messagesPerSession)
            case "--paced": o.paced = try value().split(separator: ",").compactMap { Double($0) }.filter { $0 > 0 }
            case "--paced-sessions": o.pacedSessions = max(1, Int(try value()) ?? o.pacedSessions)
            case "--loops": o.loops = Int(try value())
            case "--durability": o.durability = try value()
            case "--keep-stores": o.keepStores = true
            case "--binary": o.binary = try value()
            case "--port": o.port = Int(try value())
            default: throw Failure("unknown option \(args[i])\n\(usage)")
            }
            i += 1
        }
        return o
    }

    /// The `concierge` binary beside this one, built first so it matches the sources:
    /// `swift run concierge-bench` builds only the benchmark.
    static func siblingBinary() throws -> String {
        let path = ServeProcess.siblingBinary
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        // <scratch>/<triple>/<configuration>/concierge-bench.
        let scratch = folder.deletingLastPathComponent().deletingLastPathComponent().path
        let package = Fixtures.repository.path
        let configuration = folder.lastPathComponent == "debug" ? "debug" : "release"
        if FileManager.default.fileExists(atPath: package + "/Package.swift") {
            print("building the server: swift build -c \(configuration) --product concierge")
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = ["swift", "build", "-c", configuration, "--product", "concierge", "--package-path", package, "--scratch-path", scratch]
            build.standardOutput = FileHandle.nullDevice
            try? build.run()
            build.waitUntilExit()
            if build.terminationStatus != 0 { print("(the build failed; using the binary as it is)") }
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure("\(path) is missing: build it with `swift build -c release`, or pass --binary PATH")
        }
        return path
    }

    // MARK: One scenario

    /// What the shoppers say, in turn: the held-out evaluation set's phrasings (693 lines by a
    /// separate writer), less the ones meant to reach a person, so the load is mostly the
    /// matcher and the dialogue as shoppers word things; the bot still hands some chats over
    /// (after two messages it can't place, say), as it would for real shoppers. Every session
    /// starts at a different line, so the server can't lean on repeats.
    static func shopperTexts() throws -> [String] {
        let path = BenchmarkCommand.locate(BenchmarkCommand.utterancesFile)
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure("can't read \(path); run from the repository root") }
        let toPerson: Set<String> = ["contact_human_agent", "contact_customer_service", "complaint", "damaged_item", "missing_package",
                                     "cancel_order", "change_order", "change_shipping_address", "none"]
        let texts = try Evaluation.cases(in: String(decoding: data, as: UTF8.self), file: path)
            .filter { !toPerson.contains($0.expected) }
            .map { json($0.text) }
        guard !texts.isEmpty else { throw Failure("\(path) has no usable lines") }
        return texts
    }

    /// `text` as the inside of a JSON string.
    private static func json(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func scenario(sessions: Int, rate: Double?, options: Options, binary: String, in stores: String) throws -> Result {
        let store = stores + "/" + UUID().uuidString
        let server = try options.port.map(ServerChild.init(runningOn:)) ?? ServerChild(binary: binary, store: store, loops: options.loops, durability: options.durability)
        defer { server.stop() }

        let texts = try shopperTexts()
        let connectionCount = (sessions + options.perConnection - 1) / options.perConnection
        var connections: [LoadConnection] = []
        for c in 0..<connectionCount {
            let first = c * options.perConnection
            connections.append(try LoadConnection(port: server.port, sessions: Array(first..<min(sessions, first + options.perConnection))))
        }
        var ids = [String](repeating: "", count: sessions)
        var inFlight = [[UInt64]](repeating: [], count: sessions)
        var next = [Int](repeating: 0, count: sessions)
        for c in connections {
            c.queue(#"{"type":"hello","role":"backend","token":"bench"}"#)
            for s in c.sessions { c.queue(#"{"type":"open","id":"\#(s)"}"#) }
        }
        // Open every session first.
        var opened = 0
        try pump(connections, until: MonotonicClock.nanoseconds() + 30_000_000_000, done: { opened == sessions }) { line, _ in
            guard line.starts(with: Array(#"{"type":"opened""#.utf8)), let s = requestIndex(line), let id = field("session", in: line) else { return }
            ids[s] = id
            opened += 1
        }
        guard opened == sessions else { throw Failure("only \(opened) of \(sessions) sessions opened") }

        var measuring = false
        var latencies: [UInt64] = []
        latencies.reserveCapacity(Int(options.seconds * 200_000))
        var errors = 0
        var sending = true
        func send(_ s: Int, on c: LoadConnection) {
            let text = texts[(s &* 7 &+ next[s]) % texts.count]
            next[s] += 1
            inFlight[s].append(MonotonicClock.nanoseconds())
            c.queue(#"{"type":"message","id":"\#(s)","session":"\#(ids[s])","text":"\#(text)"}"#)
        }
        var reopening = [Bool](repeating: false, count: sessions)
        /// Sessions to replace once their answers are in: ended, or handed to a person.
        var retiring = [Bool](repeating: false, count: sessions)
        var answeredInSession = [Int](repeating: 0, count: sessions)
        let openedLine = Array(#"{"type":"opened""#.utf8)
        let errorLine = Array(#"{"type":"error""#.utf8)
        let ticketField = Array(#""ticket":""#.utf8)
        var owner = [LoadConnection?](repeating: nil, count: sessions)
        for c in connections { for s in c.sessions { owner[s] = c } }
        let start = MonotonicClock.nanoseconds()
        let warm = start + 500_000_000
        let end = warm + UInt64(options.seconds * 1e9)
        var serverCPUAtWarm = 0.0
        var clientCPUAtWarm = 0.0
        var outstanding = 0
        // Paced: the messages due by now, sent round the sessions in turn, taking the connections
        // in turn too (as shoppers on different web servers would arrive); a session still
        // waiting for an answer is passed over (and counted), so the rate is what was offered.
        let order = connections.flatMap { c in c.sessions.indices.map { (position: $0, connection: c) } }
            .sorted { $0.position < $1.position }
            .map { $0.connection.sessions[$0.position] }
        var paced = 0
        var cursor = 0
        var busySkips = 0
        let tick: (() -> Void)? = rate.map { rate in {
            guard sending else { return }
            let due = Int(Double(MonotonicClock.nanoseconds() - start) / 1e9 * rate)
            while paced < due {
                paced += 1
                var tries = 0
                while (!inFlight[order[cursor]].isEmpty || reopening[order[cursor]]) && tries < sessions {
                    cursor = (cursor + 1) % sessions
                    tries += 1
                }
                if tries == sessions {
                    // Every session is waiting: the rest due now are skipped too, without
                    // searching again (which would take the CPU the server needs to catch up).
                    busySkips += due - paced + 1
                    paced = due
                    break
                }
                let s = order[cursor]
                if let c = owner[s] {
                    send(s, on: c)
                    outstanding += 1
                }
                cursor = (cursor + 1) % sessions
            }
        } }
        if rate == nil {
            for c in connections { for s in c.sessions { for _ in 0..<options.depth { send(s, on: c) } } }
            outstanding = sessions * options.depth
        }
        // A shopper's chat is a few messages long: after `messagesPerSession` answers the load
        // generator closes the session and opens a fresh one in its place, so transcripts stay
        // the length real ones have and the server sees chats start and end. A session the bot
        // handed to a person is left to the agents and replaced the same way.
        var handoffs = 0
        var ended = 0
        func reopen(_ s: Int, on c: LoadConnection) {
            reopening[s] = true
            c.queue(#"{"type":"close","session":"\#(ids[s])"}"#)
            c.queue(#"{"type":"open","id":"\#(s)"}"#)
        }
        try pump(connections, until: end + 5_000_000_000, tick: tick, done: { !sending && outstanding == 0 }) { line, c in
            guard let s = requestIndex(line) else { return }
            if line.starts(with: openedLine) {
                guard reopening[s], let id = field("session", in: line) else { return }
                ids[s] = id
                reopening[s] = false
                if sending && rate == nil {
                    for _ in 0..<options.depth { send(s, on: c) }
                    outstanding += options.depth - 1
                } else {
                    outstanding -= 1
                }
                return
            }
            guard !inFlight[s].isEmpty else { return }
            let sent = inFlight[s].removeFirst()
            let t = MonotonicClock.nanoseconds()
            if !measuring && t >= warm && t < end {
                measuring = true
                serverCPUAtWarm = server.cpuSeconds()
                clientCPUAtWarm = ownCPUSeconds()
            }
            if measuring && t < end {
                latencies.append(t - sent)
                if line.starts(with: errorLine) { errors += 1 }
            }
            if t >= end { sending = false }
            answeredInSession[s] += 1
            if !retiring[s] {
                // The ticket number comes last, after the replies: look only at the line's end.
            if find(ticketField, in: line.suffix(160)) != nil {
                    retiring[s] = true
                    handoffs += 1
                } else if answeredInSession[s] >= options.messagesPerSession {
                    retiring[s] = true
                    ended += 1
                }
            }
            if retiring[s] {
                // The open stands in for this message until the new session is ready.
                if inFlight[s].isEmpty && sending {
                    retiring[s] = false
                    answeredInSession[s] = 0
                    reopen(s, on: c)
                } else {
                    outstanding -= 1
                }
                return
            }
            if sending && rate == nil { send(s, on: c) } else { outstanding -= 1 }
        }
        print("  (chats replaced by fresh ones: \(ended) ended after \(options.messagesPerSession) messages, \(handoffs) handed to a person)")
        if busySkips > 0 { print("  (\(busySkips) paced messages skipped: every session was still waiting for an answer)") }
        let serverCPU = server.cpuSeconds() - serverCPUAtWarm
        let clientCPU = ownCPUSeconds() - clientCPUAtWarm
        for c in connections { c.close() }
        latencies.sort()
        return Result(sessions: sessions, rate: rate, connections: connectionCount, depth: options.depth, messages: latencies.count,
                      seconds: options.seconds, errors: errors, latencies: latencies, serverCPU: serverCPU, clientCPU: clientCPU)
    }

    /// Writes what is queued and hands each answer line to `body`, until `done()` or the deadline.
    private static func pump(_ connections: [LoadConnection], until deadline: UInt64, tick: (() -> Void)? = nil, done: () -> Bool,
                             _ body: (ArraySlice<UInt8>, LoadConnection) -> Void) throws {
        var fds = connections.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        // Paced runs wake every 200 µs (a timer descriptor; poll's own timeout counts whole
        // milliseconds), so messages go out close to when they are due rather than in bursts:
        // at 50,000 a second, ten at a time, one to each connection.
        let timer = tick == nil ? -1 : timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        defer { if timer >= 0 { close(timer) } }
        if timer >= 0 {
            let step = timespec(tv_sec: 0, tv_nsec: 200_000)
            var spec = itimerspec(it_interval: step, it_value: step)
            timerfd_settime(timer, 0, &spec, nil)
            fds.append(pollfd(fd: timer, events: Int16(POLLIN), revents: 0))
        }
        while !done() {
            guard MonotonicClock.nanoseconds() < deadline else { throw Failure("the server stopped answering") }
            tick?()
            for (i, c) in connections.enumerated() {
                try c.flush()
                fds[i].events = Int16(POLLIN) | (c.hasOutput ? Int16(POLLOUT) : 0)
                fds[i].revents = 0
            }
            let n = poll(&fds, nfds_t(fds.count), 100)
            if timer >= 0, fds[connections.count].revents != 0 {
                var expirations: UInt64 = 0
                _ = read(timer, &expirations, 8)
            }
            if n < 0 && errno != EINTR { throw Failure("poll: \(String(cString: strerror(errno)))") }
            for (i, c) in connections.enumerated() where fds[i].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                try c.receive { body($0, c) }
            }
        }
    }

    /// The request id as a session index: the first `"id":"N"` in the line.
    private static let idField = Array(#""id":""#.utf8)

    private static func requestIndex(_ line: ArraySlice<UInt8>) -> Int? {
        guard let at = find(idField, in: line) else { return nil }
        var value = 0
        var i = at
        while i < line.endIndex, line[i] >= 48, line[i] <= 57 {
            value = value * 10 + Int(line[i] - 48)
            i += 1
        }
        return i > at ? value : nil
    }

    private static func field(_ name: String, in line: ArraySlice<UInt8>) -> String? {
        guard let at = find(Array("\"\(name)\":\"".utf8), in: line), let close = line[at...].firstIndex(of: 34) else { return nil }
        return String(decoding: line[at..<close], as: UTF8.self)
    }

    /// The index just after the first occurrence of `pattern`.
    private static func find(_ pattern: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard line.count >= pattern.count else { return nil }
        var i = line.startIndex
        let last = line.endIndex - pattern.count
        outer: while i <= last {
            for j in 0..<pattern.count where line[i + j] != pattern[j] {
                i += 1
                continue outer
            }
            return i + pattern.count
        }
        return nil
    }

    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

/// One backend connection of the load generator, non-blocking, with its sessions.
final class LoadConnection {
    let fd: Int32
    let sessions: [Int]
    private var input: [UInt8] = []
    private var output: [UInt8] = []
    private var outputStart = 0
    private let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256 * 1024)

    init(port: Int, sessions: [Int]) throws {
        self.sessions = sessions
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw ServerLoadBenchmark.Failure("connect: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        chunk.deallocate()
        close()
    }

    private var closed = false

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }

    var hasOutput: Bool { outputStart < output.count }

    func queue(_ line: String) {
        output.append(contentsOf: line.utf8)
        output.append(10)
    }

    func flush() throws {
        while outputStart < output.count {
            let n = output.withUnsafeBytes { raw in
                send(fd, UnsafeRawBufferPointer(rebasing: raw[outputStart...]).baseAddress, raw.count - outputStart, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                outputStart += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                return
            } else {
                throw ServerLoadBenchmark.Failure("send: \(String(cString: strerror(errno)))")
            }
        }
        output.removeAll(keepingCapacity: true)
        outputStart = 0
    }

    /// Reads what has arrived and hands each complete line to `body`.
    func receive(_ body: (ArraySlice<UInt8>) -> Void) throws {
        let n = read(fd, chunk.baseAddress, chunk.count)
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard n > 0 else { throw ServerLoadBenchmark.Failure("the server closed a connection") }
        input.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
        var start = 0
        while let newline = input[start...].firstIndex(of: 10) {
            body(input[start..<newline])
            start = newline + 1
        }
        input.removeFirst(start)
    }
}
