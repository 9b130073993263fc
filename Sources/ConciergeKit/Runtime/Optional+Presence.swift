extension Optional {
    /// Whether there is a value, without copying it. For an optional `Equatable` struct that holds
    /// references, `x != nil` copies the value to compare it and destroys both copies through the
    /// runtime's generic witnesses: some 300 instructions each time, several times a turn on the
    /// bot's path (see the README's "CPU per message").
    @inline(__always)
    var isSome: Bool {
        if case .some = self { true } else { false }
    }
}
