import AnlanCore
import Foundation
import Testing

@Suite("Annual inspection plan")
struct InspectionPlanTests {
    @Test("capacity by the working-day formula; key enterprises from risk and sector; months add up and skip holidays")
    func plan() throws {
        let calendar = WorkCalendar(days: WorkCalendar.defaults)
        var enterprises: [(id: UUID, risk: RiskLevel?, sectors: [String])] = []
        for i in 0..<100 {
            let risk: RiskLevel = i < 5 ? .major : i < 15 ? .high : i < 50 ? .moderate : .low
            enterprises.append((UUID(), risk, i >= 95 ? ["危险化学品"] : ["机械"]))
        }
        let p = InspectionPlanParameters(year: 2026, inspectors: 4, otherEnforcementDays: 100, nonEnforcementDays: 60, drawRatioPerQuarter: 0.1)
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
        #expect(throws: AnlanError.self) { try InspectionPlan.make(InspectionPlanParameters(year: 2026, inspectors: 4, inspectorsPerInspection: 1), enterprises: enterprises, calendar: calendar) }
    }

    @Test("largest-remainder allocation adds up exactly")
    func allocation() {
        #expect(InspectionPlan.allocate(10, shares: [1, 1, 1]) == [4, 3, 3])
        #expect(InspectionPlan.allocate(0, shares: [1, 2]) == [0, 0])
        #expect(InspectionPlan.allocate(7, shares: [0.5, 2.5]).reduce(0, +) == 7)
    }
}
