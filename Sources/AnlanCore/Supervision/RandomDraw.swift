import Foundation

/// 双随机: draws enterprises from a pool and assigns inspectors, reproducibly from a seed.
///
/// Algorithm "anlan-draw-1", written out so anyone can re-check a draw by hand or in another language:
/// 1. Candidates are taken in ascending order of their ID. A SplitMix64 generator starts from the seed.
/// 2. Each candidate gets a key u^(1/w), where u = (next() >> 11 + 1) / 2^53 is the generator's next
///    number in (0, 1] and w its weight (weighted sampling without replacement, Efraimidis–Spirakis).
///    The N largest keys are drawn (ties: smaller ID first), in descending key order.
/// 3. For each drawn enterprise in that order: the eligible inspectors are all inspectors except those
///    with a recorded conflict of interest there. Those who inspected it last time are left out too, if
///    enough others remain. Each eligible inspector, in ascending username order, gets a tie-break
///    number next(); the required number are chosen one by one, fewest assignments so far first, then
///    smallest tie-break number.
public enum RandomDrawAlgorithm {
    public static let version = "anlan-draw-1"

    public struct Candidate: Sendable, Hashable, Codable {
        public let enterpriseID: String
        public let weight: Double
        public init(enterpriseID: String, weight: Double) {
            self.enterpriseID = enterpriseID
            self.weight = weight
        }
    }

    public struct Input: Sendable, Hashable, Codable {
        public let candidates: [Candidate]
        public let count: Int
        public let inspectors: [String]
        public let inspectorsPerEnterprise: Int
        /// enterprise ID → usernames who must withdraw (回避).
        public let conflicts: [String: [String]]
        /// enterprise ID → usernames of its last inspection.
        public let previous: [String: [String]]
        public let seed: UInt64

        public init(
            candidates: [Candidate], count: Int, inspectors: [String], inspectorsPerEnterprise: Int = 2,
            conflicts: [String: [String]] = [:],
            previous: [String: [String]] = [:], seed: UInt64
        ) {
            self.candidates = candidates
            self.count = count
            self.inspectors = inspectors
            self.inspectorsPerEnterprise = inspectorsPerEnterprise
            self.conflicts = conflicts
            self.previous = previous
            self.seed = seed
        }
    }

    public struct Assignment: Sendable, Hashable, Codable {
        public let enterpriseID: String
        public let inspectors: [String]
        public init(enterpriseID: String, inspectors: [String]) {
            self.enterpriseID = enterpriseID
            self.inspectors = inspectors
        }
    }

    /// Risk weights by default: red 4, orange 3, yellow 2, blue and ungraded 1.
    public static func defaultWeight(_ level: RiskLevel?) -> Double {
        switch level {
        case .major: 4
        case .high: 3
        case .moderate: 2
        case .low, nil: 1
        }
    }

    public static func draw(_ input: Input) throws -> [Assignment] {
        guard input.inspectorsPerEnterprise >= 2 else {
            throw AnlanError.invalid("draw.too_few_inspectors", "每家企业至少须派两名执法人员（行政处罚法第四十二条）。", field: "inspectorsPerEnterprise")
        }
        guard input.count >= 1, input.count <= input.candidates.count else {
            throw AnlanError.invalid("draw.count_invalid", "抽取数量须在 1 到名录库企业数（\(input.candidates.count)）之间。", field: "count")
        }
        guard input.candidates.allSatisfy({ $0.weight > 0 && $0.weight.isFinite }) else {
            throw AnlanError.invalid("draw.weight_invalid", "权重须为正数。", field: "weights")
        }
        var generator = SeededGenerator(seed: input.seed)
        let ordered = input.candidates.sorted { $0.enterpriseID < $1.enterpriseID }
        let keyed: [(key: Double, id: String)] = ordered.map { candidate in
            let u = Double((generator.next() >> 11) + 1) * 0x1.0p-53
            return (Foundation.pow(u, 1 / candidate.weight), candidate.enterpriseID)
        }
        let drawn = keyed.sorted { $0.key != $1.key ? $0.key > $1.key : $0.id < $1.id }.prefix(input.count).map(\.id)

        let inspectors = Array(Set(input.inspectors)).sorted()
        var load = Dictionary(uniqueKeysWithValues: inspectors.map { ($0, 0) })
        var result: [Assignment] = []
        for enterprise in drawn {
            let conflicted = Set(input.conflicts[enterprise] ?? [])
            let eligible = inspectors.filter { !conflicted.contains($0) }
            let previous = Set(input.previous[enterprise] ?? [])
            let fresh = eligible.filter { !previous.contains($0) }
            let pool = fresh.count >= input.inspectorsPerEnterprise ? fresh : eligible
            guard pool.count >= input.inspectorsPerEnterprise else {
                throw AnlanError(
                    .unprocessable, code: "draw.too_few_inspectors",
                    message: "可派往企业 \(enterprise) 的执法人员不足 \(input.inspectorsPerEnterprise) 名（已排除回避人员）。",
                    details: ["enterpriseId": enterprise])
            }
            var ties: [String: UInt64] = [:]
            for name in pool { ties[name] = generator.next() }
            var chosen: [String] = []
            for _ in 0..<input.inspectorsPerEnterprise {
                let pick = pool.filter { !chosen.contains($0) }.min { a, b in
                    (load[a]!, ties[a]!) < (load[b]!, ties[b]!)
                }!
                chosen.append(pick)
                load[pick]! += 1
            }
            result.append(Assignment(enterpriseID: enterprise, inspectors: chosen))
        }
        return result
    }
}
