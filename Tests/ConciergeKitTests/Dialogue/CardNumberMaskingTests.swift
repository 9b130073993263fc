import Foundation
import Testing
@testable import ConciergeKit

/// A card number a shopper types is masked before anything keeps the message.
struct CardNumberMaskingTests {
    static let numbers = ["4111 1111 1111 1111", "4242-4242-4242-4242", "5555555555554444"]

    @Test(arguments: numbers)
    func aCardNumberTypedIntoTheChatIsKeptNowhereInFull(_ number: String) {
        let bot = ChatRunner(matcher: Fixtures.matcher, orders: nil)
        let now = Date(timeIntervalSince1970: 1_795_348_800)
        var (c, _) = bot.start(id: "card", customer: nil, at: now).pair
        (c, _) = bot.respond(to: "my card \(number) was declined at checkout", in: c, at: now).pair
        (c, _) = bot.respond(to: "zzz \(number) qqq", in: c, at: now).pair
        let digits = number.filter(\.isNumber)
        let line = String(decoding: JournalEncoding.line(session: c.id, turns: c.transcript[...], state: c), as: UTF8.self)
        for kept in c.transcript.map(\.text) + c.unmatched + [line] {
            #expect(!kept.filter(\.isNumber).contains(digits), "kept in full: \(kept)")
        }
        #expect(c.transcript.contains { $0.sender == .shopper && $0.text.contains("•••• •••• •••• \(digits.suffix(4))") })
    }
}
