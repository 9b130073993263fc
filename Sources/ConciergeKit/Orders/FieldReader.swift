import Foundation

/// Reads the fields of one JSON object without ever failing: a missing or malformed field becomes
/// a ``FieldProblem`` and the reading goes on, so one record can report every mistake it has and a
/// bad record never stops the rest of the file from loading.
///
/// Every user-facing message about a field is worded here.
struct FieldReader {
    private let object: JSONObject
    /// The required fields of this kind of object, for messages: "sku, name, quantity, price and category".
    private let required: String
    /// What the object is, for messages: "order", "item", "shipment".
    private let noun: String
    private(set) var problems: [FieldProblem] = []

    init(_ object: JSONObject, noun: String, required: String) {
        self.object = object
        self.noun = noun
        self.required = required
    }

    /// The message for a value that is not a JSON object where one was expected.
    static func notAnObject(required: String) -> String {
        "must be an object with \(required)"
    }

    mutating func fail(_ key: String, _ text: String) {
        problems.append(FieldProblem(path: key, text: text))
    }

    mutating func fail(path: String, _ text: String) {
        problems.append(FieldProblem(path: path, text: text))
    }

    private mutating func missing(_ key: String) {
        fail(key, "is missing; every \(noun) needs \(required)")
    }

    /// The field's value; nil when absent or null.
    private func field(_ key: String) -> JSONValue? {
        switch object[key] {
        case .none, .null?: return nil
        case let value?: return value
        }
    }

    /// A string field; nil (with a problem when `required`) if absent, null, blank or not a string.
    mutating func text(_ key: String, required: Bool = true) -> String? {
        switch field(key) {
        case nil:
            if required { missing(key) }
            return nil
        case .string(let value)?:
            if required && ASCIIText.isBlank(value) {
                fail(key, "is empty; every \(noun) needs \(self.required)")
                return nil
            }
            return value
        default:
            fail(key, "must be text in double quotes")
            return nil
        }
    }

    /// A required number that must not be negative, e.g. a price.
    mutating func amount(_ key: String) -> Decimal? {
        switch field(key) {
        case nil:
            missing(key)
            return nil
        case .number(let text)?:
            guard let value = Self.decimal(text) else {
                fail(key, "must be a number, e.g. 12.50")
                return nil
            }
            guard !text.hasPrefix("-") || value == 0 else {
                fail(key, "must be 0 or more, not \(text)")
                return nil
            }
            return value
        default:
            fail(key, "must be a number, e.g. 12.50")
            return nil
        }
    }

    /// A required whole number that must not be negative, e.g. a quantity.
    mutating func count(_ key: String) -> Int? {
        switch field(key) {
        case nil:
            missing(key)
            return nil
        case .number(let text)?:
            guard let value = Int(text) else {
                fail(key, "must be a whole number, e.g. 2")
                return nil
            }
            guard value >= 0 else {
                fail(key, "must be 0 or more, not \(text)")
                return nil
            }
            return value
        default:
            fail(key, "must be a whole number, e.g. 2")
            return nil
        }
    }

    /// An optional true/false field; false when absent.
    mutating func flag(_ key: String) -> Bool {
        switch field(key) {
        case nil: return false
        case .bool(let value)?: return value
        default:
            fail(key, "must be true or false (without quotes)")
            return false
        }
    }

    /// A date field in either of the file's two forms (see ``OrderCalendar``).
    /// - Returns: nil when absent (a problem only if `required`) or unreadable (always a problem).
    mutating func date(_ key: String, required: Bool = true) -> Date? {
        switch field(key) {
        case nil:
            if required { missing(key) }
            return nil
        case .string(let text)?:
            guard let date = OrderCalendar.parse(text) else {
                fail(key, "\"\(text)\" is not a date; write it as \"2026-11-20\" or \"2026-11-20T14:03:00Z\"")
                return nil
            }
            return date
        default:
            fail(key, "must be a date in double quotes, e.g. \"2026-11-20\" or \"2026-11-20T14:03:00Z\"")
            return nil
        }
    }

    /// A required list of strings, e.g. the skus in a parcel.
    mutating func texts(_ key: String) -> [String]? {
        switch field(key) {
        case nil:
            missing(key)
            return nil
        case .array(let elements)?:
            var values: [String] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard case .string(let value) = element else {
                    fail(key, "must be a list of texts, e.g. [\"LL-HW-0142\"]")
                    return nil
                }
                values.append(value)
            }
            return values
        default:
            fail(key, "must be a list of texts, e.g. [\"LL-HW-0142\"]")
            return nil
        }
    }

    /// A list of nested objects, each read leniently; their problems are adopted under `key[i]`.
    /// - Returns: the values when every element is good; `[]` when the list is absent and not
    ///   `required`; nil when it is missing but required, not a list, or has a bad element.
    mutating func records<Model: LenientDecodable>(_ key: String, of _: Model.Type, required: Bool = false) -> [Model]? {
        let elements: [JSONValue]
        switch field(key) {
        case nil:
            if required { missing(key) }
            return required ? nil : []
        case .array(let value)?:
            elements = value
        default:
            fail(key, "must be a list of objects: [{...}, {...}]")
            return nil
        }
        var values: [Model] = []
        values.reserveCapacity(elements.count)
        var good = true
        for (index, element) in elements.enumerated() {
            let (value, problems) = Model.read(element)
            if let value, problems.isEmpty {
                values.append(value)
            } else {
                good = false
                self.problems += problems.map { $0.prefixed(by: "\(key)[\(index)]") }
            }
        }
        return good ? values : nil
    }

    /// A field that may be a string or a whole number (an id), as text; nil with a problem otherwise.
    mutating func identifier(_ key: String) -> String? {
        switch field(key) {
        case nil:
            missing(key)
            return nil
        case .string(let value)?:
            guard !ASCIIText.isBlank(value) else {
                fail(key, "is empty; every \(noun) needs \(required)")
                return nil
            }
            return value
        case .number(let text)? where Int(text) != nil:
            return text
        default:
            fail(key, "must be text or a whole number, e.g. \"10231\"")
            return nil
        }
    }

    /// The exact decimal value of a JSON number's text, e.g. `9.50`, `-3`, `1.2e3`.
    static func decimal(_ text: String) -> Decimal? {
        let original = text
        var text = text
        return text.withUTF8 { bytes -> Decimal? in
            var i = 0
            var negative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            var significand: UInt64 = 0
            var digits = 0
            var exponent = 0
            var fraction = false
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: ".") {
                    fraction = true
                } else if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                    guard digits < 18 else { return Decimal(string: original) }
                    significand = significand * 10 + UInt64(b - UInt8(ascii: "0"))
                    if significand > 0 { digits += 1 }
                    if fraction { exponent -= 1 }
                } else {
                    break
                }
                i += 1
            }
            if i < bytes.count {  // an exponent
                guard bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E"),
                      let e = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)...]), as: UTF8.self)),
                      abs(e) < 100 else { return nil }
                exponent += e
            }
            return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
        }
    }
}
