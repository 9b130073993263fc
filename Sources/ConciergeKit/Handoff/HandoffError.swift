/// Why a handoff-store call did not do what was asked. Nothing is recorded when one is thrown.
public enum HandoffError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another agent claimed the ticket first (named).
    case alreadyClaimed(by: String)
    /// No ticket has this id.
    case unknownTicket(String)
    /// The ticket is not held by this agent (named), so they can't release or resolve it.
    case notClaimedBy(String)
    /// A rating outside 1...5.
    case invalidRating(Int)
    /// A priority outside 1...3.
    case invalidPriority(Int)
    /// The ticket (id) can't be claimed or withdrawn: it is no longer waiting.
    case notWaiting(String, Ticket.Status)
    /// The ticket (id) is resolved or back with the bot, so nothing more can be added to it.
    case closed(String, Ticket.Status)
    /// The ticket (id) can't be rated yet: only a resolved ticket or one back with the bot can.
    case notFinished(String)
    /// A journal line (1-based) that is neither an event nor the torn end of a crashed write.
    case badJournal(file: String, line: Int, reason: String)
    /// A file in the store's folder could not be created, read or written; the text says which and why.
    case io(String)

    public var description: String {
        switch self {
        case .alreadyClaimed(let agent):
            return "\(agent) has already claimed this ticket; pick another one from the waiting queue"
        case .unknownTicket(let id):
            return "there is no ticket \(id); check the id against the waiting queue (ids look like T-1001)"
        case .notClaimedBy(let agent):
            return "this ticket is not claimed by \(agent); claim it first, or leave it to the agent who holds it"
        case .invalidRating(let rating):
            return "a rating must be a whole number from 1 to 5, not \(rating)"
        case .invalidPriority(let priority):
            return "a priority must be 1 (most urgent), 2 or 3, not \(priority)"
        case .notWaiting(let id, let status):
            return "\(id) is \(status.phrase), not waiting; only a waiting ticket can be claimed or withdrawn"
        case .closed(let id, let status):
            return "\(id) is \(status.phrase); open a new ticket for this conversation instead"
        case .notFinished(let id):
            return "\(id) is still open; ask for a rating once it is resolved or back with the bot"
        case .badJournal(let file, let line, let reason):
            return "\(file):\(line): \(reason); restore the journal from a backup, or move this line and everything after it to another file"
        case .io(let message):
            return message
        }
    }

    // The wording of every file error, in one place.

    static func cannotCreateFolder(_ path: String, _ reason: String) -> HandoffError {
        .io("\(path): can't create the folder (\(reason)); create it or choose a writable folder")
    }

    static func cannotOpen(_ path: String, _ reason: String) -> HandoffError {
        .io("\(path): can't open the file (\(reason)); check the folder's permissions")
    }

    static func cannotLock(_ path: String, _ reason: String) -> HandoffError {
        .io("\(path): can't lock the file (\(reason)); the folder must be on a local disk that supports flock")
    }

    static func cannotRead(_ path: String, _ reason: String) -> HandoffError {
        .io("\(path): can't read the journal (\(reason)); check its permissions")
    }

    static func cannotWrite(_ path: String, _ reason: String) -> HandoffError {
        .io("\(path): can't write (\(reason)); nothing was recorded; check free disk space and permissions, then try again")
    }

    static func cannotWriteView(_ path: String, _ reason: String) -> HandoffError {
        .io("\(path): can't write the ticket file (\(reason)); the journal has every change, so free some disk space and rebuild the ticket files")
    }
}
