import AnlanCore
import Foundation
import Testing

@Suite("Working-day calendar")
struct WorkCalendarTests {
    let calendar = WorkCalendar(days: WorkCalendar.defaults)

    @Test("weekends are off, holidays are off, make-up Saturdays and Sundays are on")
    func days() {
        #expect(calendar.isWorkingDay("2026-11-27"))  // Friday
        #expect(!calendar.isWorkingDay("2026-11-28"))  // Saturday
        #expect(!calendar.isWorkingDay("2026-10-05"))  // 国庆 Monday
        #expect(calendar.isWorkingDay("2026-10-10"))  // make-up Saturday
        #expect(calendar.isWorkingDay("2026-02-14"))  // 春节 make-up Saturday
        #expect(!calendar.isWorkingDay("2026-02-16"))
        #expect(!calendar.isWorkingDay("2026-13-01"))
    }

    @Test("20 working days skip weekends and the National Day week, and count make-up days")
    func deadlines() {
        // From Friday 2026-09-25 (中秋): 9-28..9-30 (3), 10-8, 10-9, 10-10 make-up (6), 10-12..16 (11), 19..23 (16), 26..29 (20).
        #expect(calendar.adding(workingDays: 20, to: "2026-09-25") == "2026-10-29")
        #expect(calendar.adding(workingDays: 1, to: "2026-11-27") == "2026-11-30")
        #expect(calendar.adding(workingDays: 0, to: "2026-11-28") == "2026-11-28")
        #expect(calendar.workingDays(from: "2026-10-01", through: "2026-10-31").count == 18)
        // Data, not code: without the holiday list, 10-05 is an ordinary Monday.
        #expect(WorkCalendar(days: []).isWorkingDay("2026-10-05"))
    }
}

@Suite("Hazard state machine")
struct HazardStateTests {
    let today: Day = "2026-11-29"

    @Test("found → ordered → submitted → closed; a failed re-inspection orders again with a new deadline")
    func happyPath() throws {
        var s = HazardState(status: .found, isMajor: false)
        s = try s.apply(.order(dueDate: "2026-12-10"), today: today)
        #expect(s.status == .ordered && s.dueDate == "2026-12-10")
        s = try s.apply(.submitRectification(onBehalf: false), today: today)
        s = try s.apply(.reinspect(passed: false, newDueDate: "2026-12-20", reason: nil), today: today)
        #expect(s.status == .ordered && s.dueDate == "2026-12-20")
        s = try s.apply(.submitRectification(onBehalf: false), today: today)
        s = try s.apply(.reinspect(passed: true, newDueDate: nil, reason: nil), today: today)
        #expect(s.status == .closed)
        #expect(!s.isOverdue(today: "2027-01-01"))
    }

    @Test("illegal moves are refused with hazard.transition_invalid; deadlines must be real and not past")
    func refusals() throws {
        let found = HazardState(status: .found, isMajor: false)
        for event in [
            HazardEvent.submitRectification(onBehalf: false), .reinspect(passed: true, newDueDate: nil, reason: "现场确认"),
            .signOff(approved: true, newDueDate: nil), .requestExtension(to: "2026-12-30", reason: .construction),
            .decideExtension(granted: true), .escalate(leader: "leader"),
        ] {
            #expect(throws: AnlanError.self) { try found.apply(event, today: today) }
        }
        #expect(throws: AnlanError.self) { try found.apply(.order(dueDate: "2026-11-28"), today: today) }
        // A day that does not exist never becomes a Day: the parser refuses it (HazardMoveTests).
        #expect(Day(String("2026-02-30")) == nil)
        let ordered = try found.apply(.order(dueDate: "2026-12-10"), today: today)
        #expect(throws: AnlanError.self) { try ordered.apply(.reinspect(passed: false, newDueDate: nil, reason: nil), today: today) }
        do {
            _ = try ordered.apply(.order(dueDate: "2026-12-12"), today: today)
            Issue.record("ordered twice")
        } catch let error as AnlanError { #expect(error.code == "hazard.transition_invalid") }
    }

    @Test("extensions: one pending request at a time, later than the deadline; granting moves it, refusing keeps it")
    func extensions() throws {
        let ordered = try HazardState(status: .found, isMajor: true).apply(.order(dueDate: "2026-12-10"), today: today)
        #expect(throws: AnlanError.self) { try ordered.apply(.requestExtension(to: "2026-12-05", reason: .construction), today: today) }
        let asked = try ordered.apply(.requestExtension(to: "2026-12-31", reason: .construction), today: today)
        #expect(throws: AnlanError.self) { try asked.apply(.requestExtension(to: "2027-01-15", reason: .construction), today: today) }
        #expect(try asked.apply(.decideExtension(granted: true), today: today).dueDate == "2026-12-31")
        let refused = try asked.apply(.decideExtension(granted: false), today: today)
        #expect(refused.dueDate == "2026-12-10" && refused.extensionRequestedTo == nil)
        #expect(ordered.isOverdue(today: "2026-12-11") && !ordered.isOverdue(today: "2026-12-10"))
        #expect(try ordered.apply(.escalate(leader: "leader"), today: today).supervisingLeader == "leader")
        let general = try HazardState(status: .found, isMajor: false).apply(.order(dueDate: "2026-12-10"), today: today)
        #expect(throws: AnlanError.self) { try general.apply(.escalate(leader: "leader"), today: today) }
    }
}

@Suite("Random draw algorithm")
struct RandomDrawTests {
    static func input(seed: UInt64, count: Int = 5, conflicts: [String: [String]] = [:], previous: [String: [String]] = [:])
        -> RandomDrawAlgorithm.Input
    {
        let candidates = (0..<40).map { RandomDrawAlgorithm.Candidate(enterpriseID: String(format: "e%02d", $0), weight: $0 < 4 ? 4 : 1) }
        return .init(
            candidates: candidates, count: count, inspectors: ["a", "b", "c", "d"], conflicts: conflicts, previous: previous, seed: seed)
    }

    @Test("the same input gives the same draw; another seed gives another; the result has N distinct enterprises with two inspectors each")
    func reproducible() throws {
        let one = try RandomDrawAlgorithm.draw(Self.input(seed: 20261129))
        #expect(one == (try RandomDrawAlgorithm.draw(Self.input(seed: 20261129))))
        #expect(one != (try RandomDrawAlgorithm.draw(Self.input(seed: 20261130))))
        #expect(Set(one.map(\.enterpriseID)).count == 5)
        #expect(one.allSatisfy { Set($0.inspectors).count == 2 })
        // Order of the candidate list does not matter: it is sorted by ID first.
        var shuffled = Self.input(seed: 20261129)
        shuffled = .init(candidates: shuffled.candidates.reversed(), count: 5, inspectors: ["d", "c", "b", "a"], seed: 20261129)
        #expect(one == (try RandomDrawAlgorithm.draw(shuffled)))
    }

    @Test("pinned result of anlan-draw-1 for a fixed input, so a change to the algorithm cannot pass unnoticed")
    func pinned() throws {
        let result = try RandomDrawAlgorithm.draw(Self.input(seed: 42))
        #expect(result.map(\.enterpriseID) == Self.pinnedEnterprises)
    }
    static let pinnedEnterprises = ["e20", "e28", "e00", "e05", "e31"]

    @Test("weights favour red enterprises; conflicts are excluded; last time's inspectors are avoided when others remain")
    func fairness() throws {
        var heavy = 0
        for seed in 0..<300 as Range<UInt64> {
            heavy += try RandomDrawAlgorithm.draw(Self.input(seed: seed, count: 1)).filter {
                ["e00", "e01", "e02", "e03"].contains($0.enterpriseID)
            }.count
        }
        // 4 candidates of weight 4 among 36 of weight 1: expected share 16/52 ≈ 31%, unweighted 10%.
        #expect(heavy > 60 && heavy < 130, "\(heavy)")
        let all = try RandomDrawAlgorithm.draw(
            Self.input(seed: 7, count: 40, conflicts: ["e05": ["a", "b"]], previous: ["e06": ["c", "d"]]))
        #expect(Set(all.first { $0.enterpriseID == "e05" }!.inspectors) == ["c", "d"])
        #expect(Set(all.first { $0.enterpriseID == "e06" }!.inspectors) == ["a", "b"])
        do {
            _ = try RandomDrawAlgorithm.draw(Self.input(seed: 7, count: 40, conflicts: ["e05": ["a", "b", "c"]]))
            Issue.record("drew with one inspector")
        } catch let error as AnlanError { #expect(error.code == "draw.too_few_inspectors") }
        #expect(throws: AnlanError.self) { try RandomDrawAlgorithm.draw(Self.input(seed: 1, count: 41)) }
    }
}

@Suite("Document numbers and money")
struct DocumentNumberTests {
    @Test("the pattern gives （示）应急责改〔2026〕12号; codes are configurable; money is in 分")
    func numbers() throws {
        let n = DocumentNumbering(countyShortName: "示")
        #expect(n.number(kind: .rectificationOrder, year: 2026, sequence: 12) == "（示）应急责改〔2026〕12号")
        #expect(n.number(kind: .inspectionRecord, year: 2026, sequence: 1) == "（示）应急检记〔2026〕1号")
        let custom = DocumentNumbering(pattern: "{county}应急{code}字〔{year}〕第{n}号", countyShortName: "宁", codes: ["penaltyDecision": "罚决"])
        #expect(custom.number(kind: .penaltyDecision, year: 2027, sequence: 3) == "宁应急罚决字〔2027〕第3号")
        #expect(throws: AnlanError.self) { try DocumentNumbering(pattern: "{county}{code}", countyShortName: "示").validated() }
        #expect(Money.yuan(1_234_567) == "12345.67")
        #expect(Money.yuan(5) == "0.05")
        #expect(Money.fen(fromYuan: "30000") == 3_000_000)
        #expect(Money.fen(fromYuan: "12.5") == 1250)
        #expect(Money.fen(fromYuan: "1.234") == nil)
        #expect(Money.fen(fromYuan: "-1") == nil)
    }
}

@Suite("Built-in checklists and report sectors (令第10号, 安监总管三〔2017〕121号)")
struct BuiltInChecklistTests {
    @Test("every item cites its article and clause; the 2023 wording of D7 and M1; 商贸 and the seven industries; 烟花爆竹's 20 items")
    func citations() throws {
        for list in BuiltInChecklists.all {
            _ = try list.validated()
            for item in list.items {
                let cited = item.basis.firstMatch(of: #/第[一二三四五六七八九十]+条第（[一二三四五六七八九十]+）项$|第[一二三四五六七八九十]+项$/#)
                #expect(cited != nil, "\(list.key) \(item.code): \(item.basis)")
            }
        }
        let byKey = Dictionary(uniqueKeysWithValues: BuiltInChecklists.all.map { ($0.key, $0) })
        let d7 = try #require(byKey["gm-dust"]?.items.first { $0.code == "D7" })
        #expect(d7.text == "除尘器、收尘仓等划分为20区的粉尘爆炸危险场所电气设备不符合防爆要求" && d7.basis.hasSuffix("第十一条第（七）项"))
        let m1 = try #require(byKey["gm-management"]?.items.first { $0.code == "M1" })
        #expect(m1.text.contains("承包单位、承租单位") && m1.basis.hasSuffix("第三条第（一）项"))
        #expect(byKey["gm-management"]?.sectors.contains("商贸") == true)
        let industries: [String: (String, Int)] = [
            "gm-metallurgy": ("冶金", 8), "gm-nonferrous": ("有色", 13), "gm-building": ("建材", 8), "gm-machinery": ("机械", 7),
            "gm-light": ("轻工", 7), "gm-textile": ("纺织", 2), "gm-tobacco": ("烟草", 2),
        ]
        for (key, (sector, count)) in industries {
            #expect(byKey[key]?.sectors == [sector] && byKey[key]?.items.count == count, "\(key)")
        }
        #expect(byKey["fw-major"]?.items.count == 20 && byKey["fw-major"]?.items.last?.basis.hasSuffix("第二十项") == true)
        #expect(Set(BuiltInChecklists.all.map(\.key)).count == BuiltInChecklists.all.count)
    }

    @Test("商贸 counts as 工贸; 烟花爆竹 and 冶金 are detail rows beneath their sectors")
    func sectors() {
        #expect(ReportSector.of(["商贸"]) == "工贸" && SectorCatalog.defaults.contains("商贸"))
        #expect(ReportSector.parent(of: "烟花爆竹") == "危险化学品" && ReportSector.parent(of: "冶金") == "工贸" && ReportSector.parent(of: "工贸") == nil)
        #expect(ReportSector.rows.prefix(4) == ["危险化学品", "烟花爆竹", "工贸", "冶金"])
        #expect(ReportSector.sources(of: "冶金") == ["冶金"] && ReportSector.preceding("冶金") == ["危险化学品"])
        // A 冶金 enterprise that also handles 危险化学品 counts there, not under 工贸 nor its 冶金 row.
        #expect(ReportSector.of(["冶金", "危险化学品"]) == "危险化学品")
    }
}
