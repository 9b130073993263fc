import ConciergeKit
import ConciergeServer
import Foundation

/// `concierge serve-web`: the browser side alone (the demo page, the widget and its API) until
/// `concierge serve --http-port` runs it beside the line protocol. The hub is built as the chat
/// builds its bot: the content, the demo orders, and the request and handoff stores in the store
/// folder, so agents work the same queue with `concierge agent`.
enum ServeWebCommand {
    static let usage = "concierge serve-web [--http-port 8080] [--host 127.0.0.1] [--intents DIR] [--orders FILE] [--store DIR] [--agent-token T] [--allow-origin URL,…] \(limitsUsage)  the demo page and the web widget over HTTP"

    /// The web side's limits that can be set on the command line (`serve` and `serve-web`), each
    /// with what it sets; the defaults are ``HTTPBridge/Configuration``'s.
    static let limitsUsage = "[--http-connections 256] [--http-connections-per-address 32] [--http-streams-per-address 16] [--http-header-timeout 10] [--http-body-timeout 10] [--http-idle-timeout 15]"

    /// The options ``configuration(_:)`` reads.
    static let valueOptions: Set<String> = ["http-port", "allow-origin", "http-connections", "http-connections-per-address",
                                            "http-streams-per-address", "http-header-timeout", "http-body-timeout", "http-idle-timeout"]

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ShopSetup.valueOptions.union(valueOptions).union(["host", "agent-token"]), flagOptions: [])
        guard a.positionals.isEmpty else { throw UsageError("serve-web takes only options, e.g. concierge serve-web --http-port 8080") }
        var configuration = try configuration(a, required: false) ?? HTTPBridge.Configuration()
        if let host = a[option: "host"] { configuration.host = host }
        // Standing alone, the bridge has event loops of its own: one per core, as `serve` has.
        configuration.loops = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let hub = try hub(a)
        let bridge = HTTPBridge(hub: hub, configuration: configuration)
        let port = try bridge.start()
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        Output.line("Serving \(hub.bot.profile.name) on http://\(host):\(port)/ (widget: http://\(host):\(port)/widget.js)")
        while true { Thread.sleep(forTimeInterval: 3600) }
    }

    /// The bridge's settings from `--http-port`, `--allow-origin` and the limits' options; nil
    /// without `--http-port` when `required` (as for `serve`, where the web side is optional).
    static func configuration(_ a: Arguments, required: Bool = true) throws -> HTTPBridge.Configuration? {
        var configuration = HTTPBridge.Configuration()
        if let port = a[option: "http-port"] {
            guard let n = Int(port), (0...65535).contains(n) else { throw UsageError("--http-port takes a port number, e.g. --http-port 8080 (0 picks a free one)") }
            configuration.port = n
        } else if required {
            if let given = valueOptions.sorted().first(where: { a[option: $0] != nil }) {
                throw UsageError("--\(given) goes with --http-port, e.g. --http-port 8080 --\(given) \(example(given))")
            }
            return nil
        }
        try readLimits(a, into: &configuration)
        if let origins = a[option: "allow-origin"] {
            let list = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard list.allSatisfy({ ($0.hasPrefix("https://") || $0.hasPrefix("http://")) && !$0.dropFirst(8).contains("/") }) else {
                throw UsageError("--allow-origin takes origins without a path, e.g. --allow-origin https://shop.example,https://www.shop.example")
            }
            configuration.allowedOrigins = Set(list)
        }
        return configuration
    }

    /// Reads the limits' options into `configuration`.
    private static func readLimits(_ a: Arguments, into configuration: inout HTTPBridge.Configuration) throws {
        if let n = try count(a, "http-connections") { configuration.maximumConnections = n }
        if let n = try count(a, "http-connections-per-address") { configuration.maximumConnectionsPerAddress = n }
        if let n = try count(a, "http-streams-per-address") { configuration.maximumStreamsPerAddress = n }
        if let s = try seconds(a, "http-header-timeout") { configuration.headerTimeout = s }
        if let s = try seconds(a, "http-body-timeout") { configuration.bodyTimeout = s }
        if let s = try seconds(a, "http-idle-timeout") { configuration.idleTimeout = s }
    }

    /// A whole number of at least 1 from `--name`.
    private static func count(_ a: Arguments, _ name: String) throws -> Int? {
        guard let text = a[option: name] else { return nil }
        guard let n = Int(text), n > 0 else { throw UsageError("--\(name) takes a whole number of at least 1, e.g. --\(name) \(example(name))") }
        return n
    }

    /// A number of seconds above 0 from `--name`.
    private static func seconds(_ a: Arguments, _ name: String) throws -> Double? {
        guard let text = a[option: name] else { return nil }
        guard let s = Double(text), s > 0, s <= 86_400 else { throw UsageError("--\(name) takes a number of seconds above 0 (a day at most), e.g. --\(name) \(example(name))") }
        return s
    }

    /// The default, as an example value for each option.
    private static func example(_ name: String) -> String {
        switch name {
        case "http-port": return "8080"
        case "allow-origin": return "https://shop.example"
        case "http-connections": return "256"
        case "http-connections-per-address": return "32"
        case "http-streams-per-address": return "16"
        case "http-idle-timeout": return "15"
        default: return "10"
        }
    }

    /// The session hub with the bot and its stores, from `--intents`, `--orders`, `--requests`,
    /// `--store` and `--agent-token` (or `CONCIERGE_AGENT_TOKEN`). Browsers are never backends, so
    /// no backend token is set here.
    static func hub(_ a: Arguments) throws -> SessionHub {
        let shop = try ShopSetup(a, groupCommit: true)
        let token = a[option: "agent-token"] ?? ProcessInfo.processInfo.environment["CONCIERGE_AGENT_TOKEN"]
        return SessionHub(runner: shop.runner, agentToken: token.flatMap { $0.isEmpty ? nil : $0 }, backendToken: nil, journal: nil, at: Date(),
                          reportFailure: { Output.error("\($0)") })
    }
}
