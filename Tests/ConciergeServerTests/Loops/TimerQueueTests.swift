@testable import ConciergeServer
import ConciergeTestSupport
import Testing

/// The loop's deadlines, soonest first, without a loop.
struct TimerQueueTests {
    @Test func dueEntriesComeOutSoonestFirstAndLaterOnesStay() {
        var generator = SeededGenerator(seed: 13)
        var timers = TimerQueue()
        let deadlines = (0..<500).map { _ in UInt64.random(in: 1...10_000, using: &generator) }
        for (i, d) in deadlines.enumerated() { timers.push(TimerQueue.Entry(deadline: d, fd: Int32(i), serial: 1)) }
        let due = timers.popDue(before: 5_000).map(\.deadline)
        #expect(due == deadlines.filter { $0 <= 5_000 }.sorted())
        #expect(timers.count == deadlines.filter { $0 > 5_000 }.count)
        #expect(timers.first?.deadline == deadlines.filter { $0 > 5_000 }.min())
        #expect(timers.popDue(before: 10_000).map(\.deadline) == deadlines.filter { $0 > 5_000 }.sorted())
        #expect(timers.first == nil)
    }
}
