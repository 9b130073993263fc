import Foundation

/// The shop's return policy applied to an order, item by item.
///
/// The checks, in order, each stopping at the first that applies:
/// 1. the order was cancelled, or refunded without ever being sent → ``ReturnVerdict/orderCancelled``;
/// 2. the order was returned or refunded after being sent, or the item is in one of its returns → ``ReturnVerdict/alreadyReturned``;
/// 3. the item's category is in the profile's `non_returnable_categories` → ``ReturnVerdict/nonReturnableCategory(_:)``;
/// 4. the item was bought as final sale → ``ReturnVerdict/finalSale``;
/// 5. no parcel carrying the item has been delivered → ``ReturnVerdict/notDeliveredYet``;
/// 6. otherwise the window runs `return_window_days` calendar days (in the shop's time zone) from the
///    day the parcel carrying the item was delivered, that last day included: with a 30-day window, an
///    item delivered 30 days ago is still ``ReturnVerdict/eligible(until:)`` and one delivered 31 days ago
///    is ``ReturnVerdict/windowPassed(closedOn:)``.
///
/// Policy comes before delivery so that a shopper waiting for underwear learns now that it can't be
/// returned, rather than "not delivered yet".
public enum ReturnEligibility {
    /// The verdict for every item of `order`, in the order's item order.
    /// - Parameters:
    ///   - order: the order to judge.
    ///   - profile: supplies the window, the non-returnable categories and the time zone.
    ///   - today: the current time, injected so tests can fix it.
    public static func evaluate(_ order: Order, profile: ShopProfile, today: Date) -> [(item: OrderItem, verdict: ReturnVerdict)] {
        let calendar = OrderCalendar.gregorian(in: profile.timeZone)
        let blocked = Set(profile.nonReturnableCategories)
        let everSent = order.shipments.contains { $0.shipped != nil || $0.delivered != nil }
        let returned = Set(order.returns.flatMap(\.skus))
        let todayStart = calendar.startOfDay(for: today)

        func verdict(for item: OrderItem) -> ReturnVerdict {
            switch order.status {
            case .cancelled: return .orderCancelled
            case .refunded: return everSent ? .alreadyReturned : .orderCancelled
            case .returned: return .alreadyReturned
            default: break
            }
            if returned.contains(item.sku) { return .alreadyReturned }
            let category = item.category.trimmingCharacters(in: .whitespaces).lowercased()
            if blocked.contains(category) { return .nonReturnableCategory(category) }
            if item.finalSale { return .finalSale }
            let deliveries = order.shipments(carrying: item.sku).compactMap(\.delivered)
            // When a line was split across parcels, the window follows the last one to arrive.
            guard let delivered = deliveries.max() else { return .notDeliveredYet }
            let deliveryDay = calendar.startOfDay(for: delivered)
            guard let lastDay = calendar.date(byAdding: .day, value: profile.returnWindowDays, to: deliveryDay) else {
                return .notDeliveredYet
            }
            return todayStart <= lastDay ? .eligible(until: lastDay) : .windowPassed(closedOn: lastDay)
        }

        return order.items.map { item in (item: item, verdict: verdict(for: item)) }
    }
}
