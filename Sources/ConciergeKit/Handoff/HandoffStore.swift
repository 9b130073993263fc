import Foundation

/// The live-agent handoff's durable store: tickets, the agents' queue, and the conversation log
/// behind the manager's ``Report``, in one folder that several processes (the chat, the `agent`
/// command) may use at once.
///
/// The single source of truth is `journal.jsonl`, one ``HandoffEvent`` per line, numbered. Every
/// change takes the folder's exclusive lock (`flock` on `.lock`), reads what other processes
/// appended, checks that the change is allowed, appends its event, fsyncs, and only then unlocks and
/// returns: a call that returns has been recorded, and survives a crash or `kill -9` at any instant.
/// A server opens the store with `groupCommit` instead: its changes are fsynced together by
/// ``sync()``, which it calls before it sends anyone word of them.
/// Reading calls first catch up with the journal under a shared lock (skipped when the journal has
/// not grown), so they see every change acknowledged before they were called, by any process.
///
/// After each change the ticket's files in `tickets/` are replaced (``Ticket/rendered(timeZone:)``
/// for `T-1001.txt`), with group commit after ``sync()`` and off the caller's thread; they are
/// derived and rebuilt from the journal when missing or stale.
///
/// Card-number-like digit runs are masked with ``CardNumber/mask(_:)`` in every text before it is
/// stored, and times are stored to the whole second.
///
/// In-process state has one owner, a lock; the store is safe to share between threads.
public final class HandoffStore: Sendable {
    /// The store's folder, as given.
    public let directory: String
    private let core: Protected<Core>
    private let groupCommit: Bool
    /// Serialises ``sync()``.
    private let syncing = Protected(())
    /// With group commit, ticket files are written here, off the caller's thread, in order.
    private let viewWriter = DispatchQueue(label: "concierge.ticket-files", qos: .utility)

    /// The state, the open journal and the views: everything behind the lock.
    private struct Core {
        let journal: Journal
        let views: TicketViews
        var state = HandoffState()
        /// With group commit: tickets changed since their files were last written, by id.
        var unwrittenViews: [String: Ticket] = [:]
        /// Whether a write of `unwrittenViews` is queued.
        var viewsScheduled = false

        /// Applies events other processes appended. Without the lock when there is nothing new.
        mutating func catchUp() {
            guard journal.hasNewBytes else { return }
            do {
                try journal.lock(exclusive: false)
                defer { journal.unlock() }
                for event in try journal.readNew(repair: false) { state.apply(event) }
            } catch {
                // A reading call can't fail: it answers from the last readable state, and the next
                // change reports the problem.
            }
        }
    }

    /// How many recent claims ``estimatedWait(at:)`` looks at.
    public static let recentClaims = 20
    /// How long after a resolved ticket a new one from the same conversation or shopper counts as reopened.
    public static let reopenWindow: TimeInterval = 7 * 86_400

    /// Opens the store in `directory`, creating the folder, the journal and `tickets/` if needed.
    ///
    /// Replays the journal. A last line torn by a crash mid-write was never acknowledged, so it is
    /// cut off; any other unreadable line is an error, since guessing could lose a ticket. Ticket
    /// files that are missing or disagree with the journal are written again.
    /// - Parameters:
    ///   - directory: the folder; may be shared with other processes.
    ///   - timeZone: the zone times are shown in, in the ticket text files.
    /// - Throws: ``HandoffError/io(_:)`` when the folder or its files can't be created, opened or
    ///   locked; ``HandoffError/badJournal(file:line:reason:)`` for a damaged journal.
    ///   - groupCommit: leave the fsync of each change to ``sync()``, which the owner calls before it
    ///     tells anyone of the change (the server's group commit). A change then returns once
    ///     written, not once durable. False (every change durable before it returns) suits
    ///     commands that act once and exit.
    public init(directory: String, timeZone: TimeZone = OrderCalendar.utc, groupCommit: Bool = false) throws(HandoffError) {
        self.directory = directory
        self.groupCommit = groupCommit
        let folder = directory + "/tickets"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(folder, (error as NSError).localizedDescription)
        }
        var core = Core(journal: try Journal(directory: directory),
                        views: TicketViews(folder: folder, format: HandoffFormat(timeZone: timeZone)))
        core.journal.groupCommit = groupCommit
        try core.journal.lock(exclusive: true)
        defer { core.journal.unlock() }
        for event in try core.journal.readNew(repair: true) { core.state.apply(event) }
        for ticket in core.state.tickets.values where !core.views.isCurrent(ticket) {
            // Derived files must not keep the store from opening; ``rebuildViews()`` reports why they can't be written.
            try? core.views.write(ticket)
        }
        self.core = Protected(core)
    }

    /// A store in memory only, for conversations run in tests and tools: the same queue and
    /// rules, no folder, no files, nothing shared with another process. ``directory`` is empty.
    public init(inMemoryWithTimeZone timeZone: TimeZone = OrderCalendar.utc) {
        directory = ""
        groupCommit = false
        core = Protected(Core(journal: Journal(), views: TicketViews(folder: "", format: HandoffFormat(timeZone: timeZone))))
    }

    // MARK: Changes

    /// Opens a ticket: the conversation joins the agents' queue.
    /// - Parameters:
    ///   - priority: 1 (most urgent), 2 or 3.
    ///   - orders: the orders involved, as they are now.
    ///   - answered: intents the bot already answered in this conversation.
    ///   - facts: what the bot collected, by name.
    ///   - summary: one paragraph an agent reads in ten seconds.
    ///   - transcript: the conversation so far.
    ///   - at: now, from the caller's clock.
    /// - Returns: the ticket, with the next free id (`T-1001` for the first).
    /// - Throws: ``HandoffError/invalidPriority(_:)``, or ``HandoffError/io(_:)`` when it can't be recorded.
    public func open(conversationID: String, reason: Ticket.Reason, priority: Int, shopper: Ticket.Shopper,
                     orders: [Ticket.OrderSnapshot], answered: [String], facts: [String: String], summary: String,
                     transcript: [Turn], at: Date) throws(HandoffError) -> Ticket {
        guard Ticket.priorities.contains(priority) else { throw .invalidPriority(priority) }
        let (event, _) = try commit(at: at) { state throws(HandoffError) in
            .opened(Ticket(id: state.nextTicketID, conversationID: conversationID, created: Self.stored(at), reason: reason,
                           priority: priority, shopper: shopper.masked, orders: orders.map(\.masked), answered: answered,
                           facts: facts.mapValues(CardNumber.mask), summary: CardNumber.mask(summary),
                           transcript: transcript.map(\.stored)))
        }
        guard case .opened(let ticket)? = event?.change else { fatalError("open recorded no ticket") }
        return ticket
    }

    /// Adds a message written after the ticket opened (by the shopper, the agent or the system).
    /// - Returns: the event recorded; its sequence number is where a chat polling ``events(after:)`` has got to.
    /// - Throws: ``HandoffError/unknownTicket(_:)``; ``HandoffError/closed(_:_:)`` when the ticket is
    ///   resolved or back with the bot.
    @discardableResult
    public func append(_ turn: Turn, to ticketID: String) throws(HandoffError) -> HandoffEvent {
        let (event, _) = try commit(at: turn.time) { state throws(HandoffError) in
            _ = try state.open(ticketID)
            return .message(ticketID: ticketID, turn: turn.stored)
        }
        guard let event else { fatalError("append recorded no event") }
        return event
    }

    /// Adds what the shopper told after the ticket opened to its facts, orders and shopper (see
    /// ``TicketDetails``); card-number-like digit runs are masked first.
    /// - Returns: the event recorded.
    /// - Throws: ``HandoffError/unknownTicket(_:)``; ``HandoffError/closed(_:_:)`` when the ticket is
    ///   resolved or back with the bot.
    @discardableResult
    public func addDetails(_ details: TicketDetails, to ticketID: String, at: Date) throws(HandoffError) -> HandoffEvent {
        let (event, _) = try commit(at: at) { state throws(HandoffError) in
            _ = try state.open(ticketID)
            return .detailsAdded(ticketID: ticketID, details: details.masked)
        }
        guard let event else { fatalError("addDetails recorded no event") }
        return event
    }

    /// Gives a waiting ticket to `agent`. Of several agents claiming at once, in any processes,
    /// exactly one wins; claiming again a ticket one already holds changes nothing.
    /// - Returns: the ticket as claimed.
    /// - Throws: ``HandoffError/alreadyClaimed(by:)`` naming the agent who holds it;
    ///   ``HandoffError/notWaiting(_:_:)`` when it is resolved or back with the bot.
    public func claim(_ ticketID: String, agent: String, at: Date) throws(HandoffError) -> Ticket {
        let (_, claimed) = try commit(at: at, returning: ticketID) { state throws(HandoffError) in
            let ticket = try state.existing(ticketID)
            switch ticket.status {
            case .waiting: return .claimed(ticketID: ticketID, agent: agent)
            case .claimed where ticket.agent == agent: return nil
            case .claimed: throw .alreadyClaimed(by: ticket.agent ?? "another agent")
            case .resolved, .returnedToBot: throw .notWaiting(ticketID, ticket.status)
            }
        }
        guard let claimed else { throw .unknownTicket(ticketID) }
        return claimed
    }

    /// Lets go of a ticket `agent` holds: back to the queue, or with `toBot`, back to the bot.
    /// - Throws: ``HandoffError/notClaimedBy(_:)`` when `agent` does not hold it.
    public func release(_ ticketID: String, agent: String, toBot: Bool, at: Date) throws(HandoffError) {
        try commit(at: at) { state throws(HandoffError) in
            _ = try state.held(ticketID, by: agent)
            return .released(ticketID: ticketID, agent: agent, toBot: toBot)
        }
    }

    /// Takes a waiting ticket out of the queue because the shopper stopped waiting; it goes back to the bot.
    /// - Throws: ``HandoffError/notWaiting(_:_:)`` when an agent has it or it is finished.
    public func withdraw(_ ticketID: String, at: Date) throws(HandoffError) {
        try commit(at: at) { state throws(HandoffError) in
            let ticket = try state.existing(ticketID)
            guard ticket.status == .waiting else { throw .notWaiting(ticketID, ticket.status) }
            return .withdrawn(ticketID: ticketID)
        }
    }

    /// Marks a ticket `agent` holds as done.
    /// - Parameter note: what was done, for the record.
    /// - Throws: ``HandoffError/notClaimedBy(_:)`` when `agent` does not hold it.
    public func resolve(_ ticketID: String, agent: String, note: String?, at: Date) throws(HandoffError) {
        try commit(at: at) { state throws(HandoffError) in
            _ = try state.held(ticketID, by: agent)
            return .resolved(ticketID: ticketID, agent: agent, note: note.map(CardNumber.mask))
        }
    }

    /// Records the shopper's rating of a finished ticket; a later rating replaces an earlier one.
    /// - Parameter rating: 1 (poor) to 5 (great).
    /// - Throws: ``HandoffError/invalidRating(_:)``; ``HandoffError/notFinished(_:)`` while the
    ///   ticket is waiting or claimed.
    public func rate(_ ticketID: String, rating: Int, comment: String?, at: Date) throws(HandoffError) {
        guard (1...5).contains(rating) else { throw .invalidRating(rating) }
        try commit(at: at) { state throws(HandoffError) in
            let ticket = try state.existing(ticketID)
            guard ticket.status == .resolved || ticket.status == .returnedToBot else { throw .notFinished(ticketID) }
            return .rated(ticketID: ticketID, rating: rating, comment: comment.map(CardNumber.mask))
        }
    }

    /// Records whether the shopper of an open ticket is still in the chat, so agents in any
    /// process see if a reply will reach them.
    ///
    /// Nothing is recorded when it is unchanged, or when the ticket is resolved or back with the
    /// bot (where it no longer matters).
    /// - Parameters:
    ///   - connected: false when the shopper's last connection closed or their chat ended; true
    ///     when they came back to it.
    ///   - at: now, from the caller's clock; a shopper who left shows as gone since then.
    /// - Throws: ``HandoffError/unknownTicket(_:)``, or ``HandoffError/io(_:)`` when it can't be recorded.
    public func setShopperPresence(_ ticketID: String, connected: Bool, at: Date) throws(HandoffError) {
        try commit(at: at) { state throws(HandoffError) in
            let ticket = try state.existing(ticketID)
            guard ticket.status == .waiting || ticket.status == .claimed, ticket.shopperConnected != connected else { return nil }
            return .presence(ticketID: ticketID, connected: connected)
        }
    }

    /// Logs how a conversation went, for the report; logging the same conversation again replaces its record.
    public func logConversation(_ record: ConversationRecord) throws(HandoffError) {
        var record = record
        record.started = Self.stored(record.started)
        record.ended = Self.stored(record.ended)
        record.unmatched = record.unmatched.map(CardNumber.mask)
        record.misunderstandings = record.misunderstandings?.map { m in
            Misunderstanding(intent: m.intent, confidence: m.confidence, answered: m.answered.map(CardNumber.mask),
                             reaction: CardNumber.mask(m.reaction))
        }
        let logged = record
        try commit(at: record.ended) { _ throws(HandoffError) in .conversationLogged(logged) }
    }

    /// Writes every ticket's files again from the journal, e.g. after a disk filled up or the text layout changed.
    /// - Throws: ``HandoffError/io(_:)`` naming the file that can't be written.
    public func rebuildViews() throws(HandoffError) {
        try core.withLock { (core: inout Core) throws(HandoffError) in
            try core.journal.lock(exclusive: true)
            defer { core.journal.unlock() }
            for event in try core.journal.readNew(repair: true) { core.state.apply(event) }
            for ticket in core.state.tickets.values { try core.views.write(ticket) }
        }
    }

    /// Makes the changes recorded since the last call durable, when the store was opened with
    /// `groupCommit`; otherwise they already are.
    /// - Returns: false when the fsync failed (the disk is in trouble).
    ///
    /// The changed tickets' files are then written on a thread of the store's own: they are
    /// derived, and one missing or stale after a crash is rewritten when the store next opens.
    @discardableResult
    public func sync() -> Bool {
        // Held across the fsync: a caller that finds nothing left to sync while another's fsync
        // runs must wait for it, since that fsync is what makes its own changes durable.
        syncing.withLock { _ in
            let (fd, writeViews) = core.withLock { (core: inout Core) in
                let schedule = !core.unwrittenViews.isEmpty && !core.viewsScheduled
                if schedule { core.viewsScheduled = true }
                return (core.journal.takeUnsynced(), schedule)
            }
            let synced = fd.map { fdatasync($0) == 0 } ?? true
            if writeViews { viewWriter.async { [self] in writeUnwrittenViews() } }
            return synced
        }
    }

    /// Returns once the ticket files that ``sync()`` queued are written.
    public func waitForTicketFiles() {
        viewWriter.sync {}
    }

    private func writeUnwrittenViews() {
        let (views, tickets) = core.withLock { (core: inout Core) in
            let tickets = core.unwrittenViews
            core.unwrittenViews = [:]
            core.viewsScheduled = false
            return (core.views, tickets)
        }
        for ticket in tickets.values { try? views.write(ticket) }
    }

    // MARK: Reading

    /// The ticket with this id, nil when there is none.
    public func ticket(_ id: String) -> Ticket? {
        read { $0.tickets[id] }
    }

    /// A ticket and the journal's place it was read at, read together: a reader following
    /// ``events(after:)`` from that place sees each later change to it exactly once.
    public func ticketAndSequence(_ id: String) -> (ticket: Ticket, sequence: Int)? {
        read { state in state.tickets[id].map { ($0, state.lastSequence) } }
    }

    /// The latest ticket of a conversation, nil when it was never handed off.
    public func ticket(forConversation id: String) -> Ticket? {
        read { state in state.latestTicket[id].flatMap { state.tickets[$0] } }
    }

    /// The agents' queue: waiting tickets, most urgent first, then oldest first.
    public func waiting() -> [Ticket] {
        read(\.waiting)
    }

    /// Every ticket for which `include` holds, in no particular order: the agents' inbox picks
    /// the open ones and those resolved today. `include` runs under the store's lock, so keep it quick.
    public func tickets(where include: (Ticket) -> Bool) -> [Ticket] {
        read { state in state.tickets.values.filter(include) }
    }

    /// A waiting ticket's place in the queue, 1 for the next to be claimed; nil when it is not waiting.
    public func position(of ticketID: String) -> Int? {
        read { $0.position(of: ticketID) }
    }

    /// How long a new ticket is likely to wait: the median wait (opened to first claimed) of the
    /// last ``recentClaims`` tickets first claimed by `at`.
    /// - Returns: nil until some ticket has been claimed.
    public func estimatedWait(at: Date) -> TimeInterval? {
        read { $0.recentWait(at: at, count: Self.recentClaims) }
    }

    /// Every event with a sequence number greater than `sequence`, oldest first; 0 gives them all.
    public func events(after sequence: Int) -> [HandoffEvent] {
        read { state in
            // Sequence numbers increase along the journal, so binary-search the first one after `sequence`.
            let events = state.events
            var low = 0, high = events.count
            while low < high {
                let mid = (low + high) / 2
                if events[mid].sequence <= sequence { low = mid + 1 } else { high = mid }
            }
            return Array(events[low...])
        }
    }

    /// The sequence number of the latest event, 0 for an empty journal: where to start polling ``events(after:)``.
    public func lastSequence() -> Int {
        read(\.lastSequence)
    }

    /// Every conversation logged, by start time.
    public func conversations() -> [ConversationRecord] {
        read { state in state.conversations.values.sorted { ($0.started, $0.id) < ($1.started, $1.id) } }
    }

    /// The manager's report over conversations started and tickets opened from `since` (all when nil) to `now`.
    /// - Parameters:
    ///   - timeZone: the shop's time zone, whose calendar days the report counts day by day.
    ///   - matcher: the shop's matcher, to name the intent that might fit each message the bot
    ///     missed or misread; nil leaves them out.
    public func report(since: Date?, now: Date, timeZone: TimeZone = OrderCalendar.utc, matcher: IntentMatcher? = nil) -> Report {
        // The state's collections are shared, not copied (copy on write), and the report is
        // computed outside the lock, so chats and agents are not held up while it runs.
        let (conversations, tickets, events) = read { state in (state.conversations, state.tickets, state.events) }
        return Report(conversations: conversations, tickets: tickets, events: events, since: since, now: now,
                      timeZone: timeZone, matcher: matcher)
    }

    // MARK: Internals

    /// Records the change `decide` makes of the current state, as described in the type's overview.
    /// - Parameter decide: returns the change, nil when there is nothing to record, or throws when the change is not allowed.
    /// - Parameter returning: a ticket to return as it is after the change.
    /// - Returns: the event recorded (nil when there was nothing to record) and that ticket. (Not
    ///   the whole state: a copy kept by a caller would make the next change copy all of it.)
    @discardableResult
    private func commit(at time: Date, returning ticketID: String? = nil, _ decide: (HandoffState) throws(HandoffError) -> HandoffEvent.Change?)
        throws(HandoffError) -> (event: HandoffEvent?, ticket: Ticket?) {
        try core.withLock { (core: inout Core) throws(HandoffError) in
            try core.journal.lock(exclusive: true)
            defer { core.journal.unlock() }
            for event in try core.journal.readNew(repair: true) { core.state.apply(event) }
            guard let change = try decide(core.state) else { return (nil, ticketID.flatMap { core.state.tickets[$0] }) }
            let event = HandoffEvent(sequence: core.journal.lastSequence + 1, time: Self.stored(time), change: change)
            try core.journal.append(event)
            if let id = core.state.apply(event), let ticket = core.state.tickets[id] {
                if groupCommit {
                    core.unwrittenViews[id] = ticket
                } else {
                    // The event is recorded; a ticket file that can't be written now is rebuilt at the next start.
                    try? core.views.write(ticket)
                }
            }
            return (event, ticketID.flatMap { core.state.tickets[$0] })
        }
    }

    private func read<Result>(_ body: (HandoffState) -> Result) -> Result {
        core.withLock { (core: inout Core) in
            core.catchUp()
            return body(core.state)
        }
    }

    /// `date` as stored: to the whole second, like the journal's ISO 8601 dates.
    static func stored(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

extension Turn {
    /// The turn as stored: card numbers masked, time to the whole second.
    var stored: Turn {
        var turn = self
        turn.text = CardNumber.mask(text)
        turn.time = HandoffStore.stored(time)
        return turn
    }
}

extension Ticket.Shopper {
    var masked: Ticket.Shopper {
        Ticket.Shopper(verifiedEmail: verifiedEmail.map(CardNumber.mask), claimedEmail: claimedEmail.map(CardNumber.mask),
                       claimedPostcode: claimedPostcode.map(CardNumber.mask))
    }
}

extension Ticket.OrderSnapshot {
    var masked: Ticket.OrderSnapshot {
        Ticket.OrderSnapshot(id: id, status: status, state: CardNumber.mask(state), items: items.map(CardNumber.mask),
                             parcels: parcels.map(CardNumber.mask))
    }
}
