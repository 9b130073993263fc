import Foundation

/// Whether one item of an order can be returned, and if not, why.
///
/// Dates are the last day of the return window, as the first instant of that day in the shop's time
/// zone: format them with that time zone and a date-only style ("until 22 December").
public enum ReturnVerdict: Sendable, Equatable {
    /// Returnable; the window's last day is `until`.
    case eligible(until: Date)
    /// The window's last day, `closedOn`, has passed.
    case windowPassed(closedOn: Date)
    /// Bought as final sale: returnable only if faulty.
    case finalSale
    /// The shop never takes back this category (the associated value, lower-cased as in the profile).
    case nonReturnableCategory(String)
    /// The item has not arrived yet, so its window has not started; cancelling may still be possible.
    case notDeliveredYet
    /// The item is already being or has been returned (or the order was refunded after delivery).
    case alreadyReturned
    /// The order was cancelled (or refunded before it was sent), so there is nothing to return.
    case orderCancelled

    /// Whether the item can go back now.
    public var isEligible: Bool {
        if case .eligible = self { return true }
        return false
    }
}
