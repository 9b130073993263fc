/// A mistake on the `concierge-bench` command line: printed with the usage, exit status 64.
struct BenchUsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
