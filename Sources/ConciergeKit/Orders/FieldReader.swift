import Foundation

/// Reads the fields of one JSON object without ever throwing: a missing or malformed field becomes
/// a ``FieldProblem`` and the reading goes on, so one record can report every mistake it has and a
/// bad record never stops the rest of the file from loading.
///
/// Every user-facing message about a field is worded here.
struct FieldReader {
    /// A JSON object key.
    struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(stringLiteral value: String) { stringValue = value }
    }

    private let container: KeyedDecodingContainer<Key>
    /// The required fields of this kind of object, for messages: "sku, name, quantity, price and category".
    private let required: String
    /// What the object is, for messages: "order", "item", "shipment".
    private let noun: String
    private(set) var problems: [FieldProblem] = []

    init(_ container: KeyedDecodingContainer<Key>, noun: String, required: String) {
        self.container = container
        self.noun = noun
        self.required = required
    }

    /// The message for a value that is not a JSON object where one was expected.
    static func notAnObject(noun: String, required: String) -> String {
        "must be an object with \(required)"
    }

    mutating func fail(_ key: Key, _ text: String) {
        problems.append(FieldProblem(path: key.stringValue, text: text))
    }

    mutating func fail(path: String, _ text: String) {
        problems.append(FieldProblem(path: path, text: text))
    }

    mutating func adopt(_ more: [FieldProblem], under prefix: String) {
        problems += more.map { $0.prefixed(by: prefix) }
    }

    private mutating func missing(_ key: Key) {
        fail(key, "is missing; every \(noun) needs \(required)")
    }

    /// A string field; nil (with a problem when `required`) if absent, null, empty or not a string.
    mutating func text(_ key: Key, required: Bool = true) -> String? {
        do {
            guard let value = try container.decodeIfPresent(String.self, forKey: key) else {
                if required { missing(key) }
                return nil
            }
            if required && value.allSatisfy(\.isWhitespace) {
                fail(key, "is empty; every \(noun) needs \(self.required)")
                return nil
            }
            return value
        } catch {
            fail(key, "must be text in double quotes")
            return nil
        }
    }

    /// A required number that must not be negative, e.g. a price.
    mutating func amount(_ key: Key) -> Decimal? {
        do {
            guard let value = try container.decodeIfPresent(Decimal.self, forKey: key) else {
                missing(key)
                return nil
            }
            guard value >= 0 else {
                fail(key, "must be 0 or more, not \(value)")
                return nil
            }
            return value
        } catch {
            fail(key, "must be a number, e.g. 12.50")
            return nil
        }
    }

    /// A required whole number that must not be negative, e.g. a quantity.
    mutating func count(_ key: Key) -> Int? {
        do {
            guard let value = try container.decodeIfPresent(Int.self, forKey: key) else {
                missing(key)
                return nil
            }
            guard value >= 0 else {
                fail(key, "must be 0 or more, not \(value)")
                return nil
            }
            return value
        } catch {
            fail(key, "must be a whole number, e.g. 2")
            return nil
        }
    }

    /// An optional true/false field; false when absent.
    mutating func flag(_ key: Key) -> Bool {
        do {
            return try container.decodeIfPresent(Bool.self, forKey: key) ?? false
        } catch {
            fail(key, "must be true or false (without quotes)")
            return false
        }
    }

    /// A date field in either of the file's two forms (see ``OrderCalendar``).
    /// - Returns: nil when absent (a problem only if `required`) or unreadable (always a problem).
    mutating func date(_ key: Key, required: Bool = true) -> Date? {
        let text: String
        do {
            guard let value = try container.decodeIfPresent(String.self, forKey: key) else {
                if required { missing(key) }
                return nil
            }
            text = value
        } catch {
            fail(key, "must be a date in double quotes, e.g. \"2026-11-20\" or \"2026-11-20T14:03:00Z\"")
            return nil
        }
        guard let date = OrderCalendar.parse(text) else {
            fail(key, "\"\(text)\" is not a date; write it as \"2026-11-20\" or \"2026-11-20T14:03:00Z\"")
            return nil
        }
        return date
    }

    /// A required list of strings, e.g. the skus in a parcel.
    mutating func texts(_ key: Key) -> [String]? {
        do {
            guard let value = try container.decodeIfPresent([String].self, forKey: key) else {
                missing(key)
                return nil
            }
            return value
        } catch {
            fail(key, "must be a list of texts, e.g. [\"LL-HW-0142\"]")
            return nil
        }
    }

    /// A list of nested objects, each read leniently; their problems are adopted under `key[i]`.
    /// - Returns: the values when every element is good; nil when the list is absent (a problem only
    ///   if `required`), not a list, or has a bad element.
    mutating func records<Model: LenientDecodable>(_ key: Key, of _: Model.Type, required: Bool = false) -> [Model]? {
        let elements: [Lenient<Model>]
        do {
            guard let value = try container.decodeIfPresent([Lenient<Model>].self, forKey: key) else {
                if required { missing(key) }
                return required ? nil : []
            }
            elements = value
        } catch {
            fail(key, "must be a list of objects: [{...}, {...}]")
            return nil
        }
        var values: [Model] = []
        values.reserveCapacity(elements.count)
        var good = true
        for (index, element) in elements.enumerated() {
            if let value = element.value {
                values.append(value)
            } else {
                good = false
                adopt(element.problems, under: "\(key.stringValue)[\(index)]")
            }
        }
        return good ? values : nil
    }

    /// The raw text of a field that could be a string or a whole number (an order id), or nil.
    mutating func identifier(_ key: Key) -> String? {
        if let value = try? container.decodeIfPresent(String.self, forKey: key) {
            guard !value.allSatisfy(\.isWhitespace) else {
                fail(key, "is empty; every \(noun) needs \(required)")
                return nil
            }
            return value
        }
        if let value = try? container.decodeIfPresent(Int.self, forKey: key) { return String(value) }
        if container.contains(key), (try? container.decodeNil(forKey: key)) == false {
            fail(key, "must be text or a whole number, e.g. \"10231\"")
        } else {
            missing(key)
        }
        return nil
    }
}
