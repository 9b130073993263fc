@testable import ConciergeKit
import Foundation
import Testing

extension Handoff {
    @Suite struct HandoffStoreTests {
        typealias T = HandoffTestSupport

        /// The server's mode: changes are written at once (other processes see them) and made
        /// durable together by `sync()`, which the server calls before it answers anyone.
        @Test func aGroupCommitStoreShowsChangesAtOnceAndSyncsThemOnRequest() throws {
            let directory = T.scratchFolder()
            let server = try HandoffStore(directory: directory, groupCommit: true)
            let agentTool = try HandoffStore(directory: directory)
            #expect(server.sync(), "nothing to sync yet")
            let ticket = try T.openSample(in: server)
            #expect(agentTool.position(of: ticket.id) == 1)
            _ = try agentTool.claim(ticket.id, agent: "sam", at: T.opened + 60)
            #expect(server.ticket(ticket.id)?.agent == "sam")
            try server.append(Turn(sender: .shopper, text: "still there?", time: T.opened + 90), to: ticket.id)
            #expect(server.sync())
            server.waitForTicketFiles()
            let text = try String(contentsOfFile: directory + "/tickets/\(ticket.id).txt", encoding: .utf8)
            #expect(text == server.ticket(ticket.id)?.rendered())
            let reopened = try HandoffStore(directory: directory)
            #expect(reopened.ticket(ticket.id)?.transcript.last?.text == "still there?")
            #expect(reopened.lastSequence() == 3)
        }

        @Test func detailsAddedAfterOpeningJoinTheTicketAndSurviveARestartButNotAClosedTicket() throws {
            let store = try T.newStore()
            let opened = try T.openSample(in: store)
            let order = Ticket.OrderSnapshot(id: "10247", status: "delivered", state: "Order #10247 was delivered.", items: ["1× Smoked glass lantern"])
            try store.addDetails(TicketDetails(facts: ["order_number": "10247", "photos": "card 4111 1111 1111 1111 in the photo"],
                                               orders: [order], shopper: .init(verifiedEmail: "george.hall@example.com"),
                                               summary: "Verified shopper george.hall@example.com."), to: opened.id, at: T.opened + 30)
            var expected = opened
            expected.orders.append(order)
            expected.shopper = .init(verifiedEmail: "george.hall@example.com")
            expected.summary = "Verified shopper george.hall@example.com."
            let added = try #require(store.ticket(opened.id))
            #expect(added.facts["order_number"] == "10247" && added.orders == expected.orders && added.shopper == expected.shopper)
            #expect(added.summary == expected.summary && added.facts["photos"]?.contains("4111 1111") == false)
            // The same order again replaces its snapshot rather than listing it twice.
            try store.addDetails(TicketDetails(orders: [order]), to: opened.id, at: T.opened + 40)
            #expect(store.ticket(opened.id)?.orders.count == expected.orders.count)
            let reopened = try HandoffStore(directory: store.directory)
            #expect(reopened.ticket(opened.id) == store.ticket(opened.id))
            _ = try store.claim(opened.id, agent: "sam", at: T.opened + 50)
            try store.resolve(opened.id, agent: "sam", note: nil, at: T.opened + 60)
            #expect(throws: HandoffError.self) { try store.addDetails(TicketDetails(facts: ["x": "y"]), to: opened.id, at: T.opened + 70) }
        }

        @Test func aTicketGoesFromOpenToClaimedToResolvedToRatedAndReadsBackTheSameAfterARestart() throws {
            let store = try T.newStore()
            let opened = try T.openSample(in: store)
            #expect(opened == Ticket(id: "T-1001", conversationID: "c-1", created: T.opened, reason: .askedForPerson, priority: 2,
                                     shopper: T.shopper, orders: T.orders, answered: ["track_order"], facts: ["order_number": "10231"],
                                     summary: "Ann asked where order 10231 is; it shipped 20 Nov with DPD. She wants a person.",
                                     transcript: T.transcript))

            try store.append(Turn(sender: .shopper, text: "hello?", time: T.opened + 30), to: "T-1001")
            let claimed = try store.claim("T-1001", agent: "sam", at: T.opened + 90)
            #expect(claimed.status == .claimed && claimed.agent == "sam" && claimed.claimedAt == T.opened + 90)
            try store.append(Turn(sender: .agent, text: "Hi Ann, Sam here.", time: T.opened + 100), to: "T-1001")
            try store.resolve("T-1001", agent: "sam", note: "Parcel is at the depot; redelivery booked.", at: T.opened + 600)
            try store.rate("T-1001", rating: 5, comment: "quick, thanks", at: T.opened + 660)

            var expected = opened
            expected.transcript += [Turn(sender: .shopper, text: "hello?", time: T.opened + 30),
                                    Turn(sender: .agent, text: "Hi Ann, Sam here.", time: T.opened + 100)]
            expected.status = .resolved
            expected.agent = "sam"
            expected.claimedAt = T.opened + 90
            expected.resolvedAt = T.opened + 600
            expected.note = "Parcel is at the depot; redelivery booked."
            expected.rating = 5
            expected.comment = "quick, thanks"
            #expect(store.ticket("T-1001") == expected)
            #expect(store.ticket(forConversation: "c-1") == expected)

            let reopened = try HandoffStore(directory: store.directory)
            #expect(reopened.ticket("T-1001") == expected)
            #expect(reopened.events(after: 0).map(\.sequence) == [1, 2, 3, 4, 5, 6])
            #expect(reopened.events(after: 4).map(\.change) == [
                .resolved(ticketID: "T-1001", agent: "sam", note: "Parcel is at the depot; redelivery booked."),
                .rated(ticketID: "T-1001", rating: 5, comment: "quick, thanks"),
            ])
            #expect(reopened.lastSequence() == 6)
            #expect(try T.openSample(in: reopened, conversation: "c-2").id == "T-1002")
        }

        @Test func aJournalLineIsOneJSONObjectWithVersionSequenceAndType() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            _ = try store.claim("T-1001", agent: "sam", at: T.opened + 90)
            let lines = T.journalLines(store)
            #expect(lines.count == 2)
            #expect(lines[1] == #"{"agent":"sam","seq":2,"ticket_id":"T-1001","time":"2026-11-22T14:04:30Z","type":"claimed","v":1}"#)
            #expect(lines[0].hasPrefix(#"{"seq":1,"ticket":{"answered":["track_order"],"conversation_id":"c-1","created":"2026-11-22T14:03:00Z""#))
        }

        @Test func theShoppersPresenceIsRecordedOnlyWhenItChangesAndReadsBackAfterARestart() throws {
            let store = try T.newStore()
            let ticket = try T.openSample(in: store)
            #expect(ticket.shopperConnected && ticket.shopperLeftAt == nil)
            try store.setShopperPresence(ticket.id, connected: true, at: T.opened + 60)
            try store.setShopperPresence(ticket.id, connected: false, at: T.opened + 300.5)
            try store.setShopperPresence(ticket.id, connected: false, at: T.opened + 400)
            #expect(T.journalLines(store).count == 2)
            #expect(T.journalLines(store)[1] == #"{"connected":false,"seq":2,"ticket_id":"T-1001","time":"2026-11-22T14:08:00Z","type":"presence","v":1}"#)
            #expect(store.ticket(ticket.id)?.shopperLeftAt == T.opened + 300)
            #expect(try HandoffStore(directory: store.directory).ticket(ticket.id)?.shopperLeftAt == T.opened + 300)

            try store.setShopperPresence(ticket.id, connected: true, at: T.opened + 500)
            let reopened = try HandoffStore(directory: store.directory)
            #expect(reopened.ticket(ticket.id) == ticket)
            #expect(reopened.events(after: 1).map(\.change) == [.presence(ticketID: ticket.id, connected: false),
                                                               .presence(ticketID: ticket.id, connected: true)])
        }

        @Test func presenceIsNotRecordedOnceTheTicketIsClosed() throws {
            let store = try T.newStore()
            let ticket = try T.openSample(in: store)
            try store.withdraw(ticket.id, at: T.opened + 60)
            let before = T.journalLines(store)
            try store.setShopperPresence(ticket.id, connected: false, at: T.opened + 120)
            #expect(T.journalLines(store) == before)
            #expect(store.ticket(ticket.id)?.shopperConnected == true)
        }

        /// Journals written before presence and parcels were kept hold neither; they load as a
        /// shopper still there and no parcels.
        @Test func aJournalFromBeforePresenceAndParcelsStillLoads() throws {
            let directory = T.scratchFolder()
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let old = #"{"seq":1,"ticket":{"answered":[],"conversation_id":"c-1","created":"2026-11-22T14:03:00Z","facts":{},"id":"T-1001","orders":[{"id":"10231","items":["1× Linen shirt"],"state":"shipped 20 Nov with DPD","status":"shipped"}],"priority":2,"reason":"asked_for_person","shopper":{},"status":"waiting","summary":"","transcript":[]},"time":"2026-11-22T14:03:00Z","type":"opened","v":1}"#
            try Data((old + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/journal.jsonl"))
            let store = try HandoffStore(directory: directory)
            let ticket = try #require(store.ticket("T-1001"))
            #expect(ticket.shopperConnected)
            #expect(ticket.orders.map(\.parcels) == [[]])
            try store.setShopperPresence("T-1001", connected: false, at: T.opened + 60)
            #expect(try HandoffStore(directory: directory).ticket("T-1001")?.shopperLeftAt == T.opened + 60)
        }

        @Test func timesAreStoredToTheWholeSecond() throws {
            let store = try T.newStore()
            let ticket = try T.openSample(in: store, at: T.opened + 0.75)
            #expect(ticket.created == T.opened)
            let event = try store.append(Turn(sender: .shopper, text: "hi", time: T.opened + 5.5), to: ticket.id)
            #expect(event.time == T.opened + 5)
            #expect(try HandoffStore(directory: store.directory).ticket(ticket.id) == store.ticket(ticket.id))
        }

        @Test func cardNumbersAreMaskedInEveryTextBeforeTheyAreStored() throws {
            let card = "4242 4242 4242 4242"
            let masked = "•••• •••• •••• 4242"
            let store = try T.newStore()
            let orders = [Ticket.OrderSnapshot(id: "10231", status: "shipped", state: "shipped", items: ["1× Linen shirt"],
                                               parcels: ["Parcel 1 of 1 (Linen shirt): with DPD, last: note \(card)"])]
            let ticket = try store.open(conversationID: "c-1", reason: .needsPerson, priority: 1, shopper: T.shopper, orders: orders,
                                        answered: [], facts: ["what_happened": "charged twice on \(card)"],
                                        summary: "Shopper says card \(card) was charged twice.",
                                        transcript: [Turn(sender: .shopper, text: "my card is \(card)", time: T.opened)], at: T.opened)
            try store.append(Turn(sender: .shopper, text: "or maybe 4242-4242-4242-4242?", time: T.opened + 10), to: ticket.id)
            _ = try store.claim(ticket.id, agent: "sam", at: T.opened + 20)
            try store.resolve(ticket.id, agent: "sam", note: "refunded the charge on \(card)", at: T.opened + 30)
            try store.rate(ticket.id, rating: 4, comment: "why did you need \(card)", at: T.opened + 40)
            try store.logConversation(ConversationRecord(id: "c-1", started: T.opened, ended: T.opened + 50, outcome: .handedOff,
                                                         unmatched: ["\(card) exp 12/29"], ticketID: ticket.id))

            let stored = try #require(store.ticket(ticket.id))
            #expect(stored.facts["what_happened"] == "charged twice on \(masked)")
            #expect(stored.summary == "Shopper says card \(masked) was charged twice.")
            #expect(stored.orders.first?.parcels == ["Parcel 1 of 1 (Linen shirt): with DPD, last: note \(masked)"])
            #expect(stored.transcript.map(\.text) == ["my card is \(masked)", "or maybe \(masked)?"])
            #expect(stored.note == "refunded the charge on \(masked)")
            #expect(stored.comment == "why did you need \(masked)")
            #expect(store.conversations().first?.unmatched == ["\(masked) exp ••/••"])

            let files = ["journal.jsonl", "tickets/T-1001.json", "tickets/T-1001.txt"]
            for file in files {
                let text = try String(contentsOfFile: store.directory + "/" + file, encoding: .utf8)
                #expect(!text.contains("4242 4242") && !text.contains("4242-4242") && !text.contains("4242424242"), "\(file)")
                #expect(text.contains("4242"), "\(file) keeps the last four digits")
            }
        }

        @Test func theTicketFilesAreWrittenAfterEveryChange() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            _ = try store.claim("T-1001", agent: "sam", at: T.opened + 90)
            let ticket = try #require(store.ticket("T-1001"))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let json = try Data(contentsOf: URL(fileURLWithPath: store.directory + "/tickets/T-1001.json"))
            #expect(try decoder.decode(Ticket.self, from: json) == ticket)
            #expect(try String(contentsOfFile: store.directory + "/tickets/T-1001.txt", encoding: .utf8) == ticket.rendered())
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.directory + "/tickets").sorted()
            #expect(leftovers == ["T-1001.json", "T-1001.txt"])
        }

        @Test func missingOrStaleTicketFilesAreRebuiltFromTheJournalOnOpening() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            try T.openSample(in: store, conversation: "c-2")
            _ = try store.claim("T-1002", agent: "sam", at: T.opened + 90)
            let folder = store.directory + "/tickets/"
            try FileManager.default.removeItem(atPath: folder + "T-1001.txt")
            try FileManager.default.removeItem(atPath: folder + "T-1001.json")
            // As if the process died after the journal line and before the files.
            try Data(#"{"stale": true}"#.utf8).write(to: URL(fileURLWithPath: folder + "T-1002.json"))
            try Data("stale".utf8).write(to: URL(fileURLWithPath: folder + "T-1002.txt"))

            let reopened = try HandoffStore(directory: store.directory)
            for id in ["T-1001", "T-1002"] {
                let ticket = try #require(reopened.ticket(id))
                #expect(try String(contentsOfFile: folder + id + ".txt", encoding: .utf8) == ticket.rendered())
            }
            try FileManager.default.removeItem(atPath: folder + "T-1001.txt")
            try reopened.rebuildViews()
            #expect(FileManager.default.fileExists(atPath: folder + "T-1001.txt"))
        }

        @Test func theQueueIsByPriorityThenOldestFirstAndPositionsFollowIt() throws {
            let store = try T.newStore()
            try T.openSample(in: store, conversation: "a", priority: 3, at: T.opened)
            try T.openSample(in: store, conversation: "b", priority: 1, at: T.opened + 60)
            try T.openSample(in: store, conversation: "c", priority: 3, at: T.opened - 60)
            try T.openSample(in: store, conversation: "d", priority: 1, at: T.opened + 120)
            try T.openSample(in: store, conversation: "e", priority: 2, at: T.opened + 180)
            #expect(store.waiting().map(\.id) == ["T-1002", "T-1004", "T-1005", "T-1003", "T-1001"])
            #expect(store.position(of: "T-1005") == 3)

            _ = try store.claim("T-1002", agent: "sam", at: T.opened + 200)
            #expect(store.position(of: "T-1002") == nil)
            #expect(store.position(of: "T-1005") == 2)
            try store.release("T-1002", agent: "sam", toBot: false, at: T.opened + 210)
            #expect(store.position(of: "T-1002") == 1)
            #expect(store.ticket("T-1002")?.agent == nil)
            try store.withdraw("T-1004", at: T.opened + 220)
            #expect(store.ticket("T-1004")?.status == .returnedToBot)
            #expect(store.waiting().map(\.id) == ["T-1002", "T-1005", "T-1003", "T-1001"])
            #expect(store.position(of: "nope") == nil)
        }

        @Test func theEstimatedWaitIsTheMedianOfTheLastTwentyFirstClaims() throws {
            let store = try T.newStore()
            #expect(store.estimatedWait(at: T.opened) == nil)
            // 25 tickets; ticket i waits i minutes. The last 20 waited 5...24 minutes: median 14.5.
            for i in 0..<25 {
                let created = T.opened + Double(i * 3_600)
                let ticket = try T.openSample(in: store, conversation: "c\(i)", at: created)
                _ = try store.claim(ticket.id, agent: "sam", at: created + Double(i * 60))
            }
            let end = T.opened + 25 * 3_600
            #expect(store.estimatedWait(at: end) == 14.5 * 60)
            // A release and a second claim don't count again: the wait is to the first claim.
            try store.release("T-1025", agent: "sam", toBot: false, at: end)
            _ = try store.claim("T-1025", agent: "kim", at: end + 86_400)
            #expect(store.estimatedWait(at: end + 86_400) == 14.5 * 60)
            // Only claims made by then count: at hour 2 only tickets 0 and 1 had been claimed.
            #expect(store.estimatedWait(at: T.opened + 2 * 3_600) == 30)
        }

        @Test func claimingAgainATicketOneHoldsChangesNothing() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            let first = try store.claim("T-1001", agent: "sam", at: T.opened + 60)
            let again = try store.claim("T-1001", agent: "sam", at: T.opened + 120)
            #expect(again == first)
            #expect(store.lastSequence() == 2)
        }

        @Test func releasingToTheBotKeepsWhoHadTheTicketAndAllowsARating() throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            _ = try store.claim("T-1001", agent: "sam", at: T.opened + 60)
            try store.release("T-1001", agent: "sam", toBot: true, at: T.opened + 120)
            let ticket = try #require(store.ticket("T-1001"))
            #expect(ticket.status == .returnedToBot && ticket.agent == "sam" && ticket.claimedAt == T.opened + 60)
            try store.rate("T-1001", rating: 2, comment: nil, at: T.opened + 180)
            #expect(store.ticket("T-1001")?.rating == 2)
        }

        @Test func theLatestTicketOfAConversationIsTheNewest() throws {
            let store = try T.newStore()
            try T.openSample(in: store, conversation: "c-1")
            try T.openSample(in: store, conversation: "c-2")
            try T.openSample(in: store, conversation: "c-1", at: T.opened - 600)
            #expect(store.ticket(forConversation: "c-1")?.id == "T-1003")
            #expect(store.ticket(forConversation: "c-9") == nil)
        }

        struct Refusal: Sendable, CustomTestStringConvertible {
            var name: String
            var error: HandoffError
            var message: String = ""
            /// Does the refused call on a store holding T-1001 claimed by sam and T-1002 resolved by kim.
            var call: @Sendable (HandoffStore) throws -> Void
            var testDescription: String { name }
        }

        static let refusals: [Refusal] = [
            Refusal(name: "claim of an unknown ticket", error: .unknownTicket("T-9999"),
                    message: "there is no ticket T-9999; check the id against the waiting queue (ids look like T-1001)") {
                _ = try $0.claim("T-9999", agent: "kim", at: T.opened)
            },
            Refusal(name: "claim of a claimed ticket", error: .alreadyClaimed(by: "sam"),
                    message: "sam has already claimed this ticket; pick another one from the waiting queue") {
                _ = try $0.claim("T-1001", agent: "kim", at: T.opened)
            },
            Refusal(name: "claim of a resolved ticket", error: .notWaiting("T-1002", .resolved),
                    message: "T-1002 is resolved, not waiting; only a waiting ticket can be claimed or withdrawn") {
                _ = try $0.claim("T-1002", agent: "kim", at: T.opened)
            },
            Refusal(name: "resolve by another agent", error: .notClaimedBy("kim"),
                    message: "this ticket is not claimed by kim; claim it first, or leave it to the agent who holds it") {
                try $0.resolve("T-1001", agent: "kim", note: nil, at: T.opened)
            },
            Refusal(name: "release by another agent", error: .notClaimedBy("kim")) {
                try $0.release("T-1001", agent: "kim", toBot: false, at: T.opened)
            },
            Refusal(name: "message to a resolved ticket", error: .closed("T-1002", .resolved),
                    message: "T-1002 is resolved; open a new ticket for this conversation instead") {
                try $0.append(Turn(sender: .shopper, text: "hi", time: T.opened), to: "T-1002")
            },
            Refusal(name: "rating above 5", error: .invalidRating(6), message: "a rating must be a whole number from 1 to 5, not 6") {
                try $0.rate("T-1002", rating: 6, comment: nil, at: T.opened)
            },
            Refusal(name: "rating an open ticket", error: .notFinished("T-1001"),
                    message: "T-1001 is still open; ask for a rating once it is resolved or back with the bot") {
                try $0.rate("T-1001", rating: 5, comment: nil, at: T.opened)
            },
            Refusal(name: "withdrawing a claimed ticket", error: .notWaiting("T-1001", .claimed)) {
                try $0.withdraw("T-1001", at: T.opened)
            },
            Refusal(name: "presence on an unknown ticket", error: .unknownTicket("T-9999")) {
                try $0.setShopperPresence("T-9999", connected: false, at: T.opened)
            },
            Refusal(name: "priority 0", error: .invalidPriority(0), message: "a priority must be 1 (most urgent), 2 or 3, not 0") {
                try T.openSample(in: $0, priority: 0)
            },
        ]

        @Test(arguments: refusals)
        func aRefusedChangeThrowsAnErrorThatSaysWhatToDoAndRecordsNothing(_ refusal: Refusal) throws {
            let store = try T.newStore()
            try T.openSample(in: store)
            try T.openSample(in: store, conversation: "c-2")
            _ = try store.claim("T-1001", agent: "sam", at: T.opened + 60)
            _ = try store.claim("T-1002", agent: "kim", at: T.opened + 60)
            try store.resolve("T-1002", agent: "kim", note: nil, at: T.opened + 120)
            let before = T.journalLines(store)
            #expect(throws: refusal.error) { try refusal.call(store) }
            if !refusal.message.isEmpty { #expect(refusal.error.description == refusal.message) }
            #expect(T.journalLines(store) == before)
        }
    }
}
