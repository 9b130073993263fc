import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files an agent or a script reads instead of the journal: `tickets/T-1001.json` (the
/// ``Ticket``) and `tickets/T-1001.txt` (``Ticket/rendered(timeZone:)``).
///
/// Each is replaced whole (written to a temporary file, renamed), so a reader never sees half a
/// file. They are derived: the journal is the truth (fsynced before a change returns), and they
/// can always be written again, so they are not fsynced themselves: after a crash, the store
/// rewrites any that are missing, empty or stale when it opens.
package struct TicketViews: Sendable {
    /// `DIR/tickets`; empty for a store in memory, which writes no files.
    let folder: String
    let format: HandoffFormat

    func jsonPath(_ id: String) -> String { folder + "/" + id + ".json" }
    func textPath(_ id: String) -> String { folder + "/" + id + ".txt" }

    /// Writes both files of `ticket`.
    func write(_ ticket: Ticket) throws(HandoffError) {
        if folder.isEmpty { return }
        var json = HandoffEventEncoding.ticketFile(ticket)
        json.append(UInt8(ascii: "\n"))
        try Self.replace(jsonPath(ticket.id), with: Data(json), durable: false)
        try Self.replace(textPath(ticket.id), with: Data(ticket.renderedUTF8(format)), durable: false)
    }

    /// Whether the files of `ticket` are there and its JSON file says what the journal says.
    func isCurrent(_ ticket: Ticket) -> Bool {
        if folder.isEmpty { return true }
        var info = stat()
        guard stat(textPath(ticket.id), &info) == 0, info.st_size > 0,
              let data = FileManager.default.contents(atPath: jsonPath(ticket.id)),
              let stored = data.withUnsafeBytes({ HandoffEventDecoding.ticketFile($0.bindMemory(to: UInt8.self)) })
                ?? (try? Journal.decoder.decode(Ticket.self, from: data)) else { return false }
        return stored == ticket
    }

    /// Replaces the file at `path` with `data` in one step (``Journal/replaceFile(_:with:durable:)``).
    package static func replace(_ path: String, with data: Data, durable: Bool = true) throws(HandoffError) {
        if let failure = data.withUnsafeBytes({ Journal.replaceFile(path, with: $0, durable: durable) }) {
            throw .cannotWriteView(failure.path, failure.reason)
        }
    }
}
