/// A parsed JSON value, kept as small as the export reader needs: numbers stay as the text the
/// file wrote (`9.50`), so prices become exact decimals and messages can quote them as written.
enum JSONValue {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object's fields in file order. Objects in an order export are small (about ten
/// fields), so a look-up is a short linear scan; the first of two equal keys wins.
struct JSONObject {
    var fields: [(key: String, value: JSONValue)]

    subscript(key: String) -> JSONValue? {
        for field in fields where field.key == key { return field.value }
        return nil
    }
}
