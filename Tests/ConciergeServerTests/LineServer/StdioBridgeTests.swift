@testable import ConciergeServer
import ConciergeKit
import Foundation
import Glibc
import Testing

/// `serve --stdio` in this process, over pipes: one trusted backend connection.
struct StdioBridgeTests {
    /// A bridge reading one pipe and writing another, on its own thread.
    final class Harness {
        let server: TestServer
        let bridge: StdioBridge
        let toBridge: Int32
        let fromBridge: FileHandle
        private let finished = DispatchSemaphore(value: 0)
        private var buffered = Data()

        init() throws {
            server = try TestServer()
            var input: [Int32] = [0, 0]
            var output: [Int32] = [0, 0]
            guard pipe(&input) == 0, pipe(&output) == 0 else { throw SocketError("pipe") }
            bridge = StdioBridge(hub: server.hub, input: input[0], output: output[1])
            toBridge = input[1]
            fromBridge = FileHandle(fileDescriptor: output[0], closeOnDealloc: true)
            let bridge = bridge
            let done = finished
            let (reading, writing) = (input[0], output[1])
            Thread {
                bridge.run()
                close(reading)
                close(writing)
                done.signal()
            }.start()
        }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(toBridge, $0.baseAddress, $0.count) }
        }

        func receive() throws -> Answer {
            while true {
                if let newline = buffered.firstIndex(of: 10) {
                    let line = buffered[buffered.startIndex..<newline]
                    buffered = Data(buffered[(newline + 1)...])
                    return try JSONDecoder().decode(Answer.self, from: line)
                }
                let chunk = fromBridge.availableData
                guard !chunk.isEmpty else { throw ClientError("the bridge closed its output") }
                buffered.append(chunk)
            }
        }

        /// Ends the input and waits for the bridge to finish.
        func end() -> Bool {
            close(toBridge)
            return finished.wait(timeout: .now() + 5) == .success
        }
    }

    @Test func theConnectionIsTrustedAsTheShopsBackend() throws {
        let h = try Harness()
        h.send(#"{"type":"open","id":"o","customer":{"email":"amelia.hughes@example.com"}}"# + "\n")
        let opened = try h.receive()
        #expect(opened.type == "opened")
        #expect(opened.id == "o")
        #expect(h.end())
    }

    @Test func linesInOneWriteAreAnsweredInOrderAndBadOnesGetErrors() throws {
        let h = try Harness()
        h.send(#"{"type":"ping","id":"1"}"# + "\n" + #"{"type":"nope","id":"2"}"# + "\nnot json\n" + #"{"type":"ping","id":"4"}"# + "\n")
        #expect(try h.receive().id == "1")
        #expect(try h.receive().code == "unknown_type")
        #expect(try h.receive().code == "bad_json")
        #expect(try h.receive().id == "4")
        #expect(h.end())
    }

    @Test func aLastLineWithoutItsNewlineIsStillAnswered() throws {
        let h = try Harness()
        h.send(#"{"type":"ping","id":"last"}"#)
        close(h.toBridge)
        #expect(try h.receive().id == "last")
    }
}
