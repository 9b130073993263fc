@testable import ConciergeServer
import ConciergeKit
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

    /// Counts the wake-ups a stream gets, as its event loop would be posted them.
    final class Wakes: Sendable {
        private let count = Protected(0)
        var value: Int { count.withLock { $0 } }
        var wake: @Sendable () -> Void { { [count] in count.withLock { $0 += 1 } } }
    }

    @Test func aStreamGetsTheReplayThenEachNewMessageOnceWokenForEach() throws {
        let s = WebSession(id: "s", connection: 1, seq: 0, now: 0)
        s.append(event(1))
        s.append(event(3))
        let wakes = Wakes()
        let (cursor, replay) = s.openStream(after: 1, limit: 3, wake: wakes.wake)
        #expect(replay.map(\.seq) == [3])
        let (quiet, nothing) = try #require(s.events(since: cursor, at: 1))
        #expect(nothing.isEmpty)
        #expect(wakes.value == 0)
        s.append(event(5))
        s.append(event(7))
        #expect(wakes.value == 2)
        let (next, fresh) = try #require(s.events(since: quiet, at: 2))
        #expect(fresh.map(\.seq) == [5, 7])
        #expect(try #require(s.events(since: next, at: 3)).1.isEmpty)
        s.end()
        #expect(wakes.value == 3)
        #expect(s.events(since: next, at: 4) == nil)
    }

    @Test func aStreamStartingBeforeTheLogIsBackfilledByTheHubsReplay() {
        let replayed = StreamEvent(seq: 6, json: Array("{\"replay\":6}".utf8))
        let s = WebSession(id: "s", connection: 1, seq: 6, now: 0, backfill: { after in after < 6 ? (replayed, 6) : nil })
        s.append(event(8))
        let (_, first) = s.openStream(after: 2, limit: 2, wake: {})
        #expect(first.map(\.seq) == [6, 8])
        #expect(s.replay(after: 2).map(\.seq) == [6, 8])
        #expect(s.replay(after: 6).map(\.seq) == [8])
    }

    @Test func aNewStreamBeyondTheLimitEndsAndWakesTheOldest() {
        let s = WebSession(id: "s", connection: 1, seq: 0, now: 0)
        let firstWakes = Wakes()
        let (first, _) = s.openStream(after: 0, limit: 2, wake: firstWakes.wake)
        let (second, _) = s.openStream(after: 0, limit: 2, wake: {})
        let (third, _) = s.openStream(after: 0, limit: 2, wake: {})
        #expect(firstWakes.value == 1)
        #expect(s.events(since: first, at: 1) == nil)
        #expect(s.events(since: second, at: 1) != nil)
        #expect(s.events(since: third, at: 1) != nil)
    }

    @Test func aSessionIsIdleOnlyWithNoStreamAndNoRecentUse() {
        let s = WebSession(id: "s", connection: 1, seq: 0, now: 100)
        #expect(!s.idle(at: 150, timeout: 60))
        #expect(s.idle(at: 161, timeout: 60))
        let (cursor, _) = s.openStream(after: 0, limit: 3, wake: {})
        #expect(!s.idle(at: 500, timeout: 60))
        s.closeStream(cursor, at: 480)
        #expect(!s.idle(at: 500, timeout: 60))
        #expect(s.idle(at: 541, timeout: 60))
    }
}
