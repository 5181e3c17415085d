import Foundation

/// One row of the bureau's classification table (分类分级, RULES §4): which enterprises it takes and how often they
/// are inspected. An enterprise belongs to the first row whose every given condition it meets; one that meets
/// none is 一般, covered by the 双随机 draws.
public struct EnterpriseClass: Sendable, Hashable, Codable {
    public var name: String
    /// Risk levels it takes; empty: any.
    public var riskLevels: [RiskLevel]
    /// Sectors it takes (any one of them); empty: any.
    public var sectors: [String]
    /// Standardization grades it takes: "level1", "level2", "level3", or "none" for 未定级; empty: any.
    public var grades: [String]
    /// Planned inspections of each enterprise a year; 0 leaves them to the draws.
    public var inspectionsPerYear: Int
    /// The most inspections of one enterprise a year (the frequency caps provinces publish); nil: no cap.
    public var maxPerYear: Int?

    public static let gradeKeys = StandardizationGrade.allCases.map(\.rawValue) + ["none"]

    public init(
        name: String, riskLevels: [RiskLevel] = [], sectors: [String] = [], grades: [String] = [], inspectionsPerYear: Int,
        maxPerYear: Int? = nil
    ) {
        self.name = name
        self.riskLevels = riskLevels
        self.sectors = sectors
        self.grades = grades
        self.inspectionsPerYear = inspectionsPerYear
        self.maxPerYear = maxPerYear
    }

    enum CodingKeys: String, CodingKey { case name, riskLevels, sectors, grades, inspectionsPerYear, maxPerYear }

    /// Conditions left out mean "any", as in the API's schema.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), riskLevels: try c.decodeIfPresent([RiskLevel].self, forKey: .riskLevels) ?? [],
            sectors: try c.decodeIfPresent([String].self, forKey: .sectors) ?? [],
            grades: try c.decodeIfPresent([String].self, forKey: .grades) ?? [],
            inspectionsPerYear: try c.decode(Int.self, forKey: .inspectionsPerYear),
            maxPerYear: try c.decodeIfPresent(Int.self, forKey: .maxPerYear))
    }

    public func matches(risk: RiskLevel?, sectors: [String], grade: StandardizationGrade?) -> Bool {
        if !riskLevels.isEmpty, !(risk.map(riskLevels.contains) ?? false) { return false }
        if !self.sectors.isEmpty, Set(self.sectors).isDisjoint(with: sectors) { return false }
        if !grades.isEmpty, !grades.contains(grade?.rawValue ?? "none") { return false }
        return true
    }

    func validated(_ index: Int) throws -> EnterpriseClass {
        var c = self
        c.name = name.trimmingCharacters(in: .whitespaces)
        let field = "classes[\(index)]"
        guard (1...20).contains(c.name.codePoints) else {
            throw AnlanError.invalid("plan.class_invalid", "第 \(index + 1) 类的名称须为 1–20 字。", field: field)
        }
        guard sectors.count <= 50, sectors.allSatisfy({ (1...20).contains($0.count) }) else {
            throw AnlanError.invalid("plan.class_invalid", "第 \(index + 1) 类的行业至多 50 个，每个 1–20 字。", field: field)
        }
        guard grades.allSatisfy(Self.gradeKeys.contains) else {
            throw AnlanError.invalid("plan.class_invalid", "第 \(index + 1) 类的标准化等级只能是 level1、level2、level3 或 none。", field: field)
        }
        guard (0...12).contains(inspectionsPerYear) else {
            throw AnlanError.invalid("plan.class_invalid", "第 \(index + 1) 类每年检查次数须为 0–12。", field: field)
        }
        if let cap = maxPerYear, !(1...52).contains(cap) || cap < inspectionsPerYear {
            throw AnlanError.invalid("plan.class_invalid", "第 \(index + 1) 类的年度检查上限须为 1–52 次，且不少于计划次数。", field: field)
        }
        return c
    }
}

/// The annual supervision plan (年度监督检查计划, RULES §4): which enterprises are 重点 and how often they are
/// inspected (the classification table), how many inspections the inspectors can do by the working-day formula,
/// and a month-by-month schedule that skips holidays and leans towards accident-prone months.
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
    /// The classification table, first match wins.
    public var classes: [EnterpriseClass]
    /// Share of the other (一般) enterprises drawn each quarter (双随机).
    public var drawRatioPerQuarter: Double
    /// Weight of each month (index 0 = January): more inspections before Spring Festival, Qingming and
    /// May Day, in the flood season and before National Day.
    public var monthWeights: [Double]

    public static let defaultKeySectors = ["危险化学品", "烟花爆竹", "非煤矿山", "冶金", "有色", "油气长输管道"]
    public static let defaultMonthWeights: [Double] = [1.3, 0.8, 1.1, 1.2, 1.1, 1.2, 1.2, 1.1, 1.3, 0.9, 1.0, 1.2]
    /// The issue's default: red and orange enterprises, and those of high-risk sectors, are 重点 and inspected once a
    /// year; no caps (those are provincial policy, entered by the bureau).
    public static let defaultClasses = [
        EnterpriseClass(name: "重点（红、橙风险）", riskLevels: [.major, .high], inspectionsPerYear: 1),
        EnterpriseClass(name: "重点（高危行业）", sectors: defaultKeySectors, inspectionsPerYear: 1),
    ]

    public init(
        year: Int, inspectors: Int, otherEnforcementDays: Int = 0, nonEnforcementDays: Int = 0, inspectorsPerInspection: Int = 2,
        daysPerInspection: Double = 0.5, classes: [EnterpriseClass] = InspectionPlanParameters.defaultClasses,
        drawRatioPerQuarter: Double = 0.05,
        monthWeights: [Double] = InspectionPlanParameters.defaultMonthWeights
    ) {
        self.year = year
        self.inspectors = inspectors
        self.otherEnforcementDays = otherEnforcementDays
        self.nonEnforcementDays = nonEnforcementDays
        self.inspectorsPerInspection = inspectorsPerInspection
        self.daysPerInspection = daysPerInspection
        self.classes = classes
        self.drawRatioPerQuarter = drawRatioPerQuarter
        self.monthWeights = monthWeights
    }

    enum CodingKeys: String, CodingKey {
        case year, inspectors, otherEnforcementDays, nonEnforcementDays, inspectorsPerInspection, daysPerInspection, classes,
            drawRatioPerQuarter
        case monthWeights, keySectors, keyRiskLevels
    }

    /// Reads stored parameters, including those written before the classification table, whose key sectors and
    /// key risk levels become the two default-shaped classes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        year = try c.decode(Int.self, forKey: .year)
        inspectors = try c.decode(Int.self, forKey: .inspectors)
        otherEnforcementDays = try c.decode(Int.self, forKey: .otherEnforcementDays)
        nonEnforcementDays = try c.decode(Int.self, forKey: .nonEnforcementDays)
        inspectorsPerInspection = try c.decode(Int.self, forKey: .inspectorsPerInspection)
        daysPerInspection = try c.decode(Double.self, forKey: .daysPerInspection)
        drawRatioPerQuarter = try c.decode(Double.self, forKey: .drawRatioPerQuarter)
        monthWeights = try c.decode([Double].self, forKey: .monthWeights)
        if let classes = try c.decodeIfPresent([EnterpriseClass].self, forKey: .classes) {
            self.classes = classes
        } else {
            let levels = try c.decodeIfPresent([RiskLevel].self, forKey: .keyRiskLevels) ?? [.major, .high]
            let sectors = try c.decodeIfPresent([String].self, forKey: .keySectors) ?? Self.defaultKeySectors
            classes = [
                EnterpriseClass(name: Self.defaultClasses[0].name, riskLevels: levels, inspectionsPerYear: 1),
                EnterpriseClass(name: Self.defaultClasses[1].name, sectors: sectors, inspectionsPerYear: 1),
            ].filter { !$0.riskLevels.isEmpty || !$0.sectors.isEmpty }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(inspectors, forKey: .inspectors)
        try c.encode(otherEnforcementDays, forKey: .otherEnforcementDays)
        try c.encode(nonEnforcementDays, forKey: .nonEnforcementDays)
        try c.encode(inspectorsPerInspection, forKey: .inspectorsPerInspection)
        try c.encode(daysPerInspection, forKey: .daysPerInspection)
        try c.encode(classes, forKey: .classes)
        try c.encode(drawRatioPerQuarter, forKey: .drawRatioPerQuarter)
        try c.encode(monthWeights, forKey: .monthWeights)
    }

    /// The class an enterprise falls in (the first that matches), or nil for 一般.
    public func enterpriseClass(risk: RiskLevel?, sectors: [String], grade: StandardizationGrade?) -> EnterpriseClass? {
        classes.first { $0.matches(risk: risk, sectors: sectors, grade: grade) }
    }

    public func validated() throws -> InspectionPlanParameters {
        guard (2000...2100).contains(year) else { throw AnlanError.invalid("plan.year_invalid", "年度须在 2000–2100 之间。", field: "year") }
        guard (1...1000).contains(inspectors) else {
            throw AnlanError.invalid("plan.inspectors_invalid", "执法人数须在 1–1000 之间。", field: "inspectors")
        }
        guard otherEnforcementDays >= 0, nonEnforcementDays >= 0, otherEnforcementDays + nonEnforcementDays <= 366 * inspectors else {
            throw AnlanError.invalid("plan.days_invalid", "其他执法工作日和非执法工作日须为非负数，且合计不超过总工作日。", field: "otherEnforcementDays")
        }
        guard (2...10).contains(inspectorsPerInspection) else {
            throw AnlanError.invalid("plan.team_invalid", "每次检查的执法人员须为 2–10 人（行政处罚法第四十二条）。", field: "inspectorsPerInspection")
        }
        guard daysPerInspection >= 0.1, daysPerInspection <= 10 else {
            throw AnlanError.invalid("plan.days_per_inspection_invalid", "每次检查每人用时须在 0.1–10 个工作日之间。", field: "daysPerInspection")
        }
        guard drawRatioPerQuarter >= 0, drawRatioPerQuarter <= 1 else {
            throw AnlanError.invalid("plan.ratio_invalid", "抽查比例须在 0–1 之间。", field: "drawRatioPerQuarter")
        }
        guard classes.count <= 20 else { throw AnlanError.invalid("plan.class_invalid", "分类至多 20 类。", field: "classes") }
        guard monthWeights.count == 12, monthWeights.allSatisfy({ $0 >= 0.1 && $0 <= 10 }) else {
            throw AnlanError.invalid("plan.weights_invalid", "须给出 12 个月的权重（0.1–10）。", field: "monthWeights")
        }
        var p = self
        p.classes = try classes.enumerated().map { try $1.validated($0) }
        return p
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

    public struct ClassCount: Sendable, Hashable, Codable {
        public let name: String
        public let enterprises: Int
        public let inspectionsPerYear: Int
        public let maxPerYear: Int?
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
    /// Planned inspections of the key enterprises (each class's inspections a year, summed).
    public let keyInspections: Int
    public let generalEnterprises: Int
    /// Enterprises per class of the table, in its order, and the 一般 ones last.
    public let classCounts: [ClassCount]
    public let drawInspections: Int
    public let months: [Month]
    public let assignments: [Assignment]

    public var required: Int { keyInspections + drawInspections }

    enum CodingKeys: String, CodingKey {
        case parameters, legalWorkingDays, supervisionDays, capacity, keyEnterprises, keyInspections, generalEnterprises, classCounts
        case drawInspections, months, assignments
    }

    init(
        parameters: InspectionPlanParameters, legalWorkingDays: Int, supervisionDays: Int, capacity: Int, keyEnterprises: Int,
        keyInspections: Int,
        generalEnterprises: Int, classCounts: [ClassCount], drawInspections: Int, months: [Month], assignments: [Assignment]
    ) {
        self.parameters = parameters
        self.legalWorkingDays = legalWorkingDays
        self.supervisionDays = supervisionDays
        self.capacity = capacity
        self.keyEnterprises = keyEnterprises
        self.keyInspections = keyInspections
        self.generalEnterprises = generalEnterprises
        self.classCounts = classCounts
        self.drawInspections = drawInspections
        self.months = months
        self.assignments = assignments
    }

    /// Reads stored plans, including those made before the classification table (one inspection per key enterprise).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try c.decode(InspectionPlanParameters.self, forKey: .parameters)
        legalWorkingDays = try c.decode(Int.self, forKey: .legalWorkingDays)
        supervisionDays = try c.decode(Int.self, forKey: .supervisionDays)
        capacity = try c.decode(Int.self, forKey: .capacity)
        keyEnterprises = try c.decode(Int.self, forKey: .keyEnterprises)
        keyInspections = try c.decodeIfPresent(Int.self, forKey: .keyInspections) ?? keyEnterprises
        generalEnterprises = try c.decode(Int.self, forKey: .generalEnterprises)
        classCounts = try c.decodeIfPresent([ClassCount].self, forKey: .classCounts) ?? []
        drawInspections = try c.decode(Int.self, forKey: .drawInspections)
        months = try c.decode([Month].self, forKey: .months)
        assignments = try c.decode([Assignment].self, forKey: .assignments)
    }
    public var withinCapacity: Bool { required <= capacity }

    /// The plan for a set of enterprises (ID, risk level, sectors, standardization grade), on a working-day calendar.
    /// Each key enterprise gets its class's inspections a year; the visits are spread over the months in proportion
    /// to working days × weight, every enterprise's first visit before anyone's second, highest risk first.
    public static func make(
        _ parameters: InspectionPlanParameters,
        enterprises: [(id: UUID, risk: RiskLevel?, sectors: [String], grade: StandardizationGrade?)],
        calendar: WorkCalendar
    ) throws -> InspectionPlan {
        let p = try parameters.validated()
        let year = String(format: "%04d", p.year)
        let workingDays = (1...12).map { m in
            calendar.workingDays(
                from: "\(year)-\(String(format: "%02d", m))-01", through: Timestamp.lastDay(ofMonth: "\(year)-\(String(format: "%02d", m))")
            ).count
        }
        let legal = workingDays.reduce(0, +)
        let supervision = max(0, legal * p.inspectors - p.otherEnforcementDays - p.nonEnforcementDays)
        let capacity = Int(Double(supervision) / (Double(p.inspectorsPerInspection) * p.daysPerInspection))
        let order: [RiskLevel?] = [.major, .high, .moderate, .low, nil]
        var counts = Array(repeating: 0, count: p.classes.count)
        var key: [(id: UUID, risk: RiskLevel?, visits: Int)] = []
        for e in enterprises {
            guard let index = p.classes.firstIndex(where: { $0.matches(risk: e.risk, sectors: e.sectors, grade: e.grade) }) else {
                continue
            }
            counts[index] += 1
            if p.classes[index].inspectionsPerYear > 0 { key.append((e.id, e.risk, p.classes[index].inspectionsPerYear)) }
        }
        key.sort { (order.firstIndex(of: $0.risk) ?? 4, $0.id.uuidString) < (order.firstIndex(of: $1.risk) ?? 4, $1.id.uuidString) }
        let classified = counts.reduce(0, +)
        let general = enterprises.count - classified
        let visits = (0..<(key.map(\.visits).max() ?? 0)).flatMap { round in key.filter { $0.visits > round }.map(\.id) }
        let perQuarter = Int((Double(general) * p.drawRatioPerQuarter).rounded(.up))
        let shares = (0..<12).map { Double(workingDays[$0]) * p.monthWeights[$0] }
        let keyByMonth = allocate(visits.count, shares: shares)
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
            for id in visits[cursor..<cursor + keyByMonth[m]] { assignments.append(Assignment(enterpriseID: id, month: m + 1)) }
            cursor += keyByMonth[m]
        }
        let classCounts = p.classes.enumerated().map {
            ClassCount(name: $1.name, enterprises: counts[$0], inspectionsPerYear: $1.inspectionsPerYear, maxPerYear: $1.maxPerYear)
        }
        return InspectionPlan(
            parameters: p, legalWorkingDays: legal, supervisionDays: supervision, capacity: capacity, keyEnterprises: key.count,
            keyInspections: visits.count,
            generalEnterprises: general, classCounts: classCounts, drawInspections: perQuarter * 4,
            months: (0..<12).map {
                Month(
                    month: $0 + 1, workingDays: workingDays[$0], weight: p.monthWeights[$0], keyInspections: keyByMonth[$0],
                    drawInspections: drawByMonth[$0])
            },
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
