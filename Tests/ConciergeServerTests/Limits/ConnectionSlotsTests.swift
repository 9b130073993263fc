@testable import ConciergeServer
import Testing

/// The web side's fair share of connection slots, without sockets: descriptors are plain numbers.
struct ConnectionSlotsTests {
    /// Admits a connection and returns its id; fails the test if it is refused.
    func admit(_ slots: inout ConnectionSlots, _ address: String, _ descriptor: Int32, at now: Double = 0) throws -> Int {
        guard case .admitted(let id, nil) = slots.admit(address, descriptor: descriptor, at: now) else {
            throw SlotsTestError("\(address) was not admitted without an eviction")
        }
        return id
    }

    @Test func anAddressMayHoldItsLimitOfConnectionsAndNoMore() throws {
        var slots = ConnectionSlots(capacity: 10, perAddress: 2, streamsPerAddress: 1)
        _ = try admit(&slots, "a", 1)
        let second = try admit(&slots, "a", 2)
        let answer1 = slots.admit("a", descriptor: 3, at: 0)
        #expect(answer1 == .tooManyFromAddress)
        _ = try admit(&slots, "b", 4)
        slots.release(second)
        _ = try admit(&slots, "a", 5)
        #expect(slots.held(by: "a") == 2)
        #expect(slots.count == 3)
    }

    @Test func aFullTableTurnsAwayAnAddressThatHoldsItsShare() throws {
        var slots = ConnectionSlots(capacity: 3, perAddress: 10, streamsPerAddress: 10)
        for (i, address) in ["a", "b", "c"].enumerated() { _ = try admit(&slots, address, Int32(i)) }
        let answer2 = slots.admit("d", descriptor: 9, at: 0)
        #expect(answer2 == .full)
        let answer3 = slots.admit("a", descriptor: 9, at: 0)
        #expect(answer3 == .full)
        #expect(slots.count == 3)
    }

    @Test func aNewcomerTakesTheBusiestAddresssLongestWaitingConnection() throws {
        var slots = ConnectionSlots(capacity: 4, perAddress: 10, streamsPerAddress: 10)
        let oldest = try admit(&slots, "flood", 10, at: 1)
        for (i, t) in [2.0, 3.0].enumerated() { _ = try admit(&slots, "flood", Int32(11 + i), at: t) }
        _ = try admit(&slots, "b", 20, at: 1)
        guard case .admitted(_, let evicted) = slots.admit("shopper", descriptor: 30, at: 5) else {
            Issue.record("the shopper was turned away")
            return
        }
        #expect(evicted == 10)
        #expect(!slots.holds(oldest))
        #expect(slots.held(by: "flood") == 2)
        // The flood now holds no more than one over anyone else: its next connection is turned away.
        let answer4 = slots.admit("flood", descriptor: 13, at: 6)
        #expect(answer4 == .full)
    }

    @Test func connectionsBeingAnsweredAreNeverEvictedAndStreamsOnlyAfterWaitingOnes() throws {
        var slots = ConnectionSlots(capacity: 3, perAddress: 10, streamsPerAddress: 10)
        let answering = try admit(&slots, "flood", 1, at: 1)
        let streaming = try admit(&slots, "flood", 2, at: 2)
        _ = try admit(&slots, "flood", 3, at: 3)
        let answer5 = slots.enter(.answering, answering, at: 4)
        #expect(answer5)
        let answer6 = slots.startStream(streaming, at: 4)
        #expect(answer6 == .started)
        let answer7 = slots.admit("b", descriptor: 4, at: 5)
        #expect(answer7 == .admitted(id: 4, evicted: 3))
        let answer8 = slots.admit("c", descriptor: 5, at: 5)
        #expect(answer8 == .admitted(id: 5, evicted: 2))
        #expect(slots.streams(of: "flood") == 0)
        let answer9 = slots.admit("d", descriptor: 6, at: 5)
        #expect(answer9 == .full)
        #expect(slots.holds(answering))
    }

    @Test func anAddressMayHoldItsLimitOfEventStreams() throws {
        var slots = ConnectionSlots(capacity: 10, perAddress: 10, streamsPerAddress: 1)
        let first = try admit(&slots, "a", 1)
        let second = try admit(&slots, "a", 2)
        let other = try admit(&slots, "b", 3)
        let answer10 = slots.startStream(first, at: 0)
        #expect(answer10 == .started)
        let answer11 = slots.startStream(second, at: 0)
        #expect(answer11 == .tooManyFromAddress)
        let answer12 = slots.startStream(other, at: 0)
        #expect(answer12 == .started)
        slots.release(first)
        let answer13 = slots.startStream(second, at: 0)
        #expect(answer13 == .started)
        let answer14 = slots.enter(.waiting, second, at: 0)
        #expect(answer14)
        #expect(slots.streams(of: "a") == 0)
    }

    @Test func anEvictedConnectionLearnsItIsGoneAndItsReleaseChangesNothing() throws {
        var slots = ConnectionSlots(capacity: 2, perAddress: 10, streamsPerAddress: 10)
        let victim = try admit(&slots, "flood", 1)
        _ = try admit(&slots, "flood", 2)
        let answer15 = slots.admit("shopper", descriptor: 3, at: 1)
        #expect(answer15 == .admitted(id: 3, evicted: 1))
        let answer16 = slots.enter(.answering, victim, at: 1)
        #expect(!answer16)
        let answer17 = slots.startStream(victim, at: 1)
        #expect(answer17 == .gone)
        slots.release(victim)
        #expect(slots.count == 2)
        #expect(slots.held(by: "flood") == 1)
        #expect(slots.descriptors.sorted() == [2, 3])
    }
}

struct SlotsTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
