// Scratch folders, the seeded generator and the fixtures, shared with the other test targets and
// the benchmark; exported here so every file of this target has them.
@_exported import ConciergeTestSupport
import ConciergeKit
import Testing

extension ChatRunner.Exchange {
    /// The conversation and the replies, to read an exchange as `(c, replies)`; an effect that
    /// failed fails the test.
    var pair: (Conversation, [Reply]) {
        for failure in failures { Issue.record("effect failed: \(failure)") }
        return (conversation, replies)
    }
}
