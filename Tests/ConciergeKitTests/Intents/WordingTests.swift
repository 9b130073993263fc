@testable import ConciergeKit
import Foundation
import Testing

extension Intents {
    @Suite struct WordingTests {
        static let profile = "shop_name: Test Shop\nsupport_email: help@test.example\n"

        /// The bundled wording file, so each test changes one thing in a complete file.
        static let bundled: String = {
            (try? String(contentsOf: Fixtures.repository.appendingPathComponent("Intents/wording.txt"), encoding: .utf8)) ?? ""
        }()

        static func issues(_ text: String) -> [ContentIssue] {
            var issues: [ContentIssue] = []
            var profileIssues: [ContentIssue] = []
            let profile = ShopProfile.parse(profile, file: "shop.profile", issues: &profileIssues)
            _ = Wording.parse(text, file: "wording.txt", profile: profile, issues: &issues)
            return issues
        }

        @Test func theBundledWordingHasEveryKeyAndNoMistake() {
            #expect(Self.issues(Self.bundled).isEmpty)
        }

        @Test func aMistypedKeyIsReportedWithItsLineAndTheKeyItMeant() {
            let text = Self.bundled.replacingOccurrences(of: "fallback_options:", with: "fallback_option:")
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("fallback_option:") }.map { $0 + 1 } ?? 0
            let found = Self.issues(text).map(\.description)
            #expect(found.contains("wording.txt:\(line): unknown key 'fallback_option'; did you mean 'fallback_options'?"))
            #expect(found.contains { $0.hasPrefix("wording.txt: missing 'fallback_options:'") })
        }

        @Test func aKeySetTwiceOrEmptyOrNamingAnUnknownPlaceholderIsAnError() {
            let lines = Self.bundled.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                if line.hasPrefix("rephrase:") { return "rephrase:" }
                if line.hasPrefix("acknowledged:") { return "acknowledged: Anything else at {shop_nam}?" }
                return String(line)
            }
            let text = lines.joined(separator: "\n") + "\nwelcome: Hi again\n"
            let found = Self.issues(text).map(\.message)
            #expect(found.contains { $0.hasPrefix("'welcome' is set twice") })
            #expect(found.contains { $0.hasPrefix("'rephrase' is empty") })
            #expect(found.contains { $0.contains("unknown placeholder {shop_nam}") })
        }

        @Test func placeholdersAreFilledFromTheProfile() {
            var issues: [ContentIssue] = []
            var profileIssues: [ContentIssue] = []
            let profile = ShopProfile.parse(Self.profile, file: "shop.profile", issues: &profileIssues)
            let wording = Wording.parse(Self.bundled, file: "wording.txt", profile: profile, issues: &issues)
            #expect(wording[.welcome].contains("Test Shop"))
            #expect(wording.options(.welcomeOptions).count == 3)
        }
    }
}
