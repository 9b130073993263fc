import ConciergeKit
import ConciergeServer
import Dispatch
import Foundation
import Glibc

/// `concierge serve`: the line-protocol bridge a shop's web backend talks to, on standard input
/// and output (`--stdio`) or over TCP (`--port`).
enum ServeCommand {
    static let usage = "concierge serve --stdio | --port N [--host ADDR] [--http-port M] [--allow-origin URL,…] [--agent-tokens FILE] [--agent-token T] [--manager-token T] [--backend-token T] [--idle-timeout SECONDS] [--connections-per-address N] [--durability process|disk] \(ServeWebCommand.limitsUsage) [--intents DIR] [--orders FILE] [--store DIR]  the line-protocol bridge for a shop's backend, and the web widget"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ShopSetup.valueOptions.union(ServeWebCommand.valueOptions)
                                .union(["port", "host", "agent-token", "agent-tokens", "manager-token", "backend-token", "idle-timeout", "connections-per-address", "durability", "loops"]),
                              flagOptions: ["stdio"])
        guard a.positionals.isEmpty else { throw UsageError("serve takes only options; e.g. concierge serve --port 7400") }
        let stdio = a.has("stdio")
        guard stdio != (a[option: "port"] != nil) else {
            throw UsageError("serve needs either --stdio (one backend on standard input and output) or --port N (TCP), e.g. concierge serve --port 7400")
        }
        if stdio, a[option: "host"] != nil, a[option: "http-port"] == nil { throw UsageError("--host goes with --port or --http-port, e.g. concierge serve --port 7400 --host 0.0.0.0") }
        var settings = LineServer.Settings()
        if let text = a[option: "port"] {
            guard let port = Int(text), (0...65_535).contains(port) else { throw UsageError("--port takes a number from 1 to 65535 (0 picks a free port), e.g. --port 7400") }
            settings.port = port
        }
        if let host = a[option: "host"] { settings.host = host }
        if let text = a[option: "idle-timeout"] {
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else { throw UsageError("--idle-timeout takes a number of seconds, e.g. --idle-timeout 300") }
            settings.idleTimeout = seconds
        }
        if let text = a[option: "connections-per-address"] {
            guard let limit = Int(text), limit > 0 else {
                throw UsageError("--connections-per-address takes a whole number, e.g. --connections-per-address 256")
            }
            settings.connectionsPerAddress = limit
        }
        settings.loops = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
        if let text = a[option: "loops"] {
            guard let loops = Int(text), (1...64).contains(loops) else { throw UsageError("--loops takes a number of event-loop threads from 1 to 64, e.g. --loops 2") }
            settings.loops = loops
        }
        var durability = SessionHub.Durability.process
        if let text = a[option: "durability"] {
            guard let chosen = SessionHub.Durability(rawValue: text) else {
                throw UsageError("--durability takes process (answered turns survive a crash of the server; on disk within 10 ms) or disk (fsynced before each answer; survives a power cut, every answer waits for the disk), e.g. --durability disk")
            }
            durability = chosen
        }
        let agentToken = try token(a, "agent-token", environment: "CONCIERGE_AGENT_TOKEN")
        let backendToken = try token(a, "backend-token", environment: "CONCIERGE_BACKEND_TOKEN")
        var agents = AgentCredentials()
        if let file = a[option: "agent-tokens"] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UsageError("can't read '\(file)'; --agent-tokens takes a file of 'name: token' lines, one per agent")
            }
            agents = try AgentCredentials.parse(String(decoding: data, as: UTF8.self), file: file)
        }

        let shop = try ShopSetup(a, groupCommit: true)
        let journal = try SessionJournal(path: (shop.storeDirectory as NSString).appendingPathComponent("sessions.jsonl"))
        let hub = SessionHub(runner: shop.runner, agentToken: agentToken, agentCredentials: agents, backendToken: backendToken,
                             journal: journal, durability: durability, at: Date(),
                             reportFailure: { Output.error("\($0)") })
        var web = try ServeWebCommand.configuration(a)
        if let host = a[option: "host"] { web?.host = host }
        if let manager = try token(a, "manager-token", environment: "CONCIERGE_MANAGER_TOKEN") {
            guard manager.count >= AgentCredentials.minimumTokenLength else {
                throw UsageError("--manager-token needs \(AgentCredentials.minimumTokenLength) characters or more; use a long random one (openssl rand -hex 16)")
            }
            guard web != nil else { throw UsageError("--manager-token opens the dashboard at /manager on the web side; give --http-port M too") }
            web?.managerToken = manager
        }
        return stdio ? try serveStdio(hub, settings: settings, web: web)
            : try serveTCP(hub, settings: settings, store: shop.storeDirectory, web: web)
    }

    /// A token from its option, else from the environment; nil when neither sets one.
    private static func token(_ a: Arguments, _ option: String, environment: String) throws -> String? {
        guard let value = a[option: option] ?? ProcessInfo.processInfo.environment[environment] else { return nil }
        guard !value.isEmpty else { throw UsageError("--\(option) (or \(environment)) can't be empty; pick a long random string, or leave it unset to refuse that role") }
        return value
    }

    private static func serveStdio(_ hub: SessionHub, settings: LineServer.Settings, web: HTTPBridge.Configuration?) throws -> Int32 {
        let bridge = StdioBridge(hub: hub)
        if let web { announce(try bridge.startWeb(web), web) }
        let signals = onTermination {
            // Lines already read are answered; the journal is durable; then leave.
            bridge.finishForExit()
            exit(0)
        }
        bridge.serve(pushInterval: settings.pushInterval)
        withExtendedLifetime(signals) {}
        return 0
    }

    private static func serveTCP(_ hub: SessionHub, settings: LineServer.Settings, store: String, web: HTTPBridge.Configuration?) throws -> Int32 {
        let server = try LineServer(hub: hub, settings: settings)
        if let web { announce(try server.startWeb(web), web) }
        let signalled = Protected(false)
        let signals = onTermination {
            let again = signalled.withLock { signalled in
                defer { signalled = true }
                return signalled
            }
            if again {
                // A second signal: don't wait for slow clients. What was answered is on disk.
                hub.sync()
                exit(0)
            }
            Output.error("concierge serve: stopping")
            server.stop()
        }
        server.start()
        Output.error("concierge serve: listening on \(settings.host):\(server.port) (\(settings.loops) event loop\(settings.loops == 1 ? "" : "s"), sessions in \(store)/sessions.jsonl)")
        server.wait()
        withExtendedLifetime(signals) {}
        Output.error("concierge serve: stopped")
        return 0
    }

    private static func announce(_ port: Int, _ configuration: HTTPBridge.Configuration) {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        Output.error("concierge serve: web widget and demo page on http://\(host):\(port)/")
    }

    /// Runs `handler` on SIGTERM or SIGINT (on a Dispatch queue, not in a signal handler).
    private static func onTermination(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }
}
