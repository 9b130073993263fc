@testable import ConciergeKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Another process using the same store folder, for the cross-process tests.
///
/// Swift Testing on Linux gives a test no `main` of its own to spawn, so a child is this very test
/// binary (`/proc/self/exe`) run again with `--testing-library swift-testing --filter` naming
/// ``ChildProcessTests/actAsTheChildProcessOfACrossProcessTest()``, and an environment variable that
/// says what to do. That test is skipped in normal runs. The child talks over its standard streams:
/// it reads a `go` line from stdin when told to wait for it, and writes one line per result to
/// stdout, unbuffered (Swift Testing writes its own output to stderr, which goes to a log file).
final class ChildProcess {
    /// What a child does, named by ``roleVariable``.
    enum Role: String {
        /// Opens the store, prints `READY`, waits for `go` on stdin, claims the ticket, prints
        /// `WON agent`, `LOST holder` or `ERROR message`.
        case claim
        /// Appends messages to the ticket as fast as it can, printing `ACK i sequence` after each
        /// append returns, until killed (or after `burstLimit` appends).
        case burst
    }

    static let roleVariable = "CONCIERGE_HANDOFF_CHILD"
    static let directoryVariable = "CONCIERGE_HANDOFF_DIR"
    static let ticketVariable = "CONCIERGE_HANDOFF_TICKET"
    static let agentVariable = "CONCIERGE_HANDOFF_AGENT"
    static let burstLimit = 5_000

    /// The role this process was started in, nil in a normal test run.
    static var role: Role? {
        ProcessInfo.processInfo.environment[roleVariable].flatMap(Role.init(rawValue:))
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffered = Data()
    /// Where the child's Swift Testing output goes, for a failing test's message.
    let logPath: String

    /// Starts the test binary again as a child in `role` on the store in `directory`.
    init(_ role: Role, directory: String, ticket: String, agent: String = "") throws {
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--testing-library", "swift-testing", "--filter", "actAsTheChildProcessOfACrossProcessTest"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.roleVariable] = role.rawValue
        environment[Self.directoryVariable] = directory
        environment[Self.ticketVariable] = ticket
        environment[Self.agentVariable] = agent
        process.environment = environment
        logPath = directory + "/child-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        // A child that hangs must not hang the test run.
        let pid = process.processIdentifier
        let watched = process
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) {
            if watched.isRunning { _ = Glibc.kill(pid, SIGKILL) }
        }
    }

    /// The child's next line on stdout, nil once it has exited and everything was read.
    func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[buffered.startIndex..<newline], as: UTF8.self)
                buffered = Data(buffered[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                if buffered.isEmpty { return nil }
                defer { buffered = Data() }
                return String(decoding: buffered, as: UTF8.self)
            }
            buffered.append(chunk)
        }
    }

    func send(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the child to end and returns its Swift Testing output.
    func finish() -> String {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}

extension Handoff {
    @Suite struct ChildProcessTests {
        /// The child's side of the cross-process tests; see ``ChildProcess``.
        @Test(.enabled(if: ChildProcess.role != nil, "runs only as a child process of a cross-process test"))
        func actAsTheChildProcessOfACrossProcessTest() throws {
            let environment = ProcessInfo.processInfo.environment
            let directory = try #require(environment[ChildProcess.directoryVariable])
            let ticket = try #require(environment[ChildProcess.ticketVariable])
            let store = try HandoffStore(directory: directory)
            func say(_ line: String) {
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
            switch ChildProcess.role {
            case .claim:
                let agent = environment[ChildProcess.agentVariable] ?? "nobody"
                say("READY")
                guard Swift.readLine() == "go" else { return }
                do {
                    let claimed = try store.claim(ticket, agent: agent, at: HandoffTestSupport.opened + 60)
                    say("WON \(claimed.agent ?? "")")
                } catch HandoffError.alreadyClaimed(let holder) {
                    say("LOST \(holder)")
                } catch {
                    say("ERROR \(error)")
                }
            case .burst:
                for i in 0..<ChildProcess.burstLimit {
                    let turn = Turn(sender: i.isMultiple(of: 2) ? .shopper : .agent, text: "burst \(i)",
                                    time: HandoffTestSupport.opened + Double(i))
                    let event = try store.append(turn, to: ticket)
                    say("ACK \(i) \(event.sequence)")
                }
            case nil:
                break
            }
        }
    }
}
