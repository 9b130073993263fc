import ConciergeKit
@testable import ConciergeServer
import Foundation
import Testing

/// Issue 13, limit 2: the web side's connection slots can't be held from a few addresses, by
/// idle event streams, slow headers or slow bodies, so a shopper on another address is still
/// served while the flood runs. Each flood is bounded: a few hundred loopback connections from
/// 127.0.0.2 on, for a few seconds; the shopper is 127.0.0.1.
@Suite(.serialized)
struct HTTPBridgeFloodTests {
    /// A shopper on 127.0.0.1 opens a chat, follows it on an event stream, asks a question and
    /// gets the answer both in the response and on the stream.
    static func expectShopperServed(_ f: BridgeFixture) throws {
        let opened = try f.open()
        let stream = try f.events(opened.session, after: 1)
        let answer = try f.say("do you ship abroad", in: opened.session)
        #expect(answer.events.first?.replies?.first?.intent == "delivery_options")
        #expect(try stream.event()?.id == answer.seq)
    }

    // MARK: Floods

    @Test func idleEventStreamsFromAFewAddressesLeaveRoomForAShopperOnAnother() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        // 20 addresses, each with 8 chats and two streams on each: 320 streams for 256 slots.
        var streams: [TestClient] = []
        for address in Flood.addresses(20) {
            for _ in 0..<8 {
                guard let session = try? f.open(from: address).session else { continue }
                for _ in 0..<2 {
                    let client = try TestClient(port: f.port, from: address)
                    client.request("GET", "/api/events?session=\(session)", headers: ["Accept": "text/event-stream"], port: f.port)
                    streams.append(client)
                }
            }
        }
        try Self.expectShopperServed(f)
        let held = f.bridge.connections(streamsOf: "127.0.0.2")
        #expect(held.open <= 256)
        #expect(held.streams <= 16)
        withExtendedLifetime(streams) {}
    }

    @Test func slowHeadersFromAFewAddressesLeaveRoomForAShopperOnAnother() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let flood = try Flood(port: f.port, addresses: Flood.addresses(10), perAddress: 30,
                              opening: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        defer { flood.stop() }
        flood.dribble()
        Thread.sleep(forTimeInterval: 0.5)
        try Self.expectShopperServed(f)
    }

    @Test func slowBodiesFromAFewAddressesLeaveRoomForAShopperOnAnother() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let flood = try Flood(port: f.port, addresses: Flood.addresses(10), perAddress: 30,
                              opening: "POST /api/open HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        defer { flood.stop() }
        flood.dribble()
        Thread.sleep(forTimeInterval: 0.5)
        try Self.expectShopperServed(f)
    }

    // MARK: Limits

    @Test func oneAddressHoldsAtMostSixteenEventStreamsAndTheNextGets429() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let sessions = try (0..<9).map { _ in try f.open().session }
        let held = try (0..<16).map { try f.events(sessions[$0 / 2]) }
        #expect(held.count == 16)
        let refused = try TestClient(port: f.port)
        refused.request("GET", "/api/events?session=\(sessions[8])", port: f.port)
        let r = try refused.response()
        #expect(r.status == 429)
        #expect(try r.decode(WireMessage.self).code == "too_many_streams")
        #expect(r.headers["retry-after"] != nil)
        // Another address still gets its stream.
        let other = try f.open(from: "127.0.0.2").session
        _ = try f.events(other, from: "127.0.0.2")
    }

    @Test func aSessionsThirdEventStreamEndsItsOldest() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let session = try f.open().session
        let first = try f.events(session)
        let second = try f.events(session)
        let third = try f.events(session)
        #expect(first.closedByServer(within: 3))
        _ = try f.say("do you ship abroad", in: session)
        #expect(try second.next { $0.contains { $0.intent == "delivery_options" } } != nil)
        #expect(try third.next { $0.contains { $0.intent == "delivery_options" } } != nil)
    }

    @Test func oneAddressHoldsAtMostThirtyTwoConnectionsAndTheNextGets429() throws {
        let f = try BridgeFixture()
        defer { f.close() }
        let flood = try Flood(port: f.port, addresses: ["127.0.0.2"], perAddress: 32, opening: "")
        defer { flood.stop() }
        let refused = try TestClient(port: f.port, from: "127.0.0.2")
        refused.request("GET", "/widget.js", port: f.port)
        let r = try refused.response()
        #expect(r.status == 429)
        #expect(try r.decode(WireMessage.self).code == "too_many_connections")
        #expect(r.headers["retry-after"] != nil)
        #expect(try f.send("GET", "/widget.js").status == 200)
    }

    @Test func aNewConnectionMustSendItsHeadBeforeTheHeaderDeadline() throws {
        let f = try BridgeFixture {
            $0.headerTimeout = 1
            $0.idleTimeout = 5
        }
        defer { f.close() }
        let silent = try TestClient(port: f.port)
        #expect(silent.closedByServer(within: 3))
    }

    @Test func aHeadTrickledAByteAtATimeGets408AtTheHeaderDeadline() throws {
        let f = try BridgeFixture { $0.headerTimeout = 1 }
        defer { f.close() }
        let slow = try TestClient(port: f.port)
        let started = Date()
        slow.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.3)
            slow.send("X")
        }
        let r = try slow.response(timeout: 3)
        #expect(r.status == 408)
        let error: WireMessage = try r.decode()
        #expect(error.code == "timeout")
        #expect(error.message == "the request line and headers must arrive within 1 seconds; send the whole request at once")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func aBodyTrickledAByteAtATimeGets408AtTheBodyDeadline() throws {
        let f = try BridgeFixture { $0.bodyTimeout = 0.5 }
        defer { f.close() }
        let slow = try TestClient(port: f.port)
        slow.send("POST /api/open HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        Thread.sleep(forTimeInterval: 0.3)
        slow.send(" ")
        let r = try slow.response(timeout: 3)
        #expect(r.status == 408)
        #expect(try r.decode(WireMessage.self).message == "the body must arrive within 0.5 seconds of the headers")
    }

    @Test func aBridgeWhoseSlotsAreSpreadOverAsManyAddressesTurnsTheNextAwayWith503() throws {
        let f = try BridgeFixture { $0.maximumConnections = 3 }
        defer { f.close() }
        let flood = try Flood(port: f.port, addresses: Flood.addresses(3), perAddress: 1, opening: "")
        defer { flood.stop() }
        try Self.waitFor { f.bridge.connections().open == 3 }
        let r = try f.send("GET", "/widget.js")
        #expect(r.status == 503)
        #expect(try r.decode(WireMessage.self).code == "busy")
        #expect(r.headers["retry-after"] == "5")
    }

    @Test func theBusiestAddresssOldestEventStreamMakesRoomForANewcomerAndEnds() throws {
        let f = try BridgeFixture { $0.maximumConnections = 2 }
        defer { f.close() }
        let session = try f.open(from: "127.0.0.2").session
        try Self.waitFor { f.bridge.connections().open == 0 }
        let oldest = try f.events(session, from: "127.0.0.2")
        let newer = try f.events(session, from: "127.0.0.2")
        #expect(try f.send("GET", "/widget.js").status == 200)
        #expect(oldest.closedByServer(within: 7))
        _ = try f.say("do you ship abroad", in: session)
        #expect(try newer.next { $0.contains { $0.intent == "delivery_options" } } != nil)
    }

    /// Waits up to two seconds for `condition`, which the bridge's threads make true.
    static func waitFor(_ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(2)
        while !condition() {
            guard Date() < deadline else { throw TestClientError("the bridge never got there") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
