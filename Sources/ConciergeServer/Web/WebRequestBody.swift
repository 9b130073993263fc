import Foundation

/// The JSON body of a POST to the chat API: `{"session":"…","text":"…","after":N}`, every field
/// optional here; each endpoint says which it needs.
struct WebRequestBody: Decodable, Equatable {
    var session: String?
    var text: String?
    /// The highest `seq` the browser has seen, so the answer can carry whatever it missed.
    var after: Int?
    /// Whether the body named a customer. A browser is never trusted with an identity, so the
    /// bridge refuses such a request instead of quietly ignoring the field.
    var namesCustomer = false

    enum CodingKeys: String, CodingKey {
        case session, text, after, customer
    }

    init(session: String? = nil, text: String? = nil, after: Int? = nil) {
        self.session = session
        self.text = text
        self.after = after
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        session = try c.decodeIfPresent(String.self, forKey: .session)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        after = try c.decodeIfPresent(Int.self, forKey: .after)
        namesCustomer = c.contains(.customer)
    }

    private static let decoder = JSONDecoder()

    /// Reads a request body; an empty body is an empty object.
    /// - Throws: ``HTTPError/badJSON(_:)`` saying what is wrong.
    static func decode(_ bytes: [UInt8]) throws(HTTPError) -> WebRequestBody {
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return WebRequestBody() }
        do {
            return try decoder.decode(WebRequestBody.self, from: Data(bytes))
        } catch DecodingError.typeMismatch(let type, let context) {
            if let key = context.codingPath.last?.stringValue {
                throw .badJSON("'\(key)' must be \(type == Int.self ? "a whole number" : "a string")")
            }
            throw .badJSON("the body is not a JSON object")
        } catch {
            throw .badJSON("not valid JSON")
        }
    }
}
