import Foundation

/// One scan in a parcel's journey, as the carrier reported it.
public struct TrackingEvent: Codable, Sendable, Equatable {
    public var time: Date
    /// What happened, in the carrier's words, e.g. "Arrived at Manchester hub".
    public var description: String
    /// Where, when the carrier says.
    public var location: String?

    public init(time: Date, description: String, location: String? = nil) {
        self.time = time
        self.description = description
        self.location = location
    }
}
