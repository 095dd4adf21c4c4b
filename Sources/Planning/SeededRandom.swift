/// A deterministic random source (SplitMix64): the same seed gives the same district,
/// byte for byte, on every machine; also the roster's neighbourhoods and the mentor local
/// search's perturbations.
public struct SeededRandom: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    /// Starts from `state` as it is (the first draw mixes `state` plus one increment).
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An index drawn with the given weights.
    public mutating func pick(_ weights: [Double]) -> Int {
        var x = unit() * weights.reduce(0, +)
        for (k, w) in weights.enumerated() {
            x -= w
            if x < 0 { return k }
        }
        return weights.count - 1
    }
}
