@testable import ConciergeKit
import Testing

extension Text {
    /// The shapes of order number shoppers type, the numbers that are not order numbers, and
    /// recall and precision over a hand-labelled set (`Fixtures/order-numbers.tsv`).
    @Suite struct EntityScannerOrderNumberTests {
        let scanner = EntityScanner()

        /// A message, the order numbers in it, and the words the matcher sees.
        struct Shape: Sendable, CustomTestStringConvertible {
            var text: String
            var orders: [String]
            var words: [String]
            var testDescription: String { text }
        }

        /// A word glued before an order number stays a word.
        static let glued: [Shape] = [
            Shape(text: "cancelling order732201349959", orders: ["732201349959"], words: ["cancelling", "order", "<order>"]),
            Shape(text: "purchase#A1234", orders: ["A1234"], words: ["purchase", "<order>"]),
            Shape(text: "order:12345 where is it", orders: ["12345"], words: ["order", "<order>", "where", "is", "it"]),
            Shape(text: "order-no.00123842", orders: ["00123842"], words: ["order", "no", "<order>"]),
            Shape(text: "ord12345678", orders: ["12345678"], words: ["ord", "<order>"]),
            Shape(text: "number12345678?", orders: ["12345678"], words: ["number", "<order>"]),
            Shape(text: "ORDER#1234 is late", orders: ["1234"], words: ["order", "<order>", "is", "late"]),
            Shape(text: "order=10258", orders: ["10258"], words: ["order", "<order>"]),
            Shape(text: "order nº4455", orders: ["4455"], words: ["order", "nº", "<order>"]),
            Shape(text: "invoice#66554434 is wrong", orders: ["66554434"], words: ["invoice", "<order>", "is", "wrong"]),
        ]

        @Test(arguments: glued)
        func aWordGluedToAnOrderNumberStaysAWord(_ test: Shape) {
            #expect(scanner.scan(test.text).entities.orderNumbers == test.orders)
            #expect(Fixtures.matcher.analyze(test.text).words == test.words)
        }

        /// Punctuation, brackets and emoji around a number, and the cues before it.
        static let punctuatedAndCued: [Shape] = [
            Shape(text: "(order 12345)", orders: ["12345"], words: ["order", "<order>"]),
            Shape(text: "where is 113542617735902!", orders: ["113542617735902"], words: ["where", "is", "<order>"]),
            Shape(text: "order 10232🙏", orders: ["10232"], words: ["order", "<order>"]),
            Shape(text: "order 12345678...", orders: ["12345678"], words: ["order", "<order>"]),
            Shape(text: "order \"10256\"", orders: ["10256"], words: ["order", "<order>"]),
            Shape(text: "where is 12345678's parcel", orders: ["12345678"], words: ["where", "is", "<order>", "parcel"]),
            Shape(text: "#12345", orders: ["12345"], words: ["<order>"]),
            Shape(text: "order # 4521", orders: ["4521"], words: ["order", "<order>"]),
            Shape(text: "no. 1234", orders: ["1234"], words: ["no", "<order>"]),
            Shape(text: "order nr 1234", orders: ["1234"], words: ["order", "nr", "<order>"]),
            Shape(text: "order no: 7781", orders: ["7781"], words: ["order", "no", "<order>"]),
            Shape(text: "my order number is 4417", orders: ["4417"], words: ["my", "order", "number", "is", "<order>"]),
            Shape(text: "A-1234", orders: ["A1234"], words: ["<order>"]),
            Shape(text: "Order Number: #A-7781", orders: ["A7781"], words: ["order", "number", "<order>"]),
        ]

        @Test(arguments: punctuatedAndCued)
        func anOrderNumberIsFoundWhateverSurroundsIt(_ test: Shape) {
            #expect(scanner.scan(test.text).entities.orderNumbers == test.orders)
            #expect(Fixtures.matcher.analyze(test.text).words == test.words)
        }

        /// Groups of digits after a cue are one order number; elsewhere they are separate numbers.
        static let grouped: [Shape] = [
            Shape(text: "order number is 1234 5678 9012", orders: ["123456789012"], words: ["order", "number", "is", "<order>"]),
            Shape(text: "order 123 456 789", orders: ["123456789"], words: ["order", "<order>"]),
            Shape(text: "order 1234-5678-9012", orders: ["123456789012"], words: ["order", "<order>"]),
            Shape(text: "1234-5678-9012", orders: [], words: ["1234", "5678", "9012"]),
            Shape(text: "order 1234 2 lamps", orders: ["1234"], words: ["order", "<order>", "2", "lamps"]),
            Shape(text: "order 1234, 5678", orders: ["1234"], words: ["order", "<order>", "5678"]),
            Shape(text: "orders 12345 12346", orders: ["12345", "12346"], words: ["orders", "<order>", "<order>"]),
            Shape(text: "it's 1234 5678 9012", orders: [], words: ["it", "is", "1234", "5678", "9012"]),
        ]

        @Test(arguments: grouped)
        func groupsOfDigitsAfterACueAreOneOrderNumber(_ test: Shape) {
            #expect(scanner.scan(test.text).entities.orderNumbers == test.orders)
            #expect(Fixtures.matcher.analyze(test.text).words == test.words)
        }

        @Test
        func groupsOfDigitsAreOneOrderNumberWhenTheBotAskedForOne() {
            #expect(scanner.scan("1234 5678 9012", expectingOrderNumber: true).entities.orderNumbers == ["123456789012"])
        }

        /// Numbers, names and words that are no order number.
        static let distractors = [
            "Grace O'Neill in St. Albans", "I'm on the gold plan", "upgrade me to pro", "I was charged fifty pounds",
            "it cost £12.50", "I paid $30 twice", "ordered in 2023", "my order from 2023", "ordered on 12/05/2024",
            "call me on 0161 496 0732", "my phone number is 0161 496 0732", "my number is +44 7700 900123",
            "order number +44 7700 900123",
            "ring me on 07700 900123", "my mobile: 07700900123", "tel: +44 (0)161 496 0732", "call 0800 123 4567",
            "my postcode is M1 1AE", "postcode SW1A 1AA", "my zip is 90210", "tracking number 12345678",
            "my account number is 12345678", "customer number 99887766", "promo code 12345", "phone-no.07700900123",
            "no, 2023 was better", "no 2 items were missing", "my username is grace12345", "is the lamp model LX2040 in stock",
            "flat 4B, 22 Baker Street", "I live at 1234 Elm Street",
        ]

        @Test(arguments: distractors)
        func otherNumbersAndNamesAreNoOrderNumber(_ text: String) {
            #expect(scanner.scan(text).entities.orderNumbers.isEmpty)
        }

        @Test
        func aPhoneNumberAfterAnOrderCueIsTakenAtItsWord() {
            // Unasked, 07700900123 is a phone number; after "order" it is the shopper's order number.
            #expect(scanner.scan("order 07700900123").entities.orderNumbers == ["07700900123"])
            #expect(scanner.scan("07700900123").entities.orderNumbers.isEmpty)
            #expect(scanner.scan("07700900123", expectingOrderNumber: true).entities.orderNumbers.isEmpty)
        }

        @Test
        func otherEntitiesInTheMessageAreStillFound() {
            let result = scanner.scan("order 40131 on 12/05/2024, paid £12.50, to M1 1AE, phone 0161 496 0732")
            #expect(result.entities.orderNumbers == ["40131"])
            #expect(result.entities.dates == ["12/05/2024"])
            #expect(result.entities.amounts == ["£12.50"])
            #expect(result.entities.postcodes == ["M1 1AE"])
        }

        /// One line of `order-numbers.tsv`.
        struct Labelled {
            var line: Int
            var text: String
            var orders: [String]
        }

        static func labelled() -> [Labelled] {
            var cases: [Labelled] = []
            for (index, line) in Fixtures.text("order-numbers.tsv").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                let orders = fields.count > 1 ? fields[1].split(separator: ",").map(String.init) : []
                cases.append(Labelled(line: index + 1, text: String(fields[0]), orders: orders))
            }
            return cases
        }

        @Test
        func recallAndPrecisionOnTheLabelledSet() {
            let cases = Self.labelled()
            #expect(cases.count >= 190)
            var expected = 0, found = 0, falsePositives: [String] = [], misses: [String] = []
            for test in cases {
                let orders = scanner.scan(test.text).entities.orderNumbers
                expected += test.orders.count
                for number in test.orders {
                    if orders.contains(number) { found += 1 } else { misses.append("order-numbers.tsv:\(test.line): \(test.text) → \(orders)") }
                }
                for number in orders where !test.orders.contains(number) {
                    falsePositives.append("order-numbers.tsv:\(test.line): \(test.text) → \(number)")
                }
            }
            let recall = Double(found) / Double(max(expected, 1))
            #expect(expected >= 90)
            #expect(recall >= 0.99, "recall \(found)/\(expected); missed:\n\(misses.joined(separator: "\n"))")
            #expect(falsePositives.isEmpty, "false order numbers:\n\(falsePositives.joined(separator: "\n"))")
        }
    }
}
