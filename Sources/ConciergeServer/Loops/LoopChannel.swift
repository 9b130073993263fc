/// What an ``EventLoop`` watches: a listening socket, a line-protocol connection, an HTTP
/// connection. The loop calls it on its own thread only, so a channel needs no lock.
///
/// A channel closes itself through ``EventLoop/close(_:)`` once it has released what it held
/// (its address's share, its slot, its hub connection); the loop closes whatever is still open
/// when it ends, through ``close(on:)``.
protocol LoopChannel: AnyObject {
    /// The descriptor the loop watches.
    var fd: Int32 { get }
    /// The loop's bookkeeping about the channel; only the loop changes it.
    var registration: ChannelRegistration { get set }
    /// The descriptor is ready for the epoll `events` the channel is watched for (or has failed).
    func ready(_ events: UInt32, on loop: EventLoop)
    /// The deadline the channel last scheduled has come (or an earlier one it replaced): the
    /// channel acts on what is due and schedules its next deadline.
    func deadlinePassed(on loop: EventLoop)
    /// Writes what output the socket takes now (asked for with ``EventLoop/flushSoon(_:)``).
    func flush(on loop: EventLoop)
    /// The loop is stopping: finish what is owed, and close.
    func stop(on loop: EventLoop)
    /// Close now, releasing what the channel holds.
    func close(on loop: EventLoop)
}

/// What an ``EventLoop`` keeps about one of its channels.
struct ChannelRegistration {
    /// Unique per registration on a loop; 0 once the channel is closed (or before it is registered).
    var serial: UInt64 = 0
    /// The epoll events the descriptor is watched for; 0 when it isn't in the epoll set.
    var interest: UInt32 = 0
    /// The deadline armed for the channel (monotonic nanoseconds); 0 when none is.
    var armed: UInt64 = 0
    /// Whether the channel is in the loop's list of output to write at the end of the turn.
    var flushQueued = false

    var isOpen: Bool { serial != 0 }
}
