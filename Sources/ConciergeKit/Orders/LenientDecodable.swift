/// A model type that can be read leniently from one JSON object of the export file.
protocol LenientDecodable {
    /// What one is called in messages: "item".
    static var noun: String { get }
    /// Its required fields, for messages: "sku, name, quantity, price and category".
    static var required: String { get }
    /// Reads the fields; returns nil or leaves problems in `reader` when the object is bad.
    static func read(_ reader: inout FieldReader) -> Self?
}

extension LenientDecodable {
    /// The model read from `value`, or the problems that kept it from being read.
    static func read(_ value: JSONValue) -> (Self?, [FieldProblem]) {
        guard case .object(let object) = value else {
            return (nil, [FieldProblem(path: "", text: FieldReader.notAnObject(required: required))])
        }
        var reader = FieldReader(object, noun: noun, required: required)
        let model = read(&reader)
        return reader.problems.isEmpty ? (model, []) : (nil, reader.problems)
    }
}
