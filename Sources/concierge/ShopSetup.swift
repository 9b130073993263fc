import ConciergeKit
import Foundation

/// The bot and its stores, built from the options every shopper-facing command shares:
/// `--intents DIR` (the content), `--orders FILE`, `--requests FILE` and `--store DIR`.
struct ShopSetup {
    /// The options ``init(_:)`` reads; a command adds them to its own.
    static let valueOptions: Set<String> = ["intents", "orders", "requests", "store"]

    let runner: ChatRunner
    /// The folder shared with the agents: tickets, requests and, for `serve`, the session journal.
    let storeDirectory: String

    /// Loads the content and the orders and opens the stores.
    /// - Parameter groupCommit: for servers, which make the agents' queue durable in batches
    ///   (``SessionHub/sync()``) before answering, instead of at every change.
    /// - Throws: ``ContentError`` when the content has errors, an order file that can't be used,
    ///   or a store folder that can't be opened.
    init(_ a: Arguments, groupCommit: Bool = false) throws {
        let directory = ContentLocation.directory(a[option: "intents"])
        let matcher = try ContentLocation.matcher(directory)
        let timeZone = matcher.catalog.profile.timeZone
        let orders = try OrderLocation.store(a[option: "orders"], contentDirectory: directory, timeZone: timeZone)
        storeDirectory = StoreLocation.directory(a[option: "store"], contentDirectory: directory)
        let requests = orders == nil ? nil : try OrderLocation.requests(a[option: "requests"], store: storeDirectory)
        let handoff = try HandoffStore(directory: storeDirectory, timeZone: timeZone, groupCommit: groupCommit)
        runner = ChatRunner(matcher: matcher, orders: orders, requests: requests, handoff: handoff)
    }
}
