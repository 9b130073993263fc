/// Numbers the terms the catalog uses (the stems of its examples and keywords), so that a
/// message's terms are looked up once, when the message is read, and the matcher then works on
/// small integers rather than hashing and comparing strings.
///
/// Built while the matcher compiles the catalog, then frozen into the ``Analyzer``.
struct TermTable: Sendable {
    private var ids: [String: Int32] = [:]
    /// Term id → the term.
    private(set) var terms: [String] = []

    init() {}

    /// A table numbering `terms` in order of first appearance.
    init<S: Sequence>(_ terms: S) where S.Element == String {
        for t in terms { add(t) }
    }

    /// How many terms are numbered.
    var count: Int { terms.count }

    /// The id of `term`, numbering it if it is new.
    @discardableResult
    mutating func add(_ term: String) -> Int32 {
        if let id = ids[term] { return id }
        let id = Int32(terms.count)
        ids[term] = id
        terms.append(term)
        return id
    }

    /// The ids by term, frozen into a ``WordMap`` for the look-ups made while reading a message.
    var frozenIDs: WordMap<Int32> { WordMap(ids) }

    /// The id of `term`, or -1 when the catalog never uses it.
    func id(_ term: String) -> Int32 { ids[term] ?? -1 }

    /// The id of each term (-1 for those the catalog never uses).
    func ids(_ terms: [String]) -> [Int32] { terms.map(id) }
}
