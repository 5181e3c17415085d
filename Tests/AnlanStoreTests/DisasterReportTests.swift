import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import SQLKit
import Testing

/// Disaster reports in the store: a village's figures wait for the township; the county reports what the townships
/// accepted, in stages, marking late reports late; refused entries leave nothing behind; a resent entry is harmless
/// even when the copies arrive at once; each caller sees their own part.
@Suite("Disaster reports")
struct DisasterReportTests {
    static let village = try! DivisionCode("330529101201")
    static let township = try! DivisionCode("330529101000")

    static func open(_ f: Fixtures, learnedMinutesAgo: Double = 20, townships: [String] = ["330529101000", "330529102000"]) async throws
        -> DisasterEvent
    {
        let now = f.store.environment.now()
        return try await f.store.disasters.open(
            DisasterEventDraft(
                type: .flood, name: "强降雨", startedAt: now.addingTimeInterval(-(learnedMinutesAgo + 60) * 60),
                learnedAt: now.addingTimeInterval(-learnedMinutesAgo * 60), townships: townships.map { try! DivisionCode($0) }),
            by: try await f.caller("duty"))
    }

    static func draft(_ values: [DisasterIndicator: Double], in code: DivisionCode = village, id: UUID = UUID(), reason: String? = nil)
        -> DisasterEntryDraft
    {
        DisasterEntryDraft(id: id, divisionCode: code, figures: DisasterFigures(values), correctionReason: reason)
    }

    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as AnlanError { return error.code } catch { return "\(error)" }
    }

    static func entryCount(_ f: Fixtures) async throws -> Int {
        try await f.store.database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("disaster_entries")
            .first(decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test("village entry → township review → 初报, 续报 (零报告 when nothing changed) → stabilised → 核报 closes the process")
    func wholeSeries() async throws {
        try await Fixtures.with { f in
            let d = f.store.disasters
            let duty = try await f.caller("duty"), info = try await f.caller("info"), township = try await f.caller("township")
            let staff = try await f.caller("staff")
            let event = try await Self.open(f)
            #expect(event.number.hasPrefix("ZH2026-") && event.state == .responding)
            // The county cannot report before a township accepted anything.
            #expect(
                await Self.code { _ = try await d.report(event.id, correctionReason: nil, note: nil, by: duty) } == "disaster.no_figures")
            let sent = try await d.enter(event.id, Self.draft([.affected: 120, .relocated: 30]), by: info)
            #expect(sent.entry.status == .submitted && sent.entry.stage == .initial && !sent.replayed)
            #expect(try await d.detail(event.id, by: duty).townships.first?.pending == 1)
            // A return needs a note; an acceptance makes the figures the township's.
            #expect(
                await Self.code { _ = try await d.review(sent.entry.id, accept: false, note: nil, by: township) }
                    == "disaster.field_required")
            _ = try await d.review(sent.entry.id, accept: true, note: nil, by: township)
            #expect(
                await Self.code { _ = try await d.review(sent.entry.id, accept: true, note: nil, by: township) }
                    == "disaster.entry_not_pending")
            // A township's own entry for the other township, by the county's staff, counts at once.
            let other = try await d.enter(event.id, Self.draft([.affected: 40], in: try DivisionCode("330529102000")), by: staff)
            #expect(other.entry.status == .accepted)
            let initial = try await d.report(event.id, correctionReason: nil, note: nil, by: duty)
            #expect(initial.stage == .initial && initial.sequence == 1 && !initial.isLate && initial.total[.affected] == 160)
            // The township cannot report up or declare stability.
            #expect(
                await Self.code { _ = try await d.report(event.id, correctionReason: nil, note: nil, by: township) } == "auth.forbidden")
            f.clock.advance(seconds: 3600)
            let progress = try await d.report(event.id, correctionReason: nil, note: nil, by: duty)
            #expect(progress.stage == .progress && progress.zeroReport)
            let grown = try await d.enter(event.id, Self.draft([.affected: 150, .relocated: 30]), by: info)
            #expect(grown.entry.stage == .progress)
            _ = try await d.review(grown.entry.id, accept: true, note: nil, by: township)
            let third = try await d.report(event.id, correctionReason: nil, note: nil, by: duty)
            #expect(!third.zeroReport && third.total[.affected] == 190 && third.sequence == 3)
            #expect(
                await Self.code { _ = try await d.report(event.id, forDay: "2026-11-25", correctionReason: nil, note: nil, by: duty) }
                    == "disaster.for_day_invalid")
            _ = try await d.move(event.id, .stabilise, by: duty)
            let late = try await d.enter(event.id, Self.draft([.affected: 150, .relocated: 30, .needAid: 10]), by: info)
            #expect(late.entry.stage == .final)
            let final = try await d.report(event.id, correctionReason: nil, note: nil, by: duty)
            #expect(final.stage == .final && !final.isLate)
            #expect(try await d.get(event.id, by: duty).state == .closed)
            #expect(await Self.code { _ = try await d.enter(event.id, Self.draft([.affected: 200]), by: info) } == "disaster.closed")
            // The clock: everything met, nothing owed.
            #expect(try await d.owed(by: duty).isEmpty)
        }
    }

    @Test("refused entries store nothing: inconsistent figures, a fall without reason, deaths and houses beyond the 台账")
    func refusals() async throws {
        try await Fixtures.with { f in
            let d = f.store.disasters
            let info = try await f.caller("info"), township = try await f.caller("township")
            let event = try await Self.open(f)
            let first = try await d.enter(event.id, Self.draft([.affected: 100, .cropAffected: 10]), by: info)
            _ = try await d.review(first.entry.id, accept: true, note: nil, by: township)
            let before = try await Self.entryCount(f)
            #expect(
                await Self.code { _ = try await d.enter(event.id, Self.draft([.affected: 90, .cropAffected: 10]), by: info) }
                    == "disaster.figures_fell")
            #expect(
                await Self.code { _ = try await d.enter(event.id, Self.draft([.affected: 100, .deaths: 1, .cropAffected: 10]), by: info) }
                    == "disaster.casualty_ledger_short")
            #expect(
                await Self.code {
                    _ = try await d.enter(
                        event.id, Self.draft([.affected: 100, .collapsedRooms: 3, .collapsedHouseholds: 1, .cropAffected: 10]), by: info)
                } == "disaster.house_ledger_short")
            #expect(
                await Self.code { _ = try await d.enter(event.id, Self.draft([.affected: 10, .deaths: 11]), by: info) }
                    == "disaster.casualties_exceed_affected")
            #expect(try await Self.entryCount(f) == before)
            // With the 台账 rows, and with a correction reason, the same figures pass.
            _ = try await d.addCasualty(
                event.id,
                try DisasterCasualtyDraft.parse(
                    TextInput([
                        "divisionCode": "330529101201", "name": "张三", "idNumber": "11010519491231002X", "status": "dead",
                        "occurredOn": "2026-11-18",
                        "cause": "洪水冲走",
                    ]), today: "2026-11-18"), by: info)
            #expect(
                await Self.code {
                    _ = try await d.addCasualty(
                        event.id,
                        try DisasterCasualtyDraft.parse(
                            TextInput([
                                "divisionCode": "330529101201", "name": "张三", "idNumber": "11010519491231002x", "status": "missing",
                                "occurredOn": "2026-11-18", "cause": "重复",
                            ]), today: "2026-11-18"), by: info)
                } == "disaster.person_listed")
            _ = try await d.addHouse(
                event.id,
                try DamagedHouseDraft.parse(
                    TextInput([
                        "divisionCode": "330529101201", "householder": "李四", "idNumber": "11010519491231002X", "damage": "collapsed",
                        "rooms": "3", "address": "一组",
                    ]), today: "2026-11-18"), by: info)
            let ok = try await d.enter(
                event.id,
                Self.draft(
                    [.affected: 95, .deaths: 1, .collapsedRooms: 3, .collapsedHouseholds: 1, .cropAffected: 10], reason: "重复统计 5 人"),
                by: info)
            #expect(ok.entry.status == .submitted && ok.entry.correctionReason == "重复统计 5 人")
            #expect(try await Self.entryCount(f) == before + 1)
        }
    }

    @Test(
        "the same entry sent five times at once is stored once; its ID with other figures is refused; an earlier pending one is superseded")
    func idempotent() async throws {
        try await Fixtures.with { f in
            let d = f.store.disasters
            let info = try await f.caller("info")
            let event = try await Self.open(f)
            let draft = Self.draft([.affected: 60])
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 { group.addTask { try await d.enter(event.id, draft, by: info).replayed } }
                var all: [Bool] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.filter { !$0 }.count == 1 && results.count == 5)
            #expect(try await Self.entryCount(f) == 1)
            #expect(
                await Self.code { _ = try await d.enter(event.id, Self.draft([.affected: 61], id: draft.id), by: info) }
                    == "disaster.entry_id_reused")
            f.clock.advance(seconds: 60)
            let newer = try await d.enter(event.id, Self.draft([.affected: 65]), by: info)
            let entries = try await d.entries(of: event.id, .init(), page: PageRequest(), by: info).items
            #expect(entries.map(\.status) == [.submitted, .superseded] && entries.first?.id == newer.entry.id)
        }
    }

    @Test("a returned entry reaches its officer's inbox with the township's note")
    func returnNotified() async throws {
        try await Fixtures.with { f in
            let d = f.store.disasters
            let info = try await f.caller("info"), township = try await f.caller("township")
            let event = try await Self.open(f)
            let sent = try await d.enter(event.id, Self.draft([.affected: 3560]), by: info)
            _ = try await d.review(sent.entry.id, accept: false, note: "受灾人口与户籍人口不符", by: township)
            _ = try await f.store.notifications.expandPending()
            let inbox = try await f.store.notifications.inbox(unacknowledgedOnly: true, page: PageRequest(), by: info).items
            #expect(inbox.count == 1 && inbox.first?.1.subject == "灾情填报被退回" && inbox.first?.1.text.contains("受灾人口与户籍人口不符") == true)
        }
    }

    @Test("jurisdiction: an officer enters only their village, sees only its entries; a township not affected sees no event")
    func jurisdiction() async throws {
        try await Fixtures.with { f in
            let d = f.store.disasters
            let info = try await f.caller("info"), township = try await f.caller("township"), staff = try await f.caller("staff")
            let event = try await Self.open(f)
            #expect(
                await Self.code {
                    _ = try await d.enter(event.id, Self.draft([.affected: 1], in: try DivisionCode("330529101202")), by: info)
                } == "division.not_found")
            _ = try await d.enter(event.id, Self.draft([.affected: 5], in: try DivisionCode("330529102000")), by: staff)
            _ = try await d.enter(event.id, Self.draft([.affected: 7]), by: info)
            #expect(try await d.entries(of: event.id, .init(), page: PageRequest(), by: info).items.map(\.divisionCode) == ["330529101201"])
            #expect(try await d.entries(of: event.id, .init(), page: PageRequest(), by: staff).total == 2)
            // A process over other townships only: not there for the township's officer or the village's.
            let elsewhere = try await Self.open(f, townships: ["330529102000"])
            for caller in [township, info] {
                #expect(await Self.code { _ = try await d.get(elsewhere.id, by: caller) } == "disaster.not_found")
                #expect(try await d.list(.init(), page: PageRequest(), by: caller).items.map(\.id) == [event.id])
            }
            #expect(try await d.list(.init(), page: PageRequest(), by: staff).total == 2)
            // The figures: the county sees both townships; the township its own row; the village its own figures only.
            let other = try await d.enter(event.id, Self.draft([.affected: 9], in: try DivisionCode("330529101202")), by: staff)
            #expect(other.entry.status == .accepted)
            _ = try await d.report(event.id, correctionReason: nil, note: nil, by: try await f.caller("duty"))
            let county = try await d.detail(event.id, by: staff)
            #expect(county.townships.count == 2 && county.total[.affected] == 14 && county.reports.first?.lines.count == 2)
            let own = try await d.detail(event.id, by: township)
            #expect(own.townships.map(\.code) == ["330529101000"] && own.total[.affected] == 9 && own.reports.first?.lines.count == 1)
            let village = try await d.detail(event.id, by: info)
            #expect(
                village.townships.map(\.code) == ["330529101000"] && village.total[.affected] == 0
                    && village.reports.first?.lines.isEmpty == true)
            let year = try await d.year(2026, by: township)
            #expect(year.total[.affected] == 9)
            // Entering outside the affected townships is refused by name.
            #expect(
                await Self.code { _ = try await d.enter(elsewhere.id, Self.draft([.affected: 1]), by: staff) }
                    == "disaster.division_not_affected")
        }
    }

    @Test("a 初报 after two hours is stored and marked late; the desk sees townships owing figures and the 初报 until sent")
    func lateAndOwed() async throws {
        try await Fixtures.with { f in
            let d = f.store.disasters
            let duty = try await f.caller("duty"), staff = try await f.caller("staff")
            let event = try await Self.open(f, learnedMinutesAgo: 100)
            let owed = try await d.owed(by: duty)
            #expect(owed.map(\.obligation.kind) == [.township, .township, .initial])
            _ = try await d.enter(event.id, Self.draft([.affected: 30], in: Self.township), by: staff)
            f.clock.advance(seconds: 30 * 60)
            let report = try await d.report(event.id, correctionReason: nil, note: nil, by: duty)
            #expect(report.isLate && report.stage == .initial)
            let now = try await d.owed(by: duty)
            #expect(now.map(\.obligation.kind) == [.township] && now.first?.obligation.township == "330529102000")
            #expect(now.first?.obligation.isLate(at: f.store.environment.now()) == true)
        }
    }
}
