extension DashboardPage {
    /// The messages the bot did not understand, with the intent that might fit.
    func unmatched(into m: inout Markup) {
        let r = report
        section("unmatched", "Messages the bot did not understand",
                intro: "The most frequent messages the bot could not place, as it read them (lower case, without punctuation). Where an intent comes close, adding the message to its examples teaches the bot; where none does, a new intent may be needed.",
                into: &m) { m in
            guard !r.topUnmatched.isEmpty else { return nothing("None: the bot placed every message.", into: &m) }
            table("Most frequent messages not understood", [Column("Message", numeric: false), Column("Times"), Column("Might fit", numeric: false)],
                  r.topUnmatched.map { [$0.text, DashboardFormat.count($0.count), Self.mightFit($0.mightFit)] }, into: &m)
        }
    }

    /// The likely misunderstandings, with the intent that might have fitted.
    func misunderstandings(into m: inout Markup) {
        let r = report
        let found = r.misunderstandings == 0 ? "None found in this period."
            : "\(DashboardFormat.count(r.misunderstandings)) in \(DashboardFormat.count(r.misunderstoodConversations)) conversation\(r.misunderstoodConversations == 1 ? "" : "s"); the most frequent:"
        section("misunderstandings", "Likely misunderstandings",
                intro: "Confident answers that the shopper at once contradicted (\u{201C}no, that's not what I asked\u{201D}) or answered by asking the same again. \(found)",
                into: &m) { m in
            guard !r.topMisunderstandings.isEmpty else { return }
            table("Most frequent likely misunderstandings",
                  [Column("Answered as", numeric: false), Column("The shopper then said", numeric: false), Column("Times"),
                   Column("To the message", numeric: false), Column("Might fit", numeric: false)],
                  r.topMisunderstandings.map { [$0.intent, $0.reaction, DashboardFormat.count($0.count), $0.example ?? "–", Self.mightFit($0.mightFit)] },
                  into: &m)
        }
    }

    /// The intents the bot acted on, by the number of conversations.
    func intents(into m: inout Markup) {
        let r = report
        section("intents", "What shoppers asked about",
                intro: "The intents the bot answered, small talk aside, by the number of conversations each came up in.", into: &m) { m in
            guard !r.intents.isEmpty else { return nothing("No answers in this period yet.", into: &m) }
            table("Intents answered", [Column("Intent", numeric: false), Column("Conversations")],
                  r.intents.map { [$0.name, DashboardFormat.count($0.count)] }, into: &m)
        }
    }

    /// `track_refund (score 0.87)`, or a dash when no intent comes close.
    static func mightFit(_ suggestion: Report.Suggestion?) -> String {
        suggestion.map { "\($0.intent) (score \(HandoffFormat.confidence($0.score)))" } ?? "–"
    }

    /// How each figure is counted, in the manager's words.
    func definitions(into m: inout Markup) {
        section("definitions", "How these figures are counted", into: &m) { m in
            m.element("dl", ["class": "definitions"]) { m in
                for (term, meaning) in Self.definitions {
                    m.element("dt", text: term)
                    m.element("dd", text: meaning)
                }
            }
        }
    }

    private static let definitions = [
        ("Conversation",
         "A chat in which the shopper wrote at least once. It counts once it has ended (the shopper closed it, or it was silent for 30 minutes, a day while a person had it), on the day it started. Days are the shop's calendar days."),
        ("Contained by the bot",
         "No person was involved, and the shopper left after the bot had answered, with nothing left open. It says the bot answered, not that the answer was right: see the likely misunderstandings."),
        ("Handed off to a person",
         "A ticket was opened for the team, whether an agent took it or the shopper stopped waiting first."),
        ("Abandoned",
         "No ticket, and the shopper left while the bot was waiting for their answer to a question, before the bot had answered any request (a greeting does not count), or right after the bot failed to understand them."),
        ("Wait for an agent",
         "From the ticket's opening to the first time an agent took it; if the shopper gave up first, to when they did; if it is still waiting, to the end of the period, so a growing queue shows."),
        ("Handling time",
         "From the moment the agent who resolved the ticket took it to the resolution. Tickets not resolved yet have none."),
        ("Median and 90th percentile",
         "Half of the tickets took no longer than the median; nine in ten no longer than the 90th percentile, which shows the long waits a median hides."),
        ("CSAT",
         "The share of ratings that are 4 or 5 out of 5. Shoppers are asked to rate after a person has helped, so only handed-off conversations are rated. A ticket's wait, handling time and rating count on the day it was opened."),
        ("Waiting for an agent now",
         "Tickets in the queue at the end of the period, by how long ago they were opened."),
        ("Not understood",
         "Messages the bot could not place and so asked the shopper to rephrase."),
        ("Likely misunderstanding",
         "A confident answer that the shopper at once contradicted or answered by asking the same again. It is a guess from the words alone, made so as to miss some rather than blame good answers."),
        ("Might fit",
         "The intent the bot's matcher scores highest today for the message (for a misunderstanding, other than the intent that answered), with its score from 0 to 1, when it scores at least \(HandoffFormat.confidence(Report.Suggestion.minimumScore))."),
    ]
}
