import Foundation

/// The requests the bot records for the shop (returns, cancellations, changes, address changes,
/// damaged and missing reports), kept in one append-only JSON Lines file.
///
/// The store is the file's one owner: its state is behind one lock, so any number of conversations
/// may record at once. Each request gets an id made of its kind's prefix and a number shared by all kinds
/// (`RET-1001`, `CAN-1002`, ...); numbering goes on from the file's highest number after a restart.
/// ``record(kind:orderID:skus:reason:details:now:)`` returns only once the line is on disk (fsync), so a
/// reference the shopper was given is never lost in a crash.
public final class RequestStore: Sendable {
    /// The request file, as given.
    public let path: String
    /// The number the first request of a new file gets.
    public static let firstNumber = 1001

    private struct State {
        /// The file, open for appending; nil for a store in memory.
        let handle: FileHandle?
        var requests: [ShopRequest]
        var lastNumber: Int
        /// Bytes in the file, to undo a partly written line.
        var size: UInt64
    }

    private let state: Protected<State>

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Opens the request file at `path`, creating it and its parent folders if needed, and reads the
    /// requests already in it.
    ///
    /// A last line cut short by a crash (no newline, not valid JSON) was never confirmed to anyone,
    /// so it is removed; any other unreadable line is an error, since guessing would lose a request.
    /// - Throws: ``RequestStoreError`` when the folder or file can't be created, read or opened for
    ///   appending, or a line is not a request.
    public init(path: String) throws(RequestStoreError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(path, Self.reason(error))
        }
        var existing = Data()
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
            existing = data
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)

        let (requests, keep) = try Self.parse(existing, path: path)
        var size = UInt64(keep)
        if keep < existing.count {
            do {
                try handle.truncate(atOffset: UInt64(keep))
            } catch {
                throw .cannotWrite(path, Self.reason(error))
            }
        }
        if keep > 0, existing[existing.startIndex + keep - 1] != UInt8(ascii: "\n") {
            // A complete last record without its newline (edited by hand): end the line before appending.
            do {
                try handle.write(contentsOf: Data([UInt8(ascii: "\n")]))
            } catch {
                throw .cannotWrite(path, Self.reason(error))
            }
            size += 1
        }
        let lastNumber = requests.compactMap { Self.number(in: $0.id) }.max() ?? Self.firstNumber - 1
        state = Protected(State(handle: handle, requests: requests, lastNumber: lastNumber, size: size))
    }

    /// A store in memory only, for conversations run in tests and tools: the same numbering, no file.
    /// ``path`` is empty.
    public init() {
        path = ""
        state = Protected(State(handle: nil, requests: [], lastNumber: Self.firstNumber - 1, size: 0))
    }

    /// Records a request and returns it with its new id, once it is safely on disk.
    /// - Parameters:
    ///   - kind: what is asked; decides the id's prefix.
    ///   - orderID: the order, normalised with ``Order/normalizedID(_:)`` before storing.
    ///   - skus: the items concerned, or empty for the whole order.
    ///   - reason: why, in the shopper's words or the option they chose.
    ///   - details: anything else the shop needs, e.g. the new address.
    ///   - now: the current time, injected so tests can fix it; stored to the whole second.
    /// - Throws: ``RequestStoreError`` when the line can't be written; nothing is recorded then.
    public func record(kind: ShopRequest.Kind, orderID: String, skus: [String], reason: String,
                       details: [String: String], now: Date) throws(RequestStoreError) -> ShopRequest {
        try state.withLock { (s: inout State) throws(RequestStoreError) in
            try append(kind: kind, orderID: orderID, skus: skus, reason: reason, details: details, now: now, to: &s)
        }
    }

    /// ``record(kind:orderID:skus:reason:details:now:)``, holding the store's lock.
    private func append(kind: ShopRequest.Kind, orderID: String, skus: [String], reason: String,
                        details: [String: String], now: Date, to s: inout State) throws(RequestStoreError) -> ShopRequest {
        let number = s.lastNumber + 1
        let request = ShopRequest(id: "\(kind.idPrefix)-\(number)", kind: kind, orderID: Order.normalizedID(orderID),
                                  skus: skus, reason: reason, details: details,
                                  created: Date(timeIntervalSince1970: (now.timeIntervalSince1970).rounded(.down)))
        var line: Data
        do {
            line = try Self.encoder.encode(request)
        } catch {
            throw .cannotWrite(path, Self.reason(error))
        }
        line.append(UInt8(ascii: "\n"))
        if let handle = s.handle {
            do {
                try handle.write(contentsOf: line)
                try handle.synchronize()
            } catch {
                try? handle.truncate(atOffset: s.size)
                throw .cannotWrite(path, Self.reason(error))
            }
        }
        s.size += UInt64(line.count)
        s.lastNumber = number
        s.requests.append(request)
        return request
    }

    /// Every request recorded, oldest first.
    public func all() -> [ShopRequest] {
        state.withLock { $0.requests }
    }

    /// The requests in `data`, and how many leading bytes of it to keep.
    private static func parse(_ data: Data, path: String) throws(RequestStoreError) -> ([ShopRequest], Int) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var requests: [ShopRequest] = []
        var keep = data.count
        var start = data.startIndex
        var lineNumber = 0
        while start < data.endIndex {
            lineNumber += 1
            let newline = data[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? data.endIndex
            let bytes = data[start..<end]
            defer { start = newline.map { $0 + 1 } ?? data.endIndex }
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            guard let request = try? decoder.decode(ShopRequest.self, from: bytes) else {
                if newline == nil {
                    keep = start - data.startIndex  // torn last write: drop it
                    break
                }
                throw .badLine(path, lineNumber)
            }
            requests.append(request)
        }
        return (requests, keep)
    }

    private static func number(in id: String) -> Int? {
        id.split(separator: "-").last.flatMap { Int($0) }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
