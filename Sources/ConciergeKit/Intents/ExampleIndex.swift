/// For one intent, which of its examples use each feature: an inverted index that lets the
/// matcher visit only the examples sharing something with a message.
///
/// Most examples of a shortlisted intent share nothing with a given message; comparing the
/// message with each of them in turn was the largest single cost of classifying. Looking each
/// of the message's few features up here touches only the examples that matter.
struct ExampleIndex: Sendable {
    /// The distinct feature ids of the intent's examples, ascending.
    private let features: [Int32]
    /// The examples using `features[k]` are `exampleIDs[starts[k]..<starts[k + 1]]`, ascending.
    private let starts: [Int32]
    private let exampleIDs: [Int32]

    /// - Parameter examples: each example's distinct feature ids (in any order).
    init(examples: [[Int32]]) {
        var byFeature: [Int32: [Int32]] = [:]
        for (index, features) in examples.enumerated() {
            for f in features { byFeature[f, default: []].append(Int32(index)) }
        }
        let features = byFeature.keys.sorted()
        var starts: [Int32] = [0]
        var exampleIDs: [Int32] = []
        for f in features {
            exampleIDs += byFeature[f] ?? []
            starts.append(Int32(exampleIDs.count))
        }
        self.features = features
        self.starts = starts
        self.exampleIDs = exampleIDs
    }

    /// Adds to `overlap[e]`, for every example `e`, the squared weight of each message feature
    /// the example uses, taking the features in the message's (ascending id) order, so each sum
    /// is computed exactly as a feature-by-feature comparison would compute it.
    /// - Parameters:
    ///   - message: the message's features, ascending by id, each once.
    ///   - overlap: one zeroed entry per example of the intent.
    func addOverlaps(of message: [(id: Int32, weight: Double)], to overlap: inout [Double]) {
        for (id, weight) in message where slot(of: id) >= 0 {
            addOverlap(slot: slot(of: id), square: weight * weight, to: &overlap)
        }
    }

    /// Where `feature` is in this index, or -1 when no example uses it. The matcher keeps the
    /// slot of each feature next to its postings, so that classifying needs no search.
    func slot(of feature: Int32) -> Int32 {
        var low = 0, high = features.count
        while low < high {
            let mid = (low + high) / 2
            if features[mid] < feature { low = mid + 1 } else { high = mid }
        }
        return low < features.count && features[low] == feature ? Int32(low) : -1
    }

    /// A message feature that some of the intent's examples use, as the matcher gathers them:
    /// the feature's slot here, its squared weight, and the next hit for the same intent (-1
    /// after the last).
    struct Hit {
        var slot: Int32
        var square: Double
        var next: Int32
    }

    /// Adds to `overlap[e]`, for every example `e`, the square of each hit in the chain starting
    /// at `first` that the example uses, in chain order (the matcher chains them by ascending
    /// feature id, so each sum is computed as ``addOverlaps(of:to:)`` computes it).
    func addOverlaps(chain first: Int32, of hits: UnsafeBufferPointer<Hit>, to overlap: UnsafeMutableBufferPointer<Double>) {
        starts.withUnsafeBufferPointer { starts in
            exampleIDs.withUnsafeBufferPointer { ids in
                var h = Int(first)
                while h >= 0 {
                    let hit = hits[h]
                    let slot = Int(hit.slot)
                    for k in Int(starts[slot])..<Int(starts[slot + 1]) { overlap[Int(ids[k])] += hit.square }
                    h = Int(hit.next)
                }
            }
        }
    }

    /// Adds `square` to `overlap[e]` for every example `e` using the feature in `slot`.
    func addOverlap(slot: Int32, square: Double, to overlap: inout [Double]) {
        let slot = Int(slot)
        exampleIDs.withUnsafeBufferPointer { ids in
            overlap.withUnsafeMutableBufferPointer { overlap in
                for k in Int(starts[slot])..<Int(starts[slot + 1]) { overlap[Int(ids[k])] += square }
            }
        }
    }
}
