@testable import ConciergeKit
import ConciergeTestSupport
import Foundation
import Testing

extension Handoff {
    /// Likely misunderstandings: confident answers the shopper at once contradicted or repeated,
    /// and the many replies that only look like it.
    @Suite struct MisunderstandingTests {
        static let t = HandoffTestSupport.opened

        static func shopper(_ text: String) -> Turn { Turn(sender: .shopper, text: text, time: t) }

        static func answer(_ intent: String?, _ confidence: Double?, _ text: String = "Your order shipped on 20 Nov with DPD.",
                           kind: Reply.Kind = .answer, quickReplies: [String]? = nil) -> Turn {
            Turn(sender: .bot, text: text, time: t, intent: intent, confidence: confidence, kind: kind, quickReplies: quickReplies)
        }

        // MARK: Reactions on their own

        @Test(arguments: [
            "no that's not what I asked", "No, that's not what I meant!", "thats not what i was asking", "wrong", "That's wrong.",
            "wrong answer", "you're wrong", "that's not it", "no not it", "no, I mean the refund", "I meant my refund",
            "sorry i meant the other order", "i was asking about delivery times", "I said refund not delivery",
            "you didn't answer my question", "that doesn't answer my question", "not my question", "you misunderstood me",
            "no", "Nope.", "no no", "no, not that", "not that one",
        ])
        func aReactionThatSaysTheAnswerMissedIsAContradiction(_ reaction: String) {
            #expect(Misunderstanding.contradicts(reaction, afterQuestion: false))
        }

        @Test(arguments: [
            "no thanks", "No thank you!", "no that's all", "no that's it", "nope all good", "no worries", "no problem",
            "no, I haven't received it yet", "no it hasn't arrived", "you sent me the wrong size", "I mean, when will it come?",
            "no i mean thanks", "sorry I misunderstood", "ok great", "when will it arrive", "", "?!", "it's not what I wanted",
            "I asked for a refund last week", "not yet", "is it not possible to return it",
        ])
        func aReactionThatGoesOnOrClosesIsNoContradiction(_ reaction: String) {
            #expect(!Misunderstanding.contradicts(reaction, afterQuestion: false))
        }

        @Test(arguments: [("no", false), ("nope", false), ("no, not that", false), ("that's not what I asked", true),
                          ("no I meant the other order", true), ("wrong", true)])
        func afterAQuestionOnlyAnExplicitCorrectionCounts(_ reaction: String, _ contradicts: Bool) {
            #expect(Misunderstanding.contradicts(reaction, afterQuestion: true) == contradicts)
        }

        @Test(arguments: [
            ("where is my refund", "wheres my refund??", true),
            ("Where is my refund please", "where's my refund", true),
            ("do you ship to canada", "hi, do you ship to Canada?", true),
            ("can you tell me where my order 10233 is right now", "can you tell me where my order 10234 is right now", false),
            ("when will it arrive", "where is my order", false),
            ("how do i return something", "how do I return the lamp and the cushion", false),
            ("hello", "hello", false),
        ])
        func aMessageSayingTheSameAgainIsARepeat(_ message: String, _ earlier: String, _ repeats: Bool) {
            #expect(Misunderstanding.repeats(message, earlier) == repeats)
        }

        // MARK: In a transcript

        @Test func aConfidentAnswerContradictedAtOnceIsFound() {
            let transcript = [
                Self.answer(nil, nil, "Hello! How can I help?"),
                Self.shopper("where is my refund"),
                Self.answer("track_order", 0.82),
                Self.shopper("No, that's not what I asked"),
            ]
            #expect(Misunderstanding.find(in: transcript) == [
                Misunderstanding(intent: "track_order", confidence: 0.82, answered: "where is my refund", reaction: "No, that's not what I asked"),
            ])
        }

        @Test func aQuestionAskedAgainAfterAConfidentAnswerIsFound() {
            let transcript = [
                Self.shopper("Do you ship to Canada?"),
                Self.answer("delivery_period", 0.7, "Orders arrive in 2 to 4 working days."),
                Self.shopper("do you ship to canada??"),
            ]
            #expect(Misunderstanding.find(in: transcript) == [
                Misunderstanding(intent: "delivery_period", confidence: 0.7, answered: "Do you ship to Canada?", reaction: "do you ship to canada??"),
            ])
        }

        @Test func theLastAnswerOfARunIsTheOneJudgedAndEveryMisunderstandingIsListed() {
            let transcript = [
                Self.shopper("hiya where is my refund"),
                Self.answer("greeting", 0.95, "Hello!"),
                Self.answer("track_order", 0.9),
                Self.shopper("wrong"),
                Self.answer("get_refund", 0.75, "Refunds reach you in 5 days."),
                Self.shopper("thanks"),
                Self.answer("thanks", 0.99, "You're welcome!"),
                Self.shopper("how do i return something"),
                Self.answer("return_item", 0.88, "You can return items within 30 days."),
                Self.shopper("how do I return something"),
            ]
            #expect(Misunderstanding.find(in: transcript) == [
                Misunderstanding(intent: "track_order", confidence: 0.9, answered: "hiya where is my refund", reaction: "wrong"),
                Misunderstanding(intent: "return_item", confidence: 0.88, answered: "how do i return something", reaction: "how do I return something"),
            ])
        }

        @Test func eachMessageJudgedAsItArrivesFindsWhatTheWholeTranscriptShows() {
            // The dialogue judges each message as it comes, against the turns before it, and logs
            // what it found when the chat ends: the same as reading the whole transcript then.
            let transcripts = [
                [Self.answer(nil, nil, "Hello! How can I help?"), Self.shopper("where is my refund"), Self.answer("track_order", 0.82),
                 Self.shopper("No, that's not what I asked"), Self.answer("get_refund", 0.9, "Refunds reach you in 5 days."),
                 Self.shopper("ok and when will it arrive"), Self.answer("delivery_period", 0.8, "Orders arrive in 2 to 4 working days."),
                 Self.shopper("when will it arrive??"), Self.answer("thanks", 0.9, "You're welcome!"), Self.shopper("no")],
                [Self.shopper("Do you ship to Canada?"), Self.answer("delivery_period", 0.7, "Orders arrive in 2 to 4 working days."),
                 Self.shopper("do you ship to canada??"), Turn(sender: .agent, text: "Hi, Sam here.", time: Self.t), Self.shopper("no")],
            ] + Self.unremarkable.map(\.1)
            for transcript in transcripts {
                var judged: [Misunderstanding] = []
                for (i, turn) in transcript.enumerated() where turn.sender == .shopper {
                    if let found = Misunderstanding.judge(turn.text, in: transcript[..<i]) { judged.append(found) }
                }
                #expect(judged == Misunderstanding.find(in: transcript))
            }
            #expect(Misunderstanding.find(in: transcripts[0]).map(\.reaction) == ["No, that's not what I asked", "when will it arrive??"])
        }

        @Test func theBotsReadingOfAMessageJudgesItAsItsWordsAlone() {
            // The dialogue judges with the words and hashes the analyzer read for routing; the
            // verdicts are the same as from the words alone, misspellings and long words included.
            let before = [Self.shopper("where is my refund please"), Self.answer("track_order", 0.9)]
            let reactions = ["no that's not what I asked", "you misunderstood me", "WRONG", "where's my refund please??", "ok thanks",
                             "nope", "I meant the refund", "i was askin about my refund", "misunderstanding aside, thanks", "4111 1111 1111 1111",
                             "quel est le statut de ma commande", "where is my refund please 10233"]
            let judged = Misunderstanding.answerToJudge(in: before[...])
            #expect(judged != nil)
            for reaction in reactions {
                let read = Fixtures.matcher.analyzer.readHashed(reaction)
                #expect(read.plainWords == TextNormalizer.words(in: reaction), "\(reaction)")
                #expect(Misunderstanding.judge(reaction, words: read.plainWords, hashes: read.plainWordHashes, against: judged!, in: before[...])
                        == Misunderstanding.judge(reaction, in: before[...]), "\(reaction)")
            }
            #expect(reactions.filter { Misunderstanding.judge($0, in: before[...]) != nil }
                    == ["no that's not what I asked", "you misunderstood me", "WRONG", "where's my refund please??", "nope", "I meant the refund"])
        }

        /// Transcripts where the shopper's next message only looks like a contradiction or a repeat.
        static let unremarkable: [(String, [Turn])] = [
            ("an answer given without confidence", [Self.shopper("where is my refund"), Self.answer("track_order", 0.45), Self.shopper("wrong")]),
            ("an answer with no confidence known", [Self.shopper("where is my refund"), Self.answer("track_order", nil), Self.shopper("wrong")]),
            ("small talk", [Self.shopper("hello"), Self.answer("greeting", 0.99, "Hello! How can I help?"), Self.shopper("no")]),
            ("a fallback", [Self.shopper("asdf"), Self.answer(nil, nil, "Sorry, I didn't get that.", kind: .fallback), Self.shopper("asdf")]),
            ("a prompt, not an answer", [Self.shopper("where is my order"), Self.answer("track_order", 0.9, "What's the order number?", kind: .prompt),
                                         Self.shopper("no")]),
            ("a no to the yes/no question after the answer",
             [Self.shopper("where is my order 10233"), Self.answer("track_order", 0.9),
              Self.answer(nil, nil, "Can I help with anything else?", kind: .prompt, quickReplies: ["Yes", "No"]), Self.shopper("no")]),
            ("a no to the answer's own question", [Self.shopper("can i cancel"), Self.answer("cancel_order", 0.9, "Shall I cancel order 10233?"),
                                                   Self.shopper("nope")]),
            ("a no to yes/no quick replies", [Self.shopper("cancel my order"),
                                              Self.answer("cancel_order", 0.9, "I can cancel order 10233.", quickReplies: ["Yes, cancel it", "No, keep it"]),
                                              Self.shopper("no")]),
            ("a closing no", [Self.shopper("where is my order 10233"), Self.answer("track_order", 0.9), Self.shopper("no thanks that's all")]),
            ("a new fact", [Self.shopper("where is my order 10233"), Self.answer("track_order", 0.9, "It was delivered yesterday."),
                            Self.shopper("no it hasn't arrived, I never got it")]),
            ("another order asked about", [Self.shopper("where is my order 10233 right now please"), Self.answer("track_order", 0.9),
                                           Self.shopper("where is my order 10234 right now please")]),
            ("an agent in between", [Self.shopper("where is my refund"), Self.answer("track_order", 0.9),
                                     Turn(sender: .agent, text: "Hi, Sam here. Is it about the refund?", time: t), Self.shopper("no")]),
            ("the shopper writing twice", [Self.shopper("where is my refund"), Self.shopper("where is my refund")]),
        ]

        @Test(arguments: unremarkable)
        func aReplyThatOnlyLooksLikeAMisunderstandingIsNotOne(_ name: String, _ transcript: [Turn]) {
            #expect(Misunderstanding.find(in: transcript).isEmpty, "\(name)")
        }
    }
}
