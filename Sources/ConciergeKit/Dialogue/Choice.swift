/// A numbered option offered to the shopper: picking it either acts on an intent directly
/// (when the bot asked which of two things was meant) or is read as if the shopper typed it.
public struct Choice: Codable, Sendable, Equatable {
    public var label: String
    /// The intent to act on when picked; nil to read `label` as a message.
    public var intent: String?

    public init(label: String, intent: String? = nil) {
        self.label = label
        self.intent = intent
    }
}
