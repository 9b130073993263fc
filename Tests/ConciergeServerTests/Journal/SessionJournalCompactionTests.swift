import Foundation
import Testing
@testable import ConciergeKit
@testable import ConciergeServer
import ConciergeTestSupport

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

    /// One shopper's connection: chats of a few messages, every other one closed at its end,
    /// round after round until `enough` says so for the rounds done.
    private static func chat(_ hub: SessionHub, thread: Int, until enough: (Int) -> Bool) -> Expected {
        let c = hub.connect()
        var expected = Expected()
        let texts = ["where is my order", "do you ship abroad", "how do I return something", "what payment methods do you take"]
        var round = 0
        while !enough(round) {
            defer { round += 1 }
            guard let id = send(hub, #"{"type":"open"}"#, from: c)?.session else {
                Issue.record("shopper \(thread) could not open chat \(round)")
                continue
            }
            var said: [String] = []
            for i in 0..<(3 + round % 4) {
                let text = "\(texts[(round + i) % texts.count]) (\(thread)-\(round)-\(i))"
                let answer = send(hub, #"{"type":"message","session":"\#(id)","text":"\#(text)"}"#, from: c)
                if answer?.type == "reply" { said.append(text) } else { Issue.record("\(text) got \(String(describing: answer?.type))") }
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
        let folder = Scratch.folder("compact")
        let path = folder + "/sessions.jsonl"
        let journal = try SessionJournal(path: path)
        journal.compactionFloor = 1 << 30
        let hub = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher), agentToken: nil, backendToken: nil, journal: journal, durability: .process, at: Date())
        hub.limits.messagesPerSecond = .max
        return (folder, path, journal, hub)
    }

    /// Shoppers chat on four threads while a fifth syncs and compacts as fast as it can, as the
    /// server's timers do. Which turns land during a compaction is up to the scheduler, so the
    /// checks hold for every interleaving; what the test needs of the scheduler it waits for
    /// rather than hopes for: the shoppers chat on until the journal has been compacted
    /// `compactions` times, however slowly the syncer runs on a loaded machine, and the syncer
    /// has stopped before the journal is read.
    @Test func compactingWhileShoppersChatKeepsEveryLiveTurnOnceAndNoEndedChat() throws {
        let folder = Scratch.folder("compact")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.jsonl"
        let journal = try SessionJournal(path: path)
        journal.compactionFloor = 8 * 1024 // compact every few dozen turns
        let bot = ChatRunner(matcher: Fixtures.matcher, handoff: try HandoffStore(directory: folder, groupCommit: true))
        let hub = SessionHub(runner: bot, agentToken: nil, backendToken: nil, journal: journal, durability: .process, at: Date())
        hub.limits.messagesPerSecond = .max
        hub.limits.sessionsPerShopperConnection = .max // each shopper keeps a few dozen chats open

        let threads = 4, rounds = 40, compactions = 3
        // A safety stop, far beyond what a working journal needs, so a journal that never compacts fails instead of hanging.
        let roundLimit = 5_000
        let results = Protected([Expected](repeating: Expected(), count: threads))
        let compactionsSeen = Protected([Int](repeating: 0, count: threads))
        let done = Protected(false)
        let syncerStopped = DispatchSemaphore(value: 0)
        let syncer = Thread {
            // The server's sync and push timers, with no pause: it compacts whenever the journal has grown enough.
            while !done.withLock({ $0 }) {
                hub.sync()
                hub.compactIfNeeded()
            }
            syncerStopped.signal()
        }
        syncer.start()
        // A thread per shopper (not `concurrentPerform`, which runs as many at once as there are cores).
        let shoppersDone = DispatchGroup()
        for t in 0..<threads {
            shoppersDone.enter()
            Thread {
                // Compactions run one at a time, so once compaction number `compactions + 1` has
                // begun, `compactions` have finished; every shopper is still chatting until then.
                let expected = Self.chat(hub, thread: t) { round in
                    round >= roundLimit || (round >= rounds && journal.compaction > compactions)
                }
                let seen = journal.compaction
                results.withLock { $0[t] = expected }
                compactionsSeen.withLock { $0[t] = seen }
                shoppersDone.leave()
            }.start()
        }
        shoppersDone.wait()
        done.withLock { $0 = true }
        syncerStopped.wait()
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
        #expect(liveCount >= threads * rounds / 2)
        let fewest = compactionsSeen.withLock { $0.min() ?? 0 }
        #expect(fewest > compactions, "compacted only \(max(fewest - 1, 0)) times while the shoppers chatted")
        #expect(!FileManager.default.fileExists(atPath: path + ".compacting"))
    }

    /// A chat as the hub keeps it for the journal: the turns not yet journaled, and the latest
    /// compaction that snapshotted it.
    private struct Chat {
        var conversation: Conversation
        var journaled = 0
        var compaction = 0

        init(_ id: String) { conversation = Conversation(id: id) }

        /// Adds a turn and queues it, as the hub does after each turn.
        mutating func say(_ text: String, in journal: SessionJournal) {
            conversation.transcript.append(Turn(sender: .shopper, text: text, time: SessionJournalCompactionTests.now))
            journal.record(conversation, newTurns: conversation.transcript[journaled...], compaction: compaction)
            journaled = conversation.transcript.count
        }

        /// Its line in the snapshot of compaction `number`.
        mutating func snapshot(_ number: Int) -> [UInt8] {
            compaction = number
            return SessionJournal.snapshotLine(conversation)
        }
    }

    /// The turns of every interleaving a compaction meets, one after another on one thread, so
    /// each one is checked on every run whatever the scheduler does: a chat talking after its
    /// snapshot, before its snapshot, closed after it, closed before it, opened during the
    /// compaction, and talking after the switch.
    @Test func everyTurnAroundACompactionLandsOnceAndNoClosedChatComesBack() throws {
        let folder = Scratch.folder("compact")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.jsonl"
        let journal = try SessionJournal(path: path)
        func said() -> [String: [String]] { SessionJournal.recover(path: path).mapValues { $0.transcript.map(\.text) } }
        var a = Chat("a"), b = Chat("b"), c = Chat("c"), d = Chat("d"), e = Chat("e")
        for i in 1...2 {
            a.say("a\(i)", in: journal)
            b.say("b\(i)", in: journal)
            c.say("c\(i)", in: journal)
            d.say("d\(i)", in: journal)
        }
        journal.write()

        let number = try #require(journal.beginCompaction())
        #expect(journal.beginCompaction() == nil) // one at a time
        var snapshot = a.snapshot(number)
        a.say("a3", in: journal) // after its snapshot: in the fresh file's tail
        b.say("b3", in: journal) // before its snapshot: in the snapshot
        journal.recordClosed("d", compaction: d.compaction) // closed before its snapshot: never snapshotted
        journal.write() // the old file keeps getting every line meanwhile
        snapshot += b.snapshot(number)
        snapshot += c.snapshot(number)
        journal.recordClosed("c", compaction: c.compaction) // closed after its snapshot
        e.compaction = journal.compaction // opened during the compaction: counts as snapshotted
        e.say("e1", in: journal)
        a.say("a4", in: journal) // queued, not yet written, when the compaction ends
        let whole = ["a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2"]]
        #expect(said() == whole) // until the rename, the old file holds everything written

        journal.finishCompaction(snapshot: snapshot)
        a.say("a5", in: journal) // after the switch: into the fresh file only
        journal.write()

        #expect(said() == ["a": ["a1", "a2", "a3", "a4", "a5"], "b": ["b1", "b2", "b3"], "e": ["e1"]])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        // The snapshot (a, b, c), its tail (a3, c closed, e1, a4) and a5.
        #expect(lines.count == 3 + 4 + 1)
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
