/// Cuts the bytes one connection sends into HTTP requests as they arrive: a head up to its blank
/// line, then as many body bytes as its `Content-Length` says. Whatever follows (the next requests
/// of a client that pipelines) stays for the next call, so requests come out in the order sent.
///
/// Bytes go in as they are read, in pieces of any size; the head's end is looked for only in the
/// bytes not searched yet, so a head that trickles in a byte at a time costs no more than one that
/// arrives whole. Limits are checked as bytes come: a head longer than `maximumHeaderBytes`, or a
/// declared body longer than `maximumBodyBytes`, is refused before the rest is read.
struct HTTPRequestReader {
    /// How far the request being read has got.
    enum Progress: Equatable {
        /// Nothing of a next request has arrived.
        case idle
        /// Part of a head has arrived.
        case head
        /// The head is in; part of the body is still to come.
        case body
    }

    /// What ``next()`` found.
    enum Next {
        case request(HTTPRequest)
        /// More bytes are needed.
        case incomplete
        /// The request broke a limit or can't be read: answer with the error, then close.
        case failed(HTTPError)
    }

    let maximumHeaderBytes: Int
    let maximumBodyBytes: Int
    private var buffer: [UInt8] = []
    /// Where the unread bytes start.
    private var start = 0
    /// Where the search for the head's end resumes.
    private var searched = 0
    /// The head read, where its body starts, and the body's length, while the body is awaited.
    private var pending: (request: HTTPRequest, bodyStart: Int, length: Int)?

    init(maximumHeaderBytes: Int, maximumBodyBytes: Int) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
    }

    var progress: Progress {
        if pending != nil { return .body }
        return start < buffer.count ? .head : .idle
    }

    /// Bytes received and not yet taken as part of a request.
    var buffered: Int { buffer.count - start }

    /// Takes the next bytes the connection sent.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// The next complete request, if its bytes have all arrived.
    mutating func next() -> Next {
        if pending == nil {
            guard let end = findHeadEnd() else {
                if buffer.count - start > maximumHeaderBytes { return .failed(.headersTooLarge(limit: maximumHeaderBytes)) }
                return .incomplete
            }
            if end - start > maximumHeaderBytes { return .failed(.headersTooLarge(limit: maximumHeaderBytes)) }
            let request: HTTPRequest
            let length: Int
            do {
                request = try HTTPRequest.parseHead(buffer[start..<end])
                length = try request.contentLength()
            } catch {
                return .failed(error)
            }
            if length > maximumBodyBytes { return .failed(.bodyTooLarge(limit: maximumBodyBytes)) }
            pending = (request, end + 4, length)
        }
        guard let (head, bodyStart, length) = pending, buffer.count - bodyStart >= length else { return .incomplete }
        var request = head
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        searched = start
        pending = nil
        return .request(request)
    }

    /// The index of the `\r\n\r\n` that ends the head, searching only bytes not searched before.
    private mutating func findHeadEnd() -> Int? {
        var i = max(start, searched - 3)
        let last = buffer.count - 4
        while i <= last {
            if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
            i += 1
        }
        searched = buffer.count
        return nil
    }

    /// Drops the bytes already taken, once they are all there is or a good share of the buffer.
    private mutating func compact() {
        guard start > 0, start == buffer.count || start >= 4096 else { return }
        if start == buffer.count { buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024) } else { buffer.removeFirst(start) }
        searched = max(0, searched - start)
        if let (request, bodyStart, length) = pending { pending = (request, bodyStart - start, length) }
        start = 0
    }
}
