import Foundation

/// Renders a ``Classification`` as the plain text `concierge explain` and the chat's `/explain` show.
public enum Explanation {
    public static func render(_ c: Classification) -> String {
        let a = c.analysis
        var lines: [String] = []
        lines.append("words:        \(a.words.joined(separator: " "))")
        if !a.corrections.isEmpty {
            lines.append("corrections:  " + a.corrections.map { "\($0.from) → \($0.to)" }.joined(separator: ", "))
        }
        if !a.rewrites.isEmpty {
            lines.append("lexicon:      " + a.rewrites.map { "\($0.from) → \($0.to)" }.joined(separator: ", "))
        }
        lines.append("terms:        \(a.terms.joined(separator: " "))")
        var entities: [String] = []
        let e = a.entities
        for n in e.orderNumbers { entities.append("order \(n)") }
        for n in e.emails { entities.append("email \(n)") }
        for n in e.postcodes { entities.append("postcode \(n)") }
        for n in e.amounts { entities.append("amount \(n)") }
        for n in e.dates { entities.append("date \(n)") }
        if !entities.isEmpty { lines.append("entities:     " + entities.joined(separator: ", ")) }
        let decision: String
        switch c.decision {
        case .act(let id): decision = "answer as \(id)"
        case .clarify(let ids): decision = "ask which was meant: \(ids.joined(separator: " or "))"
        case .fallback: decision = "fall back (nothing fits well enough)"
        }
        lines.append("decision:     \(decision), confidence \(String(format: "%.2f", c.confidence))")
        if let greeting = c.gaveWay { lines.append("gave way:     \(greeting) gives way to the request in the same message") }
        if !c.ruledOut.isEmpty { lines.append("ruled out:    " + c.ruledOut.joined(separator: "; ")) }
        if !c.candidates.isEmpty {
            lines.append("candidates:")
            for k in c.candidates {
                lines.append("  " + String(format: "%.2f", k.score) + "  " + k.intent)
                lines.append("        closest example " + String(format: "%.2f", k.exampleScore) + ": \"\(k.closestExample)\"")
                lines.append("        whole intent " + String(format: "%.2f", k.intentScore) + "; shared terms: " + k.sharedTerms.joined(separator: ", "))
                if !k.keywords.isEmpty { lines.append("        keywords: \(k.keywords.joined(separator: ", "))") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
