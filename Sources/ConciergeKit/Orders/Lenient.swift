/// A model type that can be read leniently from one JSON object of the export file.
protocol LenientDecodable {
    /// What one is called in messages: "item".
    static var noun: String { get }
    /// Its required fields, for messages: "sku, name, quantity, price and category".
    static var required: String { get }
    /// Reads the fields; returns nil or leaves problems in `reader` when the object is bad.
    static func read(_ reader: inout FieldReader) -> Self?
}

/// A value read leniently: the model when its object was good, otherwise the problems found.
struct Lenient<Model: LenientDecodable>: Decodable {
    var value: Model?
    var problems: [FieldProblem]

    init(from decoder: any Decoder) {
        guard let container = try? decoder.container(keyedBy: FieldReader.Key.self) else {
            value = nil
            problems = [FieldProblem(path: "", text: FieldReader.notAnObject(noun: Model.noun, required: Model.required))]
            return
        }
        var reader = FieldReader(container, noun: Model.noun, required: Model.required)
        let read = Model.read(&reader)
        problems = reader.problems
        value = problems.isEmpty ? read : nil
    }
}
