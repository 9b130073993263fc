import ConciergeKit

/// `concierge check [DIR]`: validates the content, listing every problem as `file:line: message`.
enum CheckCommand {
    static let usage = "concierge check [DIR]            validate the content (default: Intents/)"

    static func run(_ args: [String]) throws -> Int32 {
        let a = try Arguments(args, valueOptions: ["intents"], flagOptions: [])
        let directory = ContentLocation.directory(a.positionals.first ?? a[option: "intents"])
        let issues = Catalog.check(directory: directory)
        for issue in issues { Output.line(issue.description) }
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        Output.line("\(directory): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        return errors > 0 ? 1 : 0
    }
}
