@testable import ConciergeKit
import Testing

/// How many of an item a message says, read from its words, and only before something countable.
struct QuantityTests {
    /// Stands in for the shop's product words.
    static let products: Set<String> = ["mug", "mugs", "candle", "candles", "casseroles", "vase", "vases"]

    static let cases: [(String, Quantity.Said?)] = [
        ("return 2 of the 3 mugs", .count(2)),
        ("could i cancel one of the candles", .count(1)),
        ("please cancel 1 mug, keep everything else", .count(1)),
        ("cancel 1 of the 2 casseroles on order 10296", .count(1)),
        ("just one of them is chipped", .count(1)),
        ("two vases arrived", .count(2)),
        ("a couple of mugs", .count(2)),
        ("a single candle", .count(1)),
        ("both candles smell odd", .all),
        ("all of the mugs", .all),
        ("all 3 of them", .all),
        ("can i cancel that one", nil),
        ("the other one is fine", nil),
        ("order 10231 please", nil),
        ("it took 2 weeks", nil),
        ("all good thanks", nil),
        ("one day late", nil),
    ]

    @Test(arguments: cases)
    func aMessageSaysHowMany(_ text: String, _ expected: Quantity.Said?) {
        let words = TextNormalizer.words(in: text)
        let said = Quantity.said(in: words) { Self.products.contains($0) || Quantity.itemWords.contains($0) }
        #expect(said == expected, "\(text)")
    }

    @Test func onlyFewerThanTheOrderHasIsAPart() {
        #expect(Quantity.part(.count(1), of: 2) == 1)
        #expect(Quantity.part(.count(2), of: 2) == nil)
        #expect(Quantity.part(.count(3), of: 2) == nil)
        #expect(Quantity.part(.all, of: 3) == nil)
        #expect(Quantity.part(.count(1), of: 1) == nil)
        #expect(Quantity.named(.count(3), of: 2) == 2 && Quantity.named(.all, of: 3) == 3 && Quantity.named(.count(1), of: 1) == nil)
        #expect(Quantity.phrase("Enamel mug, cream", count: 1, of: 2) == "Enamel mug, cream (1 of 2)")
        #expect(Quantity.phrase("Enamel mug, cream", count: 2, of: 2) == "Enamel mug, cream (both)")
        #expect(Quantity.phrase("Enamel mug, cream", count: 3, of: 3) == "Enamel mug, cream (all 3)")
        #expect(Quantity.phrase("Enamel mug, cream", count: nil, of: 2) == "Enamel mug, cream")
    }

    @Test func aQuickLookFindsCountsAndSkipsOrderNumbers() {
        #expect(Quantity.mayBeIn(TextNormalizer.words(in: "cancel 1 mug")))
        #expect(Quantity.mayBeIn(TextNormalizer.words(in: "both of them")))
        #expect(!Quantity.mayBeIn(TextNormalizer.words(in: "where is order 10231")))
    }
}
