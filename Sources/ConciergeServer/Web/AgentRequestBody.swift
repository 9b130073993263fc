import Foundation

/// The JSON body of a POST to the agents' inbox: `{"token":…}` to sign in, `{"text":…}` to
/// reply, `{"note":…}` to resolve, `{"to_bot":true}` to hand back to the bot, `{"lines":N}` to
/// mark lines read. Every field is optional here; each route says which it needs.
struct AgentRequestBody: Decodable, Equatable {
    var token: String?
    var text: String?
    var note: String?
    var toBot: Bool?
    var lines: Int?

    enum CodingKeys: String, CodingKey {
        case token, text, note, lines
        case toBot = "to_bot"
    }

    init(token: String? = nil, text: String? = nil, note: String? = nil, toBot: Bool? = nil, lines: Int? = nil) {
        self.token = token
        self.text = text
        self.note = note
        self.toBot = toBot
        self.lines = lines
    }

    private static let decoder = JSONDecoder()

    /// Reads a request body; an empty body is an empty object.
    /// - Throws: ``HTTPError/badJSON(_:)`` saying what is wrong.
    static func decode(_ bytes: [UInt8]) throws(HTTPError) -> AgentRequestBody {
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return AgentRequestBody() }
        do {
            return try decoder.decode(AgentRequestBody.self, from: Data(bytes))
        } catch DecodingError.typeMismatch(_, let context) {
            guard let key = context.codingPath.last?.stringValue else { throw .badJSON("the body is not a JSON object") }
            let kind = key == "lines" ? "a whole number" : key == "to_bot" ? "true or false" : "a string"
            throw .badJSON("'\(key)' must be \(kind)")
        } catch {
            throw .badJSON("not valid JSON")
        }
    }
}
