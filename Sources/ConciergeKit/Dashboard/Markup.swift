/// HTML, and the SVG inside it, written into one string in which every piece of text is escaped.
///
/// Markup comes only from string literals in the code (tag and attribute names, the style sheet:
/// `StaticString`s, which data cannot become); everything else, the page's own sentences and the
/// shop's data alike (messages, intents, names), goes through ``text(_:)`` or into attribute
/// values, and is escaped there. So a message reading `<script>` or `"onmouseover=` shows as
/// those characters and never becomes markup.
struct Markup {
    private(set) var output = ""

    init(capacity: Int = 0) {
        output.reserveCapacity(capacity)
    }

    /// Markup written in the code, as it is.
    mutating func raw(_ literal: StaticString) {
        literal.withUTF8Buffer { output += String(decoding: $0, as: UTF8.self) }
    }

    /// Text, escaped.
    mutating func text(_ text: String) {
        Self.escape(text, into: &output)
    }

    /// `<tag name="value" ...>`, the values escaped; a nil value leaves its attribute out.
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        output += "<"
        raw(tag)
        for (name, value) in attributes {
            guard let value else { continue }
            output += " "
            raw(name)
            output += "=\""
            Self.escape(value, into: &output)
            output += "\""
        }
        output += ">"
    }

    /// `</tag>`.
    mutating func close(_ tag: StaticString) {
        output += "</"
        raw(tag)
        output += ">"
    }

    /// `<tag ...>text</tag>`, the text escaped.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// `<tag ...>`, then what `body` writes, then `</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ body: (inout Markup) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// An SVG shape with a tooltip (`<rect ...><title>…</title></rect>`), which also names it to assistive technology.
    mutating func shape(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?>, title: String) {
        open(tag, attributes)
        element("title", text: title)
        close(tag)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by their character references.
    static func escaped(_ text: String) -> String {
        var output = ""
        escape(text, into: &output)
        return output
    }

    private static func escape(_ text: String, into output: inout String) {
        // Most text has nothing to escape: append it whole.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// A coordinate to one decimal, without a trailing `.0`: `12`, `12.5`.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? sign + "\(magnitude / 10)" : sign + "\(magnitude / 10).\(magnitude % 10)"
    }
}
