@testable import ConciergeServer
import ConciergeKit
import ConciergeTestSupport
import Foundation
import Glibc
import Testing

/// A server on an ephemeral loopback port with the demo shop, in this process, on a fresh store.
final class TestServer {
    static let agentToken = "agent-secret"
    static let backendToken = "backend-secret"

    let folder: String
    let hub: SessionHub
    let server: LineServer
    private var stopped = false

    /// The browser bridge's port, when started with `web`.
    private(set) var webPort: Int?

    /// - Parameter web: the browser bridge to run beside the line protocol, on the same loops.
    init(durability: SessionHub.Durability = .disk, web: HTTPBridge.Configuration? = nil,
         _ configure: (inout LineServer.Settings) -> Void = { _ in }) throws {
        folder = Scratch.folder("serve")
        let handoff = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        hub = SessionHub(runner: ChatRunner(matcher: Fixtures.matcher, handoff: handoff), agentToken: Self.agentToken,
                         backendToken: Self.backendToken, journal: try SessionJournal(path: folder + "/sessions.jsonl"), durability: durability, at: Date())
        var settings = LineServer.Settings()
        settings.pushInterval = 0.05
        configure(&settings)
        server = try LineServer(hub: hub, settings: settings)
        if let web { webPort = try server.startWeb(web) }
        server.start()
    }

    var port: Int { server.port }

    func connect() throws -> LineClient {
        try LineClient(port: server.port)
    }

    /// Stops the server and waits for it.
    func stop() {
        guard !stopped else { return }
        stopped = true
        server.stop()
        server.wait()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// A blocking test client: sends lines, reads answer lines, and never waits more than `timeout`.
final class LineClient {
    let fd: Int32
    private var buffered: [UInt8] = []

    /// - Parameter from: the loopback address to connect from (another client's address, as the server sees it).
    init(port: Int, receiveBuffer: Int32? = nil, from source: String? = nil, timeout: TimeInterval = 5) throws {
        if receiveBuffer != nil || source != nil {
            // Set before connecting, so the window the server sees is small from the start.
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if var size = receiveBuffer {
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
            if let source {
                var local = sockaddr_in()
                local.sin_family = sa_family_t(AF_INET)
                local.sin_addr.s_addr = inet_addr(source)
                let bound = withUnsafePointer(to: &local) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard bound == 0 else { throw SocketError("bind") }
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard ok == 0 else { throw SocketError("connect") }
        } else {
            fd = try Socket.connect(host: "127.0.0.1", port: port)
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int(timeout.truncatingRemainder(dividingBy: 1) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    private var closed = false

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }

    /// Sends `line` and a newline.
    func send(_ line: String) throws {
        try sendRaw(Array((line + "\n").utf8))
    }

    /// Sends bytes as they are; false when the server has closed the connection.
    @discardableResult
    func sendRaw(_ bytes: [UInt8]) throws -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EPIPE || errno == ECONNRESET) { return false }
            guard n > 0 else { throw SocketError("send") }
            sent += n
        }
        return true
    }

    /// The next line, decoded; throws when none comes within the timeout or the server closed.
    func receive() throws -> Answer {
        guard let line = try receiveLine() else { throw ClientError("the server closed the connection") }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(line.utf8))
        } catch {
            throw ClientError("not a server line: \(line)")
        }
    }

    /// The next raw line, nil when the server closed the connection.
    func receiveLine() throws -> String? {
        while true {
            if let newline = buffered.firstIndex(of: 10) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeFirst(newline + 1)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 || (n < 0 && errno == ECONNRESET) { return nil }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw ClientError("no answer within the timeout") }
            guard n > 0 else { throw SocketError("recv") }
            buffered += chunk[..<n]
        }
    }

    /// Sends a line and returns the first answer.
    func ask(_ line: String) throws -> Answer {
        try send(line)
        return try receive()
    }

    /// Opens a session and returns its id.
    func open() throws -> String {
        let opened = try ask(#"{"type":"open"}"#)
        guard opened.type == "opened", let session = opened.session else { throw ClientError("open failed: \(opened)") }
        return session
    }
}

/// A server line as the tests read it.
struct Answer: Decodable, Equatable {
    var type: String
    var v: Int?
    var id: String?
    var session: String?
    var seq: Int?
    var replies: [Reply]?
    var ticket: String?
    var position: Int?
    var agent: String?
    var text: String?
    var code: String?
    var message: String?
    var role: String?

    struct Reply: Decodable, Equatable {
        var kind: String
        var text: String
        var intent: String?
    }
}

struct ClientError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
