import ConciergeKit
import Foundation

/// Each agent's own token, from a file the shop controls (`--agent-tokens FILE`): one agent a
/// line, `name: token`. An agent connection's name is the one its token belongs to, so nobody can
/// act as another agent (write on a ticket someone else claimed) by calling themselves by their name.
public struct AgentCredentials: Sendable, Equatable {
    /// Agent name → token.
    public private(set) var tokens: [String: String] = [:]

    /// The fewest characters a token may have.
    public static let minimumTokenLength = 16

    public init(tokens: [String: String] = [:]) {
        self.tokens = tokens
    }

    /// Reads `name: token` lines (`#` comments and blank lines skipped).
    /// - Throws: ``ContentError`` listing every bad line as `file:line: message`.
    public static func parse(_ text: String, file: String) throws(ContentError) -> AgentCredentials {
        var out = AgentCredentials()
        var issues: [ContentIssue] = []
        var seenTokens: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = index + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                issues.append(ContentIssue(.error, file: file, line: n, "expected 'name: token', e.g. 'sam: 3f9c0d1e7a4b52c8e6d0'"))
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let token = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.isEmpty || token.isEmpty {
                issues.append(ContentIssue(.error, file: file, line: n, "both the agent's name and their token are needed: 'name: token'"))
            } else if token.count < minimumTokenLength {
                issues.append(ContentIssue(.error, file: file, line: n, "\(name)'s token is shorter than \(minimumTokenLength) characters; use a long random one (openssl rand -hex 16)"))
            } else if out.tokens[name] != nil {
                issues.append(ContentIssue(.error, file: file, line: n, "\(name) has a token already; give each agent one line"))
            } else if let first = seenTokens[token] {
                issues.append(ContentIssue(.error, file: file, line: n, "the same token as line \(first); each agent needs their own"))
            } else {
                out.tokens[name] = token
                seenTokens[token] = n
            }
        }
        if !issues.isEmpty { throw ContentError(issues: issues) }
        return out
    }

    /// The agent `token` belongs to, or nil.
    public func agent(for token: String) -> String? {
        // Every token is compared, whole: how long the check takes says nothing about which matched.
        var found: String?
        for (name, candidate) in tokens where Self.same(candidate, token) { found = name }
        return found
    }

    /// Whether `a` and `b` are equal, in a time that depends only on their lengths.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}
