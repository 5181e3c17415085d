import Foundation

/// GB 18218-2018 hazard classes of substances not named in Table 1: Table 2's critical quantities
/// and Table 4's correction factor β.
///
/// GB 18218-2018 危险化学品重大危险源辨识, 表 2 与表 4 (shared/domain/RULES.md §3)
public enum HazardClass: String, Sendable, CaseIterable, Codable {
    case j1 = "J1", j2 = "J2", j3 = "J3", j4 = "J4", j5 = "J5"
    case w1_1 = "W1.1", w1_2 = "W1.2", w1_3 = "W1.3", w2 = "W2", w3 = "W3", w4 = "W4"
    case w5_1 = "W5.1", w5_2 = "W5.2", w5_3 = "W5.3", w5_4 = "W5.4"
    case w6_1 = "W6.1", w6_2 = "W6.2", w7_1 = "W7.1", w7_2 = "W7.2", w8 = "W8"
    case w9_1 = "W9.1", w9_2 = "W9.2", w10 = "W10", w11 = "W11"

    /// Table 2: the critical quantity Q in tonnes.
    public var criticalQuantity: Double {
        switch self {
        case .j1: 5
        case .j2, .j3, .j4: 50
        case .j5: 500
        case .w1_1: 1
        case .w1_2: 10
        case .w1_3: 50
        case .w2: 10
        case .w3: 150
        case .w4: 50
        case .w5_1: 10
        case .w5_2: 50
        case .w5_3: 1000
        case .w5_4: 5000
        case .w6_1: 10
        case .w6_2: 50
        case .w7_1: 10
        case .w7_2: 50
        case .w8: 50
        case .w9_1: 50
        case .w9_2, .w10, .w11: 200
        }
    }

    /// Table 4: the correction factor β.
    public var beta: Double {
        switch self {
        case .j1: 4
        case .j2, .j5: 1
        case .j3, .j4: 2
        case .w1_1, .w1_2, .w1_3: 2
        case .w2, .w5_1, .w6_1, .w7_1: 1.5
        default: 1
        }
    }
}

/// A substance named in Table 1, with its critical quantity Q and its β.
public struct HazardousSubstance: Sendable, Hashable {
    public let name: String
    public let aliases: [String]
    public let casNumbers: [String]
    /// Critical quantity Q in tonnes (Table 1).
    public let criticalQuantity: Double
    /// β from Table 3 for the listed toxic gases, otherwise Table 4 by the substance's class.
    public let beta: Double
    /// The class behind β when β comes from Table 4; nil when Table 3 names the substance.
    public let hazardClass: HazardClass?

    /// Where β comes from: Table 3 gives it by name (the standard's value); for every other Table 1 substance the
    /// standard gives no class, so the class behind its Table 4 β is Anlan's reading (GHS classification), to be confirmed.
    public var betaSource: String {
        hazardClass.map { "表4按\($0.rawValue)类（类别为安澜的判读，标准表1未列类别，请核实）" } ?? "表3（标准所列数值）"
    }
}

/// The Table 1 substances Anlan knows, named as the table names them. β for substances outside Table 3 follows from the
/// class given here, which the standard does not state: Anlan's reading (`betaSource`), marked **S** in RULES terms.
/// Rows checked against copies of the table (docs/research/2026-11-gb18218-and-hazard-criteria.md): 硝酸铵 is three
/// rows (序号 43–45), 甲醛 is 甲醛（含量>90%） (序号 8), 氧 is 氧（压缩的或液化的） (序号 56, 200 t), 碳化钙 100 t (序号 83).
public enum MajorHazardCatalog {
    public static let ruleVersion = "GB 18218-2018"

    public static let substances: [HazardousSubstance] = [
        .init(name: "氨", aliases: ["液氨", "氨气"], casNumbers: ["7664-41-7"], criticalQuantity: 10, beta: 2, hazardClass: nil),
        .init(name: "氯", aliases: ["液氯", "氯气"], casNumbers: ["7782-50-5"], criticalQuantity: 5, beta: 4, hazardClass: nil),
        .init(name: "液化石油气", aliases: ["LPG", "液化气"], casNumbers: ["68476-85-7"], criticalQuantity: 50, beta: 1.5, hazardClass: .w2),
        .init(
            name: "甲烷", aliases: ["天然气", "液化天然气", "LNG"], casNumbers: ["74-82-8", "8006-14-2"], criticalQuantity: 50, beta: 1.5,
            hazardClass: .w2),
        .init(
            name: "汽油", aliases: ["乙醇汽油", "甲醇汽油"], casNumbers: ["86290-81-5", "8006-61-9"], criticalQuantity: 200, beta: 1.5,
            hazardClass: .w5_1),
        .init(name: "甲醇", aliases: [], casNumbers: ["67-56-1"], criticalQuantity: 500, beta: 1, hazardClass: .w5_2),
        .init(name: "乙醇", aliases: ["酒精"], casNumbers: ["64-17-5"], criticalQuantity: 500, beta: 1, hazardClass: .w5_2),
        .init(name: "硫化氢", aliases: [], casNumbers: ["7783-06-4"], criticalQuantity: 5, beta: 5, hazardClass: nil),
        .init(name: "苯", aliases: [], casNumbers: ["71-43-2"], criticalQuantity: 50, beta: 1, hazardClass: .w5_2),
        .init(name: "甲苯", aliases: [], casNumbers: ["108-88-3"], criticalQuantity: 500, beta: 1, hazardClass: .w5_2),
        .init(name: "氢", aliases: ["氢气"], casNumbers: ["1333-74-0"], criticalQuantity: 5, beta: 1.5, hazardClass: .w2),
        .init(name: "乙炔", aliases: [], casNumbers: ["74-86-2"], criticalQuantity: 1, beta: 1.5, hazardClass: .w2),
        .init(name: "环氧乙烷", aliases: [], casNumbers: ["75-21-8"], criticalQuantity: 10, beta: 2, hazardClass: nil),
        .init(name: "氰化氢", aliases: [], casNumbers: ["74-90-8"], criticalQuantity: 1, beta: 10, hazardClass: nil),
        .init(name: "光气", aliases: ["碳酰氯"], casNumbers: ["75-44-5"], criticalQuantity: 0.3, beta: 20, hazardClass: nil),
        .init(name: "二氧化硫", aliases: [], casNumbers: ["7446-09-5"], criticalQuantity: 20, beta: 2, hazardClass: nil),
        .init(name: "氯化氢", aliases: ["无水氯化氢"], casNumbers: ["7647-01-0"], criticalQuantity: 20, beta: 3, hazardClass: nil),
        .init(name: "氟化氢", aliases: [], casNumbers: ["7664-39-3"], criticalQuantity: 1, beta: 5, hazardClass: nil),
        .init(name: "煤气", aliases: ["一氧化碳"], casNumbers: ["630-08-0"], criticalQuantity: 20, beta: 2, hazardClass: nil),
        // A gas, acutely toxic by inhalation (category 3: J3, β 2) as well as flammable (W2, β 1.5): the higher β.
        .init(name: "甲醛（含量>90%）", aliases: ["蚁醛"], casNumbers: [], criticalQuantity: 5, beta: 2, hazardClass: .j3),
        .init(name: "乙烯", aliases: [], casNumbers: ["74-85-1"], criticalQuantity: 50, beta: 1.5, hazardClass: .w2),
        .init(name: "丙酮", aliases: [], casNumbers: ["67-64-1"], criticalQuantity: 500, beta: 1, hazardClass: .w5_2),
        .init(name: "乙酸乙酯", aliases: [], casNumbers: ["141-78-6"], criticalQuantity: 500, beta: 1, hazardClass: .w5_2),
        .init(
            name: "氧（压缩的或液化的）", aliases: ["氧", "液氧", "氧气"], casNumbers: ["7782-44-7"], criticalQuantity: 200, beta: 1,
            hazardClass: .w4),
        .init(name: "二甲醚", aliases: [], casNumbers: ["115-10-6"], criticalQuantity: 50, beta: 1.5, hazardClass: .w2),
        .init(name: "1,3-丁二烯", aliases: ["丁二烯"], casNumbers: ["106-99-0"], criticalQuantity: 5, beta: 1.5, hazardClass: .w2),
        .init(name: "氯乙烯", aliases: [], casNumbers: ["75-01-4"], criticalQuantity: 50, beta: 1.5, hazardClass: .w2),
        .init(name: "碳化钙", aliases: ["电石"], casNumbers: ["75-20-7"], criticalQuantity: 100, beta: 1, hazardClass: .w11),
        // Three rows with one CAS number: a bare name or the CAS number must say which (see `ambiguous`).
        .init(
            name: "硝酸铵（含可燃物>0.2%，包括以碳计算的任何有机物，但不包括任何其他添加剂）", aliases: ["硝酸铵（含可燃物>0.2%）"], casNumbers: [],
            criticalQuantity: 5, beta: 2, hazardClass: .w1_1),
        .init(name: "硝酸铵（含可燃物≤0.2%）", aliases: [], casNumbers: [], criticalQuantity: 50, beta: 1, hazardClass: .w9_2),
        .init(name: "硝酸铵肥料（含可燃物≤0.4%）", aliases: [], casNumbers: [], criticalQuantity: 200, beta: 1, hazardClass: .w9_2),
        .init(name: "异氰酸甲酯", aliases: [], casNumbers: ["624-83-9"], criticalQuantity: 0.75, beta: 20, hazardClass: nil),
    ]

    /// Names and CAS numbers that match no single Table 1 row, with what to write instead: never matched silently.
    public static let ambiguous: [String: String] = [
        "硝酸铵": "硝酸铵在表1中有三行：硝酸铵（含可燃物>0.2%）5 t、硝酸铵（含可燃物≤0.2%）50 t、硝酸铵肥料（含可燃物≤0.4%）200 t，请写明是哪一种",
        "6484-52-2": "CAS 6484-52-2（硝酸铵）在表1中有三行，请写明含可燃物的比例：硝酸铵（含可燃物>0.2%）、硝酸铵（含可燃物≤0.2%）或硝酸铵肥料（含可燃物≤0.4%）",
        "甲醛": "表1只列甲醛（含量>90%）；含量不超过90%的甲醛溶液（福尔马林）按其危险性类别（表2，如 J5、W5.3）计",
        "50-00-0": "CAS 50-00-0（甲醛）：表1只列甲醛（含量>90%），请写明含量；甲醛溶液按其危险性类别（表2）计",
        "福尔马林": "福尔马林（甲醛溶液）不在表1中，请按其危险性类别（表2，如 J5、W5.3）计",
        "甲醛溶液": "甲醛溶液不在表1中，请按其危险性类别（表2，如 J5、W5.3）计",
    ]

    /// A Table 1 substance by Chinese name, alias or CAS number; nil for an unknown or ambiguous one.
    public static func substance(named key: String) -> HazardousSubstance? {
        let key = key.trimmingCharacters(in: .whitespaces)
        guard ambiguous[key] == nil else { return nil }
        return substances.first { $0.name == key || $0.aliases.contains(key) || $0.casNumbers.contains(key) }
    }
}

/// The result of identifying and grading one production or storage unit.
public struct MajorHazardAssessment: Sendable, Equatable {
    /// One substance's share: q, Q, β and q/Q.
    public struct Line: Sendable, Equatable {
        public let label: String
        public let quantityTonnes: Double
        public let criticalQuantity: Double
        public let beta: Double
        public var ratio: Double { quantityTonnes / criticalQuantity }
    }

    public let lines: [Line]
    /// S = Σ q/Q.
    public let s: Double
    public let isMajorHazard: Bool
    public let alpha: Double
    /// R = α · Σ β q/Q.
    public let r: Double
    /// 1 to 4 for a major hazard installation, nil otherwise.
    public let grade: Int?
    public let ruleVersion: String

    public init(lines: [Line], s: Double, isMajorHazard: Bool, alpha: Double, r: Double, grade: Int?, ruleVersion: String) {
        self.lines = lines
        self.s = s
        self.isMajorHazard = isMajorHazard
        self.alpha = alpha
        self.r = r
        self.grade = grade
        self.ruleVersion = ruleVersion
    }
}

/// Identification and grading of a unit, GB 18218-2018 §4 and §5.
public enum MajorHazardRule {
    /// What the unit holds: a Table 1 substance by name/CAS, or a Table 2 class.
    public enum Holding: Sendable {
        case substance(String, quantityTonnes: Double)
        case hazardClass(String, quantityTonnes: Double)
    }

    /// α by the number of people exposed around the unit: ≥100 → 2.0, 50–99 → 1.5, 30–49 → 1.2, 1–29 → 1.0, 0 → 0.5.
    public static func alpha(exposedPopulation: Int) -> Double {
        switch exposedPopulation {
        case 100...: 2.0
        case 50...99: 1.5
        case 30...49: 1.2
        case 1...29: 1.0
        default: 0.5
        }
    }

    /// Grade from R: 一级 R ≥ 100, 二级 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10.
    public static func grade(r: Double) -> Int {
        // A value meant to sit on a boundary (R = 10 from 2 × 5) may land just below it in binary.
        switch r + 1e-9 {
        case 100...: 1
        case 50..<100: 2
        case 10..<50: 3
        default: 4
        }
    }

    /// The exposed population α reads (GB 18218-2018 4.3.4): residents within 500 m of the site boundary.
    public static let populationRange = 0...10_000_000
    public static let populationInvalid = AnlanError.invalid(
        "hazard.population_invalid",
        "厂区边界向外扩展500米范围内常住人口数量必须是 \(populationRange.lowerBound) 到 \(populationRange.upperBound) 之间的整数。",
        field: "exposedPopulation")
    /// What assessing a unit can answer.
    public static let codes = [
        "hazard.population_invalid", "hazard.substances_invalid", "hazard.substance_unknown", "hazard.substance_ambiguous",
        "hazard.substance_missing", "hazard.quantity_invalid",
    ]

    /// Assesses one unit. Unknown substances or classes, and impossible quantities, are a 422 naming them.
    public static func assess(exposedPopulation: Int, holdings: [Holding]) throws -> MajorHazardAssessment {
        guard populationRange.contains(exposedPopulation) else { throw populationInvalid }
        guard !holdings.isEmpty, holdings.count <= 200 else {
            throw AnlanError.invalid("hazard.substances_invalid", "请列出 1 到 200 种危险化学品。", field: "substances")
        }
        var lines: [MajorHazardAssessment.Line] = []
        var unknown: [String] = []
        var unclear: [String] = []
        for (index, holding) in holdings.enumerated() {
            let quantity: Double
            let resolved: (label: String, q: Double, beta: Double)?
            switch holding {
            case .substance(let name, let q):
                quantity = q
                resolved = MajorHazardCatalog.substance(named: name).map { ($0.name, $0.criticalQuantity, $0.beta) }
                if let note = MajorHazardCatalog.ambiguous[name.trimmingCharacters(in: .whitespaces)] {
                    unclear.append(note)
                } else if resolved == nil {
                    unknown.append(name)
                }
            case .hazardClass(let code, let q):
                quantity = q
                resolved = HazardClass(rawValue: code.trimmingCharacters(in: .whitespaces).uppercased())
                    .map { ("\($0.rawValue) 类", $0.criticalQuantity, $0.beta) }
                if resolved == nil { unknown.append(code) }
            }
            guard quantity.isFinite, quantity >= 0, quantity <= 10_000_000 else {
                throw AnlanError.invalid(
                    "hazard.quantity_invalid", "第 \(index + 1) 项的数量必须是 0 到 10000000 之间的吨数。", field: "substances[\(index)].quantityTonnes")
            }
            if let resolved {
                lines.append(.init(label: resolved.label, quantityTonnes: quantity, criticalQuantity: resolved.q, beta: resolved.beta))
            }
        }
        guard unclear.isEmpty else {
            throw AnlanError(.unprocessable, code: "hazard.substance_ambiguous", message: unclear.joined(separator: "；") + "。")
        }
        guard unknown.isEmpty else {
            throw AnlanError(
                .unprocessable, code: "hazard.substance_unknown",
                message: "未识别的危险化学品或类别：\(unknown.joined(separator: "、"))。请使用表 1 中的名称或 CAS 号，或表 2 的类别（如 W5.3）。",
                details: ["unknown": unknown.joined(separator: ",")])
        }
        let s = lines.reduce(0) { $0 + $1.ratio }
        let alpha = alpha(exposedPopulation: exposedPopulation)
        let r = alpha * lines.reduce(0) { $0 + $1.beta * $1.ratio }
        // Compare S with 1 allowing for binary rounding: 0.1 + 0.9 must count as 1.
        let isMajor = s >= 1 - 1e-9
        return MajorHazardAssessment(
            lines: lines, s: s, isMajorHazard: isMajor, alpha: alpha, r: r, grade: isMajor ? grade(r: r) : nil,
            ruleVersion: MajorHazardCatalog.ruleVersion)
    }
}

/// 生产单元 / 储存单元.
public enum UnitKind: String, Sendable, Codable, CaseIterable {
    case production, storage
}

/// A unit of an enterprise assessed under GB 18218, with what it holds and the stored result.
public struct HazardInstallation: Sendable, Equatable {
    /// One line of what the unit holds, as entered: a Table 1 substance or a Table 2 class.
    public struct Holding: Sendable, Hashable, Codable {
        public var substance: String?
        public var hazardClass: String?
        public var quantityTonnes: Double

        public init(substance: String? = nil, hazardClass: String? = nil, quantityTonnes: Double) {
            self.substance = substance
            self.hazardClass = hazardClass
            self.quantityTonnes = quantityTonnes
        }

        var rule: MajorHazardRule.Holding {
            if let substance { return .substance(substance, quantityTonnes: quantityTonnes) }
            return .hazardClass(hazardClass ?? "", quantityTonnes: quantityTonnes)
        }
    }

    public let id: UUID
    public let enterpriseID: UUID
    public var name: String
    public var unitKind: UnitKind
    public var exposedPopulation: Int
    public var holdings: [Holding]
    public var assessment: MajorHazardAssessment
    public var assessedAt: Date

    public init(
        id: UUID, enterpriseID: UUID, name: String, unitKind: UnitKind, exposedPopulation: Int, holdings: [Holding],
        assessment: MajorHazardAssessment, assessedAt: Date
    ) {
        self.id = id
        self.enterpriseID = enterpriseID
        self.name = name
        self.unitKind = unitKind
        self.exposedPopulation = exposedPopulation
        self.holdings = holdings
        self.assessment = assessment
        self.assessedAt = assessedAt
    }

    /// Assesses the holdings under the current rule; the result is what gets stored.
    public static func assess(exposedPopulation: Int, holdings: [Holding]) throws -> MajorHazardAssessment {
        try MajorHazardRule.assess(exposedPopulation: exposedPopulation, holdings: holdings.map(\.rule))
    }
}
