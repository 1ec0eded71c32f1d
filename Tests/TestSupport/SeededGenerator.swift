/// The generator of every test's generated inputs (layout variants, scanned digits, strings
/// compared against reference code): SplitMix64, a few lines that give the same sequence on
/// every platform (no Foundation random). The same seed draws the same inputs every run, so an
/// input that fails is named by its seed and drawn again.
public struct SeededGenerator: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (0 when n <= 1).
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / 9_007_199_254_740_992 < p }
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    /// `count` distinct indices of `0..<n`, in increasing order.
    public mutating func sample(_ count: Int, of n: Int) -> [Int] {
        var pool = Array(0..<n), out: [Int] = []
        for _ in 0..<min(count, n) { out.append(pool.remove(at: below(pool.count))) }
        return out.sorted()
    }
}
