import ConciergeKit
@testable import ConciergeServer
import Foundation
import Glibc
import Testing

/// One HTTP connection on the event loop, over loopback: pipelining, keep-alive, half-closed
/// clients, clients that don't read, and event streams that sleep between events.
struct HTTPConnectionTests {
    @Test func pipelinedRequestsOnOneConnectionAreAnsweredInTheOrderSent() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let client = try TestClient(port: f.port)
        let host = "Host: 127.0.0.1:\(f.port)\r\n"
        client.send("GET /widget.css HTTP/1.1\r\n\(host)\r\n"
            + "POST /api/open HTTP/1.1\r\n\(host)Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            + "GET /nothing-here HTTP/1.1\r\n\(host)\r\n"
            + "HEAD /lantern.svg HTTP/1.1\r\n\(host)\r\n")
        let css = try client.response()
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        let opened = try client.response()
        #expect(opened.status == 200)
        #expect(try opened.decode(Envelope.self).events.first?.type == "opened")
        let missing = try client.response()
        #expect(missing.status == 404)
        #expect(try missing.decode(WireMessage.self).code == "not_found")
        let head = try client.streamHead()
        #expect(head["status"] == "200")
        #expect(head["content-type"] == "image/svg+xml")
        #expect(head["connection"] == "keep-alive")
    }

    @Test func aClientThatFinishesSendingStillGetsEveryAnswerThenTheConnectionCloses() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let client = try TestClient(port: f.port)
        client.request("GET", "/demo.css", port: f.port)
        client.request("GET", "/widget.css", port: f.port)
        shutdown(client.fd, Int32(SHUT_WR))
        #expect(try client.response().headers["content-type"] == "text/css; charset=utf-8")
        #expect(try client.response().status == 200)
        #expect(client.closedByServer(within: 2))
    }

    @Test func aKeptAliveConnectionIdleTooLongIsClosed() throws {
        let f = try BridgeFixture { $0.idleTimeout = 0.3 }
        defer { f.close() }
        let client = try TestClient(port: f.port)
        client.request("GET", "/widget.css", port: f.port)
        #expect(try client.response().headers["connection"] == "keep-alive")
        #expect(client.closedByServer(within: 2))
        try HTTPBridgeFloodTests.waitFor { f.bridge.connections().open == 0 }
    }

    /// A client that pipelines requests and never reads: the bridge stops reading its requests
    /// once 64 KiB of answers wait, and lets it go when the socket takes nothing for the write
    /// timeout. It never holds the thousand answers asked for, and others are served meanwhile.
    @Test func aClientThatPipelinesButNeverReadsIsCutOffAtTheWriteTimeout() throws {
        let f = try BridgeFixture { $0.writeTimeout = 0.5 }
        defer { f.close() }
        let greedy = try TestClient(port: f.port, receiveBuffer: 4096)
        let asked = 1_000
        greedy.send(String(repeating: "GET /widget.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: asked))
        Thread.sleep(forTimeInterval: 1)
        #expect(try f.send("GET", "/widget.css").status == 200)
        try HTTPBridgeFloodTests.waitFor { f.bridge.connections().open == 0 }
        let (bytes, closed) = greedy.drain(timeout: 5)
        #expect(closed)
        #expect(bytes < asked * WebAssets.files["/widget.js", default: WebAssets.Asset(contentType: "", bytes: [])].bytes.count / 2)
    }

    @Test func anIdleEventStreamGetsAKeepAliveCommentEveryHeartbeat() throws {
        let f = try BridgeFixture { $0.heartbeatInterval = 0.2 }
        defer { f.close() }
        let session = try f.open().session
        let stream = try f.events(session, after: 1)
        let text = stream.rest(timeout: 1.1)
        let comments = text.components(separatedBy: ": keep-alive\n\n").count - 1
        #expect((3...6).contains(comments), "\(comments) keep-alive comments in 1.1 s: \(text)")
    }

    @Test func anEventStreamWhoseClientLeavesFreesItsSlotAtOnce() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let session = try f.open().session
        try HTTPBridgeFloodTests.waitFor { f.bridge.connections().open == 0 }
        var stream: TestClient? = try f.events(session)
        #expect(f.bridge.connections(streamsOf: "127.0.0.1") == (open: 1, streams: 1))
        withExtendedLifetime(stream) {}
        stream = nil
        // Not at the next heartbeat (15 s): the loop sees the client go.
        try HTTPBridgeFloodTests.waitFor { f.bridge.connections().open == 0 }
        #expect(f.bridge.connections(streamsOf: "127.0.0.1").streams == 0)
    }
}
