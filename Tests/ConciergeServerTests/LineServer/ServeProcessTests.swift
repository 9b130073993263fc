@testable import ConciergeServer
import ConciergeKit
import ConciergeTestSupport
import Foundation
import Glibc
import Testing

extension ServeProcess {
    /// A client that said hello as the shop's backend.
    func backend() throws -> LineClient {
        let client = try LineClient(port: port)
        #expect(try client.ask(#"{"type":"hello","role":"backend","token":"\#(TestServer.backendToken)"}"#).type == "welcome")
        return client
    }
}

/// The built `concierge serve` binary as a child process: signals and restarts.
struct ServeProcessTests {
    /// `concierge serve --port 0` on a store folder, killed if it hangs.
    static func child(store: String, options: [String] = []) throws -> ServeProcess {
        try ServeProcess(arguments: ["--store", store, "--backend-token", TestServer.backendToken, "--agent-token", TestServer.agentToken] + options,
                         killAfter: 60)
    }

    @Test func sigtermExitsCleanlyWithTheJournalSyncedAndARestartResumesTheSession() throws {
        let store = Scratch.folder("serve")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let first = try Self.child(store: store)
        let client = try first.backend()
        let session = try client.open()
        let answer = try client.ask(#"{"type":"message","id":"m","session":"\#(session)","text":"do you ship abroad"}"#)
        #expect(answer.id == "m")
        let ended = first.terminate()
        #expect(ended.reason == .exit)
        #expect(ended.status == 0)
        #expect(try client.receiveLine() == nil)
        #expect(SessionJournal.recover(path: store + "/sessions.jsonl")[session]?.transcript.count == 3)

        let second = try Self.child(store: store)
        let again = try LineClient(port: second.port)
        let resumed = try again.ask(#"{"type":"open","session":"\#(session)","after":1}"#)
        #expect(resumed.type == "opened")
        #expect(resumed.seq == 3)
        #expect(resumed.replies?.map(\.intent) == ["delivery_options"])
        #expect(second.terminate(SIGINT).status == 0)
    }

    @Test(arguments: SessionHub.Durability.allCases)
    func killNineLosesNoAnsweredTurnNorTicket(_ durability: SessionHub.Durability) throws {
        let store = Scratch.folder("serve")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let child = try Self.child(store: store, options: ["--durability", durability.rawValue])
        let client = try child.backend()
        let chatting = try client.open()
        let lines = (1...40).map { #"{"type":"message","id":"m\#($0)","session":"\#(chatting)","text":"how long does delivery take"}"# }
        _ = try client.sendRaw(Array((lines.joined(separator: "\n") + "\n").utf8))
        for i in 1...40 { #expect(try client.receive().id == "m\(i)") }
        let handedOff = try client.open()
        let handoff = try client.ask(#"{"type":"message","id":"h","session":"\#(handedOff)","text":"I want to talk to a human"}"#)
        let ticket = try #require(handoff.ticket)

        // No warning, no chance to sync: only what was committed before answering survives.
        #expect(child.terminate(SIGKILL).reason == .uncaughtSignal)
        let recovered = SessionJournal.recover(path: store + "/sessions.jsonl")
        #expect(recovered[chatting]?.transcript.count == 1 + 2 * 40)
        #expect(recovered[handedOff]?.transcript.count == 3)
        #expect(try HandoffStore(directory: store).ticket(ticket)?.conversationID == handedOff)
    }

    /// Issue: card numbers were stored in clear in `sessions.jsonl`. Every file the server writes
    /// is read back after a shopper typed card numbers into a chat that was handed to a person.
    @Test func noFileTheServerWritesHoldsACardNumberInFull() throws {
        let store = Scratch.folder("serve")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let child = try Self.child(store: store)
        let client = try child.backend()
        let session = try client.open()
        let texts = ["my card 4111 1111 1111 1111 was declined", "zzz 5555555555554444 qqq", "I want to talk to a human, card 4242-4242-4242-4242"]
        for (i, text) in texts.enumerated() {
            #expect(try client.ask(#"{"type":"message","id":"m\#(i)","session":"\#(session)","text":"\#(text)"}"#).id == "m\(i)")
        }
        #expect(child.terminate().status == 0)
        let files = FileManager.default.enumerator(atPath: store)?.compactMap { $0 as? String } ?? []
        var read = 0
        for name in files {
            guard let data = FileManager.default.contents(atPath: store + "/" + name) else { continue }
            read += 1
            let digits = String(decoding: data, as: UTF8.self).filter(\.isNumber)
            for card in ["4111111111111111", "5555555555554444", "4242424242424242"] {
                #expect(!digits.contains(card), "\(name) holds \(card)")
            }
        }
        #expect(read >= 3, "sessions, handoffs and a ticket were written: \(files)")
    }
}
