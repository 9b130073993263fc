@testable import concierge
import ConciergeServer
import Testing

/// The web side's limits on the command line of `concierge serve` and `serve-web`.
struct ServeWebOptionsTests {
    static func configuration(_ args: [String]) throws -> HTTPBridge.Configuration? {
        try ServeWebCommand.configuration(Arguments(args, valueOptions: ServeWebCommand.valueOptions, flagOptions: []))
    }

    @Test func eachLimitHasAnOptionThatSetsIt() throws {
        let c = try #require(try Self.configuration([
            "--http-port", "0", "--http-connections", "4096", "--http-connections-per-address", "64", "--http-streams-per-address", "24",
            "--http-header-timeout", "2.5", "--http-body-timeout", "3", "--http-idle-timeout", "30",
        ]))
        #expect(c.port == 0)
        #expect(c.maximumConnections == 4096)
        #expect(c.maximumConnectionsPerAddress == 64)
        #expect(c.maximumStreamsPerAddress == 24)
        #expect(c.headerTimeout == 2.5)
        #expect(c.bodyTimeout == 3)
        #expect(c.idleTimeout == 30)
    }

    @Test func withoutThemTheDefaultsStand() throws {
        let c = try #require(try Self.configuration(["--http-port", "8080"]))
        let defaults = HTTPBridge.Configuration()
        #expect(c.maximumConnections == defaults.maximumConnections)
        #expect(c.maximumStreamsPerAddress == defaults.maximumStreamsPerAddress)
        #expect(c.headerTimeout == defaults.headerTimeout)
        #expect(try Self.configuration([]) == nil)
    }

    static let mistakes: [(args: [String], message: String)] = [
        (["--http-port", "0", "--http-connections", "0"], "--http-connections takes a whole number of at least 1, e.g. --http-connections 256"),
        (["--http-port", "0", "--http-streams-per-address", "many"], "--http-streams-per-address takes a whole number of at least 1, e.g. --http-streams-per-address 16"),
        (["--http-port", "0", "--http-header-timeout", "-1"], "--http-header-timeout takes a number of seconds above 0 (a day at most), e.g. --http-header-timeout 10"),
        (["--http-port", "0", "--http-idle-timeout", "nan"], "--http-idle-timeout takes a number of seconds above 0 (a day at most), e.g. --http-idle-timeout 15"),
        (["--http-body-timeout", "5"], "--http-body-timeout goes with --http-port, e.g. --http-port 8080 --http-body-timeout 10"),
        (["--allow-origin", "https://shop.example"], "--allow-origin goes with --http-port, e.g. --http-port 8080 --allow-origin https://shop.example"),
    ]

    @Test(arguments: mistakes)
    func aMistakeSaysWhatToTypeInstead(_ mistake: (args: [String], message: String)) {
        #expect(throws: UsageError.self) { try Self.configuration(mistake.args) }
        do {
            _ = try Self.configuration(mistake.args)
        } catch {
            #expect("\(error)" == mistake.message)
        }
    }

    @Test func theUsageTextNamesEveryLimit() {
        for option in ServeWebCommand.valueOptions {
            #expect(ServeCommand.usage.contains("--\(option)"), "\(option)")
            #expect(ServeWebCommand.usage.contains("--\(option)"), "\(option)")
        }
    }
}
