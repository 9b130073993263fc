@testable import ConciergeServer
import Foundation
import Testing

/// A browser session's message log, replays and streams, without sockets.
struct WebSessionTests {
    func event(_ seq: Int) -> WebSession.Event {
        WebSession.Event(seq: seq, json: Array("{\"seq\":\(seq)}".utf8))
    }

    @Test func theLogReplaysAfterASeqOnlyWhenItHoldsEverythingSince() {
        let s = WebSession(id: "s", connection: 1, seq: 4, capacity: 3, now: 0)
        #expect(s.events(after: 3) == nil)  // seq 4 was said before the bridge took the session on
        #expect(s.events(after: 4)?.map(\.seq) == [])
        for seq in [6, 8, 10] { s.append(event(seq)) }
        #expect(s.events(after: 4)?.map(\.seq) == [6, 8, 10])
        #expect(s.events(after: 7)?.map(\.seq) == [8, 10])
        s.append(event(12))  // over capacity: 6 is dropped
        #expect(s.events(after: 4) == nil)
        #expect(s.events(after: 6)?.map(\.seq) == [8, 10, 12])
        #expect(s.seq == 12)
    }

    @Test func aStreamGetsTheReplayThenEachNewMessageOnce() throws {
        let s = WebSession(id: "s", connection: 1, seq: 0, now: 0)
        s.append(event(1))
        s.append(event(3))
        let (cursor, replay) = s.openStream(after: 1, limit: 3)
        #expect(replay.map(\.seq) == [3])
        let (quiet, nothing) = try #require(s.wait(cursor, timeout: 0.05))
        #expect(nothing.isEmpty)
        s.append(event(5))
        s.append(event(7))
        let (next, fresh) = try #require(s.wait(quiet, timeout: 1))
        #expect(fresh.map(\.seq) == [5, 7])
        s.end()
        #expect(s.wait(next, timeout: 1) == nil)
    }

    @Test func aNewStreamBeyondTheLimitEndsTheOldest() {
        let s = WebSession(id: "s", connection: 1, seq: 0, now: 0)
        let (first, _) = s.openStream(after: 0, limit: 2)
        let (second, _) = s.openStream(after: 0, limit: 2)
        let (third, _) = s.openStream(after: 0, limit: 2)
        #expect(s.wait(first, timeout: 0.01) == nil)
        #expect(s.wait(second, timeout: 0.01) != nil)
        #expect(s.wait(third, timeout: 0.01) != nil)
    }

    @Test func aSessionIsIdleOnlyWithNoStreamAndNoRecentUse() {
        let s = WebSession(id: "s", connection: 1, seq: 0, now: 100)
        #expect(!s.idle(at: 150, timeout: 60))
        #expect(s.idle(at: 161, timeout: 60))
        let (cursor, _) = s.openStream(after: 0, limit: 3)
        #expect(!s.idle(at: 500, timeout: 60))
        s.closeStream(cursor, at: 480)
        #expect(!s.idle(at: 500, timeout: 60))
        #expect(s.idle(at: 541, timeout: 60))
    }
}
