import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import SQLKit
import Testing

/// 年度工作数据: the year's figures move with the records of that year and no other, a module the caller may not read
/// is left out, and the bureau's report is not an enterprise officer's.
@Suite("Annual report")
struct AnnualReportTests {
    @Test("an accident and a publicity event of this year raise this year's figures; one of last year raises last year's only")
    func figuresFollowRecords() async throws {
        try await Fixtures.with { f in
            let duty = try await f.caller("duty")
            let staff = try await f.caller("staff")
            let now = f.store.environment.now()
            let today = Day(now)
            let year = today.year
            let before = try await f.store.annualReport(year, by: staff)
            let lastYearBefore = try await f.store.annualReport(year - 1, by: staff)
            #expect(before.from == Day(year: year, month: 1, day: 1) && before.to == today)
            #expect(lastYearBefore.to == Day(year: year - 1, month: 12, day: 31))
            #expect(
                before.sections.map(\.key).filter { $0 != "relief" }
                    == ["supervision", "accidents", "disasters", "siteHazards", "infoOfficers", "publicity", "drills"])

            var draft = AccidentRepositoryTests.draft(f, figures: .init(deaths: 3, lossWanYuan: 250))
            _ = try await f.store.accidents.record(draft, by: duty)
            // 400 days ago is always in an earlier year.
            draft.occurredAt = now.addingTimeInterval(-400 * 86_400)
            draft.learnedAt = draft.occurredAt.addingTimeInterval(1800)
            draft.figures = .init(deaths: 1)
            _ = try await f.store.accidents.record(draft, by: duty)
            _ = try await f.store.publicity.record(
                PublicityDraft(
                    kind: .lecture, theme: "有限空间作业安全讲座", on: today, divisionCode: try DivisionCode("330529101000"), place: "镇政府会议室",
                    organiser: "县应急管理局", audience: 120, leaflets: 300), by: staff)

            let after = try await f.store.annualReport(year, by: staff)
            func value(_ r: AnnualReport, _ s: String, _ k: String) -> Double { r.figure(s, k)?.value ?? -1 }
            #expect(value(after, "accidents", "accidents") == value(before, "accidents", "accidents") + 1)
            #expect(value(after, "accidents", "deaths") == value(before, "accidents", "deaths") + 3)
            #expect(value(after, "accidents", "grade.larger") == value(before, "accidents", "grade.larger") + 1)
            #expect(value(after, "accidents", "loss") == value(before, "accidents", "loss") + 250)
            #expect(value(after, "publicity", "audience") == value(before, "publicity", "audience") + 120)
            #expect(value(after, "publicity", "leaflets") == value(before, "publicity", "leaflets") + 300)
            let lastYear = try await f.store.annualReport(year - 1, by: staff)
            #expect(value(lastYear, "accidents", "deaths") == value(lastYearBefore, "accidents", "deaths") + 1)
            #expect(value(lastYear, "publicity", "audience") == value(lastYearBefore, "publicity", "audience"))
            // The accident figures are the statistics page's for the same period.
            let stats = try await f.store.accidents.statistics(.init(from: after.from, to: after.to), by: .grade, caller: staff)
            #expect(value(after, "accidents", "deaths") == Double(stats.total.deaths))

            // The printed form carries every figure.
            let layout = after.layout(authority: "某县应急管理局", printedOn: today)
            let cells = layout.blocks.flatMap { block -> [String] in
                if case .table(let rows) = block { return rows.flatMap { $0.map(\.text) } }
                return []
            }
            #expect(cells.filter { !$0.isEmpty && Double($0) != nil }.count == after.sections.flatMap(\.figures).count)
        }
    }

    @Test("a year not begun or outside 2000–2100 is refused by name; an enterprise officer is refused")
    func refusals() async throws {
        try await Fixtures.with(enterprises: 30) { f in
            let staff = try await f.caller("staff")
            let year = Day(f.store.environment.now()).year
            for bad in [1999, year + 1] {
                do {
                    _ = try await f.store.annualReport(bad, by: staff)
                    Issue.record("year \(bad) accepted")
                } catch let e as AnlanError { #expect(e.code == "report.year_invalid") }
            }
            let officer = try await f.caller("enterprise")
            await #expect(throws: AnlanError.forbidden) { _ = try await f.store.annualReport(year, by: officer) }
        }
    }
}
