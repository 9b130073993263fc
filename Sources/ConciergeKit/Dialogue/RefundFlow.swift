import Foundation

/// "Where is my money?" and "can I get a refund?": the order's refunds and how long they take,
/// or the way to one that fits the order's state (cancel before dispatch, return after delivery).
/// A refund that failed, or an order with none that should have one, goes to a person.
struct RefundFlow: OrderFlow {
    /// Asked where a refund is (`track_refund`) rather than for one (`get_refund`).
    let status: Bool

    private var intent: String { status ? IntentID.trackRefund.rawValue : IntentID.getRefund.rawValue }

    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        c.endFlow()
        c.topic = intent
        var out = Outcome()
        if !order.refunds.isEmpty {
            out.replies.append(Reply(kind: .answer, text: order.refunds.map { bot.wording.refund($0, currency: order.currency) }.joined(separator: "\n"), intent: intent))
            // A refund that didn't go through: the answer promises the team will act, so they must.
            if order.refunds.contains(where: { $0.status == .failed }) { out.handOff = (.needsPerson, 2) }
        }
        if status {
            guard order.refunds.isEmpty else { return out }
            if order.shipments.contains(where: { bot.wording.isOverdue($0, today: now) }) { return Self.overdue(order, intent: intent) }
            if let booked = c.facts.requests.last(where: { $0.hasPrefix(ShopRequest.Kind.returnItem.idPrefix + "-") }) {
                // A return booked in this chat: its refund comes once it's back.
                return Outcome(Reply(kind: .answer, text: "Your return \(booked) is booked. Once it reaches us we refund it within \(bot.profile.refundProcessingDays) working days, to the card or account you paid with; your bank then takes \(bot.profile.values["bank_days"] ?? "a few working days") to show it.",
                                     intent: intent, cards: [.reference(ReferenceCard(kind: .returnItem, reference: booked, order: order.id))]))
            }
            let open = order.returns.map { "Your return \($0.id) is \($0.status)." }.joined(separator: " ")
            if open.isEmpty, order.status == .cancelled || order.status == .refunded || order.status == .returned {
                return noRefundYet(order, bot)
            }
            return Outcome(Reply(kind: .answer, text: "There's no refund on order #\(order.id) yet. \(open.isEmpty ? "If you'd like your money back, you can return eligible items." : open + " We refund within \(bot.profile.refundProcessingDays) working days of the return reaching us.")",
                                 quickReplies: ["Start a return", "Talk to a person"], intent: intent,
                                 cards: order.returns.map { .reference(ReferenceCard(kind: .returnItem, reference: $0.id, order: order.id)) }))
        }
        if order.isCancellable {
            return out + Outcome(Reply(kind: .answer, text: "Order #\(order.id) hasn't shipped yet, so the quickest way to your money is to cancel it: you're refunded in full.",
                                       quickReplies: ["Cancel my order", "Never mind"], intent: intent))
        }
        if !out.replies.isEmpty, out.handOff == nil, order.shipments.contains(where: { $0.delivered != nil }) {
            // Refunds already under way: said, with a return offered rather than started.
            out.replies[out.replies.count - 1].quickReplies = ["Start a return", "Talk to a person"]
            return out
        }
        if order.shipments.contains(where: { $0.delivered != nil }), out.handOff == nil {
            c.flow = ActiveFlow(intent: IntentID.returnItem.rawValue, request: request)
            return out + ReturnFlow().start(order, request: request, in: &c, bot, at: now)
        }
        if order.status == .cancelled || order.status == .refunded || order.status == .returned {
            return out.replies.isEmpty ? noRefundYet(order, bot) : out
        }
        if order.shipments.contains(where: { bot.wording.isOverdue($0, today: now) }) { return out + Self.overdue(order, intent: intent) }
        return out + Outcome(Reply(kind: .answer, text: "Order #\(order.id) is on its way, so it can't be cancelled now. Once it arrives you can return it within \(bot.profile.returnWindowDays) days for a refund; if it arrives damaged, tell me and we'll put it right.",
                                   quickReplies: ["Where is my order?", "Talk to a person"], intent: intent))
    }

    /// Past the days we said to wait: a replacement or a refund, which a person arranges.
    static func overdue(_ order: Order, intent: String) -> Outcome {
        Outcome([Reply(kind: .answer, text: "Order #\(order.id) is well past its delivery day, so you shouldn't wait any longer: I'm asking our team to send a replacement or refund it, whichever you prefer.",
                       intent: intent)], handOff: (.needsPerson, 2))
    }

    /// A cancelled or returned order with no refund recorded: a person looks into it.
    private func noRefundYet(_ order: Order, _ bot: Bot) -> Outcome {
        Outcome([Reply(kind: .answer, text: "\(bot.wording.status(of: order)) There's no refund on it yet, so I'm asking a member of our team to look into it.", intent: intent)],
                handOff: (.needsPerson, 2))
    }

    /// Questions about how long a refund takes to show.
    static let timing = PhraseSet(["how long", "when", "how many days", "how soon", "reach", "show up", "see it", "get it back",
                                      "hit my", "appear", "take"])
    /// Words that make a time question about a delivery, not a refund.
    static let delivery = PhraseSet(["deliver", "delivery", "delivered", "parcel", "package", "arrive", "arrives"])

    /// Questions about the refund just described: how much, to which card, when it went.
    static let details = PhraseSet(["which card", "what card", "which account", "how much", "what amount", "the amount", "when did",
                                    "went through", "go through", "gone through", "what date", "which method", "where did it go"])

    /// Saying an issued refund hasn't arrived.
    static let notArrived = PhraseSet(["not in my", "isnt in my", "isn't in my", "not received", "havent received", "haven't received",
                                       "havent got", "haven't got", "not showing", "doesnt show", "doesn't show", "no money", "still nothing",
                                       "not there", "cant see it", "can't see it", "not arrived", "hasnt arrived", "hasn't arrived"])
    /// Questions about a part refund ("only £24? I paid more").
    static let partly = PhraseSet(["only", "rest", "more than that", "the other", "what about the", "full refund", "not the full"])

    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        if let refund = order.refunds.last, refund.status == .issued, message.mentions(Self.notArrived) {
            // "it's not in my PayPal": by when it should show, and a person to trace it after that.
            let due = bot.wording.calendar.date(byAdding: .day, value: 7, to: refund.date) ?? refund.date
            if now >= bot.wording.calendar.startOfDay(for: due) {
                return Outcome([Reply(kind: .answer, text: "It should have reached your \(refund.method) by now, so I'm asking our team to trace it with the bank; they'll see the refund of \(bot.wording.money(refund.amount, currency: order.currency)) sent on \(bot.wording.day(refund.date)).",
                                      intent: IntentID.trackRefund.rawValue)], handOff: (.needsPerson, 2))
            }
            return Outcome(Reply(kind: .answer, text: "We sent it on \(bot.wording.day(refund.date)), and it can take \(bot.profile.values["bank_days"] ?? "a few working days") to show: if it isn't in your \(refund.method) by \(bot.wording.day(due)), tell me and our team will trace it.",
                                 quickReplies: ["Talk to a person"], intent: IntentID.trackRefund.rawValue))
        }
        if message.mentions(Self.partly), !order.refunds.isEmpty, message.confidentIntent() == nil || message.words.count <= 8 {
            // What each refund was for, and what has none yet.
            let lines = order.refunds.map { bot.wording.refund($0, currency: order.currency) }
            let covered = order.refunds.compactMap(\.reason).joined(separator: " ").lowercased()
            let rest = order.items.filter { !covered.contains($0.name.lowercased()) && !covered.contains("whole order") && !covered.contains("cancelled") }
            let more = rest.isEmpty ? "" : " Nothing has been refunded for \(ShopProfile.naturalList(rest.map(\.name))): those can still be returned if they're within the return window."
            return Outcome(Reply(kind: .answer, text: lines.joined(separator: "\n") + more, quickReplies: rest.isEmpty ? [] : ["Start a return"],
                                 intent: IntentID.trackRefund.rawValue))
        }
        if message.mentions(Self.details), let refund = order.refunds.last {
            // "which card?", "how much was it?", "when did it go through?": the refund's own facts.
            return Outcome(Reply(kind: .answer, text: bot.wording.refund(refund, currency: order.currency), intent: IntentID.trackRefund.rawValue,
                                 confidence: message.classification.confidence))
        }
        // "how long will it take to reach paypal": the timing of the refund just described.
        guard message.mentions(Self.timing), !message.mentions(Self.delivery) else { return nil }
        let method = order.refunds.last?.method ?? "original payment method"
        let bank = bot.profile.values["bank_days"] ?? "a few working days"
        let text: String
        if let refund = order.refunds.last, refund.status == .issued {
            text = "The refund was sent to your \(method) on \(bot.wording.day(refund.date)). Banks and payment providers usually take \(bank) to show it; if it isn't there after that, tell me and a member of our team will trace it."
        } else if let refund = order.refunds.last, refund.status == .pending {
            text = "We issue refunds within \(bot.profile.refundProcessingDays) working days (this one has been in progress since \(bot.wording.day(refund.date))). Once it's sent, your \(method) usually shows it within \(bank)."
        } else {
            text = "Refunds go back to the way you paid: we issue them within \(bot.profile.refundProcessingDays) working days of a return reaching us, and your bank or payment provider then takes \(bank) to show it."
        }
        return Outcome(Reply(kind: .answer, text: text, intent: IntentID.trackRefund.rawValue, confidence: message.classification.confidence))
    }
}
