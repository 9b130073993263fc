import ConciergeKit
import ConciergeServer
import Foundation

/// `concierge serve-web`: the browser side alone (the demo page, the widget and its API) until
/// `concierge serve --http-port` runs it beside the line protocol. The hub is built as the chat
/// builds its bot: the content, the demo orders, and the request and handoff stores in the store
/// folder, so agents work the same queue with `concierge agent`.
enum ServeWebCommand {
    static let usage = "concierge serve-web [--http-port 8080] [--host 127.0.0.1] [--intents DIR] [--orders FILE] [--store DIR] [--agent-token T] [--allow-origin URL,…]  the demo page and the web widget over HTTP"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ShopSetup.valueOptions.union(["http-port", "host", "agent-token", "allow-origin"]), flagOptions: [])
        guard a.positionals.isEmpty else { throw UsageError("serve-web takes only options, e.g. concierge serve-web --http-port 8080") }
        var configuration = try configuration(a) ?? HTTPBridge.Configuration()
        if let host = a[option: "host"] { configuration.host = host }
        let hub = try hub(a)
        let bridge = HTTPBridge(hub: hub, configuration: configuration)
        let port = try bridge.start()
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        Output.line("Serving \(hub.bot.profile.name) on http://\(host):\(port)/ (widget: http://\(host):\(port)/widget.js)")
        while true { Thread.sleep(forTimeInterval: 3600) }
    }

    /// The bridge's settings from `--http-port` and `--allow-origin`; nil without `--http-port`.
    static func configuration(_ a: Arguments) throws -> HTTPBridge.Configuration? {
        guard let port = a[option: "http-port"] else {
            if a[option: "allow-origin"] != nil { throw UsageError("--allow-origin goes with --http-port, e.g. --http-port 8080 --allow-origin https://shop.example") }
            return nil
        }
        var configuration = HTTPBridge.Configuration()
        guard let n = Int(port), (0...65535).contains(n) else { throw UsageError("--http-port takes a port number, e.g. --http-port 8080 (0 picks a free one)") }
        configuration.port = n
        if let origins = a[option: "allow-origin"] {
            let list = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard list.allSatisfy({ ($0.hasPrefix("https://") || $0.hasPrefix("http://")) && !$0.dropFirst(8).contains("/") }) else {
                throw UsageError("--allow-origin takes origins without a path, e.g. --allow-origin https://shop.example,https://www.shop.example")
            }
            configuration.allowedOrigins = Set(list)
        }
        return configuration
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
