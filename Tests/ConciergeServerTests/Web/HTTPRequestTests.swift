@testable import ConciergeServer
import Foundation
import Testing

/// Reading request heads and bodies without sockets.
struct HTTPRequestTests {
    @Test func aRequestHeadIsReadIntoMethodPathQueryAndHeaders() throws {
        let head = "GET /api/events?session=ab%20cd&after=7 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nLast-Event-ID:  12 \r\nAccept: text/event-stream"
        let r = try HTTPRequest.parseHead(ArraySlice(Array(head.utf8)))
        #expect(r.method == "GET")
        #expect(r.path == "/api/events")
        #expect(r.query == ["session": "ab cd", "after": "7"])
        #expect(r.header("last-event-id") == "12")
        #expect(r.header("HOST") == "127.0.0.1:8080")
        #expect(r.keepAlive)
        #expect(try r.contentLength() == 0)
    }

    struct BadHead: CustomTestStringConvertible, Sendable {
        var head: String
        var why: String
        var testDescription: String { why }
    }

    static let badHeads: [BadHead] = [
        BadHead(head: "GET /\r\nHost: x", why: "the request line must be METHOD PATH HTTP/1.1"),
        BadHead(head: "get / HTTP/1.1\r\nHost: x", why: "unknown method"),
        BadHead(head: "GET / HTTP/2\r\nHost: x", why: "only HTTP/1.0 and HTTP/1.1 are spoken here"),
        BadHead(head: "GET http://evil/ HTTP/1.1\r\nHost: x", why: "the request target must be a path such as /api/open"),
        BadHead(head: "GET / HTTP/1.1\r\nHost: x\r\n folded", why: "folded headers are not accepted"),
        BadHead(head: "GET / HTTP/1.1\r\nHost x", why: "a header line has no ':'"),
        BadHead(head: "GET / HTTP/1.1\r\nBad Name: x\r\nHost: x", why: "a header name has spaces"),
        BadHead(head: "GET / HTTP/1.1\r\nAccept: */*", why: "HTTP/1.1 needs a Host header"),
    ]

    @Test(arguments: badHeads)
    func aMalformedHeadIsRefusedSayingWhy(_ bad: BadHead) {
        #expect(throws: HTTPError.badRequest(bad.why)) {
            try HTTPRequest.parseHead(ArraySlice(Array(bad.head.utf8)))
        }
    }

    struct Length: Sendable {
        var headers: [String]
        var result: Result<Int, HTTPError>
    }

    static let lengths: [Length] = [
        Length(headers: ["Content-Length: 42"], result: .success(42)),
        Length(headers: ["Content-Length: 42", "Content-Length: 42"], result: .success(42)),
        Length(headers: ["Content-Length: 42", "Content-Length: 43"], result: .failure(.badRequest("Content-Length must be one whole number"))),
        Length(headers: ["Content-Length: -1"], result: .failure(.badRequest("Content-Length must be one whole number"))),
        Length(headers: ["Content-Length: 99999999999999"], result: .failure(.badRequest("Content-Length must be one whole number"))),
        Length(headers: ["Transfer-Encoding: chunked"], result: .failure(.lengthRequired)),
    ]

    @Test(arguments: lengths)
    func theBodyLengthMustBeOneNumber(_ c: Length) throws {
        let head = (["POST /api/open HTTP/1.1", "Host: x"] + c.headers).joined(separator: "\r\n")
        let r = try HTTPRequest.parseHead(ArraySlice(Array(head.utf8)))
        #expect(Result { () throws(HTTPError) in try r.contentLength() } == c.result)
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        let closes = try HTTPRequest.parseHead(ArraySlice(Array("GET / HTTP/1.0".utf8)))
        #expect(!closes.keepAlive)
        let keeps = try HTTPRequest.parseHead(ArraySlice(Array("GET / HTTP/1.0\r\nConnection: keep-alive".utf8)))
        #expect(keeps.keepAlive)
        let closing = try HTTPRequest.parseHead(ArraySlice(Array("GET / HTTP/1.1\r\nHost: x\r\nConnection: close".utf8)))
        #expect(!closing.keepAlive)
    }

    struct Body: Sendable {
        var json: String
        var result: Result<WebRequestBody, HTTPError>
    }

    static let bodies: [Body] = [
        Body(json: "", result: .success(WebRequestBody())),
        Body(json: #"{"session":"abc","text":"hi","after":3}"#, result: .success(WebRequestBody(session: "abc", text: "hi", after: 3))),
        Body(json: #"{"session":"abc","unknown":true}"#, result: .success(WebRequestBody(session: "abc"))),
        Body(json: #"{"after":"3"}"#, result: .failure(.badJSON("'after' must be a whole number"))),
        Body(json: #"{"text":5}"#, result: .failure(.badJSON("'text' must be a string"))),
        Body(json: #""hi""#, result: .failure(.badJSON("the body is not a JSON object"))),
        Body(json: "{", result: .failure(.badJSON("not valid JSON"))),
    ]

    @Test(arguments: bodies)
    func aBodyIsReadOrRefusedSayingWhy(_ c: Body) {
        #expect(Result { () throws(HTTPError) in try WebRequestBody.decode(Array(c.json.utf8)) } == c.result)
    }

    @Test func aBodyThatNamesACustomerIsMarkedEvenWhenTheValueIsNull() throws {
        #expect(try WebRequestBody.decode(Array(#"{"customer":null}"#.utf8)).namesCustomer)
        #expect(try WebRequestBody.decode(Array(#"{"customer":{"email":"jo@example.com"}}"#.utf8)).namesCustomer)
        #expect(try !WebRequestBody.decode(Array("{}".utf8)).namesCustomer)
    }
}
