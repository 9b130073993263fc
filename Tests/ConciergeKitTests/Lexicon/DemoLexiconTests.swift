@testable import ConciergeKit
import Testing

extension Lexicon {
    /// The demo shop's lexicon (WordNet's lemmas, everyday words and compounds, and the shop's
    /// concepts) on messages a shopper might send.
    @Suite struct DemoLexiconTests {
        @Test
        func aCompoundTheShopNeverUsesIsOneUnknownWord() {
            let result = Fixtures.matcher.explain("what's my credit rating")
            #expect(result.analysis.terms.contains("credit_rating"))
            #expect(result.analysis.rewrites.contains(.init(from: "credit rating", to: "credit_rating")))
            #expect(result.decision == .fallback)
            // "rating" on its own is still a review.
            #expect(Fixtures.matcher.classify("I'd like to leave a rating for the lamp I bought").intent == "review")
        }

        @Test
        func aCompoundTheShopsExamplesUseKeepsItsWords() {
            // "order number" is written in the demo shop's examples, so it is not made one word.
            #expect(!Fixtures.matcher.analyze("what is my order number").terms.contains("order_number"))
        }

        @Test
        func anEverydayWordIsNotTakenForATypo() {
            let pleasure = Fixtures.matcher.analyze("it was a pleasure")
            #expect(pleasure.corrections.isEmpty)
            let typo = Fixtures.matcher.analyze("plesae cancel my oder")
            #expect(typo.corrections.map(\.to).contains("order"))
        }

        @Test
        func aRareWordIsNotSplitIntoRareShortPieces() {
            #expect(!Fixtures.matcher.analyze("when was toyota founded").terms.contains("~thanks"))
        }

        @Test
        func aTypoThatIsAConceptMembersStemStillMeansTheConcept() {
            #expect(Fixtures.matcher.analyze("delet acount").terms.first == "~delete")
        }

        @Test
        func lemmasAndConceptsCarryWordsTheExamplesNeverUse() {
            #expect(Fixtures.matcher.classify("i wanna acquire a couple of your products").intent == "place_order")
            #expect(Fixtures.matcher.classify("i need to file a reclamation").intent == "complaint")
            #expect(Fixtures.matcher.classify("has my reimbursement gone through yet").intent == "track_refund")
        }
    }
}
