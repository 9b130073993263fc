@testable import ConciergeServer
import Testing

/// Cutting a byte stream into lines: pieces, limits, and what is skipped.
struct LineFramerTests {
    /// Feeds `chunks` to a framer with a 16-byte limit; lines as strings, refusals as "!".
    func frame(_ chunks: [String], finish: Bool = false) -> [String] {
        var framer = LineFramer(limit: 16)
        var out: [String] = []
        func collect(_ piece: LineFramer.Piece) {
            switch piece {
            case .line(let bytes): out.append(String(decoding: bytes, as: UTF8.self))
            case .tooLong: out.append("!")
            }
        }
        for chunk in chunks {
            var bytes = Array(chunk.utf8)
            bytes.withUnsafeMutableBufferPointer { framer.feed(UnsafeBufferPointer($0), collect) }
        }
        if finish { framer.finish(collect) }
        return out
    }

    static let cases: [(chunks: [String], lines: [String])] = [
        (["a\nb\n"], ["a", "b"]),
        (["ab", "c\nd", "e\n"], ["abc", "de"]),
        (["a\r\nb\r\n"], ["a", "b"]),
        (["\n  \n\t\na\n"], ["a"]),
        (["no newline yet"], []),
        ([String(repeating: "x", count: 16) + "\n"], [String(repeating: "x", count: 16)]),
        ([String(repeating: "x", count: 17) + "\nok\n"], ["!", "ok"]),
        (["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xx\nok\n"], ["!", "ok"]),
        (["xxxxxxxxxx", "xxxxxx\n"], ["xxxxxxxxxxxxxxxx"]),
    ]

    @Test(arguments: cases)
    func linesAreCutWhereverTheChunksEnd(_ c: (chunks: [String], lines: [String])) {
        #expect(frame(c.chunks) == c.lines)
    }

    @Test func anOverlongLineIsReportedOnceAsSoonAsItPassesTheLimit() {
        var framer = LineFramer(limit: 16)
        var refusals = 0
        for _ in 0..<100 {
            var bytes = [UInt8](repeating: 120, count: 10)
            bytes.withUnsafeMutableBufferPointer { framer.feed(UnsafeBufferPointer($0)) { _ in refusals += 1 } }
        }
        #expect(refusals == 1)
        #expect(framer.hasPartialLine)
    }

    @Test func finishingGivesTheLastLineWithoutItsNewline() {
        #expect(frame(["a\nlast"], finish: true) == ["a", "last"])
        #expect(frame(["a\n"], finish: true) == ["a"])
    }
}
