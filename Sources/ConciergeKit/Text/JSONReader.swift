import Foundation

/// A small, fast JSON parser over UTF-8 bytes, shared by the order-export loader (a million
/// records) and the line protocol (tens of thousands of lines a second).
///
/// `JSONDecoder` spends most of its time in generic container machinery on Linux (about 35 seconds
/// per million orders); with this parser the whole load takes about a third of that. Strict JSON (RFC 8259):
/// syntax errors carry the line and column to fix.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// Deeper nesting than this is refused rather than risking the stack.
    static let maximumDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// A syntax error at a byte offset; ``describe(in:)`` adds the line and column.
    struct SyntaxError: Error {
        var offset: Int
        var message: String

        /// "line 3, column 17: expected ',' or '}' after a field".
        func describe(in bytes: UnsafeBufferPointer<UInt8>) -> String {
            var line = 1
            var lineStart = 0
            for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            return "line \(line), column \(offset - lineStart + 1): \(message)"
        }
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The bytes from `start` to where the reader stands: a value read past, to hand to another reader.
    func bytes(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[start..<position])
    }

    /// The next byte that is not whitespace, without consuming it.
    mutating func peek() -> UInt8? {
        skipSpace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `byte` if it is next (after whitespace).
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// Consumes `byte` or fails with "expected `what`".
    mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        guard consume(byte) else { throw failure("expected \(what)") }
    }

    /// After the first `{` or `[` and an element: true when another element follows (consumes the
    /// comma), false at the closing bracket (consumes it).
    mutating func more(closing: UInt8, _ what: String) throws(SyntaxError) -> Bool {
        if consume(UInt8(ascii: ",")) { return true }
        if consume(closing) { return false }
        throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))' \(what)")
    }

    /// Reads an object key and its colon.
    mutating func key() throws(SyntaxError) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a field name in double quotes") }
        let key = try string()
        try expect(UInt8(ascii: ":"), "':' after the field name")
        return key
    }

    /// Reads a value that must be text, for a reader that knows what comes next.
    mutating func stringValue() throws(SyntaxError) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected text in double quotes") }
        return try string()
    }

    /// Reads a value that must be a number, as written (`9.50`).
    mutating func numberValue() throws(SyntaxError) -> String {
        guard let byte = peek(), byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
            throw failure("expected a number")
        }
        return try number()
    }

    /// Reads any value.
    mutating func value(depth: Int = 0) throws(SyntaxError) -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of file") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
            position += 1
            var fields: [(key: String, value: JSONValue)] = []
            if consume(UInt8(ascii: "}")) { return .object(JSONObject(fields: fields)) }
            // Room for a protocol line's fields, grown once rather than from one field up.
            fields.reserveCapacity(8)
            repeat {
                let key = try key()
                fields.append((key, try value(depth: depth + 1)))
            } while try more(closing: UInt8(ascii: "}"), "after a field")
            return .object(JSONObject(fields: fields))
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
            position += 1
            var elements: [JSONValue] = []
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try value(depth: depth + 1))
            } while try more(closing: UInt8(ascii: "]"), "after a list element")
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw failure("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private func failure(_ message: String) -> SyntaxError {
        SyntaxError(offset: position, message: message)
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count, let base = bytes.baseAddress,
              memcmp(base + position, word.utf8Start, count) == 0 else {
            throw failure("unexpected word; JSON words are true, false and null")
        }
        position += count
    }

    private mutating func number() throws(SyntaxError) -> String {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integer = digits()
        guard integer > 0 else { throw failure("expected digits after '-'") }
        if integer > 1, bytes[position - integer] == UInt8(ascii: "0") {
            throw SyntaxError(offset: position - integer, message: "numbers can't start with 0")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("expected digits after the decimal point") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("expected digits in the exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func string() throws(SyntaxError) -> String {
        position += 1  // the opening quote
        let start = position
        // Eight bytes at a time while none of them ends the text, starts an escape or is a
        // control character (most of a message's text), as the writer looks for what to escape.
        if let base = bytes.baseAddress {
            position = JSONWriter.cleanRun(base, from: position, to: bytes.count, htmlSafe: false)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw failure("control character in text; write it as an escape such as \\n") }
            position += 1
        }
        throw SyntaxError(offset: start - 1, message: "text that is never closed with '\"'")
    }

    /// The slow path for text with backslash escapes.
    private mutating func escapedString(from start: Int) throws(SyntaxError) -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        scalar = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                    }
                    UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
                default:
                    throw SyntaxError(offset: position - 2, message: "unknown escape; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
                }
            default:
                if byte < 0x20 {
                    position -= 1
                    throw failure("control character in text; write it as an escape such as \\n")
                }
                out.append(byte)
            }
        }
        throw SyntaxError(offset: start - 1, message: "text that is never closed with '\"'")
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
