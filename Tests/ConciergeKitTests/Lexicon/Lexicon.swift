import Testing

/// The tests of `Sources/ConciergeKit/Lexicon`, grouped so `swift test --filter Lexicon` runs them all.
@Suite enum Lexicon {}
