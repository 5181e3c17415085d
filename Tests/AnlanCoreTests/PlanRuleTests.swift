import AnlanCore
import Foundation
import Testing

@Suite("Plan rules")
struct PlanRuleTests {
    static func plan(published: Day?, evaluated: Day? = nil, years: Int = 3, withdrawn: Day? = nil) -> EmergencyPlan {
        EmergencyPlan(
            id: UUID(), title: "防汛抗旱应急预案", scope: .special, topic: .flood, divisionCode: "330529000000", evaluationYears: years,
            currentVersion: published == nil ? nil : 1, publishedOn: published, lastEvaluatedOn: evaluated, withdrawnOn: withdrawn)
    }

    @Test("the next evaluation falls due a cycle after the later of publication and evaluation; the state follows the day")
    func reviewClock() {
        #expect(Self.plan(published: "2023-10-10").nextEvaluationDue == "2026-10-10")
        #expect(Self.plan(published: "2023-10-10", evaluated: "2025-03-01").nextEvaluationDue == "2028-03-01")
        #expect(Self.plan(published: "2024-02-29", years: 1).nextEvaluationDue == "2025-02-28")
        #expect(Self.plan(published: "2026-11-30").nextEvaluationDue == "2029-11-30")
        #expect(Self.plan(published: "2024-12-31").nextEvaluationDue == "2027-12-31")
        #expect(Self.plan(published: nil).reviewState(today: "2026-11-30", warningDays: 60) == .unpublished)
        #expect(Self.plan(published: "2023-10-10").reviewState(today: "2026-11-30", warningDays: 60) == .overdue)
        #expect(Self.plan(published: "2024-01-15").reviewState(today: "2026-11-30", warningDays: 60) == .dueSoon)
        #expect(Self.plan(published: "2024-02-15").reviewState(today: "2026-11-30", warningDays: 60) == .current)
        #expect(Self.plan(published: "2023-10-10", withdrawn: "2026-01-01").reviewState(today: "2026-11-30", warningDays: 60) == .withdrawn)
    }

    @Test("a response level reads its actions and needs line by line; a need without a whole quantity is refused")
    func level() throws {
        let level = try PlanLevel.parse(
            TextInput(["level": "4", "trigger": "超警戒水位", "actions": "启动四级响应\n\n队伍待命", "lead": "副指挥长", "needs": "救生衣|500\n 编织袋 | 20000 "]))
        #expect(level.level == .four && level.actions == ["启动四级响应", "队伍待命"])
        #expect(level.needs.map(\.name) == ["救生衣", "编织袋"] && level.needs.map(\.quantity) == [500, 20000])
        #expect(throws: AnlanError.self) {
            _ = try PlanLevel.parse(TextInput(["level": "4", "trigger": "x", "actions": "y", "lead": "z", "needs": "救生衣|半箱"]))
        }
        #expect(throws: AnlanError.self) {
            _ = try PlanLevel.parse(TextInput(["level": "5", "trigger": "x", "actions": "y", "lead": "z"]))
        }
    }

    @Test("a filing answered after its due day, or still open past it, is late")
    func lateFiling() {
        let filing = PlanFiling(
            id: UUID(), planID: UUID(), enterpriseID: UUID(), version: 1, submittedOn: "2026-11-02", dueOn: "2026-11-30", state: .submitted)
        #expect(!filing.isLate(today: "2026-11-30") && filing.isLate(today: "2026-12-01"))
        var answered = filing
        answered.decidedOn = "2026-12-02"
        #expect(answered.isLate(today: "2026-12-01"))
    }
}

@Suite("Drill frequency")
struct DrillFrequencyTests {
    @Test("an enterprise's two rules and a high-risk unit's half year run from the last drill of the kind; never drilled is behind")
    func enterprise() {
        let drills: [(on: Day, kind: DrillPlanKind)] = [("2026-03-15", .comprehensive), ("2026-04-20", .onSite)]
        let rules = DrillFrequency.requirements(enterprise: true, highRisk: true)
        let standings = rules.map { DrillFrequency.standing($0, drills: drills, today: "2026-11-30") }
        #expect(standings.map(\.due) == ["2027-03-15", "2026-10-20", "2026-10-20"])
        #expect(standings.map(\.behind) == [false, true, true])
        #expect(DrillFrequency.requirements(enterprise: true, highRisk: false).count == 2)
        let never = DrillFrequency.standing(DrillFrequency.government, drills: [], today: "2026-11-30")
        #expect(never.behind && never.last == nil)
        #expect(
            DrillFrequency.standing(DrillFrequency.government, drills: [("2024-12-01", .comprehensive)], today: "2026-11-30").behind
                == false)
    }

    @Test("months are added on the calendar, the last day of a shorter month standing in")
    func months() {
        #expect(Day("2026-08-31").adding(months: 6) == "2027-02-28")
        #expect(Day("2026-01-31").adding(months: 1) == "2026-02-28")
        #expect(Day("2026-11-30").adding(months: 24) == "2028-11-30")
    }
}
