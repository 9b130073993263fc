import Foundation

/// One element of the export's `orders` array, read leniently: the order when the record is good,
/// otherwise every problem found in it, plus its id (when readable) so the report can name it.
struct OrderRecord: Decodable {
    var order: Order?
    /// The normalised id, also for a bad record when its id could be read.
    var id: String?
    var problems: [FieldProblem]

    init(from decoder: any Decoder) {
        guard let container = try? decoder.container(keyedBy: FieldReader.Key.self) else {
            order = nil
            id = nil
            problems = [FieldProblem(path: "", text: FieldReader.notAnObject(noun: Order.noun, required: Order.required))]
            return
        }
        var reader = FieldReader(container, noun: Order.noun, required: Order.required)
        let order = Order.read(&reader)
        problems = reader.problems
        if problems.isEmpty, let order {
            self.order = order
            id = order.id
        } else {
            self.order = nil
            let raw = (try? container.decodeIfPresent(String.self, forKey: "id")) ?? (try? container.decodeIfPresent(Int.self, forKey: "id")).flatMap { $0.map(String.init) }
            id = raw.map(Order.normalizedID).flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}
