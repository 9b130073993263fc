import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `concierge serve --port 0` as a child process, with the port it reports: for the tests that
/// signal, kill and restart it, and for the load benchmark.
public final class ServeProcess {
    public let process = Process()
    /// The port the server said it listens on.
    public let port: Int
    /// The web side's port, when started with `--http-port`.
    public let webPort: Int?

    /// Why the server could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The `concierge` binary in the build folder of the running one (a test bundle, `concierge-bench`).
    public static var siblingBinary: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("concierge").path
    }

    /// Starts `binary serve --port 0 arguments…` and waits for the line that says where it listens.
    /// - Parameters:
    ///   - arguments: the options after `--port 0`, e.g. `["--store", folder]`.
    ///   - deadline: seconds after which a server still running is killed, so that one that hangs
    ///     can't hang a test run; nil to let it run.
    /// - Throws: ``Failure`` when the binary is missing or the server ends before it listens.
    public init(binary: String = ServeProcess.siblingBinary, arguments: [String], killAfter deadline: TimeInterval? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw Failure("\(binary) is missing; run swift build first") }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        if let deadline {
            let (pid, watched) = (process.processIdentifier, process)
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) {
                if watched.isRunning { _ = kill(pid, SIGKILL) }
            }
        }
        var text = ""
        while !text.contains("listening on") || !text.contains("\n") {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw Failure("the server ended before listening: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        // "concierge serve: listening on 127.0.0.1:PORT (2 event loops, …"
        guard let range = text.range(of: #":\d+ \("#, options: .regularExpression),
              let port = Int(text[range].dropFirst().dropLast(2)) else { throw Failure("no port in: \(text)") }
        self.port = port
        // "concierge serve: web widget and demo page on http://127.0.0.1:PORT/", before it.
        webPort = text.range(of: #"demo page on http://.*:\d+/"#, options: .regularExpression).flatMap { range in
            Int(text[range].dropLast().split(separator: ":").last ?? "")
        }
    }

    /// The process's threads now, from `/proc` (`Threads:` in its status).
    public func threadCount() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }) else { return nil }
        return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces))
    }

    /// The process's open descriptors now, from `/proc`.
    public func descriptorCount() -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd"))?.count
    }

    /// Sends `signal` and waits for the server to end.
    @discardableResult
    public func terminate(_ signal: Int32 = SIGTERM) -> (status: Int32, reason: Process.TerminationReason) {
        _ = kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason)
    }
}
