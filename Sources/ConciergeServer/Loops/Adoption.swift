/// A connection accepted on one loop for a loop (that one or another) to serve.
struct Adoption: Sendable {
    let fd: Int32
    /// Builds the connection's channel and registers it, on the adopting loop's thread.
    let make: @Sendable (EventLoop) -> Void
    /// Gives back what accepting counted (a slot, an address's share), for a connection closed
    /// without being adopted because the loop was stopping.
    let abandon: @Sendable () -> Void
}
