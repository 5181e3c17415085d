import AnlanCore
import Foundation
import Testing

@Suite("Command rules")
struct CommandRuleTests {
    @Test(
        "an accident's grade is the highest any criterion reaches, lower bounds included (条例 第三条)",
        arguments: [
            (2, 9, 999.99, AccidentGrade.ordinary, 0), (3, 0, 0, .larger, 1), (0, 10, 0, .larger, 1), (0, 0, 1000, .larger, 1),
            (9, 49, 4999.99, .larger, 3), (10, 0, 0, .major, 1), (0, 50, 0, .major, 1), (0, 0, 5000, .major, 1), (29, 99, 9999, .major, 3),
            (30, 0, 0, .especiallyMajor, 1), (0, 100, 0, .especiallyMajor, 1), (0, 0, 10000, .especiallyMajor, 1), (3, 50, 0, .major, 1),
        ] as [(Int, Int, Double, AccidentGrade, Int)])
    func grades(deaths: Int, injuries: Int, loss: Double, grade: AccidentGrade, criteria: Int) {
        let result = AccidentGrade.grade(deaths: deaths, seriousInjuries: injuries, directLossWanYuan: loss)
        #expect(result.grade == grade)
        #expect(result.decidedBy.count == criteria)
        #expect(result.decidedBy.allSatisfy { $0.grade == grade })
    }

    @Test("a Beijing wall-clock minute is read as its moment; impossible times are refused")
    func moments() {
        #expect(Moment.parse("2026-11-30T02:05").map(Timestamp.string) == "2026-11-29T18:05:00.000Z")
        #expect(Moment.parse("2026-11-30T02:05:00+08:00").map(Timestamp.string) == "2026-11-29T18:05:00.000Z")
        #expect(Moment.parse("2026-11-29T18:05:00.000Z").map(Timestamp.string) == "2026-11-29T18:05:00.000Z")
        for bad in ["2026-11-30T24:00", "2026-02-30T01:00", "2026-11-30 02:05", "02:05", "", "2026-11-30T2:05"] {
            #expect(Moment.parse(bad) == nil, "\(bad)")
        }
        let date = Moment.parse("2026-12-01T08:05")!
        #expect(Moment.field(date) == "2026-12-01T08:05" && Moment.chinese(date) == "2026年12月1日8时5分")
        #expect([Moment.span(25 * 60), Moment.span(190 * 60), Moment.span(1991 * 60)] == [" 25 分钟", " 3 小时 10 分钟", " 1 天 9 小时"])
    }

    @Test("a 24-hour shift runs 08:30 to 08:30; day and night shifts split it at 17:30")
    func shifts() {
        let day: Day = "2026-11-30"
        let full = DutyShift(id: UUID(), day: day, period: .fullDay, leader: "leader", officers: ["duty"], note: nil)
        #expect(
            Timestamp.string(full.startsAt) == "2026-11-30T00:30:00.000Z" && Timestamp.string(full.endsAt) == "2026-12-01T00:30:00.000Z")
        let night = DutyShift(id: UUID(), day: day, period: .night, leader: "leader", officers: ["duty"], note: nil)
        let nextDay = DutyShift(id: UUID(), day: "2026-12-01", period: .day, leader: "leader", officers: ["duty"], note: nil)
        #expect(full.overlaps(night) && !night.overlaps(nextDay) && night.endsAt == nextDay.startsAt)
    }

    @Test("a roster entry's officers are split, distinct and not the leader")
    func rosterDraft() throws {
        let draft = try DutyShiftDraft.parse(TextInput(["day": "2026-12-01", "leader": "leader", "officers": "duty，inspector"]))
        #expect(draft.officers == ["duty", "inspector"] && draft.period == .fullDay)
        for officers in ["duty,duty", "leader,duty", "a,b,c,d,e,f,g"] {
            #expect(throws: AnlanError.self) {
                try DutyShiftDraft.parse(TextInput(["day": "2026-12-01", "leader": "leader", "officers": officers]))
            }
        }
    }

    @Test("moves follow the lifecycle; a closed incident takes none; closing is a leader's")
    func lifecycle() throws {
        var incident = Incident(
            id: UUID(), number: "2026-0001", title: "t", type: .workSafety, state: .reported, level: nil, levelConfirmedBy: nil,
            occurredAt: Date(), reportedAt: Date(), divisionCode: "330529000000", place: "p", location: nil, enterpriseID: nil,
            figures: IncidentFigures(deaths: 10), summary: "s", closedAt: nil, createdBy: "duty")
        #expect(incident.suggestedLevel?.level == .two)
        #expect(throws: AnlanError.self) { try incident.check(.respond(level: .two, note: nil), leader: true) }
        try incident.check(.verify(note: "n"), leader: false)
        #expect(throws: AnlanError.self) { try incident.check(.close(summary: "s"), leader: false) }
        try incident.check(.close(summary: "s"), leader: true)
        incident.state = .verified
        try incident.check(.respond(level: .two, note: nil), leader: false)
        #expect(throws: AnlanError.self) { try incident.check(.verify(note: "n"), leader: false) }
        incident.state = .closed
        #expect(throws: AnlanError.self) { try incident.check(.note("n"), leader: true) }
        incident.type = .floodDrought
        #expect(incident.suggestedLevel == nil)
    }

    @Test("an incident cannot be dated in the future")
    func draft() throws {
        let now = Moment.parse("2026-11-30T02:05")!
        let input = ["title": "t", "type": "forestFire", "divisionCode": "330529103000", "place": "p", "summary": "s"]
        #expect(throws: AnlanError.self) {
            try IncidentDraft.parse(TextInput(input.merging(["occurredAt": "2026-11-30T03:00"]) { $1 }), now: now)
        }
        let ok = try IncidentDraft.parse(TextInput(input.merging(["occurredAt": "2026-11-30T01:40"]) { $1 }), now: now)
        #expect(ok.figures == .zero && ok.level == nil)
    }
}

@Suite("Warning rules")
struct WarningRuleTests {
    @Test("CAP polygons: lat,lon pairs, at least four, closed")
    func polygons() {
        #expect(CapPolygon.parse("30.1,119.6 30.2,119.7 30.1,119.7 30.1,119.6")?.count == 4)
        #expect(CapPolygon.parse("30.1,119.6 30.2,119.7 30.1,119.6") == nil)
        #expect(CapPolygon.parse("30.1,119.6 30.2,119.7 30.1,119.7 30.1,119.5") == nil)
        #expect(CapPolygon.parse("91,119.6 30.2,119.7 30.1,119.7 91,119.6") == nil)
        let points = CapPolygon.parse("30.1,119.6 30.2,119.7 30.1,119.7 30.1,119.6")!
        #expect(CapPolygon.text(points) == "30.1,119.6 30.2,119.7 30.1,119.7 30.1,119.6")
    }

    @Test("the identifier has GB/T 35965.1's shape; an upstream event is recognised by its words")
    func identifiers() throws {
        let id = CapIdentifier(division: try DivisionCode("330529101000"), agency: "000").identifier(
            at: Date(timeIntervalSince1970: 1_795_000_000), sequence: 3)
        #expect(CapIdentifier.isWellFormed(id) && id.hasPrefix("33052900000000_") && id.hasSuffix("_3") && id.count == 31)
        #expect(WarningEvent.recognise("暴雨橙色预警信号") == .rainstorm)
        #expect(WarningEvent.recognise("地质灾害气象风险预警") == .geological)
        #expect(WarningEvent.recognise("沙尘暴") == nil)
        #expect(WarningLevel.fromCAP(severity: "Extreme") == .red && WarningLevel.red.capSeverity == "Extreme")
    }
}

@Suite("Notification channels")
struct NotificationChannelTests {
    @Test("an e-mail address is local@domain in printable ASCII with dotted labels; anything else is refused")
    func emailAddresses() {
        for good in ["duty@yjj.example", "zhang.san+flood@mail.county-gov.example", "a@b.cn"] {
            #expect(EmailAddress.isValid(good), "\(good)")
        }
        for bad in [
            "", "duty", "duty@", "@yjj.example", "duty@yjj", "du ty@yjj.example", "duty@yjj..example", ".duty@yjj.example",
            "duty@-yjj.example", "张三@yjj.example", "duty@yjj.example>", "<duty@yjj.example", String(repeating: "a", count: 65) + "@b.cn",
        ] {
            #expect(!EmailAddress.isValid(bad), "\(bad)")
        }
    }

    @Test("typed numbers take SMS and voice only: e-mail and in-app need accounts")
    func emailNeedsAccounts() {
        let input = TextInput([
            "subject": "转移通知", "text": "请立即转移。", "channels": "email", "audience": "phones", "phones": "张三 13805721234",
        ])
        #expect(throws: AnlanError.self) { _ = try NotificationDraft.parse(input) }
        #expect(NotificationChannel.email.usesGateway && !NotificationChannel.email.needsMobile && NotificationChannel.sms.needsMobile)
    }
}
