import Testing

/// The tests of `Sources/ConciergeKit/Orders`, grouped so `swift test --filter Orders` runs them all.
@Suite enum Orders {}
