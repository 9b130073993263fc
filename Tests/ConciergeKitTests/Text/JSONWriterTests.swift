import Foundation
import Testing
@testable import ConciergeKit
import ConciergeTestSupport

/// The JSON writer writes in place: numbers and keys come out as `String(v)`, `description` and
/// `JSONEncoder` write them, however the output grows.
struct JSONWriterTests {
    static let integers = [0, 1, -1, 9, 10, -10, 99, 100, 12_345, 1_000_000_007, Int.max, Int.min, Int.max - 1, Int.min + 1]

    @Test(arguments: integers)
    func anIntegerIsWrittenAsStringWritesIt(_ v: Int) {
        var w = JSONWriter()
        w.begin()
        w.field("n", v)
        w.end()
        #expect(String(decoding: w.bytes, as: UTF8.self) == "{\"n\":\(v)}")
    }

    /// A repeated double is copied from where it was written last, also after the output grew.
    @Test func doublesAreWrittenAsDescriptionWritesThem() throws {
        let values = [0.5, 0.5, 1_796_292_505.0377378, 1_796_292_505.0377378, 0.1, 1e-7, 1e-7, 1.0, 1.0, -0.0, 0.0, 12.25, 3e20, .infinity, 0.5]
        for style in [JSONWriter.Style.htmlSafe, .encoder] {
            // A tiny buffer: it grows between writing a number and copying it.
            var w = JSONWriter(style, capacity: 1)
            w.begin()
            var expected = "{"
            for (i, v) in values.enumerated() {
                w.field("a", String(repeating: "x", count: i * 7))
                w.field("d", v)
                var text = v.isFinite ? v.description : "0"
                if style == .encoder && text.hasSuffix(".0") { text.removeLast(2) }
                expected += (i == 0 ? "" : ",") + "\"a\":\"\(String(repeating: "x", count: i * 7))\",\"d\":\(text)"
            }
            w.end()
            #expect(String(decoding: w.bytes, as: UTF8.self) == expected + "}")
        }
    }

    /// Expects each of `values` written as `description` writes it, in both styles (the encoder
    /// style without a whole number's `.0`).
    static func expectWrittenAsDescription(_ values: [Double]) {
        for style in [JSONWriter.Style.htmlSafe, .encoder] {
            for v in values where v.isFinite {
                var w = JSONWriter(style)
                w.begin()
                w.field("v", v)
                w.end()
                var text = v.description
                if style == .encoder && text.hasSuffix(".0") { text.removeLast(2) }
                #expect(String(decoding: w.bytes, as: UTF8.self) == "{\"v\":\(text)}", "\(v)")
            }
        }
    }

    /// Every whole number of thousandths from 0 to 1, as the wire rounds a confidence, is
    /// written as `description` writes it, and its neighbours still go through `description`.
    @Test func everyConfidenceTheWireRoundsIsWrittenAsDescriptionWritesIt() {
        Self.expectWrittenAsDescription((0...1000).flatMap { k in
            let rounded = Double(k) / 1000
            return [rounded, rounded.nextUp, rounded.nextDown, (0.8113 * 1000).rounded() / 1000, -rounded]
        })
    }

    /// Times and confidences rounded to the microsecond or millionth are written as
    /// `description` writes them, over the whole range the writer works their digits out itself,
    /// and at its edges.
    @Test func numbersOfMillionthsAreWrittenAsDescriptionWritesThem() {
        var random = SeededGenerator(seed: 13)
        var values: [Double] = [0, 0.0001, 0.000_1001, 0.000_099_999, 1e-6, 0.5, 1, 2, 10, 100.000_001, 1_796_298_801.329_228,
                                1_796_298_801, 8_589_934_591.999_999, 8_589_934_592, 8_589_934_592.5, 4_294_967_296.000_001, 1e15, 123_456.7]
        for _ in 0..<20_000 {
            let scale = [1.0, 1e3, 1e6, 1e9, 8.5e9][Int.random(in: 0..<5, using: &random)]
            values.append((Double.random(in: 0...scale, using: &random) * 1_000_000).rounded() / 1_000_000)
        }
        Self.expectWrittenAsDescription(values.flatMap { [$0, $0.nextUp, $0.nextDown] })
    }

    struct Sample: Codable {
        var v: Int
        var id: String
        var list: [String]
        var nested: [String: Double]
        var flag: Bool
    }

    @Test func keysAndValuesAreWhatJSONEncoderWrites() throws {
        let sample = Sample(v: 1, id: "x\"y", list: ["a", "", "é"], nested: ["k": 2.5], flag: true)
        for (style, formatting) in [(JSONWriter.Style.encoder, JSONEncoder.OutputFormatting([.sortedKeys, .withoutEscapingSlashes])),
                                    (.prettyEncoder, [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])] {
            var w = JSONWriter(style, capacity: 2)
            w.begin()
            w.field("flag", sample.flag)
            w.field("id", sample.id)
            w.field("list", sample.list)
            w.key("nested")
            w.begin()
            w.field("k", 2.5)
            w.end()
            w.field("v", sample.v)
            w.end()
            let encoder = JSONEncoder()
            encoder.outputFormatting = formatting
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: try encoder.encode(sample), as: UTF8.self))
        }
    }
    /// Every character that needs escaping, at every offset of texts shorter and longer than the
    /// eight bytes the scan skips at a time, is escaped as `JSONEncoder` escapes it (and, in the
    /// HTML-safe style, `<`, `>` and `&` too), and the reader gives the text back.
    @Test func specialCharactersAreEscapedWhereverTheyFallInTheText() throws {
        let specials: [Character] = ["\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "<", ">", "&", "é", "→", " "]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for length in [1, 7, 8, 9, 15, 16, 17, 31, 33, 40] {
            for offset in 0..<length {
                for special in specials {
                    var text = String(repeating: "a", count: length)
                    text.replaceSubrange(text.index(text.startIndex, offsetBy: offset)...text.index(text.startIndex, offsetBy: offset), with: String(special))
                    var plain = JSONWriter(.encoder)
                    plain.string(text)
                    let expected = String(decoding: try encoder.encode(text), as: UTF8.self)
                    #expect(String(decoding: plain.bytes, as: UTF8.self) == expected, "\(length) \(offset) \(special.unicodeScalars.first!.value)")
                    var safe = JSONWriter(.htmlSafe)
                    safe.string(text)
                    let htmlSafe = expected.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
                        .replacingOccurrences(of: "&", with: "\\u0026")
                    #expect(String(decoding: safe.bytes, as: UTF8.self) == htmlSafe, "\(length) \(offset) \(special.unicodeScalars.first!.value)")
                    let read = try safe.bytes.withUnsafeBufferPointer { bytes in
                        var reader = JSONReader(bytes)
                        return try reader.value()
                    }
                    guard case .string(let back) = read else { Issue.record("not a string: \(read)"); continue }
                    #expect(back == text)
                }
            }
        }
    }
}
