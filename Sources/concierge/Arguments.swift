/// The command line after the subcommand: flags (`--json`), options (`--intents DIR`) and positionals.
struct Arguments {
    var positionals: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `args`, knowing which options take a value.
    init(_ args: [String], valueOptions: Set<String>, flagOptions: Set<String>) throws(UsageError) {
        var i = 0
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--") {
                var name = String(a.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if valueOptions.contains(name) {
                    if let inline {
                        options[name] = inline
                    } else {
                        guard i + 1 < args.count else { throw UsageError("--\(name) needs a value, e.g. --\(name) \(Self.example(name))") }
                        options[name] = args[i + 1]
                        i += 1
                    }
                } else if flagOptions.contains(name) {
                    flags.insert(name)
                } else {
                    let known = (valueOptions.union(flagOptions)).sorted().map { "--\($0)" }
                    let close = known.min { distance($0, a) < distance($1, a) }
                    let hint = close.map { " Did you mean '\($0)'?" } ?? ""
                    throw UsageError("Unknown option '\(a)'.\(hint)")
                }
            } else {
                positionals.append(a)
            }
            i += 1
        }
    }

    subscript(option name: String) -> String? { options[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    private static func example(_ name: String) -> String {
        switch name {
        case "intents": return "Intents"
        case "orders": return "orders.json"
        case "customer": return "jo@example.com"
        default: return "VALUE"
        }
    }

    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}

/// A mistake on the command line: printed with a hint, exit status 64.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
