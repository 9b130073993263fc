@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    @Suite struct ClaimRaceTests {
        typealias T = HandoffTestSupport

        /// The journal's claim events for `id`, read by a fresh store.
        static func claims(of id: String, in directory: String) throws -> [String] {
            try HandoffStore(directory: directory).events(after: 0).compactMap { event in
                if case .claimed(id, let agent) = event.change { return agent }
                return nil
            }
        }

        @Test func ofManyThreadsClaimingOneTicketExactlyOneWins() throws {
            let shared = try T.newStore()
            let directory = shared.directory
            try T.openSample(in: shared)
            let threads = 16
            let results = Protected<[String: Result<Ticket, HandoffError>]>([:])
            let gate = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for i in 0..<threads {
                DispatchQueue.global().async(group: done) {
                    // Half share one store (its lock decides), half open their own (flock decides).
                    let store = i.isMultiple(of: 2) ? shared : (try? HandoffStore(directory: directory))
                    gate.wait()
                    let result = Result { () throws(HandoffError) in
                        guard let store else { throw HandoffError.io("could not open the store") }
                        return try store.claim("T-1001", agent: "agent-\(i)", at: T.opened + 60)
                    }
                    results.withLock { $0["agent-\(i)"] = result }
                }
            }
            for _ in 0..<threads { gate.signal() }
            done.wait()

            let all = results.withLock { $0 }
            let winners = all.compactMap { agent, result in (try? result.get()).map { _ in agent } }
            try #require(winners.count == 1)
            let winner = winners[0]
            for (agent, result) in all where agent != winner {
                #expect(throws: HandoffError.alreadyClaimed(by: winner)) { try result.get() }
            }
            #expect(try Self.claims(of: "T-1001", in: directory) == [winner])
            #expect(shared.ticket("T-1001")?.agent == winner)
        }

        /// Six child processes (this test binary run again, see ``ChildProcess``) open the store,
        /// say `READY`, and claim the same ticket as soon as they read `go`.
        @Test func ofSeveralProcessesClaimingOneTicketExactlyOneWins() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            let agents = (1...6).map { "agent-\($0)" }
            let children = try agents.map { try ChildProcess(.claim, directory: store.directory, ticket: "T-1001", agent: $0) }
            for child in children {
                let ready = child.readLine()
                try #require(ready == "READY", "child did not start: \(child.finish())")
            }
            for child in children { child.send("go") }
            let answers = children.map { $0.readLine() ?? "nothing" }
            let logs = children.map { $0.finish() }

            let winners = answers.filter { $0.hasPrefix("WON ") }.map { String($0.dropFirst(4)) }
            try #require(winners.count == 1, "answers: \(answers); logs: \(logs)")
            let winner = winners[0]
            #expect(agents.contains(winner))
            #expect(answers.filter { $0 == "LOST \(winner)" }.count == agents.count - 1, "answers: \(answers)")
            #expect(children.allSatisfy { $0.process.terminationStatus == 0 }, "logs: \(logs)")
            #expect(try Self.claims(of: "T-1001", in: store.directory) == [winner])
            #expect(store.ticket("T-1001")?.agent == winner)
        }
    }
}
