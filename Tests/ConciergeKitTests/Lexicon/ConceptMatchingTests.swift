@testable import ConciergeKit
import Testing

extension Lexicon {
    /// Concepts, lemmas, cues and yielding, on a small shop written in memory, so that each test
    /// shows the one mechanism it pins down.
    @Suite struct ConceptMatchingTests {
        static let profile = "shop_name: Test Shop\nsupport_hours: Mon-Fri 09:00-17:00\ntimezone: Europe/London\nreturn_window_days: 30\n"

        static let concepts = """
        ~order: order, purchase, buy
        ~item: item, article, product
        ~refund: refund, reimbursement, money back, rebate
        ~policy: policy, rule
        ~hello: hello, hi, hiya
        ~track: track, locate
        """

        static let intents = """
        intent: place_order
        examples:
          - I want to order an item
          - how do I order
        answer: Add it to the basket.

        intent: track_order
        examples:
          - where is my order
          - track my order
        answer: Here is your tracking.

        intent: get_refund
        examples:
          - I want a refund
          - refund me please
        excludes: ~policy
        answer: I'll start your refund.

        intent: check_refund_policy
        examples:
          - what is your refund policy
          - how do refund rules work
        needs: ~policy
        form: question
        answer: Refunds within 30 days.

        intent: greeting
        yields: yes
        examples:
          - hello
          - hi there
        answer: Hello!
        """

        static let matcher: IntentMatcher = {
            do {
                let catalog = try Catalog.parse(files: ["shop.intents": intents, "shop.profile": profile,
                                                        "concepts.txt": concepts, "lemmas.txt": "bought buy\n"])
                return IntentMatcher(catalog: catalog)
            } catch {
                fatalError("the test shop does not load: \(error)")
            }
        }()

        @Test
        func everyFormOfAConceptsMembersIsReadAsTheConcept() {
            let terms = Self.matcher.analyze("purchasing two articles, I purchased a product").terms
            #expect(terms.filter { $0 == "~order" }.count == 2)
            #expect(terms.filter { $0 == "~item" }.count == 2)
        }

        @Test
        func anIrregularFormIsReadAsItsLemmasConcept() {
            #expect(Self.matcher.analyze("I bought it").terms.contains("~order"))
        }

        @Test
        func aWordTheExamplesNeverUseIsMatchedThroughItsConcept() {
            // No example says "acquire"-like "purchase" or "rebate": the concepts carry them.
            #expect(Self.matcher.classify("I want to purchase an article").intent == "place_order")
            #expect(Self.matcher.classify("I want a rebate").intent == "get_refund")
        }

        @Test
        func aPhraseMemberWinsOverItsWordsAndIsInflected() {
            #expect(Self.matcher.analyze("I want my money back").terms.contains("~refund"))
        }

        @Test
        func aCueRulesOutASiblingAndExplainSaysWhich() {
            let result = Self.matcher.explain("what is your refund rule")
            #expect(result.intent == "check_refund_policy")
            #expect(result.ruledOut.contains("get_refund excludes ~policy"))
            let other = Self.matcher.explain("can you refund my order")
            #expect(other.intent != "check_refund_policy")
            #expect(other.ruledOut.contains("check_refund_policy needs ~policy"))
        }

        @Test
        func aFormCueAsksForAQuestion() {
            #expect(Cue.isQuestion(text: "how do refunds work", words: ["how", "do", "refunds", "work"]))
            #expect(Cue.isQuestion(text: "hi, can I return it", words: ["hi", "can", "i", "return", "it"]))
            #expect(Cue.isQuestion(text: "refund policy?", words: ["refund", "policy"]))
            #expect(!Cue.isQuestion(text: "I want your refund policy", words: ["i", "want", "your", "refund", "policy"]))
            let statement = Self.matcher.explain("refund policy rule")
            #expect(statement.ruledOut.contains("check_refund_policy asks for a question"))
            #expect(Self.matcher.classify("what is your refund rule").intent == "check_refund_policy")
        }

        @Test
        func aGreetingInFrontOfARequestGivesWayToTheRequest() {
            #expect(Self.matcher.classify("hiya, where is my order").intent == "track_order")
            #expect(Self.matcher.classify("hi there").intent == "greeting")
            // In the demo shop "hiya" alone outweighs the rest: the greeting has to give way.
            let demo = Fixtures.matcher.classify("hiya wheres my order 10233 email grace.okafor@example.com")
            #expect(demo.intent == "track_order")
            #expect(demo.gaveWay == "greeting")
            #expect(demo.analysis.entities.orderNumbers == ["10233"])
            #expect(Fixtures.matcher.classify("thanks so much!").intent == "thanks")
        }

        @Test
        func explainListsWhatTheLexiconRewrote() {
            let text = Explanation.render(Self.matcher.explain("I bought an article"))
            #expect(text.contains("lexicon:      bought → ~order, article → ~item"))
        }
    }
}
