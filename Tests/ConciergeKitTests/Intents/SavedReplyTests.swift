@testable import ConciergeKit
import Foundation
import Testing

extension Intents {
    @Suite struct SavedReplyTests {
        static let profile: ShopProfile = {
            var issues: [ContentIssue] = []
            return ShopProfile.parse("shop_name: Test Shop\nsupport_email: help@test.example\n", file: "shop.profile", issues: &issues)
        }()

        static func parse(_ text: String) -> ([SavedReply], [String]) {
            var issues: [ContentIssue] = []
            let replies = SavedReply.parse(text, file: "saved-replies.txt", profile: profile, issues: &issues)
            return (replies, issues.map(\.description))
        }

        @Test func theBundledSavedRepliesLoadWithoutAMistake() throws {
            let text = try String(contentsOf: Fixtures.repository.appendingPathComponent("Intents/saved-replies.txt"), encoding: .utf8)
            var issues: [ContentIssue] = []
            let replies = SavedReply.parse(text, file: "saved-replies.txt", profile: Fixtures.matcher.catalog.profile, issues: &issues)
            #expect(issues.isEmpty)
            #expect(replies.first?.title == "Greeting")
            #expect(Fixtures.matcher.catalog.savedReplies == replies)
        }

        static let mistakes: [(String, String)] = [
            ("no colon here", "saved-replies.txt:1: expected 'title: text', e.g. 'Greeting: Hi {name|there}, this is {agent} from {shop_name}.'"),
            (": Hi", "saved-replies.txt:1: the saved reply has no title; write 'title: text', e.g. 'Greeting: Hi {name|there}'"),
            ("Empty:", "saved-replies.txt:1: 'Empty' has no text; write what the agent should send after the colon"),
            ("Hi: Hello {nmae}", "saved-replies.txt:1: 'Hi': unknown placeholder {nmae} (did you mean {name}?); a saved reply may use {name}, {order}, {email}, {item}, {agent}, {ticket} and the keys of shop.profile"),
            ("Hi: Hello {name", "saved-replies.txt:1: 'Hi': a '{' without its '}'; write placeholders as {order}, or {name|there} with a fallback"),
        ]

        @Test(arguments: mistakes) func aMistakeIsReportedWithItsFileAndLine(line: String, expected: String) {
            let (replies, issues) = Self.parse(line)
            #expect(replies.isEmpty)
            #expect(issues == [expected])
        }

        @Test func aTitleUsedTwiceIsReportedOnItsSecondLine() {
            let (replies, issues) = Self.parse("# greetings\nHello: Hi {name|there}\n\nhello: Hi again\n")
            #expect(replies.map(\.title) == ["Hello"])
            #expect(issues == ["saved-replies.txt:4: 'hello' is already a saved reply (line 2); give each its own title"])
        }

        @Test func placeholdersComeFromTheTicketThenTheProfileThenTheFallback() {
            let reply = SavedReply(title: "Hi", template: "Hi {name|there}, {agent} here about {order} ({item|your item}); write to {support_email}. {ticket}")
            let known = reply.filled(with: ["name": "Amelia", "agent": "sam", "order": "10235", "item": "Ceramic lamp", "ticket": "T-1001"],
                                     profile: Self.profile)
            #expect(known == "Hi Amelia, sam here about 10235 (Ceramic lamp); write to help@test.example. T-1001")
            let unknown = reply.filled(with: ["agent": "sam", "ticket": "T-1002"], profile: Self.profile)
            #expect(unknown == "Hi there, sam here about {order} (your item); write to help@test.example. T-1002")
        }

        static let names: [(String, String?)] = [
            ("amelia.hughes@example.com", "Amelia"),
            ("SAM@example.com", "Sam"),
            ("o_bennett@example.com", nil),  // one letter is not a name
            ("ah1987@example.com", nil),
            ("info@example.com", nil),
            ("grace-okafor+shop@example.com", "Grace"),
        ]

        @Test(arguments: names) func aFirstNameIsGuessedFromAPlainEmailOnly(email: String, name: String?) {
            #expect(Ticket.firstName(fromEmail: email) == name)
        }
    }
}
