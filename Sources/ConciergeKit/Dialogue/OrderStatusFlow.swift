import Foundation

/// "Where is my order?": the order's state and each parcel's carrier, tracking and expected day;
/// for one item ("when will the lamp arrive?"), just its parcel.
struct OrderStatusFlow: OrderFlow {
    func start(_ order: Order, request: String, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome {
        if order.status == .cancelled || order.status == .refunded || order.status == .returned, !order.refunds.isEmpty {
            // A cancelled or returned order's state is its money: the refunds, a failed one to a person.
            c.flow = ActiveFlow(intent: IntentID.trackRefund.rawValue, request: request)
            let refunds = RefundFlow(status: true).start(order, request: request, in: &c, bot, at: now)
            return Outcome(Reply(kind: .answer, text: bot.wording.status(of: order), intent: IntentID.trackOrder.rawValue)) + refunds
        }
        c.endFlow()
        c.topic = IntentID.trackOrder.rawValue
        if order.items.count > 1, let focused = focus(request, order, in: &c, bot) {
            return Outcome(focused.map { parcel(of: $0, in: order, bot, today: now) })
        }
        return Outcome(Self.track(order, bot, today: now))
    }

    /// "the rest", "the other one": the items not named or talked about last.
    static let others = PhraseSet(["the rest", "rest of it", "rest of my order", "other item", "other items", "other parcel", "other one",
                                   "second one", "second parcel", "the others", "everything else", "other bits", "other stuff"])
    /// Questions about when or where the order is, asked again about the answer just given.
    static let arrival = PhraseSet(["when", "where is it", "where's it", "wheres it", "arrive", "arrived", "arriving", "come", "coming", "get here",
                                    "by saturday", "by sunday", "by monday", "by tuesday", "by wednesday", "by thursday", "by friday",
                                    "by tomorrow", "today", "tomorrow", "make it", "eta", "how long", "delayed", "late", "still not",
                                    "taking so long", "so long", "still processing", "why hasnt", "why hasn't", "dispatched", "shipped",
                                    "sent out", "what time"])
    /// Asking for the tracking number or link alone.
    static let tracking = PhraseSet(["tracking number", "tracking link", "track it", "tracking code", "tracking"])

    /// The items a message is about: those it names, or "the rest" of those talked about; nil when it names none.
    private func focus(_ text: String, _ order: Order, in c: inout Conversation, _ bot: Bot) -> [OrderItem]? {
        let named = bot.products.items(in: text, of: order)
        if TextNormalizer.words(in: text).isEmpty { return nil }
        if Self.others.occurs(in: TextNormalizer.words(in: text)) {
            let talkedAbout = named.isEmpty ? (c.facts.item.map { [$0] } ?? []) : named.map(\.sku)
            guard !talkedAbout.isEmpty else { return nil }
            let parcels = order.shipments.filter { !$0.skus.contains(where: talkedAbout.contains) }
            let rest = order.items.filter { item in !talkedAbout.contains(item.sku) && (parcels.contains { $0.skus.contains(item.sku) } || order.shipments(carrying: item.sku).isEmpty) }
            let shown = Self.onePerParcel(rest, of: order)
            return shown.isEmpty ? nil : shown
        }
        guard !named.isEmpty else { return nil }
        c.facts.item = named.last?.sku
        return Self.onePerParcel(named, of: order)
    }

    /// One item per parcel, which is enough to say where each parcel is (a parcel's answer names
    /// all it holds): "the basket and the board", both in one parcel, get that parcel's answer once.
    private static func onePerParcel(_ items: [OrderItem], of order: Order) -> [OrderItem] {
        var seen: Set<Int> = []
        return items.filter { item in
            guard let index = order.shipments.firstIndex(where: { $0.skus.contains(item.sku) }) else { return true }
            return seen.insert(index).inserted
        }
    }

    /// Asking for the late parcel to be chased or replaced.
    static let chase = PhraseSet(["chase", "replacement", "send another", "new one", "resend", "send it again", "refund me", "money back", "refund",
                                  "cancel it", "dont want it", "don't want it", "give up"])

    func followUp(_ message: ShopperMessage, order: Order, in c: inout Conversation, _ bot: Bot, at now: Date) -> Outcome? {
        let intent = message.confidentIntent()
        // "did everything arrive?" right after the status asks about it again; "it never arrived" is
        // a parcel gone missing.
        let asksWhetherArrived = intent == IntentID.missingPackage.rawValue && message.classification.analysis.isQuestion && message.mentions(Self.arrival)
        guard intent == nil || intent == IntentID.trackOrder.rawValue || intent == IntentID.deliveryPeriod.rawValue
                || intent.map(IntentID.smallTalk.contains) == true || asksWhetherArrived else { return nil }
        if message.mentions(Self.chase), order.shipments.contains(where: { bot.wording.isOverdue($0, today: now) }) {
            return Outcome([Reply(kind: .answer, text: "It's well past its day, so I'm asking our team to chase it and send a replacement or a refund, whichever you prefer.",
                                  intent: IntentID.trackOrder.rawValue)], handOff: (.needsPerson, 2))
        }
        // "and the lamp?", "what about the rest": the parcels of the items meant, when asked about
        // where they are ("the pyjamas are way too big" names an item but asks nothing of the kind).
        if message.words.count <= 6 || message.mentions(Self.arrival) || message.mentions(Self.others), let focused = focus(message.text, order, in: &c, bot) {
            return Outcome(focused.map { parcel(of: $0, in: order, bot, today: now) })
        }
        if message.mentions(Self.tracking) {
            let links = order.shipments.map { s in
                "\(s.carrier) \(s.trackingNumber)" + (bot.wording.trackingLink(s).map { ": \($0)" } ?? "")
            }
            guard !links.isEmpty else { return nil }
            let lead = "Tracking for order #\(order.id):"
            return Outcome(Reply(kind: .answer, text: lead + "\n" + links.joined(separator: "\n"), intent: IntentID.trackOrder.rawValue,
                                 cards: Self.cards(order, bot, today: now), lead: lead))
        }
        // "will it make it by Saturday?", "where is it then", "what about the other parcel" (none
        // named before): when each parcel is due, in short.
        guard message.mentions(Self.arrival) || message.mentions(Self.others) && order.shipments.count > 1 else { return nil }
        // The parcels still on their way, when some are.
        let moving = order.shipments.filter { $0.delivered == nil }
        let items = (moving.isEmpty ? order.shipments : moving).compactMap { s in order.items.first { s.skus.contains($0.sku) } }
        if items.isEmpty { return Outcome(Self.track(order, bot, today: now)) }
        return Outcome(items.map { parcel(of: $0, in: order, bot, today: now) })
    }

    /// Where one item is: its parcel's carrier, state and tracking link.
    func parcel(of item: OrderItem, in order: Order, _ bot: Bot, today: Date) -> Reply {
        let shipments = order.shipments(carrying: item.sku)
        guard let s = shipments.first else {
            let state = order.isCancellable ? "hasn't left us yet; it's packed with the rest of order #\(order.id)" : "isn't in a parcel with tracking yet"
            return Reply(kind: .answer, text: "The \(item.name) \(state).", quickReplies: order.isCancellable ? ["Cancel my order"] : [],
                         intent: IntentID.trackOrder.rawValue)
        }
        let index = order.shipments.firstIndex(of: s).map { $0 + 1 } ?? 1
        let which = order.shipments.count > 1 ? "parcel \(index) of \(order.shipments.count)" : "your parcel"
        // A parcel holding more than the item asked about says so ("the throw and the cushion covers").
        let inside = order.items.filter { s.skus.contains($0.sku) }
        let names = inside.count > 1 ? ShopProfile.naturalList(inside.map(\.name)) + " are" : "\(item.name) is"
        let lead = "The \(names) in \(which), with \(s.carrier)."
        let arrival = bot.wording.arrival(of: s, today: today)
        var text = lead + (arrival.map { " " + $0 } ?? "")
        if let last = s.latestEvent { text += " Latest: \(bot.wording.moment(last.time)) \(last.description)." }
        text += "\nTracking number \(s.trackingNumber)" + (bot.wording.trackingLink(s).map { ": \($0)" } ?? ".")
        // The card shows the day, the scan and the link; what to do about a late parcel stays in words.
        let advice = s.isLate(today: today, timeZone: bot.profile.timeZone) ? arrival.map { " " + $0 } ?? "" : ""
        return Reply(kind: .answer, text: text, quickReplies: s.delivered != nil ? ["It says delivered but I don't have it"] : [],
                     intent: IntentID.trackOrder.rawValue, cards: [.parcel(ParcelCard(s, of: order, wording: bot.wording, today: today))],
                     lead: lead + advice)
    }

    /// A card for each of the order's parcels.
    static func cards(_ order: Order, _ bot: Bot, today: Date) -> [Card] {
        order.shipments.map { .parcel(ParcelCard($0, of: order, wording: bot.wording, today: today)) }
    }

    /// The whole order: its state and every parcel.
    static func track(_ order: Order, _ bot: Bot, today: Date) -> Reply {
        let status = bot.wording.status(of: order)
        var text = status
        let parcels = bot.wording.parcels(of: order, today: today)
        if !parcels.isEmpty { text += "\n" + parcels.joined(separator: "\n") }
        // With the parcels as cards, the status in words, and what to do about the first late one.
        let advice = order.shipments.first { $0.isLate(today: today, timeZone: bot.profile.timeZone) }
            .flatMap { bot.wording.arrival(of: $0, today: today) }.map { "\n" + $0 } ?? ""
        let delivered = order.shipments.contains { $0.delivered != nil }
        let late = order.shipments.contains { $0.delivered == nil && $0.isLate(today: today, timeZone: bot.profile.timeZone) }
        var quick: [String] = []
        if delivered { quick.append("It says delivered but I don't have it") }
        if late { quick.append("Talk to a person") }
        if order.isCancellable { quick.append("Cancel my order") }
        let cards = Self.cards(order, bot, today: today)
        return Reply(kind: .answer, text: text, quickReplies: quick, intent: IntentID.trackOrder.rawValue, cards: cards,
                     lead: cards.isEmpty ? nil : status + advice)
    }
}
