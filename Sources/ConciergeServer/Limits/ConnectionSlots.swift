/// The web side's connection slots, shared fairly among client addresses, so that a flood from a
/// few addresses can't keep a shopper on another one out.
///
/// There are at most `capacity` connections, at most `perAddress` from one address, and at most
/// `streamsPerAddress` event streams from one. When every slot is taken, a newcomer whose address
/// holds at least two fewer than the busiest address takes one of that address's slots: the one
/// that has waited longest on its client (for a request to arrive or an answer to be taken), else
/// its oldest event stream, never one whose request is being answered. Only when the busiest
/// holds no more than the newcomer's address plus one (the slots are spread over as many
/// addresses as there are slots, near enough) is the newcomer turned away.
///
/// A value: its owner keeps it behind its lock with the rest of its state, and shuts down the
/// descriptor of a connection that ``admit(_:descriptor:at:)`` evicts while still holding it,
/// so the descriptor can't have been closed and reused meanwhile.
struct ConnectionSlots {
    /// What a connection is doing, which decides whether it may be evicted.
    enum Phase: Equatable {
        /// Waiting on the client: for a request to arrive, or for it to take an answer.
        case waiting
        /// Its request is being answered (the bot's turn): not evicted midway.
        case answering
        /// An event stream.
        case streaming
    }

    /// The answer to a new connection.
    enum Admission: Equatable {
        /// Come in; `evicted` is a descriptor to shut down to make room, if one was taken.
        case admitted(id: Int, evicted: Int32?)
        /// The address holds `perAddress` connections already.
        case tooManyFromAddress
        /// Every slot is taken and the newcomer's address holds its fair share of them.
        case full
    }

    /// The answer to a connection that wants to become an event stream.
    enum StreamAdmission: Equatable {
        case started
        /// The address holds `streamsPerAddress` streams already.
        case tooManyFromAddress
        /// The connection was evicted meanwhile.
        case gone
    }

    private struct Slot {
        var address: String
        var descriptor: Int32
        var phase: Phase
        /// When the connection entered its phase (seconds on the owner's clock).
        var since: Double
    }

    let capacity: Int
    let perAddress: Int
    let streamsPerAddress: Int
    private var slots: [Int: Slot] = [:]
    private var connections: [String: Int] = [:]
    private var streams: [String: Int] = [:]
    private var nextID = 1

    init(capacity: Int, perAddress: Int, streamsPerAddress: Int) {
        self.capacity = capacity
        self.perAddress = perAddress
        self.streamsPerAddress = streamsPerAddress
    }

    /// Connections held.
    var count: Int { slots.count }

    /// Every held connection's descriptor (to shut them all down when stopping).
    var descriptors: [Int32] { slots.values.map(\.descriptor) }

    /// Connections `address` holds.
    func held(by address: String) -> Int { connections[address] ?? 0 }

    /// Event streams `address` holds.
    func streams(of address: String) -> Int { streams[address] ?? 0 }

    /// Whether connection `id` still holds its slot (it was neither released nor evicted).
    func holds(_ id: Int) -> Bool { slots[id] != nil }

    /// Gives a new connection from `address` a slot, evicting another address's if the slots
    /// are all taken and that address holds more than its share. The new connection is waiting
    /// for its first request.
    mutating func admit(_ address: String, descriptor: Int32, at now: Double) -> Admission {
        let mine = held(by: address)
        guard mine < perAddress else { return .tooManyFromAddress }
        var evicted: Int32?
        if slots.count >= capacity {
            guard let (busiest, theirs) = connections.max(by: { $0.value < $1.value }), theirs >= mine + 2,
                  let victim = evictable(from: busiest) else { return .full }
            evicted = slots[victim]?.descriptor
            release(victim)
        }
        let id = nextID
        nextID += 1
        slots[id] = Slot(address: address, descriptor: descriptor, phase: .waiting, since: now)
        connections[address] = mine + 1
        return .admitted(id: id, evicted: evicted)
    }

    /// Moves connection `id` to `phase` (not to ``Phase/streaming``: see ``startStream(_:at:)``).
    /// - Returns: false when it was evicted, and should stop.
    mutating func enter(_ phase: Phase, _ id: Int, at now: Double) -> Bool {
        guard var slot = slots[id] else { return false }
        if slot.phase == .streaming { streams[slot.address, default: 1] -= 1 }
        slot.phase = phase
        slot.since = now
        slots[id] = slot
        return true
    }

    /// Makes connection `id` an event stream, if its address may hold another.
    mutating func startStream(_ id: Int, at now: Double) -> StreamAdmission {
        guard var slot = slots[id] else { return .gone }
        guard slot.phase != .streaming else { return .started }
        guard streams(of: slot.address) < streamsPerAddress else { return .tooManyFromAddress }
        slot.phase = .streaming
        slot.since = now
        slots[id] = slot
        streams[slot.address, default: 0] += 1
        return .started
    }

    /// Frees connection `id`'s slot; nothing happens if it was evicted already.
    mutating func release(_ id: Int) {
        guard let slot = slots.removeValue(forKey: id) else { return }
        Self.decrement(&connections, slot.address)
        if slot.phase == .streaming { Self.decrement(&streams, slot.address) }
    }

    /// The connection of `address` to evict: the longest waiting on its client, else the oldest
    /// event stream (the first admitted among equals); nil when all its connections are being answered.
    private func evictable(from address: String) -> Int? {
        var best: (rank: Int, since: Double, id: Int)?
        for (id, slot) in slots where slot.address == address && slot.phase != .answering {
            let candidate = (rank: slot.phase == .waiting ? 0 : 1, since: slot.since, id: id)
            if let b = best, b <= candidate { continue }
            best = candidate
        }
        return best?.id
    }

    private static func decrement(_ counts: inout [String: Int], _ address: String) {
        let n = counts[address, default: 0]
        counts[address] = n > 1 ? n - 1 : nil
    }
}
