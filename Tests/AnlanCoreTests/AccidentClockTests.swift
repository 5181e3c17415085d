import AnlanCore
import Foundation
import Testing

/// The report clock of a 生产安全事故 (条例第九条、第十条、第十一条、第十三条): what is owed, to whom, by when.
@Suite("Accident report clock")
struct AccidentClockTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func accident(type: AccidentType = .machinery, figures: IncidentFigures = .init(deaths: 1), learnedAfter minutes: Double = 30)
        -> Accident
    {
        Accident(
            id: UUID(), number: "SG2026-001", occurredAt: t0, learnedAt: t0.addingTimeInterval(minutes * 60), divisionCode: "330529101201",
            place: "车间", location: nil, enterpriseID: nil, party: "某公司", sector: "工贸", type: type, figures: figures, description: "x",
            state: .reported, recordedBy: "duty", recordedAt: t0)
    }

    static func report(
        _ a: Accident, _ kind: AccidentReportKind, _ to: AccidentRecipient, after hours: Double, figures: IncidentFigures? = nil
    )
        -> AccidentReport
    {
        AccidentReport(
            id: UUID(), accidentID: a.id, kind: kind, recipient: to, sentAt: a.learnedAt.addingTimeInterval(hours * 3600), note: nil,
            figures: figures ?? a.figures, sentBy: "duty")
    }

    @Test(
        "an enterprise that called 90 minutes after the accident reported late; each recipient is owed a 首报 2 hours after the bureau learned"
    )
    func initialReports() {
        let a = Self.accident(learnedAfter: 90)
        let owed = AccidentClock.obligations(a, history: [], reports: [])
        #expect(owed.first?.kind == .enterprise && owed.first?.isLate(at: a.learnedAt) == true)
        let initial = owed.filter { $0.kind == .initial }
        #expect(initial.map(\.recipient) == AccidentRecipient.always.map { Optional($0) })
        #expect(initial.allSatisfy { $0.due == a.learnedAt.addingTimeInterval(7200) && $0.isOpen })
        // One sent in time, one late, one not yet: on time, late, and overdue once the two hours are past.
        let reports = [Self.report(a, .initial, .cityBureau, after: 1.5), Self.report(a, .initial, .countyGovernment, after: 2.5)]
        let later = a.learnedAt.addingTimeInterval(3 * 3600)
        let now = AccidentClock.obligations(a, history: [], reports: reports).filter { $0.kind == .initial }
        #expect(now.map { $0.isLate(at: later) } == [false, true, true])
        #expect(now.map(\.isOpen) == [false, false, true])
    }

    @Test("条例第十条: 一般 stops at the city; 较大 is owed to the province 4 hours after, 重大 to the ministry 6 hours after")
    func escalationByGrade() {
        func upper(_ a: Accident, history: [AccidentFiguresChange] = [], reports: [AccidentReport] = []) -> [AccidentClock.Obligation] {
            AccidentClock.obligations(a, history: history, reports: reports).filter {
                $0.recipient == .provinceBureau || $0.recipient == .ministry
            }
        }
        #expect(upper(Self.accident(figures: .init(deaths: 2, seriousInjuries: 9))).isEmpty)
        let larger = Self.accident(figures: .init(deaths: 3))
        #expect(larger.grade == .larger)
        let owed = upper(larger)
        #expect(owed.map(\.recipient) == [.provinceBureau])
        #expect(owed[0].due == larger.learnedAt.addingTimeInterval(4 * 3600) && owed[0].isOpen)
        // Relayed by the city and confirmed 3 hours after: met in time; a report to the city alone does not meet it.
        #expect(upper(larger, reports: [Self.report(larger, .initial, .cityBureau, after: 1)])[0].isOpen)
        let relayed = upper(larger, reports: [Self.report(larger, .initial, .provinceBureau, after: 3)])[0]
        #expect(!relayed.isOpen && !relayed.isLate(at: larger.learnedAt.addingTimeInterval(10 * 3600)))
        let major = Self.accident(figures: .init(lossWanYuan: 6000))
        #expect(major.grade == .major)
        #expect(upper(major).map(\.recipient) == [.provinceBureau, .ministry])
        #expect(upper(major).map(\.due) == [4.0, 6.0].map { major.learnedAt.addingTimeInterval($0 * 3600) })
        // Raised later: two deaths on learning, a third two days on; the province is owed 4 hours after that change.
        let raised = Self.accident(figures: .init(deaths: 3))
        let changedAt = raised.learnedAt.addingTimeInterval(48 * 3600)
        let history = [
            AccidentFiguresChange(at: raised.learnedAt, figures: .init(deaths: 2), reason: "首次记录", by: "duty"),
            AccidentFiguresChange(at: changedAt, figures: .init(deaths: 3), reason: "伤者死亡", by: "duty"),
        ]
        #expect(upper(raised, history: history).map(\.due) == [changedAt.addingTimeInterval(4 * 3600)])
    }

    @Test("续报 comes due a day after the last report for 一般 and 较大, twelve hours for 重大; a 终报 or the close ends it")
    func followUps() {
        let ordinary = Self.accident()
        let sent = [Self.report(ordinary, .initial, .cityBureau, after: 1)]
        let next = AccidentClock.obligations(ordinary, history: [], reports: sent).first { $0.kind == .followUp }
        #expect(next?.due == sent[0].sentAt.addingTimeInterval(24 * 3600))
        let major = Self.accident(figures: .init(deaths: 12))
        #expect(major.grade == .major)
        let majorSent = [Self.report(major, .initial, .cityBureau, after: 1)]
        #expect(
            AccidentClock.obligations(major, history: [], reports: majorSent).first { $0.kind == .followUp }?.due
                == majorSent[0].sentAt.addingTimeInterval(12 * 3600))
        let ended = sent + [Self.report(ordinary, .final, .cityBureau, after: 5)]
        #expect(AccidentClock.obligations(ordinary, history: [], reports: ended).allSatisfy { $0.kind != .followUp })
    }

    @Test("a casualty change within 30 days (7 for road traffic and fire) owes a 补报 giving the new figures; a later change owes none")
    func supplements() {
        func history(_ a: Accident, changedAfterDays days: Double, to figures: IncidentFigures) -> [AccidentFiguresChange] {
            [
                AccidentFiguresChange(at: a.learnedAt, figures: a.figures, reason: "首次记录", by: "duty"),
                AccidentFiguresChange(at: a.occurredAt.addingTimeInterval(days * 86_400), figures: figures, reason: "伤者死亡", by: "duty"),
            ]
        }
        let a = Self.accident(figures: .init(seriousInjuries: 1))
        let sent = [Self.report(a, .initial, .cityBureau, after: 1)]
        let died = IncidentFigures(deaths: 1)
        let owed = AccidentClock.obligations(a, history: history(a, changedAfterDays: 10, to: died), reports: sent)
            .filter { $0.kind == .supplement }
        #expect(owed.count == 1 && owed[0].isOpen)
        let supplied = sent + [Self.report(a, .supplement, .cityBureau, after: 10 * 24 + 5, figures: died)]
        #expect(
            AccidentClock.obligations(a, history: history(a, changedAfterDays: 10, to: died), reports: supplied)
                .first { $0.kind == .supplement }?.isOpen == false)
        // 10 days after a road accident is past its 7-day window; 40 days after any other is past 30.
        let road = Self.accident(type: .roadTraffic, figures: .init(seriousInjuries: 1))
        #expect(
            AccidentClock.obligations(
                road, history: history(road, changedAfterDays: 10, to: died), reports: [Self.report(road, .initial, .cityBureau, after: 1)]
            )
            .allSatisfy { $0.kind != .supplement })
        #expect(
            AccidentClock.obligations(a, history: history(a, changedAfterDays: 40, to: died), reports: sent)
                .allSatisfy { $0.kind != .supplement })
        // A revised loss alone is no casualty change.
        #expect(
            AccidentClock.obligations(
                a, history: history(a, changedAfterDays: 3, to: .init(seriousInjuries: 1, lossWanYuan: 90)), reports: sent
            )
            .allSatisfy { $0.kind != .supplement })
    }

    @Test("an accident's form needs a time, a place, a type and who it happened to; the bureau cannot learn of it before it happened")
    func draft() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let base: [String: String] = [
            "occurredAt": "2026-11-18T09:40", "divisionCode": "330529101201", "place": "车间", "sector": "工贸", "type": "machinery",
            "party": "某公司", "description": "挤压", "deaths": "1",
        ]
        let draft = try AccidentDraft.parse(TextInput(base), now: now)
        #expect(draft.figures.deaths == 1 && draft.learnedAt == now && draft.type == .machinery)
        func code(_ change: [String: String?]) -> String? {
            var fields = base
            for (k, v) in change { fields[k] = v }
            do { _ = try AccidentDraft.parse(TextInput(fields), now: now) } catch let e as AnlanError { return e.code } catch {
                return "\(error)"
            }
            return nil
        }
        #expect(code(["learnedAt": "2026-11-18T09:00"]) == "accident.learned_at_invalid")
        #expect(code(["occurredAt": nil]) == "accident.field_required")
        #expect(code(["type": "meteor"]) == "accident.type_invalid")
        #expect(code(["party": nil]) == "accident.field_required")
        #expect(code(["deaths": "-1"]) == "accident.deaths_invalid")
    }
}

/// GB 11643: the check character, the birth date and the sex read from a 公民身份号码.
@Suite("ID numbers")
struct IDNumberTests {
    static let today: Day = "2026-11-30"

    @Test("a number with its right check character is valid and says the birth date, sex and issuing division")
    func valid() {
        // GB 11643-1999's own example: 11010519491231002X (a woman born 1949-12-31 in 北京市朝阳区).
        let example = IDNumber.check("11010519491231002x", today: Self.today)
        #expect(example.valid && example.normalized == "11010519491231002X" && example.birthDate == "1949-12-31")
        #expect(example.sex == IDNumber.Sex.female && example.divisionCode == "110105")
        // A number built here: the check character is computed, not copied.
        let first17 = "33052919800101001"
        let built = first17 + String(IDNumber.checkCharacter(first17)!)
        let check = IDNumber.check(built, today: Self.today)
        #expect(check.valid && check.sex == IDNumber.Sex.male && check.birthDate == "1980-01-01")
    }

    @Test("a wrong check character, an impossible date, a future birth, 15 digits or letters are refused by name")
    func invalid() {
        let first17 = "33052919800101001"
        let right = IDNumber.checkCharacter(first17)!
        let wrong = "10X98765432".first { $0 != right }!
        #expect(IDNumber.check(first17 + String(wrong), today: Self.today).error?.hasPrefix("校验码不符") == true)
        #expect(IDNumber.check("330529198002300011", today: Self.today).error?.contains("不是有效日期") == true)
        let future = "33052920301201001"
        #expect(IDNumber.check(future + String(IDNumber.checkCharacter(future)!), today: Self.today).error?.contains("不可能") == true)
        #expect(IDNumber.check("330529800101001", today: Self.today).error?.contains("15 位") == true)
        #expect(IDNumber.check("33052919800101001A", today: Self.today).valid == false)
        #expect(IDNumber.check("3305291980", today: Self.today).error == "身份证号码须为 18 位。")
    }
}
