/// One thing wrong inside a record: where (`items[1].price`) and what (`must be a number, e.g. 12.50`).
struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    /// Dotted path inside the record, array positions counted from 0; empty for the record itself.
    var path: String
    var text: String

    func prefixed(by prefix: String) -> FieldProblem {
        FieldProblem(path: path.isEmpty ? prefix : "\(prefix).\(path)", text: text)
    }

    var description: String { path.isEmpty ? text : "\(path) \(text)" }
}
