@testable import ConciergeKit
import Testing

extension Dashboard {
    /// Text is escaped wherever it goes: element content and attribute values.
    @Suite struct MarkupTests {
        @Test(arguments: [
            ("plain text, é 日本 👋🏽", "plain text, é 日本 👋🏽"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("\"onmouseover=alert(1)", "&quot;onmouseover=alert(1)"),
            ("it's", "it&#39;s"),
            ("&amp; stays visible", "&amp;amp; stays visible"),
            ("</svg>", "&lt;/svg&gt;"),
        ])
        func textIsEscaped(_ text: String, _ escaped: String) {
            #expect(Markup.escaped(text) == escaped)
            var m = Markup()
            m.element("td", ["title": text], text: text)
            #expect(m.output == "<td title=\"\(escaped)\">\(escaped)</td>")
        }

        @Test func anAttributeWithoutAValueIsLeftOut() {
            var m = Markup()
            m.element("th", ["scope": "row", "class": nil], text: "Mon 2 Nov")
            #expect(m.output == "<th scope=\"row\">Mon 2 Nov</th>")
        }

        @Test(arguments: [(12.0, "12"), (12.04, "12"), (12.05, "12.1"), (0.5, "0.5"), (-3.25, "-3.3"), (-0.04, "0"), (1e6, "1000000")])
        func coordinatesAreWrittenToOneDecimal(_ value: Double, _ text: String) {
            #expect(Markup.number(value) == text)
        }
    }
}
