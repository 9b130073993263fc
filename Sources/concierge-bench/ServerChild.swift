import ConciergeTestSupport
import Foundation
import Glibc

/// The server under load: `concierge serve --port 0` as a child process, or one already running.
final class ServerChild {
    /// The child, nil for a server someone else started (the benchmark then neither stops it nor reads its CPU time).
    private let child: ServeProcess?
    let port: Int
    /// The web side's port, when it was started with `--http-port`.
    let webPort: Int?

    /// A server someone else started.
    init(runningOn port: Int) {
        self.port = port
        webPort = nil
        child = nil
    }

    /// - Parameter options: more of `serve`'s options (`--http-port 0`, say).
    init(binary: String, store: String, loops: Int?, durability: String?, options: [String] = []) throws {
        let child = try ServeProcess(binary: binary, arguments: ["--store", store, "--backend-token", "bench"] + (loops.map { ["--loops", String($0)] } ?? [])
            + (durability.map { ["--durability", $0] } ?? []) + options)
        self.child = child
        port = child.port
        webPort = child.webPort
    }

    /// The server's user and system CPU time so far, from /proc.
    func cpuSeconds() -> Double {
        guard let child, let stat = try? String(contentsOfFile: "/proc/\(child.process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14 and stime 15 (1-based, in clock ticks).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        child?.terminate()
    }
}
