import Foundation

/// The grade of a 生产安全事故 (生产安全事故报告和调查处理条例, 国务院令第493号, 第三条; RULES §1, verified): any one
/// criterion is enough, so the grade is the highest any criterion reaches; "以上" includes the number, "以下" does not.
/// 重伤 includes 急性工业中毒.
public enum AccidentGrade: String, Sendable, Codable, CaseIterable, Comparable {
    case ordinary, larger, major, especiallyMajor

    public var label: String {
        switch self {
        case .ordinary: "一般"
        case .larger: "较大"
        case .major: "重大"
        case .especiallyMajor: "特别重大"
        }
    }

    /// The emergency level an accident of this grade is (突发事件应对法: 特别重大 Ⅰ … 一般 Ⅳ).
    public var incidentLevel: IncidentLevel {
        switch self {
        case .ordinary: .four
        case .larger: .three
        case .major: .two
        case .especiallyMajor: .one
        }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    public static let source = "《生产安全事故报告和调查处理条例》第三条"

    /// One criterion that reached the grade, as the rule states it.
    public struct Criterion: Sendable, Equatable {
        public let grade: AccidentGrade
        public let text: String
    }

    /// Lower bounds per grade (larger, major, especially major): deaths, serious injuries, direct loss in 万元.
    static let deaths = [3, 10, 30], injuries = [10, 50, 100], lossWanYuan: [Double] = [1000, 5000, 10000]

    /// The grade the figures reach and the criteria that reached it (empty for 一般, which no criterion has to reach).
    public static func grade(deaths d: Int, seriousInjuries s: Int, directLossWanYuan loss: Double) -> (
        grade: AccidentGrade, decidedBy: [Criterion]
    ) {
        func reached(_ value: Double, _ bounds: [Double]) -> AccidentGrade {
            if value >= bounds[2] { return .especiallyMajor }
            if value >= bounds[1] { return .major }
            if value >= bounds[0] { return .larger }
            return .ordinary
        }
        let byDeaths = reached(Double(d), deaths.map(Double.init))
        let byInjuries = reached(Double(s), injuries.map(Double.init))
        let byLoss = reached(loss, lossWanYuan)
        let grade = max(byDeaths, byInjuries, byLoss)
        guard grade > .ordinary else { return (.ordinary, []) }
        var criteria: [Criterion] = []
        func bound(_ list: [Int]) -> Int { list[allCases.firstIndex(of: grade)! - 1] }
        if byDeaths == grade { criteria.append(Criterion(grade: grade, text: "死亡 \(d) 人（\(bound(deaths)) 人以上）")) }
        if byInjuries == grade { criteria.append(Criterion(grade: grade, text: "重伤（含急性工业中毒）\(s) 人（\(bound(injuries)) 人以上）")) }
        if byLoss == grade {
            let bound = Int(lossWanYuan[allCases.firstIndex(of: grade)! - 1])
            criteria.append(Criterion(grade: grade, text: "直接经济损失 \(Self.wan(loss)) 万元（\(bound) 万元以上）"))
        }
        return (grade, criteria)
    }

    public static func wan(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
