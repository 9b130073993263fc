import ConciergeKit
import Foundation

/// Times the agents' store on the hand-off path, in a temporary folder: opening a ticket (the
/// journal line), logging a conversation as it ends, writing a ticket's two files, and rendering
/// the text file alone.
///
/// The store is opened with group commit, as the server opens it, so no fsync is timed: what is
/// left is encoding, the store's bookkeeping and the `write`/`rename` calls. Each figure is the
/// best of several rounds' means, in microseconds per call.
enum HandoffBenchmark {
    static let usage = "concierge-bench handoffs [--count N] [--rounds N]  time opening tickets, logging chats and writing ticket files"

    static func run(_ args: [String]) throws {
        var count = 2_000
        var rounds = 5
        var i = 0
        while i < args.count {
            let value = i + 1 < args.count ? Int(args[i + 1]) : nil
            switch (args[i], value) {
            case ("--count", let n?) where n > 0: count = n
            case ("--rounds", let n?) where n > 0: rounds = n
            default: throw BenchUsageError("expected --count N or --rounds N, not '\(args[i...].joined(separator: " "))'")
            }
            i += 2
        }
        #if DEBUG
        FileHandle.standardError.write(Data("warning: this is a debug build; run `swift run -c release concierge-bench handoffs` for real figures\n".utf8))
        #endif

        var best = (open: Double.infinity, log: Double.infinity, files: Double.infinity, text: Double.infinity)
        for round in 0..<rounds {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concierge-bench-handoffs-\(getpid())-\(round)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try HandoffStore(directory: folder, groupCommit: true)
            let start = Date(timeIntervalSince1970: 1_795_398_245)

            var tickets: [Ticket] = []
            tickets.reserveCapacity(count)
            let (_, openMs) = try MonotonicClock.milliseconds {
                for n in 0..<count {
                    tickets.append(try Self.open(n, in: store, at: start + Double(n)))
                }
            }
            let (_, logMs) = try MonotonicClock.milliseconds {
                for n in 0..<count {
                    try store.logConversation(Self.record(n, at: start + Double(n), ticketID: n % 13 == 0 ? tickets[n].id : nil))
                }
            }
            store.sync()
            store.waitForTicketFiles()
            let (_, filesMs) = try MonotonicClock.milliseconds { try store.rebuildViews() }
            var bytes = 0
            let (_, textMs) = MonotonicClock.milliseconds {
                for ticket in tickets { bytes += ticket.rendered().utf8.count }
            }
            precondition(bytes > 0)
            let perCall = 1000 / Double(count)
            best = (min(best.open, openMs * perCall), min(best.log, logMs * perCall),
                    min(best.files, filesMs * perCall), min(best.text, textMs * perCall))
        }

        func us(_ x: Double) -> String { String(format: "%.1f µs", x) }
        print("| \(BenchmarkTable.grouped(count)) calls, best of \(rounds) rounds | per call |")
        print("|---|---:|")
        print("| `HandoffStore.open` (a ticket of \(transcriptLength) turns; group commit) | \(us(best.open)) |")
        print("| `HandoffStore.logConversation` | \(us(best.log)) |")
        print("| a ticket's two files written (`rebuildViews`) | \(us(best.files)) |")
        print("| `Ticket.rendered` (the `.txt` file's text) | \(us(best.text)) |")
    }

    static let transcriptLength = 10

    /// Opens ticket `n`: a shopper-like chat of ``transcriptLength`` turns about an order.
    static func open(_ n: Int, in store: HandoffStore, at now: Date) throws -> Ticket {
        let order = "10\(4200 + n % 500)"
        var transcript: [Turn] = []
        for t in 0..<transcriptLength {
            let time = now - Double(transcriptLength - t) * 20
            if t % 2 == 0 {
                transcript.append(Turn(sender: .shopper, text: t == 0 ? "hi, where is my order #\(order)? it's been a week" : "still nothing, can I talk to someone / a person?",
                                       time: time))
            } else {
                transcript.append(Turn(sender: .bot, text: "Order #\(order) shipped on 20 Nov with DPD and is due on 23 Nov. You can follow it at https://track.example/dpd/\(order).",
                                       time: time, intent: "track_order", confidence: 0.8 + Double(t) / 100, kind: .answer,
                                       quickReplies: t == 1 ? ["Talk to a person", "Something else"] : nil))
            }
        }
        return try store.open(conversationID: "c-\(n)", reason: .askedForPerson, priority: 2,
                              shopper: Ticket.Shopper(claimedEmail: "shopper\(n)@example.com", claimedPostcode: "SW1A 1AA"),
                              orders: [Ticket.OrderSnapshot(id: order, status: "shipped", state: "shipped 20 Nov with DPD, due 23 Nov",
                                                            items: ["Linen shirt (M)", "Canvas tote"])],
                              answered: ["track_order"], facts: ["order_number": order, "email": "shopper\(n)@example.com"],
                              summary: "Unverified shopper (gave shopper\(n)@example.com). Handed off because: asked for a person. The bot already answered: track order. Asked about order #\(order), not verified. Last message: \"still nothing\".",
                              transcript: transcript, at: now)
    }

    static func record(_ n: Int, at now: Date, ticketID: String?) -> ConversationRecord {
        ConversationRecord(id: "c-\(n)", started: now - 200, ended: now, outcome: ticketID == nil ? .contained : .handedOff,
                           intents: ["greeting", "track_order"], unmatched: n % 3 == 0 ? ["asdf qwer"] : [], ticketID: ticketID)
    }
}
