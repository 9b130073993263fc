/// The intents the dialogue's code acts on by id: the order flows, the handoff and the small talk
/// that gives way to a request.
///
/// One declared list, so the content is checked against it: a shop folder missing one of them fails
/// `concierge check` with the file where it belongs, instead of silently disabling a flow.
public enum IntentID: String, CaseIterable, Sendable {
    case trackOrder = "track_order"
    case deliveryPeriod = "delivery_period"
    case cancelOrder = "cancel_order"
    case changeOrder = "change_order"
    case changeShippingAddress = "change_shipping_address"
    case returnItem = "return_item"
    case getRefund = "get_refund"
    case trackRefund = "track_refund"
    case damagedItem = "damaged_item"
    case missingPackage = "missing_package"
    case contactHumanAgent = "contact_human_agent"
    case greeting
    case goodbye
    case thanks
    case botIdentity = "bot_identity"
    case help

    /// What the code does with it, for the message when it is missing.
    public var use: String {
        switch self {
        case .trackOrder: return "the order-status flow answers it"
        case .deliveryPeriod: return "the order-status flow answers it when an order is known"
        case .cancelOrder: return "the cancellation flow answers it"
        case .changeOrder: return "the order-change flow answers it"
        case .changeShippingAddress: return "the address-change flow answers it"
        case .returnItem: return "the return flow answers it"
        case .getRefund, .trackRefund: return "the refund flow answers it"
        case .damagedItem: return "the damaged-item flow answers it"
        case .missingPackage: return "the missing-parcel flow answers it"
        case .contactHumanAgent: return "it hands the conversation to a person"
        case .greeting, .goodbye, .thanks, .botIdentity, .help: return "it is small talk the bot never tells an agent about"
        }
    }

    /// The content file the bundled shop keeps it in, where `concierge check` points when it is missing.
    public var home: String {
        switch self {
        case .trackOrder, .cancelOrder, .changeOrder: return "orders.intents"
        case .deliveryPeriod, .changeShippingAddress, .missingPackage: return "delivery.intents"
        case .returnItem, .getRefund, .trackRefund, .damagedItem: return "returns.intents"
        case .contactHumanAgent: return "contact.intents"
        case .greeting, .goodbye, .thanks, .botIdentity, .help: return "smalltalk.intents"
        }
    }

    /// Intents answered from order data whenever the shop has orders loaded.
    static let orderIntents: Set<String> = Set([IntentID.trackOrder, .cancelOrder, .changeOrder, .changeShippingAddress, .returnItem, .getRefund,
                                                .trackRefund, .damagedItem, .missingPackage].map(\.rawValue))
    /// Intents answered from order data only when the shopper names an order (otherwise the FAQ answer fits).
    static let orderOptionalIntents: Set<String> = [IntentID.deliveryPeriod.rawValue]
    /// `orderIntents` and `orderOptionalIntents`, to tell an order question with one look-up.
    static let orderRelatedIntents = orderIntents.union(orderOptionalIntents)
    /// Pleasantries, not answers worth telling an agent about.
    static let smallTalk: Set<String> = Set([IntentID.greeting, .goodbye, .thanks, .botIdentity, .help].map(\.rawValue))
    /// What a reason for a return or an account of what happened may read as: "it's broken", "it
    /// never came", "I want my money back".
    static let accountIntents: Set<String> = Set([IntentID.returnItem, .damagedItem, .missingPackage, .getRefund].map(\.rawValue))
}
