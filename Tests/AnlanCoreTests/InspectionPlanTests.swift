import AnlanCore
import Foundation
import Testing

@Suite("Annual inspection plan")
struct InspectionPlanTests {
    @Test("capacity by the working-day formula; key enterprises from risk and sector; months add up and skip holidays")
    func plan() throws {
        let calendar = WorkCalendar(days: WorkCalendar.defaults)
        var enterprises: [(id: UUID, risk: RiskLevel?, sectors: [String], grade: StandardizationGrade?)] = []
        for i in 0..<100 {
            let risk: RiskLevel = i < 5 ? .major : i < 15 ? .high : i < 50 ? .moderate : .low
            enterprises.append((UUID(), risk, i >= 95 ? ["危险化学品"] : ["机械"], nil))
        }
        let p = InspectionPlanParameters(
            year: 2026, inspectors: 4, otherEnforcementDays: 100, nonEnforcementDays: 60, drawRatioPerQuarter: 0.1)
        let plan = try InspectionPlan.make(p, enterprises: enterprises, calendar: calendar)
        // 2026: 365 days − 104 weekend days − 13 weekday holidays (元旦 2, 春节 6… per the seed) + 6 make-up days.
        #expect(plan.legalWorkingDays == calendar.workingDays(from: "2026-01-01", through: "2026-12-31").count)
        #expect(plan.legalWorkingDays > 240 && plan.legalWorkingDays < 255)
        #expect(plan.supervisionDays == plan.legalWorkingDays * 4 - 160)
        #expect(plan.capacity == plan.supervisionDays)  // 2 inspectors × 0.5 day = 1 inspector-day per inspection
        #expect(plan.keyEnterprises == 20)  // 15 red/orange + 5 危险化学品
        #expect(plan.drawInspections == 4 * 8)  // 10% of 80, each quarter
        #expect(plan.months.map(\.keyInspections).reduce(0, +) == 20)
        #expect(plan.months.map(\.drawInspections).reduce(0, +) == 32)
        #expect(plan.assignments.count == 20 && Set(plan.assignments.map(\.enterpriseID)).count == 20)
        // February (Spring Festival) has fewer working days and a lower weight than September.
        #expect(plan.months[1].workingDays < plan.months[8].workingDays)
        #expect(plan.months[1].keyInspections <= plan.months[8].keyInspections)
        #expect(plan.withinCapacity)
        #expect(throws: AnlanError.self) {
            try InspectionPlan.make(
                InspectionPlanParameters(year: 2026, inspectors: 4, inspectorsPerInspection: 1), enterprises: enterprises,
                calendar: calendar)
        }
    }

    @Test("the classification table: first match wins, standardization grades count, visits spread over the year, caps validated")
    func classes() throws {
        let calendar = WorkCalendar(days: WorkCalendar.defaults)
        var enterprises: [(id: UUID, risk: RiskLevel?, sectors: [String], grade: StandardizationGrade?)] = []
        for i in 0..<60 {
            let risk: RiskLevel = i < 6 ? .major : .moderate
            let grade: StandardizationGrade? = i % 3 == 0 ? .level1 : i % 3 == 1 ? .level3 : nil
            enterprises.append((UUID(), risk, i >= 50 ? ["危险化学品"] : ["机械"], grade))
        }
        let table = [
            EnterpriseClass(name: "红色风险", riskLevels: [.major], inspectionsPerYear: 2, maxPerYear: 4),
            EnterpriseClass(name: "危化未定级", sectors: ["危险化学品"], grades: ["none", "level3"], inspectionsPerYear: 1),
            EnterpriseClass(name: "标准化一级", grades: ["level1"], inspectionsPerYear: 0, maxPerYear: 1),
        ]
        let p = InspectionPlanParameters(year: 2026, inspectors: 6, classes: table, drawRatioPerQuarter: 0)
        let plan = try InspectionPlan.make(p, enterprises: enterprises, calendar: calendar)
        // 6 red (first match even when also 危化); 危化 50–59 not graded level1: 51, 52, 53(level1 → no), …
        let chemical = enterprises.filter { $0.risk != .major && $0.sectors == ["危险化学品"] && $0.grade != .level1 }.count
        let level1 = enterprises.filter { $0.risk != .major && !($0.sectors == ["危险化学品"] && $0.grade != .level1) && $0.grade == .level1 }
            .count
        #expect(plan.classCounts.map(\.enterprises) == [6, chemical, level1])
        #expect(plan.keyEnterprises == 6 + chemical && plan.keyInspections == 12 + chemical)
        #expect(plan.generalEnterprises == 60 - 6 - chemical - level1)
        #expect(plan.months.map(\.keyInspections).reduce(0, +) == plan.keyInspections && plan.assignments.count == plan.keyInspections)
        // Each red enterprise is visited twice, the second time in a later month than the first.
        for e in enterprises.prefix(6) {
            let months = plan.assignments.filter { $0.enterpriseID == e.id }.map(\.month)
            #expect(months.count == 2 && months[0] < months[1])
        }
        #expect(p.enterpriseClass(risk: .low, sectors: ["机械"], grade: .level1)?.maxPerYear == 1)
        #expect(p.enterpriseClass(risk: .low, sectors: ["机械"], grade: .level2) == nil)
        let badCap = InspectionPlanParameters(
            year: 2026, inspectors: 6, classes: [EnterpriseClass(name: "x", inspectionsPerYear: 3, maxPerYear: 2)])
        #expect(throws: AnlanError.self) { try badCap.validated() }
        let badGrade = InspectionPlanParameters(
            year: 2026, inspectors: 6, classes: [EnterpriseClass(name: "x", grades: ["level9"], inspectionsPerYear: 1)])
        #expect(throws: AnlanError.self) { try badGrade.validated() }
    }

    @Test("parameters stored before the classification table read as its two default-shaped classes")
    func legacyParameters() throws {
        let stored =
            #"{"year":2026,"inspectors":4,"otherEnforcementDays":0,"nonEnforcementDays":0,"inspectorsPerInspection":2,"daysPerInspection":0.5,"keySectors":["烟花爆竹"],"keyRiskLevels":["major"],"drawRatioPerQuarter":0.05,"monthWeights":[1,1,1,1,1,1,1,1,1,1,1,1]}"#
        let p = try JSONDecoder().decode(InspectionPlanParameters.self, from: Data(stored.utf8))
        #expect(p.classes.map(\.riskLevels) == [[.major], []] && p.classes.map(\.sectors) == [[], ["烟花爆竹"]])
        #expect(p.classes.allSatisfy { $0.inspectionsPerYear == 1 && $0.maxPerYear == nil })
        let again = try JSONDecoder().decode(InspectionPlanParameters.self, from: JSONEncoder().encode(p))
        #expect(again == p)
        // A class given with only its name and visits takes any enterprise.
        let bare = try JSONDecoder().decode(EnterpriseClass.self, from: Data(#"{"name":"全部","inspectionsPerYear":0,"maxPerYear":3}"#.utf8))
        #expect(bare == EnterpriseClass(name: "全部", inspectionsPerYear: 0, maxPerYear: 3))
        #expect(bare.matches(risk: nil, sectors: [], grade: nil))
    }

    @Test("largest-remainder allocation adds up exactly")
    func allocation() {
        #expect(InspectionPlan.allocate(10, shares: [1, 1, 1]) == [4, 3, 3])
        #expect(InspectionPlan.allocate(0, shares: [1, 2]) == [0, 0])
        #expect(InspectionPlan.allocate(7, shares: [0.5, 2.5]).reduce(0, +) == 7)
    }
}
