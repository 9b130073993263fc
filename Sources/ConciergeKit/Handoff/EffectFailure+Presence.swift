extension EffectFailure {
    /// The agents' queue could not record that the shopper of ticket `ticketID` left the chat or
    /// came back: reported as a failed effect is, by whoever tried (the server's session hub).
    package static func presence(of ticketID: String, connected: Bool, _ error: any Error) -> EffectFailure {
        EffectFailure(effect: "record that the shopper of \(ticketID) \(connected ? "came back" : "left")", reason: "\(error)")
    }
}
