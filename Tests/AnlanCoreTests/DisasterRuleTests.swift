import AnlanCore
import Foundation
import Testing

/// The rules of the 自然灾害情况统计调查制度 as pure functions: the logic checks a report must pass, cumulative figures
/// that may not fall, and the report clock (初报 2 hours, 续报 by 09:00 each day, 核报 after stabilisation).
@Suite("Disaster report rules")
struct DisasterRuleTests {
    static let ok = DisasterFigures([
        .affected: 300, .deaths: 1, .missing: 1, .relocated: 80, .needAid: 40, .collapsedRooms: 5, .collapsedHouseholds: 2,
        .cropAffected: 40, .cropFailed: 5.25, .lossHousing: 20.5, .lossAgriculture: 10.25,
    ])

    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as AnlanError { return error.code } catch { return "other" }
    }

    @Test("each logic check refuses by name; consistent figures pass; the direct loss is the sum of its parts")
    func checks() throws {
        try Self.ok.check()
        #expect(Self.ok.lossTotal == 30.75)
        var f = Self.ok
        f[.deaths] = 300
        #expect(Self.code { try f.check() } == "disaster.casualties_exceed_affected")
        f = Self.ok
        f[.relocated] = 301
        #expect(Self.code { try f.check() } == "disaster.relocated_exceeds_affected")
        f = Self.ok
        f[.needAid] = 301
        #expect(Self.code { try f.check() } == "disaster.need_aid_exceeds_affected")
        f = Self.ok
        f[.severeHouseholds] = 1
        #expect(Self.code { try f.check() } == "disaster.households_exceed_rooms")
        f = Self.ok
        f[.cropFailed] = 40.01
        #expect(Self.code { try f.check() } == "disaster.crop_failed_exceeds_affected")
        // Exactly at the bound passes: the dead and missing may be all the affected.
        f = Self.ok
        f[.deaths] = 299
        f[.missing] = 1
        try f.check()
    }

    @Test("cumulative figures may fall only with a correction reason, and the refusal names what fell")
    func cumulative() throws {
        var later = Self.ok
        later[.affected] = 280
        later[.cropAffected] = 39.5
        do {
            try later.checkCumulative(from: Self.ok, correctionReason: nil)
            Issue.record("a fall passed")
        } catch let error as AnlanError {
            #expect(error.code == "disaster.figures_fell" && error.details?["fallen"] == "affected,cropAffected")
            #expect(error.message.contains("受灾人口 300 → 280"))
        }
        try later.checkCumulative(from: Self.ok, correctionReason: "重复统计 20 人")
        try Self.ok.checkCumulative(from: later, correctionReason: nil)
        try later.checkCumulative(from: nil, correctionReason: nil)
    }

    @Test("figures from input: absent is 0, a negative or fractional count is refused, areas keep two decimals")
    func parse() throws {
        let f = try DisasterFigures.parse(TextInput(["affected": "12", "cropAffected": "3.456"]))
        #expect(f[.affected] == 12 && f[.deaths] == 0 && f[.cropAffected] == 3.46)
        #expect(Self.code { _ = try DisasterFigures.parse(TextInput(["deaths": "-1"])) } == "disaster.figure_invalid")
        #expect(Self.code { _ = try DisasterFigures.parse(TextInput(["affected": "1.5"])) } == "disaster.figure_invalid")
    }

    static func event(type: DisasterType = .flood, learned: Date, state: DisasterEventState = .responding, stabilised: Date? = nil)
        -> DisasterEvent
    {
        DisasterEvent(
            id: UUID(), number: "ZH2026-001", type: type, name: "暴雨", startedAt: learned.addingTimeInterval(-3600), learnedAt: learned,
            townships: ["330529101000", "330529102000"], description: "", state: state, stabilisedAt: stabilised, createdBy: "duty",
            createdAt: learned)
    }

    static func report(_ e: DisasterEvent, _ stage: DisasterStage, at: Date, day: Day) -> DisasterReport {
        DisasterReport(
            id: UUID(), eventID: e.id, stage: stage, sequence: 1, forDay: day, submittedAt: at, due: nil, lines: [], zeroReport: false,
            correctionReason: nil, note: nil, submittedBy: "duty")
    }

    @Test("初报 2 hours after the bureau learned; a township without figures owes them by then; 续报 by 09:00 from the next day")
    func clock() {
        // Learned 2026-11-16 22:30 Beijing; now 2026-11-18 10:00 Beijing.
        let learned = Moment.at("2026-11-16", minute: 22 * 60 + 30)
        let now = Moment.at("2026-11-18", minute: 10 * 60)
        let e = Self.event(learned: learned)
        let reports = [
            Self.report(e, .initial, at: learned.addingTimeInterval(2.5 * 3600), day: "2026-11-17"),
            Self.report(e, .progress, at: Moment.at("2026-11-17", minute: 8 * 60 + 40), day: "2026-11-17"),
        ]
        let o = DisasterClock.obligations(
            e, reports: reports, townshipsFirst: ["330529101000": learned.addingTimeInterval(3600)], settings: .standard,
            calendar: WorkCalendar(days: WorkCalendar.defaults), now: now)
        let townships = o.filter { $0.kind == .township }
        #expect(townships.map(\.isOpen) == [false, true] && townships[1].isLate(at: now))
        let initial = o.first { $0.kind == .initial }
        #expect(initial?.due == learned.addingTimeInterval(7200) && initial?.isLate(at: now) == true && initial?.isOpen == false)
        let progress = o.filter { $0.kind == .progress }
        #expect(progress.map(\.day) == ["2026-11-17", "2026-11-18"])
        #expect(progress[0].isOpen == false && progress[0].isLate(at: now) == false)
        #expect(progress[1].isOpen && progress[1].due == Moment.at("2026-11-18", minute: 9 * 60) && progress[1].isLate(at: now))
        #expect(!o.contains { $0.kind == .final })
    }

    @Test("drought reports every 10 days; once stabilised no 续报 falls due after it and the 核报 is due in working days")
    func droughtAndFinal() {
        let learned = Moment.at("2026-08-01", minute: 8 * 60)
        let calendar = WorkCalendar(days: WorkCalendar.defaults)
        let drought = Self.event(type: .drought, learned: learned)
        let days = DisasterClock.obligations(
            drought, reports: [], townshipsFirst: [:], settings: .standard, calendar: calendar, now: Moment.at("2026-09-01", minute: 600)
        ).filter { $0.kind == .progress }.compactMap(\.day)
        #expect(days == ["2026-08-11", "2026-08-21", "2026-08-31"])
        // Stabilised on Friday 2026-11-13 at 15:00: 续报 stop; the 核报 is due by the end of Tuesday 11-17.
        let stabilised = Moment.at("2026-11-13", minute: 15 * 60)
        let flood = Self.event(learned: Moment.at("2026-11-11", minute: 6 * 60), state: .stabilised, stabilised: stabilised)
        let o = DisasterClock.obligations(
            flood, reports: [], townshipsFirst: [:], settings: .standard, calendar: calendar, now: Moment.at("2026-11-20", minute: 0))
        #expect(o.filter { $0.kind == .progress }.compactMap(\.day) == ["2026-11-12", "2026-11-13"])
        #expect(o.first { $0.kind == .final }?.due == Moment.at("2026-11-18", minute: 0))
        #expect(
            DisasterClock.due(of: .final, forDay: "2026-11-20", event: flood, settings: .standard, calendar: calendar)
                == Moment.at("2026-11-18", minute: 0))
    }

    @Test("台账 ID numbers: a wrong check digit or an impossible birth date is refused by name")
    func ledgerIDs() throws {
        let today: Day = "2026-11-18"
        let valid = "11010519491231002X"
        #expect(try LedgerIDNumber.checked(valid, field: "idNumber", today: today).birthDate == "1949-12-31")
        #expect(
            Self.code { _ = try LedgerIDNumber.checked("110105194912310021", field: "idNumber", today: today) }
                == "disaster.id_number_invalid")
        let draft = TextInput([
            "divisionCode": "330529101201", "name": "张三", "idNumber": "110105194902300021", "status": "dead", "occurredOn": "2026-11-17",
            "cause": "洪水",
        ])
        do {
            _ = try DisasterCasualtyDraft.parse(draft, today: today)
            Issue.record("an impossible birth date passed")
        } catch let error as AnlanError {
            #expect(error.code == "disaster.id_number_invalid" && error.message.contains("19490230"))
        }
    }
}
