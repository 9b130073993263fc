import Foundation
import Testing
@testable import ConciergeKit

/// How a finished conversation is logged for the manager's report.
struct ConversationReportTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800 + 23 * 3600)

    @Test func messagesTheBotCouldNotPlaceReachTheReportAndAnAnsweredChatCountsAsContained() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try HandoffStore(directory: folder, timeZone: Fixtures.matcher.catalog.profile.timeZone)
        let bot = ChatRunner(matcher: Fixtures.matcher, handoff: store)
        var (c, _) = bot.start(id: "c1", at: Self.now).pair
        (c, _) = bot.respond(to: "the flux capacitor hums", in: c, at: Self.now).pair
        (c, _) = bot.respond(to: "what payment methods do you take", in: c, at: Self.now).pair
        bot.finish(c, at: Self.now.addingTimeInterval(60))
        let report = store.report(since: nil, now: Self.now.addingTimeInterval(120))
        #expect(report.conversations == 1)
        #expect(report.contained == 1)
        #expect(report.topUnmatched.map(\.text) == ["the flux capacitor hums"])
        #expect(report.intents.map(\.name) == ["check_payment_methods"])
    }
}
