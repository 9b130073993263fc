@testable import ConciergeKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

extension Handoff {
    @Suite struct CrashTests {
        typealias T = HandoffTestSupport

        /// A child process (see ``ChildProcess``) appends messages as fast as it can and prints
        /// `ACK i sequence` each time an append returns; it is killed with SIGKILL mid-burst. Every
        /// acknowledged message must be in the journal, in order, and the journal must still load.
        @Test func everyAcknowledgedEventSurvivesAKill9MidBurst() throws {
            let store = try T.newStore()
            let ticket = try T.openSample(in: store)
            let child = try ChildProcess(.burst, directory: store.directory, ticket: ticket.id)
            var acknowledged: [(index: Int, sequence: Int)] = []
            while let line = child.readLine() {
                let parts = line.split(separator: " ")
                guard parts.count == 3, parts[0] == "ACK", let i = Int(parts[1]), let sequence = Int(parts[2]) else { continue }
                acknowledged.append((i, sequence))
                if acknowledged.count == 40 { child.kill() }
            }
            let log = child.finish()
            #expect(child.process.terminationReason == .uncaughtSignal, "the child was to be killed mid-burst: \(log)")
            try #require(acknowledged.count >= 40, "child log: \(log)")
            #expect(acknowledged.map(\.index) == Array(0..<acknowledged.count))

            let recovered = try HandoffStore(directory: store.directory)
            let texts = try #require(recovered.ticket(ticket.id)).transcript.dropFirst(T.transcript.count).map(\.text)
            // At most the one append in flight at the kill went through without its acknowledgement.
            #expect(texts.count == acknowledged.count || texts.count == acknowledged.count + 1)
            #expect(texts == (0..<texts.count).map { "burst \($0)" })
            let sequences = recovered.events(after: 0).map(\.sequence)
            #expect(sequences == Array(1...sequences.count))
            #expect(Set(acknowledged.map(\.sequence)).isSubset(of: sequences))

            // The parent's own store, open all along, catches up with the child's events.
            #expect(store.ticket(ticket.id) == recovered.ticket(ticket.id))
            // The lock died with the child, and the journal takes new events.
            try recovered.append(Turn(sender: .agent, text: "after the crash", time: T.opened + 9_999), to: ticket.id)
            let again = try HandoffStore(directory: store.directory)
            #expect(again.ticket(ticket.id)?.transcript.last?.text == "after the crash")
            #expect(again.lastSequence() == sequences.count + 1)
        }
    }
}
