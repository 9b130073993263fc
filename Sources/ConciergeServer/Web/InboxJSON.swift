import ConciergeKit
import Foundation

/// What the agents' inbox sends the page, as JSON with snake_case keys and times in whole
/// seconds since 1970: a ticket as one row of the queue, a ticket in full, and a change to the
/// queue for the event stream. Every text is data for the page to show as text; nothing here is
/// markup.
///
/// Built from ``Ticket``s (the data `Ticket+Text.swift` renders for the terminal) with what the
/// shop's content adds: the intents' titles, the saved replies, the time zone.
struct InboxJSON: Sendable {
    /// The format the page reads.
    static let version = 1

    let catalog: Catalog
    /// The content's one language: the inbox shows it on every ticket until conversations record their own.
    let language: String

    init(catalog: Catalog) {
        self.catalog = catalog
        language = catalog.profile.values["language"] ?? "English"
    }

    // MARK: Shapes

    /// One ticket in the queue.
    struct Row: Encodable {
        var id: String
        var priority: Int
        /// `waiting`, `claimed`, `resolved` or `returned_to_bot`.
        var status: String
        /// The status as a phrase: `waiting`, `claimed`, `resolved`, `back with the bot`.
        var statusText: String
        var reason: String
        var reasonText: String
        /// The agent holding it, or the last one who did.
        var agent: String?
        var created: Int
        var claimedAt: Int?
        var resolvedAt: Int?
        var resolvedToday: Bool
        /// The shopper's e-mail: the verified one, else the one they gave.
        var shopper: String?
        var verified: Bool
        /// A postcode they gave, when no e-mail is known.
        var postcode: String?
        var language: String
        /// Whether the shopper is still in the chat to read a reply.
        var connected: Bool
        var leftAt: Int?
        /// Lines in the transcript, and the shopper's among them this agent hasn't read.
        var lines: Int
        var unread: Int
        var summary: String
        /// The latest line, for the row's preview.
        var last: Line?
        var rating: Int?
    }

    /// One line of a transcript.
    struct Line: Encodable {
        /// `shopper`, `bot`, `agent` or `system`.
        var sender: String
        var text: String
        var time: Int
        /// For the bot's lines: the intent acted on, its title, and the matcher's confidence.
        var intent: String?
        var intentTitle: String?
        var confidence: Double?
        /// For the bot's lines: `answer`, `clarify`, `fallback` (it didn't understand), `prompt` or `handoff`.
        var kind: String?
    }

    /// A ticket in full, for the ticket view.
    struct Detail: Encodable {
        var v = InboxJSON.version
        /// The journal's place when this was read: the stream's changes after it are news.
        var seq: Int
        var ticket: Row
        var conversation: String
        var facts: [Fact]
        var orders: [Ticket.OrderSnapshot]
        var answered: [AnsweredIntent]
        var transcript: [Line]
        var note: String?
        var comment: String?
        /// The saved replies filled with this ticket's facts, for the signed-in agent.
        var savedReplies: [Reply]
    }

    struct Fact: Encodable {
        var name: String
        var value: String
    }

    /// An intent the bot already answered, with its title.
    struct AnsweredIntent: Encodable {
        var id: String
        var title: String
    }

    struct Reply: Encodable {
        var title: String
        var text: String
    }

    /// The queue, as the inbox opens.
    struct Queue: Encodable {
        var v = InboxJSON.version
        /// The journal's place: the event stream goes on from here.
        var seq: Int
        var now: Int
        var tickets: [Row]
    }

    /// One change on the event stream: the ticket's row as it is now, and for a new line in its
    /// transcript, the line. `reload` when the stream can't say what changed (it fell too far behind).
    struct Change: Encodable {
        var v = InboxJSON.version
        /// `opened`, `message`, `claimed`, `released`, `withdrawn`, `resolved`, `rated`, `presence` or `reload`.
        var type: String
        var seq: Int
        var ticket: Row?
        var line: Line?
    }

    /// Who is signed in, and what the page needs to know of the shop; only `signed_in: false`
    /// when nobody is.
    struct Me: Encodable {
        var v = InboxJSON.version
        var signedIn = true
        var agent: String?
        /// The request token state-changing requests send back in `X-CSRF-Token`.
        var csrf: String?
        var shop: String?
        /// The shop's time zone (`Europe/London`), for the times the page shows.
        var timeZone: String?
    }

    // MARK: Building them

    /// A ticket as a row of the queue, for the agent whose lines read are `read`.
    func row(_ t: Ticket, read: Int?, today: Date) -> Row {
        var unread = 0
        for turn in t.transcript[min(read ?? 0, t.transcript.count)...] where turn.sender == .shopper { unread += 1 }
        let last = t.transcript.last.map(line)
        return Row(id: t.id, priority: t.priority, status: t.status.rawValue, statusText: t.status.phrase,
                   reason: t.reason.rawValue, reasonText: t.reason.phrase, agent: t.agent,
                   created: Self.seconds(t.created), claimedAt: t.claimedAt.map(Self.seconds), resolvedAt: t.resolvedAt.map(Self.seconds),
                   resolvedToday: t.status == .resolved && (t.resolvedAt.map { $0 >= today } ?? false),
                   shopper: t.shopper.identity, verified: t.shopper.verifiedEmail != nil,
                   postcode: t.shopper.identity == nil ? t.shopper.claimedPostcode : nil, language: language,
                   connected: t.shopperConnected, leftAt: t.shopperLeftAt.map(Self.seconds),
                   lines: t.transcript.count, unread: unread, summary: t.summary, last: last, rating: t.rating)
    }

    /// A transcript line, with the intent's title for the bot's.
    func line(_ turn: Turn) -> Line {
        Line(sender: turn.sender.rawValue, text: turn.text, time: Self.seconds(turn.time), intent: turn.intent,
             intentTitle: turn.intent.flatMap { catalog.intent($0)?.displayTitle }, confidence: turn.confidence,
             kind: turn.sender == .bot ? turn.kind?.rawValue : nil)
    }

    /// A ticket in full, as read at journal place `seq`, for `agent`.
    func detail(_ t: Ticket, seq: Int, agent: String, read: Int?, today: Date) -> Detail {
        let values = t.savedReplyValues(agent: agent)
        return Detail(seq: seq, ticket: row(t, read: read, today: today), conversation: t.conversationID,
                      facts: t.facts.keys.sorted().map { Fact(name: $0, value: t.facts[$0] ?? "") },
                      orders: t.orders,
                      answered: t.answered.map { AnsweredIntent(id: $0, title: catalog.intent($0)?.displayTitle ?? $0) },
                      transcript: t.transcript.map(line), note: t.note, comment: t.comment,
                      savedReplies: catalog.savedReplies.map { Reply(title: $0.title, text: $0.filled(with: values, profile: catalog.profile)) })
    }

    /// The change an event makes, for `agent`; nil for events the inbox doesn't show (a
    /// conversation logged for the report) or whose ticket is gone.
    func change(_ event: HandoffEvent, ticket: Ticket?, read: Int?, today: Date) -> Change? {
        guard let ticket else { return nil }
        let type: String
        var line: Line?
        switch event.change {
        case .opened: type = "opened"
        case .message(_, let turn):
            type = "message"
            line = self.line(turn)
        case .claimed: type = "claimed"
        case .released: type = "released"
        case .withdrawn: type = "withdrawn"
        case .resolved: type = "resolved"
        case .rated: type = "rated"
        case .presence: type = "presence"
        case .detailsAdded: type = "details"
        case .conversationLogged: return nil
        }
        return Change(type: type, seq: event.sequence, ticket: row(ticket, read: read, today: today), line: line)
    }

    /// Local midnight today in the shop's time zone: tickets resolved since count as today's.
    func startOfToday(_ now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = catalog.profile.timeZone
        return calendar.startOfDay(for: now)
    }

    // MARK: Encoding

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        // The same answer in the same bytes, whatever the dictionary's order this run.
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// One value as compact JSON (no newlines, so one SSE `data:` line), with `<`, `>` and `&`
    /// escaped as the chat API's are, so no answer reads as markup whatever opens it.
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        // Only these types are encoded, and none can fail.
        guard let data = try? encoder.encode(value) else { return Array(#"{"v":1,"type":"error","message":"the inbox could not encode its answer"}"#.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        // Outside strings JSON has none of these, and in UTF-8 they are never part of another character.
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): out += Array(#"\u003c"#.utf8)
            case UInt8(ascii: ">"): out += Array(#"\u003e"#.utf8)
            case UInt8(ascii: "&"): out += Array(#"\u0026"#.utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    static func seconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }
}
