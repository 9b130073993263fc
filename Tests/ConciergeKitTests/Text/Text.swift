import Testing

/// The tests of `Sources/ConciergeKit/Text`, grouped so `swift test --filter Text` runs them all.
@Suite enum Text {}
