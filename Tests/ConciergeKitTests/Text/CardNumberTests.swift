@testable import ConciergeKit
import Testing

extension Text {
    @Suite struct CardNumberTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var text: String
            var masked: String
            var testDescription: String { text }
        }

        static let cases: [Case] = [
            Case(text: "my card is 4242 4242 4242 4242, thanks",
                 masked: "my card is •••• •••• •••• 4242, thanks"),
            Case(text: "4111-1111-1111-1111", masked: "•••• •••• •••• 1111"),
            Case(text: "card 5555555555554444 declined", masked: "card •••• •••• •••• 4444 declined"),
            // Order numbers, and runs of digits that fail the Luhn check, are left alone.
            Case(text: "order 113542617735902", masked: "order 113542617735902"),
            Case(text: "order 00123842", masked: "order 00123842"),
            Case(text: "4242424242424241", masked: "4242424242424241"),
            // Written as a card prints it, a number is a card even with a digit wrong; its code and expiry go too.
            Case(text: "4242 4242 4242 4241", masked: "•••• •••• •••• 4241"),
            Case(text: "my card is 4929 1234 5678 9012 exp 08/28 cvv 123", masked: "my card is •••• •••• •••• 9012 exp ••/•• cvv •••"),
            Case(text: "call 0161 496 0732", masked: "call 0161 496 0732"),
            // Many digits, but no run of them long enough for a card; and a card after other digits.
            Case(text: "order 00123842 placed 2026-11-20 for £45.00, 3 items", masked: "order 00123842 placed 2026-11-20 for £45.00, 3 items"),
            Case(text: "order 1042 paid with 3782-822463-10005 on 20/11", masked: "order 1042 paid with •••• •••• •••• 0005 on 20/11"),
            // Other separators, other digits, and more typed straight after the sixteen.
            Case(text: "pay with 4111.1111.1111.1111 please", masked: "pay with •••• •••• •••• 1111 please"),
            Case(text: "4111/1111/1111/1111", masked: "•••• •••• •••• 1111"),
            Case(text: "4111_1111_1111_1111", masked: "•••• •••• •••• 1111"),
            Case(text: "4111\u{2010}1111\u{2010}1111\u{2010}1111", masked: "•••• •••• •••• 1111"),
            Case(text: "4111\u{00A0}1111\u{00A0}1111\u{00A0}1111", masked: "•••• •••• •••• 1111"),
            Case(text: "card ４１１１１１１１１１１１１１１１", masked: "card •••• •••• •••• 1111"),
            Case(text: "card 4111111111111111234", masked: "card •••• •••• •••• 1234"),
            // Dates, prices and order numbers with those separators stay.
            Case(text: "delivered 20/11/2026, order 10233.", masked: "delivered 20/11/2026, order 10233."),
            Case(text: "orders 10231/10232/10233", masked: "orders 10231/10232/10233"),
        ]

        @Test(arguments: cases)
        func cardNumbersAreMaskedToTheLastFourDigits(_ test: Case) {
            #expect(CardNumber.mask(test.text) == test.masked)
        }
    }
}
