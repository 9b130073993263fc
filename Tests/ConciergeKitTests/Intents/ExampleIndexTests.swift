@testable import ConciergeKit
import Testing

extension Intents {
    @Suite struct ExampleIndexTests {
        /// Examples as feature ids, in the unsorted order a compiler might hand them over.
        static let examples: [[Int32]] = [[1, 2, 3], [3, 4], [], [7, 1], [9]]

        struct Case: Sendable, CustomTestStringConvertible {
            var message: [(id: Int32, weight: Double)]
            var testDescription: String { message.map { "\($0.id)" }.joined(separator: ",") }
        }

        static let cases: [Case] = [
            Case(message: [(1, 0.5), (3, 2.0), (9, 1.5)]),
            Case(message: [(2, 1.25), (4, 0.75), (7, 3.0)]),
            Case(message: [(0, 1.0), (5, 1.0), (10, 1.0)]),
            Case(message: []),
        ]

        /// Each example's overlap is the sum of the squared weights of the features it shares
        /// with the message: the index must give exactly what comparing feature by feature gives.
        @Test(arguments: cases)
        func overlapsAreTheSharedFeaturesSquaredWeights(_ test: Case) {
            let index = ExampleIndex(examples: Self.examples)
            var overlaps = [Double](repeating: 0, count: Self.examples.count)
            index.addOverlaps(of: test.message, to: &overlaps)
            let expected = Self.examples.map { example in
                test.message.reduce(0.0) { sum, f in example.contains(f.id) ? sum + f.weight * f.weight : sum }
            }
            #expect(overlaps == expected)
        }
    }
}
