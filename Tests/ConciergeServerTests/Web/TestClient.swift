@testable import ConciergeServer
import ConciergeKit
import ConciergeTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw-socket HTTP client for the bridge tests: exact bytes out, exact bytes in, so tests can
/// send what a browser would never send (oversized bodies, slow headers) and read event streams.
final class TestClient {
    /// A whole response.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body decoded as JSON.
        func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
            try JSONDecoder().decode(T.self, from: Data(body))
        }
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`.
    /// - Parameters:
    ///   - source: the loopback address to connect from (127.0.0.2, …), so the bridge sees
    ///     another client; 127.0.0.1 when nil.
    ///   - receiveBuffer: a small receive buffer (bytes), for a client that reads slowly or not at all.
    init(port: Int, from source: String? = nil, receiveBuffer: Int32? = nil) throws {
        fd = try Self.connect(port: port, from: source, receiveBuffer: receiveBuffer)
    }

    /// A blocking socket connected to 127.0.0.1:`port` from `source`.
    static func connect(port: Int, from source: String?, receiveBuffer: Int32? = nil) throws -> Int32 {
        guard source != nil || receiveBuffer != nil else {
            do {
                return try Socket.connect(host: "127.0.0.1", port: port)
            } catch {
                throw TestClientError("can't connect to port \(port): \(error)")
            }
        }
        do {
            return try LoopbackSocket.connect(port: port, from: source ?? "127.0.0.1", receiveBuffer: receiveBuffer)
        } catch {
            throw TestClientError(error.description)
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Sends one request with the usual headers; `headers` adds or overrides.
    func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:], port: Int) {
        var all = ["Host": "127.0.0.1:\(port)"]
        if let body {
            all["Content-Type"] = "application/json"
            all["Content-Length"] = String(body.utf8.count)
        }
        for (k, v) in headers { all[k] = v }
        var head = "\(method) \(path) HTTP/1.1\r\n"
        for (k, v) in all.sorted(by: { $0.key < $1.key }) { head += "\(k): \(v)\r\n" }
        send(head + "\r\n" + (body ?? ""))
    }

    /// Reads one response with a Content-Length body.
    func response(timeout: Double = 5) throws -> Response {
        let headEnd = try readUntil([13, 10, 13, 10], timeout: timeout)
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError("bad status line in \(head)") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let deadline = Date().addingTimeInterval(timeout)
        while buffer.count < length {
            guard try fill(until: deadline) else { throw TestClientError("the connection closed mid-body") }
        }
        let body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Reads the head of an event stream.
    func streamHead(timeout: Double = 5) throws -> [String: String] {
        let headEnd = try readUntil([13, 10, 13, 10], timeout: timeout)
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var headers: [String: String] = ["status": String(head.split(separator: " ").dropFirst().first ?? "")]
        for line in head.components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// One Server-Sent Event with an id (comments and `retry:` lines are skipped).
    struct Event {
        var id: Int
        var data: String
        /// The data decoded as a server message.
        func message() throws -> WireMessage { try JSONDecoder().decode(WireMessage.self, from: Data(data.utf8)) }
    }

    /// The next event with an id; nil when none comes in time.
    func event(timeout: Double = 5) throws -> Event? {
        while true {
            let end: Int
            do {
                end = try readUntil([10, 10], timeout: timeout)
            } catch is TestClientTimeout {
                return nil
            }
            let block = String(decoding: buffer[0..<end], as: UTF8.self)
            buffer.removeFirst(end + 2)
            var id: Int?
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            if let id { return Event(id: id, data: data) }
        }
    }

    /// The first of the next few events whose replies match `matching`.
    func next(_ matching: ([WireReply]) -> Bool, among count: Int = 4, timeout: Double = 5) throws -> Event? {
        for _ in 0..<count {
            guard let e = try event(timeout: timeout) else { return nil }
            if matching(try e.message().replies ?? []) { return e }
        }
        return nil
    }

    /// Whether the server closes the connection within `timeout` seconds.
    func closedByServer(within timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let more = try? fill(until: deadline) else { return false }
            if !more { return true }
        }
        return false
    }

    /// Reads and drops everything until the server closes or `timeout` passes.
    /// - Returns: the bytes read, and whether the server closed.
    func drain(timeout: Double) -> (bytes: Int, closed: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var total = buffer.count
        buffer.removeAll()
        while true {
            guard let more = try? fill(until: deadline) else { return (total, false) }
            total += buffer.count
            buffer.removeAll()
            if !more { return (total, true) }
        }
    }

    /// Everything received until the server closes (or the time is up).
    func rest(timeout: Double) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, (try? fill(until: deadline)) == true {}
        return String(decoding: buffer, as: UTF8.self)
    }

    private func readUntil(_ marker: [UInt8], timeout: Double) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if buffer.count >= marker.count {
                for i in 0...(buffer.count - marker.count) where Array(buffer[i..<(i + marker.count)]) == marker { return i }
            }
            guard try fill(until: deadline) else { throw TestClientError("the connection closed; got \(String(decoding: buffer, as: UTF8.self))") }
        }
    }

    /// Reads what is there; false at end of stream. Throws ``TestClientTimeout`` when the time is up.
    private func fill(until deadline: Date) throws -> Bool {
        let left = deadline.timeIntervalSinceNow
        guard left > 0 else { throw TestClientTimeout() }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(left * 1000) + 1) > 0 else { throw TestClientTimeout() }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if n <= 0 { return false }
        buffer += chunk[0..<n]
        return true
    }
}

struct TestClientError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

struct TestClientTimeout: Error {}

/// A server message as the tests read it back.
struct WireMessage: Decodable {
    var type: String
    var session: String?
    var seq: Int?
    var replies: [WireReply]?
    var ticket: String?
    var code: String?
    var message: String?

    /// Every reply's text, one after the other.
    var text: String { (replies ?? []).map(\.text).joined(separator: "\n") }
}

/// The answer to POST /api/open and /api/message.
struct Envelope: Decodable {
    var session: String
    var seq: Int
    var events: [WireMessage]
}
