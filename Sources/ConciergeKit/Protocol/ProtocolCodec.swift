import Foundation

/// Reads client lines and writes server lines of the line protocol. No I/O: bytes in, bytes out.
///
/// Hand-written in both directions (the fast JSON reader the order loader uses, and a direct
/// writer), because the server handles tens of thousands of lines a second and `JSONDecoder`
/// costs more per line than the bot's answer does.
public enum ProtocolCodec {
    /// The longest line accepted, in bytes.
    public static let maximumLineBytes = 64 * 1024
    /// The longest shopper or agent message accepted, in characters.
    public static let maximumTextLength = 4000
    /// The protocol version this server speaks.
    public static let version = 1

    /// Decodes one line (without its newline).
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) -> Result<ClientMessage, ProtocolError> {
        decodeRequest(line).message
    }

    /// Decodes one line (without its newline), and also gives the request's `id` when the line
    /// is a JSON object that has one, even if it is refused, so the error answer can echo it.
    public static func decodeRequest(_ line: UnsafeBufferPointer<UInt8>) -> (id: String?, message: Result<ClientMessage, ProtocolError>) {
        guard line.count <= maximumLineBytes else { return (nil, .failure(.lineTooLong(limit: maximumLineBytes))) }
        var reader = JSONReader(line)
        let value: JSONValue
        do {
            value = try reader.value()
            if reader.peek() != nil { return (nil, .failure(.badJSON("text after the object"))) }
        } catch {
            return (nil, .failure(.badJSON(error.describe(in: line))))
        }
        guard case .object(let object) = value else { return (nil, .failure(.notAnObject)) }
        let id: String? = {
            switch object["id"] {
            case .string(let s)?: return s
            case .number(let n)?: return n
            default: return nil
            }
        }()
        return (id, decode(object, id: id))
    }

    /// Decodes one line given as a string (for tests and tools).
    public static func decode(_ line: String) -> Result<ClientMessage, ProtocolError> {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBufferPointer { decode(UnsafeBufferPointer($0)) }
    }

    private static func decode(_ o: JSONObject, id: String?) -> Result<ClientMessage, ProtocolError> {
        func string(_ key: String) -> String? {
            if case .string(let s)? = o[key] { return s }
            return nil
        }
        if case .number(let v)? = o["v"], Int(v) != version { return .failure(.unsupportedVersion(Int(v) ?? 0)) }
        guard let type = string("type") else { return .failure(.missingField("type", type: "every message")) }
        func required(_ key: String) -> Result<String, ProtocolError> {
            guard let s = string(key) else { return .failure(.missingField(key, type: type)) }
            return .success(s)
        }
        func text(_ key: String) -> Result<String, ProtocolError> {
            guard let s = string(key) else { return .failure(.missingField(key, type: type)) }
            if s.trimmedWhitespace.isEmpty { return .failure(.emptyText) }
            // A text has no more characters than bytes: most are counted by their bytes alone,
            // without walking their characters.
            if s.utf8.count > maximumTextLength && s.count > maximumTextLength { return .failure(.textTooLong(limit: maximumTextLength)) }
            return .success(s)
        }
        let body: ClientMessage.Body
        do throws(ProtocolError) {
            switch type {
            case "hello":
                body = .hello(role: string("role") ?? "shopper", token: string("token"), agent: string("agent"))
            case "open":
                var after: Int?
                if case .number(let n)? = o["after"] { after = Int(n) }
                var customer: String?
                if case .object(let c)? = o["customer"], case .string(let e)? = c["email"] { customer = e }
                body = .open(session: string("session"), after: after, customer: customer)
            case "message":
                body = .message(session: try required("session").get(), text: try text("text").get())
            case "close":
                body = .close(session: try required("session").get())
            case "queue":
                body = .queue
            case "show":
                body = .show(ticket: try required("ticket").get())
            case "claim":
                body = .claim(ticket: try required("ticket").get())
            case "say":
                body = .say(ticket: try required("ticket").get(), text: try text("text").get())
            case "resolve":
                body = .resolve(ticket: try required("ticket").get(), note: string("note"))
            case "release":
                var toBot = false
                if case .bool(let b)? = o["to_bot"] { toBot = b }
                body = .release(ticket: try required("ticket").get(), toBot: toBot)
            case "ping":
                body = .ping
            default:
                return .failure(.unknownType(type))
            }
        } catch {
            return .failure(error)
        }
        return .success(ClientMessage(id: id, body))
    }

    /// Encodes one server line, with its trailing newline.
    public static func encode(_ m: ServerMessage) -> [UInt8] {
        var w = JSONWriter()
        w.begin()
        w.field("type", m.type)
        w.field("v", version)
        if let v = m.id { w.field("id", v) }
        if let v = m.session { w.field("session", v) }
        if let v = m.seq { w.field("seq", v) }
        if let v = m.role { w.field("role", v) }
        if let replies = m.replies {
            w.array("replies", replies) { w, r in
                w.begin()
                w.field("kind", r.kind)
                w.field("text", r.text)
                if let q = r.quickReplies { w.field("quick_replies", q) }
                if let v = r.intent { w.field("intent", v) }
                if let v = r.confidence { w.field("confidence", v) }
                if let v = r.lead { w.field("lead", v) }
                if let cards = r.cards { CardEncoding.cards("cards", cards, &w, typeFirst: true) }
                w.end()
            }
        }
        if let v = m.ticket { w.field("ticket", v) }
        if let v = m.position { w.field("position", v) }
        if let v = m.waitSeconds { w.field("wait_seconds", v) }
        if let v = m.agent { w.field("agent", v) }
        if let v = m.text { w.field("text", v) }
        if let tickets = m.tickets {
            w.array("tickets", tickets) { w, t in
                w.begin()
                w.field("id", t.id)
                w.field("priority", t.priority)
                w.field("reason", t.reason)
                w.field("status", t.status)
                w.field("waiting_seconds", t.waitingSeconds)
                w.field("summary", t.summary)
                w.end()
            }
        }
        if let v = m.detail { w.field("detail", v) }
        if let v = m.code { w.field("code", v) }
        if let v = m.message { w.field("message", v) }
        w.end()
        w.raw(UInt8(ascii: "\n"))
        return w.bytes
    }
}
