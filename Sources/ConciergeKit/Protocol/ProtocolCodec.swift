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
            if s.count > maximumTextLength { return .failure(.textTooLong(limit: maximumTextLength)) }
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
                if let q = r.quickReplies { w.array("quick_replies", q) { w, s in w.string(s) } }
                if let v = r.intent { w.field("intent", v) }
                if let v = r.confidence { w.field("confidence", v) }
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

/// Writes compact JSON straight into bytes.
struct JSONWriter {
    var bytes: [UInt8] = []
    private var first = true

    init() {
        bytes.reserveCapacity(256)
    }

    mutating func raw(_ b: UInt8) { bytes.append(b) }

    /// Bytes written as they are (a literal such as `true`).
    mutating func rawString(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func begin() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func end() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// A key: always one of the program's own names, which need no escaping.
    mutating func key(_ k: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: k.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A field whose value is an array, each element written by `element`.
    mutating func array<C: Collection>(_ k: String, _ items: C, element: (inout JSONWriter, C.Element) -> Void) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func field(_ k: String, _ v: String) {
        key(k)
        string(v)
    }

    mutating func field(_ k: String, _ v: Int) {
        key(k)
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func field(_ k: String, _ v: Double) {
        key(k)
        bytes.append(contentsOf: (v.isFinite ? String(v) : "0").utf8)
    }

    /// A JSON string: quotes, backslashes and control characters escaped; `<`, `>` and `&` too, so
    /// a line can be dropped into HTML or a script safely.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { escaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` escaped, copying the runs that need no escaping in one go.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var start = 0
        var i = 0
        while i < count {
            // Eight bytes at a time while none of them needs escaping (most text).
            if i + 8 <= count, !Self.anyNeedsEscaping(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let b = base[i]
            i += 1
            switch b {
            case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                break
            default:
                continue
            }
            let at = i - 1
            if start < at { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: at - start)) }
            start = i
            bytes.append(92)
            switch b {
            case UInt8(ascii: "\""): bytes.append(34)
            case UInt8(ascii: "\\"): bytes.append(92)
            case UInt8(ascii: "\n"): bytes.append(110)
            case UInt8(ascii: "\r"): bytes.append(114)
            case UInt8(ascii: "\t"): bytes.append(116)
            default:
                let high = b >> 4, low = b & 15
                bytes.append(UInt8(ascii: "u"))
                bytes.append(48)
                bytes.append(48)
                bytes.append(high < 10 ? 48 + high : 87 + high)
                bytes.append(low < 10 ? 48 + low : 87 + low)
            }
        }
        if start < count { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start)) }
    }

    /// Whether any of the eight bytes in `word` is a control character, `"`, `\`, `<`, `>` or
    /// `&` (bit tricks that test all eight bytes at once; bytes of 0x80 and up never match).
    @inline(__always)
    static func anyNeedsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
            || hasZeroByte(word ^ (ones &* 0x3C)) || hasZeroByte(word ^ (ones &* 0x3E)) || hasZeroByte(word ^ (ones &* 0x26))
    }
}
