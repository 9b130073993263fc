import Foundation
import Testing
@testable import ConciergeKit

/// A long-running server's session journal is compacted while shoppers keep chatting, and a
/// restart then finds exactly the live chats: no turn lost, none twice, no ended chat back.
struct SessionJournalCompactionTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600)

    /// What one shopper thread expects of its chats after the run.
    struct Expected {
        var live: [String: [String]] = [:] // session → what the shopper said, in order
        var ended: [String] = []
    }

    private static func send(_ hub: SessionHub, _ line: String, from c: SessionHub.ConnectionID) -> ServerMessage? {
        guard case .success(let m) = ProtocolCodec.decode(line) else { return nil }
        return hub.handle(m, from: c, at: now).first { $0.connection == c }?.message
    }

    /// One shopper's connection: chats of a few messages, every other one closed at its end.
    private static func chat(_ hub: SessionHub, rounds: Int, thread: Int) -> Expected {
        let c = hub.connect()
        var expected = Expected()
        let texts = ["where is my order", "do you ship abroad", "how do I return something", "what payment methods do you take"]
        for round in 0..<rounds {
            guard let id = send(hub, #"{"type":"open"}"#, from: c)?.session else { continue }
            var said: [String] = []
            for i in 0..<(3 + round % 4) {
                let text = "\(texts[(round + i) % texts.count]) (\(thread)-\(round)-\(i))"
                let answer = send(hub, #"{"type":"message","session":"\#(id)","text":"\#(text)"}"#, from: c)
                if answer?.type == "reply" { said.append(text) }
            }
            if round % 2 == 0 {
                _ = send(hub, #"{"type":"close","session":"\#(id)"}"#, from: c)
                expected.ended.append(id)
            } else {
                expected.live[id] = said
            }
        }
        return expected
    }

    /// A hub on a fresh folder whose journal is never compacted until a test lowers its floor.
    private static func quietHub() throws -> (folder: String, path: String, journal: SessionJournal, hub: SessionHub) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compact-\(UUID().uuidString)").path
        let path = folder + "/sessions.jsonl"
        let journal = try SessionJournal(path: path)
        journal.compactionFloor = 1 << 30
        let hub = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher), agentToken: nil, backendToken: nil, journal: journal, durability: .process, at: Date())
        hub.messagesPerSecond = .max
        return (folder, path, journal, hub)
    }

    @Test func compactingWhileShoppersChatKeepsEveryLiveTurnOnceAndNoEndedChat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compact-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.jsonl"
        let journal = try SessionJournal(path: path)
        journal.compactionFloor = 8 * 1024 // compact every few dozen turns
        let bot = ChatRunner(matcher: Fixtures.matcher, handoff: try HandoffStore(directory: folder, groupCommit: true))
        let hub = SessionHub(runner: bot, agentToken: nil, backendToken: nil, journal: journal, durability: .process, at: Date())
        hub.messagesPerSecond = .max

        let threads = 4
        let results = Protected([Expected](repeating: Expected(), count: threads))
        let done = Protected(false)
        let syncer = Thread {
            // The server's sync and push timers, with no pause: it compacts whenever the journal has grown enough.
            while !done.withLock({ $0 }) {
                hub.sync()
                hub.compactIfNeeded()
            }
        }
        syncer.start()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let expected = Self.chat(hub, rounds: 40, thread: t)
            results.withLock { $0[t] = expected }
        }
        done.withLock { $0 = true }
        hub.sync()

        let recovered = SessionJournal.recover(path: path)
        let all = results.withLock { $0 }
        var liveCount = 0
        for expected in all {
            for (id, said) in expected.live {
                liveCount += 1
                let c = try #require(recovered[id], "live chat \(id) lost")
                #expect(c.transcript.filter { $0.sender == .shopper }.map(\.text) == said)
                #expect(c.transcript.count == 1 + 2 * said.count, "chat \(id) has \(c.transcript.count) turns")
            }
            for id in expected.ended { #expect(recovered[id] == nil, "ended chat \(id) came back") }
        }
        #expect(recovered.count == liveCount)
        #expect(journal.compaction >= 3, "compacted only \(journal.compaction) times while the shoppers chatted")
        #expect(!FileManager.default.fileExists(atPath: path + ".compacting"))
    }

    @Test func aCompactedJournalHoldsOneLinePerLiveChat() throws {
        let (folder, path, journal, hub) = try Self.quietHub()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let c = hub.connect(trusted: true) // a backend: ten chats on one connection
        var ids: [String] = []
        for _ in 0..<10 {
            let id = try #require(Self.send(hub, #"{"type":"open"}"#, from: c)?.session)
            for _ in 0..<5 { _ = Self.send(hub, #"{"type":"message","session":"\#(id)","text":"do you ship abroad"}"#, from: c) }
            ids.append(id)
        }
        for id in ids.dropFirst(2) { _ = Self.send(hub, #"{"type":"close","session":"\#(id)"}"#, from: c) }
        hub.sync()
        let before = SessionJournal.recover(path: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 10 * 6 + 8)

        journal.compactionFloor = 1
        hub.compactIfNeeded()
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2)
        #expect(SessionJournal.recover(path: path) == before)
        #expect(Set(before.keys) == Set(ids.prefix(2)))
        // The journal goes on from there: a new turn lands in the compacted file.
        _ = Self.send(hub, #"{"type":"message","session":"\#(ids[0])","text":"where is my order"}"#, from: c)
        journal.compactionFloor = 1 << 30
        hub.sync()
        #expect(SessionJournal.recover(path: path)[ids[0]]?.transcript.count == 1 + 2 * 6)
    }

    @Test func aJournalIsLeftAloneUntilItPassesTheFloorAndFourTimesItsCompactedSize() throws {
        let (folder, path, journal, hub) = try Self.quietHub()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let c = hub.connect()
        let id = try #require(Self.send(hub, #"{"type":"open"}"#, from: c)?.session)
        for _ in 0..<20 { _ = Self.send(hub, #"{"type":"message","session":"\#(id)","text":"do you ship abroad"}"#, from: c) }
        hub.sync()
        hub.compactIfNeeded()
        func lines() throws -> Int { try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count }
        #expect(try lines() == 21)
        // Past the floor: compacted to one line. One turn more is far from four times that line.
        journal.compactionFloor = 1
        hub.compactIfNeeded()
        #expect(try lines() == 1)
        _ = Self.send(hub, #"{"type":"message","session":"\#(id)","text":"where is my order"}"#, from: c)
        hub.sync()
        hub.compactIfNeeded()
        #expect(try lines() == 2)
    }
}
