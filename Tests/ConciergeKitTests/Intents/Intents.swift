import Testing

/// The tests of `Sources/ConciergeKit/Intents`, grouped so `swift test --filter Intents` runs them all.
@Suite enum Intents {}
