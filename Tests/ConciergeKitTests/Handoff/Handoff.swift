import Testing

/// The tests of `Sources/ConciergeKit/Handoff`, grouped so `swift test --filter Handoff` runs them all.
@Suite enum Handoff {}
