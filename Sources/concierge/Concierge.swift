import ConciergeKit
import Foundation

/// The `concierge` command: parses the subcommand and hands over to it.
@main
enum Concierge {
    static let commands: [(name: String, usage: String, run: @Sendable ([String]) throws -> Int32)] = [
        ("chat", ChatCommand.usage, ChatCommand.run),
        ("serve", ServeCommand.usage, ServeCommand.run),
        ("agent", AgentCommand.usage, AgentCommand.run),
        ("report", ReportCommand.usage, ReportCommand.run),
        ("serve-web", ServeWebCommand.usage, ServeWebCommand.run),
        ("check", CheckCommand.usage, CheckCommand.run),
        ("classify", ClassifyCommand.usage, ClassifyCommand.run),
        ("eval", EvalCommand.usage, EvalCommand.run),
        ("explain", ExplainCommand.usage, ExplainCommand.run),
    ]

    static var usage: String {
        "usage:\n" + commands.map { "  " + $0.usage }.joined(separator: "\n")
    }

    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        guard let name = args.first else {
            Output.error(usage)
            exit(64)
        }
        args.removeFirst()
        if name == "help" || name == "--help" || name == "-h" {
            Output.line(usage)
            exit(0)
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            Output.error("Unknown command '\(name)'. Try one of: \(commands.map(\.name).joined(separator: ", ")).\n\(usage)")
            exit(64)
        }
        do {
            exit(try command.run(args))
        } catch let error as UsageError {
            Output.error("concierge \(name): \(error)\n  \(command.usage)")
            exit(64)
        } catch let error as HandoffError {
            Output.error("concierge \(name): \(error)")
            exit(1)
        } catch let error as ContentError {
            Output.error(error.description)
            exit(1)
        } catch {
            Output.error("concierge \(name): \(error)")
            exit(1)
        }
    }
}
