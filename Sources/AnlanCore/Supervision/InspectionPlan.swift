import Foundation

/// The annual supervision plan (年度监督检查计划, RULES §4): which enterprises are 重点 and inspected at
/// least once, how many inspections the inspectors can do by the working-day formula, and a month-by-month
/// schedule that skips holidays and leans towards accident-prone months.
public struct InspectionPlanParameters: Sendable, Hashable, Codable {
    public var year: Int
    /// 执法人数: certified inspectors.
    public var inspectors: Int
    /// 其他执法工作日 (inspector-days on cases, accident investigation, complaints …).
    public var otherEnforcementDays: Int
    /// 非执法工作日 (training, meetings, leave …), in inspector-days.
    public var nonEnforcementDays: Int
    /// Inspectors sent to each inspection (at least two).
    public var inspectorsPerInspection: Int
    /// Working days one inspection takes one inspector, including travel and documents.
    public var daysPerInspection: Double
    /// Sectors whose enterprises are 重点 whatever their risk level.
    public var keySectors: [String]
    /// Risk levels that make an enterprise 重点.
    public var keyRiskLevels: [RiskLevel]
    /// Share of the other (一般) enterprises drawn each quarter (双随机).
    public var drawRatioPerQuarter: Double
    /// Weight of each month (index 0 = January): more inspections before Spring Festival, Qingming and
    /// May Day, in the flood season and before National Day.
    public var monthWeights: [Double]

    public static let defaultKeySectors = ["危险化学品", "烟花爆竹", "非煤矿山", "冶金", "有色", "油气长输管道"]
    public static let defaultMonthWeights: [Double] = [1.3, 0.8, 1.1, 1.2, 1.1, 1.2, 1.2, 1.1, 1.3, 0.9, 1.0, 1.2]

    public init(
        year: Int, inspectors: Int, otherEnforcementDays: Int = 0, nonEnforcementDays: Int = 0, inspectorsPerInspection: Int = 2,
        daysPerInspection: Double = 0.5, keySectors: [String] = InspectionPlanParameters.defaultKeySectors,
        keyRiskLevels: [RiskLevel] = [.major, .high], drawRatioPerQuarter: Double = 0.05,
        monthWeights: [Double] = InspectionPlanParameters.defaultMonthWeights
    ) {
        self.year = year
        self.inspectors = inspectors
        self.otherEnforcementDays = otherEnforcementDays
        self.nonEnforcementDays = nonEnforcementDays
        self.inspectorsPerInspection = inspectorsPerInspection
        self.daysPerInspection = daysPerInspection
        self.keySectors = keySectors
        self.keyRiskLevels = keyRiskLevels
        self.drawRatioPerQuarter = drawRatioPerQuarter
        self.monthWeights = monthWeights
    }

    public func validated() throws -> InspectionPlanParameters {
        guard (2000...2100).contains(year) else { throw AnlanError.invalid("plan.year_invalid", "年度须在 2000–2100 之间。", field: "year") }
        guard (1...1000).contains(inspectors) else { throw AnlanError.invalid("plan.inspectors_invalid", "执法人数须在 1–1000 之间。", field: "inspectors") }
        guard otherEnforcementDays >= 0, nonEnforcementDays >= 0, otherEnforcementDays + nonEnforcementDays <= 366 * inspectors else {
            throw AnlanError.invalid("plan.days_invalid", "其他执法工作日和非执法工作日须为非负数，且合计不超过总工作日。", field: "otherEnforcementDays")
        }
        guard (2...10).contains(inspectorsPerInspection) else {
            throw AnlanError.invalid("plan.team_invalid", "每次检查的执法人员须为 2–10 人（行政处罚法第四十二条）。", field: "inspectorsPerInspection")
        }
        guard daysPerInspection >= 0.1, daysPerInspection <= 10 else {
            throw AnlanError.invalid("plan.days_per_inspection_invalid", "每次检查每人用时须在 0.1–10 个工作日之间。", field: "daysPerInspection")
        }
        guard drawRatioPerQuarter >= 0, drawRatioPerQuarter <= 1 else { throw AnlanError.invalid("plan.ratio_invalid", "抽查比例须在 0–1 之间。", field: "drawRatioPerQuarter") }
        guard keySectors.count <= 50, keySectors.allSatisfy({ (1...20).contains($0.count) }) else {
            throw AnlanError.invalid("plan.key_sectors_invalid", "重点行业至多 50 个，每个 1–20 字。", field: "keySectors")
        }
        guard monthWeights.count == 12, monthWeights.allSatisfy({ $0 >= 0.1 && $0 <= 10 }) else {
            throw AnlanError.invalid("plan.weights_invalid", "须给出 12 个月的权重（0.1–10）。", field: "monthWeights")
        }
        return self
    }
}

/// A computed plan: the capacity working, the key enterprises and the months.
public struct InspectionPlan: Sendable, Hashable, Codable {
    public struct Month: Sendable, Hashable, Codable {
        public let month: Int
        public let workingDays: Int
        public let weight: Double
        public let keyInspections: Int
        public let drawInspections: Int
        public var total: Int { keyInspections + drawInspections }
    }

    public struct Assignment: Sendable, Hashable, Codable {
        public let enterpriseID: UUID
        public let month: Int
    }

    public let parameters: InspectionPlanParameters
    /// 法定工作日 of the year.
    public let legalWorkingDays: Int
    /// 监督检查工作日 = 法定工作日 × 执法人数 − 其他执法工作日 − 非执法工作日.
    public let supervisionDays: Int
    /// Inspections the days allow: supervision days ÷ (inspectors per inspection × days per inspection).
    public let capacity: Int
    public let keyEnterprises: Int
    public let generalEnterprises: Int
    public let drawInspections: Int
    public let months: [Month]
    public let assignments: [Assignment]

    public var required: Int { keyEnterprises + drawInspections }
    public var withinCapacity: Bool { required <= capacity }

    /// The plan for a set of enterprises (ID, risk level, sectors), on a working-day calendar.
    /// Key enterprises are spread over the months in proportion to working days × weight, highest risk first.
    public static func make(_ parameters: InspectionPlanParameters, enterprises: [(id: UUID, risk: RiskLevel?, sectors: [String])], calendar: WorkCalendar)
        throws -> InspectionPlan
    {
        let p = try parameters.validated()
        let year = String(format: "%04d", p.year)
        let workingDays = (1...12).map { m in
            calendar.workingDays(from: "\(year)-\(String(format: "%02d", m))-01", through: Timestamp.lastDay(ofMonth: "\(year)-\(String(format: "%02d", m))")).count
        }
        let legal = workingDays.reduce(0, +)
        let supervision = max(0, legal * p.inspectors - p.otherEnforcementDays - p.nonEnforcementDays)
        let capacity = Int(Double(supervision) / (Double(p.inspectorsPerInspection) * p.daysPerInspection))
        let keySectors = Set(p.keySectors)
        let order: [RiskLevel?] = [.major, .high, .moderate, .low, nil]
        let key = enterprises.filter { e in (e.risk.map { p.keyRiskLevels.contains($0) } ?? false) || !keySectors.isDisjoint(with: e.sectors) }
            .sorted { (order.firstIndex(of: $0.risk) ?? 4, $0.id.uuidString) < (order.firstIndex(of: $1.risk) ?? 4, $1.id.uuidString) }
        let general = enterprises.count - key.count
        let perQuarter = Int((Double(general) * p.drawRatioPerQuarter).rounded(.up))
        let shares = (0..<12).map { Double(workingDays[$0]) * p.monthWeights[$0] }
        let keyByMonth = allocate(key.count, shares: shares)
        // Draw inspections: each quarter's draw spread over its three months by the same shares.
        var drawByMonth = Array(repeating: 0, count: 12)
        for quarter in 0..<4 {
            let months = (quarter * 3)..<(quarter * 3 + 3)
            let split = allocate(perQuarter, shares: months.map { shares[$0] })
            for (offset, m) in months.enumerated() { drawByMonth[m] = split[offset] }
        }
        var assignments: [Assignment] = []
        var cursor = 0
        for m in 0..<12 {
            for e in key[cursor..<cursor + keyByMonth[m]] { assignments.append(Assignment(enterpriseID: e.id, month: m + 1)) }
            cursor += keyByMonth[m]
        }
        return InspectionPlan(
            parameters: p, legalWorkingDays: legal, supervisionDays: supervision, capacity: capacity, keyEnterprises: key.count, generalEnterprises: general,
            drawInspections: perQuarter * 4,
            months: (0..<12).map { Month(month: $0 + 1, workingDays: workingDays[$0], weight: p.monthWeights[$0], keyInspections: keyByMonth[$0], drawInspections: drawByMonth[$0]) },
            assignments: assignments)
    }

    /// Splits `total` in proportion to `shares` by the largest-remainder method: the parts add up exactly.
    public static func allocate(_ total: Int, shares: [Double]) -> [Int] {
        let sum = shares.reduce(0, +)
        guard total > 0, sum > 0 else { return shares.map { _ in 0 } }
        let exact = shares.map { Double(total) * $0 / sum }
        var parts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(parts[$0]), -$0) > (exact[$1] - Double(parts[$1]), -$1) }
        for i in order.prefix(total - parts.reduce(0, +)) { parts[i] += 1 }
        return parts
    }
}
