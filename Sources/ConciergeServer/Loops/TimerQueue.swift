/// The deadlines an ``EventLoop``'s channels are waiting for, soonest first (a binary min-heap).
///
/// Entries name their channel by descriptor and registration serial, not by reference, so a
/// closed channel's entries simply find nothing when they come due.
struct TimerQueue {
    struct Entry {
        /// Monotonic nanoseconds.
        var deadline: UInt64
        var fd: Int32
        var serial: UInt64
    }

    private var heap: [Entry] = []

    /// The soonest entry.
    var first: Entry? { heap.first }

    var count: Int { heap.count }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every entry due at or before `now`, soonest first.
    mutating func popDue(before now: UInt64) -> [Entry] {
        var due: [Entry] = []
        while let top = heap.first, top.deadline <= now { due.append(pop()) }
        return due
    }

    private mutating func pop() -> Entry {
        let top = heap[0]
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].deadline < heap[left].deadline { smallest = left + 1 }
            guard heap[smallest].deadline < heap[parent].deadline else { break }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
        return top
    }
}
