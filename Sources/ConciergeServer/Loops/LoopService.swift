/// A protocol's state on one event loop, beside its channels: the line protocol's batch of
/// answers to commit, its connections by the hub's name. Installed before the loop starts, found
/// with ``EventLoop/service(_:)``, touched only by the loop's thread.
protocol LoopService: AnyObject {
    /// Every ready channel of the turn has been handled: the line protocol commits its batch here.
    func endOfReads(on loop: EventLoop)
}
