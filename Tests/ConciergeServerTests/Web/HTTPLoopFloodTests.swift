import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport
import Foundation
import Testing

/// Issue 13, limit 2, the other half: an idle event stream or a slow client holds a descriptor
/// and a small buffer, not a thread. `concierge serve --http-port 0` runs as a child process, so
/// its threads can be counted alone (`/proc/PID/status`), with room for 2,304 web connections;
/// 2,000 connections are opened from 127.0.0.2 on, as many per address as the per-address caps
/// allow, and held for a few seconds while a shopper on 127.0.0.1 is served. Loopback only,
/// bounded in count and in time (the child is killed after two minutes whatever happens).
@Suite(.serialized)
struct HTTPLoopFloodTests {
    /// The server's threads may grow by this many while the flood is held (a Dispatch worker
    /// starting late, say), not by one per connection.
    static let threadSlack = 2

    static func server(store: String) throws -> ServeProcess {
        try ServeProcess(arguments: ["--store", store, "--http-port", "0", "--http-connections", "2304", "--loops", "2"], killAfter: 120)
    }

    /// A shopper on 127.0.0.1 opens a chat, follows it on an event stream, asks a question and
    /// gets the answer both in the response and on the stream.
    /// - Returns: the seconds it all took.
    static func serveAShopper(port: Int) throws -> Double {
        let started = MonotonicClock.seconds()
        let client = try TestClient(port: port)
        client.request("POST", "/api/open", body: "{}", port: port)
        let session = try client.response().decode(Envelope.self).session
        let stream = try TestClient(port: port)
        stream.request("GET", "/api/events?session=\(session)&after=1", headers: ["Accept": "text/event-stream"], port: port)
        #expect(try stream.streamHead()["status"] == "200")
        client.request("POST", "/api/message", body: #"{"session":"\#(session)","text":"do you ship abroad"}"#, port: port)
        let answer: Envelope = try client.response().decode()
        #expect(answer.events.first?.replies?.first?.intent == "delivery_options")
        #expect(try stream.event()?.id == answer.seq)
        return MonotonicClock.seconds() - started
    }

    @Test func twoThousandIdleEventStreamsHoldNoThreadEachAndAShopperIsServedAtOnce() throws {
        let store = Scratch.folder("flood")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let server = try Self.server(store: store)
        defer { server.terminate() }
        let port = try #require(server.webPort)
        let before = try #require(server.threadCount())

        // 125 addresses, each with 8 chats (one every 5 s earned back, bursts of 10) and two
        // streams on each: 16 streams, the most one address may hold.
        var streams: [TestClient] = []
        for address in Flood.addresses(125) {
            let opener = try TestClient(port: port, from: address)
            for _ in 0..<8 {
                opener.request("POST", "/api/open", body: "{}", port: port)
                let session = try opener.response().decode(Envelope.self).session
                for _ in 0..<2 {
                    let stream = try TestClient(port: port, from: address)
                    stream.request("GET", "/api/events?session=\(session)", headers: ["Accept": "text/event-stream"], port: port)
                    streams.append(stream)
                }
            }
        }
        let started = streams.filter { (try? $0.streamHead()["status"]) == "200" }.count
        #expect(started == 2_000)
        let during = try #require(server.threadCount())
        #expect(during <= before + Self.threadSlack, "\(before) threads before the flood, \(during) with \(started) streams open")
        #expect(try #require(server.descriptorCount()) >= 2_000)
        #expect(try Self.serveAShopper(port: port) < 1)
        // Still held: a stream's idle time costs nothing but its descriptor.
        #expect(try #require(server.threadCount()) <= before + Self.threadSlack)
        withExtendedLifetime(streams) {}
    }

    @Test func twoThousandSlowlorisConnectionsHoldNoThreadEachAndAShopperIsServedAtOnce() throws {
        let store = Scratch.folder("flood")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let server = try Self.server(store: store)
        defer { server.terminate() }
        let port = try #require(server.webPort)
        let before = try #require(server.threadCount())

        // 63 addresses of 32 connections (the most one address may hold), each sending its head
        // a byte at a time: well within the 10 s header deadline for the test's few seconds.
        let flood = try Flood(port: port, addresses: Flood.addresses(63), perAddress: 32,
                              opening: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        defer { flood.stop() }
        flood.dribble(every: 0.5)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(flood.held() == 2_016)
        let during = try #require(server.threadCount())
        #expect(during <= before + Self.threadSlack, "\(before) threads before the flood, \(during) with \(flood.held()) connections held")
        #expect(try #require(server.descriptorCount()) >= 2_016)
        #expect(try Self.serveAShopper(port: port) < 1)
    }
}
