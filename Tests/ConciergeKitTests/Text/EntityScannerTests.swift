@testable import ConciergeKit
import Testing

extension Text {
    @Suite struct EntityScannerTests {
        let scanner = EntityScanner()

        /// The message as the matcher sees it: plain text with placeholders, e.g. `where is <order>`.
        func placeholders(_ result: EntityScanner.Result) -> String {
            result.pieces.map { piece in
                switch piece {
                case .text(let t): return String(t)
                case .entity(let kind): return kind.rawValue
                }
            }.joined()
        }

        struct OrderCase: Sendable, CustomTestStringConvertible {
            var text: String
            var prompted = false
            var orders: [String]
            var testDescription: String { prompted ? "\(text) (prompted)" : text }
        }

        static let orderCases: [OrderCase] = [
            OrderCase(text: "where is #A1234", orders: ["A1234"]),
            OrderCase(text: "order #a-1234 please", orders: ["A1234"]),
            OrderCase(text: "where is 113542617735902", orders: ["113542617735902"]),
            OrderCase(text: "tracking number for order 00123842", orders: ["00123842"]),
            OrderCase(text: "it's B7781, where is it?", orders: ["B7781"]),
            // A short bare number is an order number only when asked for, or right after a cue.
            OrderCase(text: "1234", orders: []),
            OrderCase(text: "1234", prompted: true, orders: ["1234"]),
            OrderCase(text: "order 1234", orders: ["1234"]),
            OrderCase(text: "ref 1234", orders: ["1234"]),
            OrderCase(text: "#1234", orders: ["1234"]),
            OrderCase(text: "I bought 2 lamps in 2024", orders: []),
            OrderCase(text: "12", prompted: true, orders: []),
        ]

        @Test(arguments: orderCases)
        func orderNumbersAreFoundAndNormalised(_ test: OrderCase) {
            let result = scanner.scan(test.text, expectingOrderNumber: test.prompted)
            #expect(result.entities.orderNumbers == test.orders)
        }

        @Test
        func anOrderNumberBecomesAPlaceholder() {
            #expect(placeholders(scanner.scan("where is #A1234?")) == "where is <order>")
        }

        struct Found: Sendable, CustomTestStringConvertible {
            var text: String
            var seen: String
            var value: String?
            var testDescription: String { text }
        }

        static let emails: [Found] = [
            Found(text: "my email is jo@example.com", seen: "my email is <email>", value: "jo@example.com"),
            Found(text: "JO.Bloggs@Example.CO.UK.", seen: "<email>", value: "jo.bloggs@example.co.uk"),
            Found(text: "reach me at jo@example", seen: "reach me at jo@example", value: nil),
            Found(text: "@everyone hello", seen: "@everyone hello", value: nil),
        ]

        @Test(arguments: emails)
        func emailAddressesAreFoundAndLowerCased(_ test: Found) {
            let result = scanner.scan(test.text)
            #expect(placeholders(result) == test.seen)
            #expect(result.entities.emails.first == test.value)
        }

        static let postcodes: [Found] = [
            Found(text: "my postcode is SW1A 1AA", seen: "my postcode is <postcode>", value: "SW1A 1AA"),
            Found(text: "sw1a1aa", seen: "<postcode>", value: "SW1A 1AA"),
            Found(text: "M1 1AA", seen: "<postcode>", value: "M1 1AA"),
            Found(text: "EC1A1BB.", seen: "<postcode>", value: "EC1A 1BB"),
            Found(text: "room 101 please", seen: "room 101 please", value: nil),
            Found(text: "postcode bs8-1th", seen: "postcode <postcode>", value: "BS8 1TH"),
            Found(text: "well-known", seen: "well-known", value: nil),
        ]

        @Test(arguments: postcodes)
        func ukPostcodesAreFoundWithOrWithoutTheSpaceOrWithAHyphen(_ test: Found) {
            let result = scanner.scan(test.text)
            #expect(placeholders(result) == test.seen)
            #expect(result.entities.postcodes.first == test.value)
        }

        static let amounts: [Found] = [
            Found(text: "I paid £12.50", seen: "I paid <money>", value: "£12.50"),
            Found(text: "charged $40 twice", seen: "charged <money> twice", value: "$40"),
            Found(text: "€5 off", seen: "<money> off", value: "€5"),
            Found(text: "it cost 5€", seen: "it cost <money>", value: "5€"),
            Found(text: "30 pounds", seen: "<money>", value: "30 pounds"),
            Found(text: "20 quid", seen: "<money>", value: "20 quid"),
            Found(text: "1,299.99 GBP", seen: "<money>", value: "1,299.99 GBP"),
            Found(text: "3 lamps", seen: "3 lamps", value: nil),
        ]

        @Test(arguments: amounts)
        func moneyAmountsAreFoundAsWritten(_ test: Found) {
            let result = scanner.scan(test.text)
            #expect(placeholders(result) == test.seen)
            #expect(result.entities.amounts.first == test.value)
        }

        static let dates: [Found] = [
            Found(text: "ordered on 12 March", seen: "ordered on <date>", value: "12 March"),
            Found(text: "March 12th", seen: "<date>", value: "March 12th"),
            Found(text: "the 3rd of june", seen: "the <date>", value: "3rd of june"),
            Found(text: "2026-03-12", seen: "<date>", value: "2026-03-12"),
            Found(text: "12/03/2026", seen: "<date>", value: "12/03/2026"),
            Found(text: "ordered yesterday", seen: "ordered <date>", value: "yesterday"),
            Found(text: "on 12 may", seen: "on <date>", value: "12 may"),
            Found(text: "may I ask something", seen: "may I ask something", value: nil),
            Found(text: "32 March", seen: "32 March", value: nil),
        ]

        @Test(arguments: dates)
        func datesAreFoundAsWritten(_ test: Found) {
            let result = scanner.scan(test.text)
            #expect(placeholders(result) == test.seen)
            #expect(result.entities.dates.first == test.value)
        }

        static let cards = [
            "my card 4242 4242 4242 4242 was charged",
            "my card 4242424242424242 was charged",
            "my card 4111-1111-1111-1111 was charged",
            "order 4111111111111111",
            "#4111111111111111",
        ]

        @Test(arguments: cards)
        func cardNumbersAreNeverTakenForOrderNumbers(_ text: String) {
            let result = scanner.scan(text, expectingOrderNumber: true)
            #expect(result.entities.orderNumbers.isEmpty)
            #expect(result.pieces.contains(.entity(.cardNumber)))
            #expect(!placeholders(result).contains("1111") && !placeholders(result).contains("4242"))
        }

        @Test
        func entitiesAreFoundInTextThatIsNotPlainASCII() {
            let result = scanner.scan("Café order #A1234 for £12.50 — jo@exämple.com, SW1A 1AA, 12 März")
            #expect(result.entities.orderNumbers == ["A1234"])
            #expect(result.entities.amounts == ["£12.50"])
            #expect(result.entities.emails == ["jo@exämple.com"])
            #expect(result.entities.postcodes == ["SW1A 1AA"])
            #expect(result.entities.dates.isEmpty)
            // An entity takes its whole chunk, trailing punctuation included, as in ASCII text.
            #expect(placeholders(result) == "Café order <order> for <money> — <email> <postcode> 12 März")
        }

        @Test
        func aTemplateSlotIsOnePlaceholderOfItsKind() {
            let result = scanner.scan("where is {{Order Number}} now")
            #expect(placeholders(result) == "where is <order> now")
        }
    }
}
