@testable import ConciergeServer
import Testing

/// Cutting a connection's bytes into requests as they arrive, without sockets.
struct HTTPRequestReaderTests {
    static func reader() -> HTTPRequestReader {
        HTTPRequestReader(maximumHeaderBytes: 1024, maximumBodyBytes: 64)
    }

    /// The request `next()` gives, or a description of what it gave instead.
    static func request(_ next: HTTPRequestReader.Next) -> HTTPRequest? {
        if case .request(let r) = next { return r }
        return nil
    }

    static func error(_ next: HTTPRequestReader.Next) -> HTTPError? {
        if case .failed(let e) = next { return e }
        return nil
    }

    @Test func pipelinedRequestsComeOutInTheOrderSentWithTheirBodies() throws {
        var r = Self.reader()
        r.append(Array(("GET /widget.js HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /api/open HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
            + "HEAD / HTTP/1.1\r\nHo").utf8))
        #expect(Self.request(r.next())?.path == "/widget.js")
        let post = try #require(Self.request(r.next()))
        #expect(post.method == "POST")
        #expect(post.body == Array("{}".utf8))
        guard case .incomplete = r.next() else { Issue.record("the third request is not all here"); return }
        #expect(r.progress == .head)
        r.append(Array("st: x\r\n\r\n".utf8))
        #expect(Self.request(r.next())?.method == "HEAD")
        #expect(r.progress == .idle)
        #expect(r.buffered == 0)
    }

    @Test func aHeadTrickledAByteAtATimeIsReadWhenItsBlankLineArrives() {
        var r = Self.reader()
        let head = Array("GET /demo.css HTTP/1.1\r\nHost: x\r\nX-Slow: yes\r\n\r\n".utf8)
        for (i, byte) in head.enumerated() {
            r.append([byte])
            let next = r.next()
            if i < head.count - 1 {
                guard case .incomplete = next else { Issue.record("complete after \(i + 1) bytes"); return }
                #expect(r.progress == .head)
            } else {
                #expect(Self.request(next)?.header("x-slow") == "yes")
            }
        }
    }

    @Test func aBodyWaitsForAllOfItsLength() {
        var r = Self.reader()
        r.append(Array("POST /api/message HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n{\"a\":".utf8))
        guard case .incomplete = r.next() else { Issue.record("the body is not all here"); return }
        #expect(r.progress == .body)
        r.append(Array("\"b\"}GET".utf8))
        #expect(Self.request(r.next())?.body == Array("{\"a\":\"b\"}".utf8))
        #expect(r.progress == .head)
    }

    @Test func aHeadPastTheLimitIsRefusedBeforeItEnds() {
        var r = Self.reader()
        r.append(Array("GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ".utf8) + [UInt8](repeating: 120, count: 1100))
        #expect(Self.error(r.next()) == .headersTooLarge(limit: 1024))
    }

    @Test func aDeclaredBodyPastTheLimitIsRefusedBeforeItArrives() {
        var r = Self.reader()
        r.append(Array("POST /api/open HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n".utf8))
        #expect(Self.error(r.next()) == .bodyTooLarge(limit: 64))
    }

    @Test func aChunkedBodyNeedsALength() {
        var r = Self.reader()
        r.append(Array("POST /api/open HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        #expect(Self.error(r.next()) == .lengthRequired)
    }
}
