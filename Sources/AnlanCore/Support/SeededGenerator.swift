/// SplitMix64: a small, fast generator whose whole sequence follows from its seed.
///
/// Use it wherever a result must be reproducible (demo data, later the random-draw lottery). Never for
/// secrets: use `SystemRandomNumberGenerator` for passwords and tokens.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1), reproducible across platforms (unlike `Double.random(in:using:)`,
    /// whose use of the generator is an implementation detail of the standard library).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// An integer in `range`, reproducible across platforms.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % width)
    }
}
