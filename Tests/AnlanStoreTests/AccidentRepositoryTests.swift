import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import SQLKit
import Testing

/// 生产安全事故 in the store: the grade follows the figures, the casualty history is append-only, reports are recorded
/// with their time and counted late against the clock, the investigation extends once by at most 60 days, and the duty
/// desk sees what is owed across the open accidents.
@Suite("Accidents")
struct AccidentRepositoryTests {
    static func draft(_ f: Fixtures, learnedMinutesAgo: Double = 30, figures: IncidentFigures = .init(seriousInjuries: 2)) -> AccidentDraft
    {
        let now = f.store.environment.now()
        return AccidentDraft(
            occurredAt: now.addingTimeInterval(-(learnedMinutesAgo + 20) * 60), learnedAt: now.addingTimeInterval(-learnedMinutesAgo * 60),
            divisionCode: try! DivisionCode("330529101201"), place: "二号车间", party: "某机械加工厂", sector: "工贸", type: .machinery,
            figures: figures, description: "挤压")
    }

    @Test("recording grades by the figures; a change re-grades, keeps the old figures in the history, and the database refuses edits of it")
    func gradeAndHistory() async throws {
        try await Fixtures.with { f in
            let duty = try await f.caller("duty")
            let accidents = f.store.accidents
            let a = try await accidents.record(Self.draft(f), by: duty)
            #expect(a.grade == .ordinary && a.number.hasPrefix("SG2026-") && a.state == .reported)
            let worse = try await accidents.move(
                a.id, .figures(.init(deaths: 3, seriousInjuries: 1), reason: "两名伤者抢救无效死亡，另一人确认死亡"), by: duty)
            #expect(worse.grade == .larger)
            let history = try await accidents.history(of: a.id, by: duty)
            #expect(history.map(\.figures.deaths) == [0, 3] && history.map(\.reason).last?.contains("死亡") == true)
            #expect(try await accidents.list(.init(grade: .larger), page: PageRequest(), by: duty).total == 1)
            await #expect(throws: (any Error).self) {
                try await f.store.database.transaction { sql in try await sql.raw("UPDATE accident_figures SET deaths = 0").run() }
            }
            await #expect(throws: (any Error).self) {
                try await f.store.database.transaction { sql in try await sql.raw("DELETE FROM accident_figures").run() }
            }
            await #expect(throws: AnlanError.self) {
                _ = try await accidents.move(a.id, .figures(.init(deaths: 3, seriousInjuries: 1), reason: "重复"), by: duty)
            }
        }
    }

    @Test("reports are kept with their time: one sent after two hours counts late, one before the bureau learned is refused")
    func reportsAndClock() async throws {
        try await Fixtures.with { f in
            let duty = try await f.caller("duty")
            let accidents = f.store.accidents
            let a = try await accidents.record(Self.draft(f, learnedMinutesAgo: 180), by: duty)
            let now = f.store.environment.now()
            _ = try await accidents.move(
                a.id, .report(.initial, .cityBureau, sentAt: now.addingTimeInterval(-120 * 60), note: nil), by: duty)
            _ = try await accidents.move(
                a.id, .report(.initial, .countyGovernment, sentAt: now.addingTimeInterval(-30 * 60), note: nil), by: duty)
            await #expect(throws: AnlanError.self) {
                _ = try await accidents.move(
                    a.id, .report(.initial, .departments, sentAt: a.learnedAt.addingTimeInterval(-60), note: nil), by: duty)
            }
            let clock = try await accidents.clock(of: a.id, by: duty).filter { $0.kind == .initial }
            #expect(clock.map { $0.isLate(at: now) } == [false, true, true] && clock.map(\.isOpen) == [false, false, true])
            // What the desk sees: the departments overdue, the city's 续报 due a day after the city's report.
            let owed = try await accidents.owed(by: duty)
            #expect(owed.map(\.obligation.kind) == [.initial, .followUp] && owed.first?.obligation.recipient == .departments)
            let township = try await f.caller("township")
            #expect(try await accidents.owed(by: township).count == 2)
            // An enterprise's officer (of another enterprise) sees none of it.
            let other = try await f.caller("enterprise")
            #expect(try await accidents.owed(by: other).isEmpty)
            await #expect(throws: AnlanError.self) { _ = try await accidents.get(a.id, by: other) }
        }
    }

    @Test("the investigation: the report is due 60 days after the accident, extended once by at most 60 days; closing needs a team")
    func investigation() async throws {
        try await Fixtures.with { f in
            let duty = try await f.caller("duty")
            let accidents = f.store.accidents
            let a = try await accidents.record(Self.draft(f), by: duty)
            #expect(a.investigationDue == Day(a.occurredAt).adding(days: 60))
            await #expect(throws: AnlanError.self) {
                _ = try await accidents.move(a.id, .close(report: "r", findings: "f", caseIDs: []), by: duty)
            }
            _ = try await accidents.move(a.id, .investigate(team: "县应急管理局牵头"), by: duty)
            await #expect(throws: AnlanError.self) {
                _ = try await accidents.move(a.id, .extend(to: a.investigationDue.adding(days: 61), reason: "复杂"), by: duty)
            }
            let extended = try await accidents.move(a.id, .extend(to: a.investigationDue.adding(days: 60), reason: "经县政府批准"), by: duty)
            #expect(extended.investigationDue == Day(a.occurredAt).adding(days: 120))
            do {
                _ = try await accidents.move(a.id, .extend(to: extended.investigationDue.adding(days: 1), reason: "再延"), by: duty)
                Issue.record("a second extension was accepted")
            } catch let e as AnlanError { #expect(e.code == "accident.already_extended") }
            do {
                _ = try await accidents.move(a.id, .close(report: "r", findings: "f", caseIDs: [UUID()]), by: duty)
                Issue.record("an unknown case was linked")
            } catch let e as AnlanError { #expect(e.code == "accident.case_not_found") }
            let closed = try await accidents.move(a.id, .close(report: "违章作业", findings: "企业负主体责任", caseIDs: []), by: duty)
            #expect(closed.state == .closed && closed.closedOn != nil)
            await #expect(throws: AnlanError.self) { _ = try await accidents.move(a.id, .investigate(team: "x"), by: duty) }
            #expect(try await accidents.owed(by: duty).isEmpty)
        }
    }

    @Test("cases are linked after the closing too, each once; an unknown case links nothing; nothing else moves a closed accident")
    func linkCasesAfterClosing() async throws {
        try await Fixtures.with(enterprises: 30) { f in
            let duty = try await f.caller("duty")
            let inspector = try await f.caller("inspector")
            let accidents = f.store.accidents
            let enterprise = try await f.store.database.reader.select().column("id").from("enterprises").orderBy("id").limit(1).first()
            let target = try #require(try enterprise?.decodeID("id"))
            let a = try await accidents.record(Self.draft(f), by: duty)
            _ = try await accidents.move(a.id, .investigate(team: "县应急管理局牵头"), by: duty)
            let closed = try await accidents.move(a.id, .close(report: "违章作业", findings: "企业负主体责任", caseIDs: []), by: duty)
            #expect(closed.caseIDs.isEmpty)
            let c = try await f.store.documents.openCase(
                enterpriseID: target, inspectionID: nil, title: "生产安全事故责任案", violation: "未落实安全生产责任制。", by: inspector)
            let linked = try await accidents.move(a.id, .linkCases([c.id]), by: duty)
            #expect(linked.state == .closed && linked.caseIDs == [c.id])
            #expect(try await accidents.get(a.id, by: duty).caseIDs == [c.id])
            do {
                _ = try await accidents.move(a.id, .linkCases([c.id]), by: duty)
                Issue.record("the same case was linked twice")
            } catch let e as AnlanError { #expect(e.code == "accident.cases_unchanged") }
            do {
                _ = try await accidents.move(a.id, .linkCases([c.id, UUID()]), by: duty)
                Issue.record("an unknown case was linked")
            } catch let e as AnlanError { #expect(e.code == "accident.case_not_found") }
            #expect(try await accidents.get(a.id, by: duty).caseIDs == [c.id])
            do {
                _ = try await accidents.move(a.id, .figures(.init(deaths: 2), reason: "x"), by: duty)
                Issue.record("a closed accident's figures changed")
            } catch let e as AnlanError { #expect(e.code == "accident.closed") }
        }
    }
}
