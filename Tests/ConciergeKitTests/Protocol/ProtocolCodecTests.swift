import Foundation
import Testing
@testable import ConciergeKit

struct ProtocolCodecTests {
    @Test func aShopperMessageDecodesWithItsRequestID() throws {
        let m = try ProtocolCodec.decode(#"{"type":"message","id":"r7","session":"abc","text":"where is my order"}"#).get()
        #expect(m == ClientMessage(id: "r7", .message(session: "abc", text: "where is my order")))
    }

    @Test func openCarriesAResumePointAndAVouchedCustomer() throws {
        let m = try ProtocolCodec.decode(#"{"type":"open","session":"s1","after":12,"customer":{"email":"jo@example.com"}}"#).get()
        #expect(m.body == .open(session: "s1", after: 12, customer: "jo@example.com"))
    }

    static let refusals: [(line: String, code: String, message: String)] = [
        ("{\"type\":\"message\"", "bad_json", "the line is not valid JSON (line 1, column 18: expected ',' or '}' after a field); send one JSON object per line"),
        ("[1,2]", "not_an_object", "each line must be a JSON object such as {\"type\":\"ping\"}"),
        ("{\"id\":1}", "missing_field", "'every message' needs the field 'type'"),
        ("{\"type\":\"dance\"}", "unknown_type", "unknown type 'dance'; use hello, open, message, close, queue, show, claim, say, resolve, release or ping"),
        ("{\"type\":\"message\",\"session\":\"s\"}", "missing_field", "'message' needs the field 'text'"),
        ("{\"type\":\"message\",\"session\":\"s\",\"text\":\"   \"}", "empty_text", "the message text is empty"),
        ("{\"type\":\"ping\",\"v\":2}", "unsupported_version", "protocol version 2 is not supported; send \"v\":1 or leave it out"),
        ("\u{01}\u{02}garbage", "bad_json", ""),
    ]

    @Test(arguments: refusals)
    func badLinesGetAnErrorWithAStableCodeAndAHelpfulMessage(_ c: (line: String, code: String, message: String)) {
        guard case .failure(let error) = ProtocolCodec.decode(c.line) else {
            Issue.record("\(c.line) was accepted")
            return
        }
        #expect(error.code == c.code)
        if !c.message.isEmpty { #expect(error.description == c.message) }
    }

    @Test func anOverlongLineIsRefusedWithoutParsingIt() {
        let line = "{\"type\":\"message\",\"session\":\"s\",\"text\":\"" + String(repeating: "a", count: 70_000) + "\"}"
        guard case .failure(let error) = ProtocolCodec.decode(line) else {
            Issue.record("accepted")
            return
        }
        #expect(error == .lineTooLong(limit: 65_536))
    }

    @Test func serverLinesAreOneJSONObjectWithHTMLSensitiveCharactersEscaped() {
        var m = ServerMessage(type: "reply", id: "r1", session: "s1")
        m.seq = 3
        m.replies = [WireReply(Reply(kind: .answer, text: "Say \"hi\" <b>now</b> & then\nbye", quickReplies: ["Yes"], intent: "greeting", confidence: 0.91234))]
        let line = String(decoding: ProtocolCodec.encode(m), as: UTF8.self)
        #expect(line == #"{"type":"reply","v":1,"id":"r1","session":"s1","seq":3,"replies":[{"kind":"answer","text":"Say \"hi\" \u003cb\u003enow\u003c/b\u003e \u0026 then\nbye","quick_replies":["Yes"],"intent":"greeting","confidence":0.912}]}"# + "\n")
    }

    /// Texts of every length and mix (the writer checks eight bytes at a time) come back
    /// unchanged, with nothing HTML-sensitive or raw control characters left in the line.
    @Test func anyTextReadsBackUnchangedAndNothingSensitiveIsLeftRaw() throws {
        let pieces = ["a", "Z", "0", " ", "\"", "\\", "<", ">", "&", "/", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "€", "👋", "'"]
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<25 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                var m = ServerMessage(type: "reply")
                m.text = text
                let line = ProtocolCodec.encode(m)
                #expect(!line.dropLast().contains { $0 < 0x20 || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") })
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                #expect(object["text"] as? String == text)
            }
        }
    }
}
