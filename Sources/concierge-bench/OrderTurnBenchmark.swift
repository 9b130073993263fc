import ConciergeKit
import ConciergeTestSupport
import Foundation

/// Times whole conversation turns with order look-ups against a store scaled up from the demo
/// shop's orders (1,000,000 by default), and the time to build and to load such a store.
enum OrderTurnBenchmark {
    struct Result {
        var orders: Int
        var buildMilliseconds: Double
        var fileLoadMilliseconds: Double?
        var fileMegabytes: Double?
        var askTurn: LatencyStats
        var verifyTurn: LatencyStats
        var allTurns: LatencyStats
        var turnsPerSecond: Double
    }

    /// Copies of the demo orders with new numbers and e-mail addresses, `count` in all.
    static func scaledOrders(from demo: [Order], count: Int) -> [Order] {
        var out: [Order] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            var o = demo[i % demo.count]
            o.id = String(2_000_000 + i)
            o.email = "shopper\(i)@example.com"
            out.append(o)
        }
        return out
    }

    /// - Parameters:
    ///   - count: orders in the scaled store.
    ///   - conversations: conversations timed (two turns each: the question, then the verification and answer).
    ///   - loadFile: also write the store as an export and time `OrderStore.load` on it.
    static func run(matcher: IntentMatcher, demoOrdersPath: String, count: Int, conversations: Int, loadFile: Bool) throws -> Result {
        let now = Date()
        let demo = try OrderStore.load(path: demoOrdersPath, today: now, timeZone: matcher.catalog.profile.timeZone).store.all
        let orders = scaledOrders(from: demo, count: count)
        let (store, build) = MonotonicClock.milliseconds { OrderStore(orders: orders) }

        var fileLoad: Double?
        var megabytes: Double?
        if loadFile {
            let path = NSTemporaryDirectory() + "concierge-bench-orders-\(getpid()).json"
            defer { unlink(path) }
            try writeExport(orders, to: path)
            megabytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
            let (loaded, ms) = try MonotonicClock.milliseconds { try OrderStore.load(path: path, today: now, timeZone: matcher.catalog.profile.timeZone) }
            precondition(loaded.store.count == count, "the exported store did not load whole: \(loaded.issues.prefix(3))")
            fileLoad = ms
        }

        let bot = Bot(matcher: matcher, orders: store)
        var ask: [UInt64] = []
        var verify: [UInt64] = []
        ask.reserveCapacity(conversations)
        verify.reserveCapacity(conversations)
        var generator = SeededGenerator(seed: 42)
        let questions = ["where is my order %@", "can I return something from order %@", "has my refund for %@ gone through",
                         "I want to cancel order %@", "wheres my parcel #%@"]
        let warmUp = min(2_000, conversations / 10)
        let started = MonotonicClock.nanoseconds()
        for n in 0..<(conversations + warmUp) {
            let i = Int(generator.next() % UInt64(count))
            let order = orders[i]
            let question = questions[n % questions.count].replacingOccurrences(of: "%@", with: order.id)
            var c = bot.start(id: "bench-\(n)", at: now).conversation
            let t0 = MonotonicClock.nanoseconds()
            c = bot.respond(to: question, in: c, at: now).conversation
            let t1 = MonotonicClock.nanoseconds()
            let replies = bot.respond(to: order.email, in: c, at: now).replies
            let t2 = MonotonicClock.nanoseconds()
            precondition(replies.contains { $0.text.contains(order.id) }, "the turn did not answer about order \(order.id): \(replies)")
            if n >= warmUp {
                ask.append(t1 - t0)
                verify.append(t2 - t1)
            }
        }
        let elapsed = Double(MonotonicClock.nanoseconds() - started) / 1e9
        return Result(orders: count, buildMilliseconds: build, fileLoadMilliseconds: fileLoad, fileMegabytes: megabytes,
                      askTurn: LatencyStats(nanoseconds: ask), verifyTurn: LatencyStats(nanoseconds: verify),
                      allTurns: LatencyStats(nanoseconds: ask + verify),
                      turnsPerSecond: Double(2 * (conversations + warmUp)) / elapsed)
    }

    private static func writeExport(_ orders: [Order], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("can't write \(path)")
        }
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        handle.write(Data("{\"version\":1,\"orders\":[\n".utf8))
        var chunk = Data()
        for (i, order) in orders.enumerated() {
            if i > 0 { chunk.append(contentsOf: Array(",\n".utf8)) }
            chunk.append(try encoder.encode(order))
            if chunk.count > 4_000_000 {
                handle.write(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.append(contentsOf: Array("\n]}\n".utf8))
        handle.write(chunk)
    }

    static func table(_ r: Result) -> String {
        func us(_ x: Double) -> String { String(format: "%.1f µs", x) }
        var lines = [
            "| orders | build index | load export | turn: question p50 / p99 | turn: verify + answer p50 / p99 | all turns p99 | turns/s |",
            "|---|---|---|---|---|---|---|",
        ]
        let load = r.fileLoadMilliseconds.map { String(format: "%.1f s (%.0f MB)", $0 / 1000, r.fileMegabytes ?? 0) } ?? "not measured"
        lines.append("| \(BenchmarkTable.grouped(r.orders)) | \(String(format: "%.0f ms", r.buildMilliseconds)) | \(load) | "
            + "\(us(r.askTurn.p50)) / \(us(r.askTurn.p99)) | \(us(r.verifyTurn.p50)) / \(us(r.verifyTurn.p99)) | "
            + "\(us(r.allTurns.p99)) | \(BenchmarkTable.grouped(Int(r.turnsPerSecond))) |")
        return lines.joined(separator: "\n")
    }
}
