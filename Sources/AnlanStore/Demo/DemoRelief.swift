import AnlanCore
import Foundation

/// The demo county's 冬春救助: last season's 冬令 and 春荒 programs, paid and published (one household helped by both,
/// with the reason recorded), and this season's program with the townships' needs survey filed by the end of October and
/// households at every step from application to the county's decision. The flood's collapsed houses that no application
/// covers show as omissions.
struct DemoRelief {
    let store: Store

    func load() async throws {
        func caller(_ name: String) async throws -> Caller? {
            guard let user = try await store.accounts.find(username: name) else { return nil }
            return Caller(user: user, ip: nil, requestID: "demo")
        }
        guard let staff = try await caller("staff"), let info = try await caller("info"), let township = try await caller("township"),
            let leader = try await caller("leader")
        else { return }
        // The posted list's photo (the demo's 1×1 PNG stands in for the village's picture of its notice board).
        let photo = DemoSupervision.rectifiedPhoto
        let places = try await store.divisions.names(within: .everything)
        let townships = places.filter { $0.code.level == .township }.map(\.code).sorted()
        let villages = places.filter { $0.code.level == .village }.map(\.code).sorted()
        guard let home = try? DivisionCode("330529101201"), villages.contains(home), villages.count >= 6 else { return }
        let homeVillages = villages.filter { $0.parent?.rawValue == "330529101000" }
        let now = store.environment.now()
        let today = Day(now)
        let season = today.month >= 9 ? today.year : today.year - 1
        let clock = DemoSupervision.Clock(now)
        let past = store.on(clock)
        func at(_ day: Day, _ hour: Int = 10) -> Date { Moment.at(day, minute: hour * 60) }
        let fallback = Day(year: 1960, month: 1, day: 1)!
        var sequence = 400
        func id(_ born: String, female: Bool = false) -> String {
            sequence += female && sequence % 2 == 1 ? 1 : (!female && sequence % 2 == 0 ? 1 : 2)
            let first17 = "330529" + born + String(format: "%03d", sequence % 1000)
            return first17 + String(IDNumber.checkCharacter(first17) ?? "0")
        }
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
        let given = Array("德福秀兰建国桂英志明玉梅家宝金花永祥")
        func name(_ n: Int) -> String {
            "\(surnames[(n * 7) % surnames.count])\(given[(n * 3) % given.count])\(given[(n * 5 + 1) % given.count])"
        }
        func household(_ n: Int, village: DivisionCode, hardship: ReliefHardship, size: Int, head: String? = nil, headID: String? = nil)
            -> ReliefHouseholdDraft
        {
            var members = [
                ReliefMember(
                    name: head ?? name(n), idNumber: headID ?? id("19\(50 + n % 20)0\(1 + n % 9)1\(n % 9)"), relation: .head, sex: .male,
                    birthDate: fallback)
            ]
            for k in 1..<size {
                let relation: ReliefRelation = k == 1 ? .spouse : .child
                members.append(
                    ReliefMember(
                        name: name(n * 11 + k),
                        idNumber: id(k == 1 ? "19\(52 + n % 20)0\(2 + n % 7)2\(k)" : "20\(10 + k)0\(k)1\(k)", female: k == 1),
                        relation: relation, sex: .female, birthDate: fallback))
            }
            // The draft carries the members as the parser would make them (sex and birth from the number).
            members = members.map { m in
                let check = IDNumber.check(m.idNumber, today: today)
                return ReliefMember(
                    name: m.name, idNumber: m.idNumber, relation: m.relation, sex: check.sex ?? .male,
                    birthDate: check.birthDate ?? fallback)
            }
            return ReliefHouseholdDraft(
                divisionCode: village, members: members, phone: "1395720" + String(format: "%04d", 5000 + n),
                account: "62302910" + String(format: "%010d", 77_000 + n),
                hardship: hardship,
                reason: hardship == .collapsedHouse ? "住房因灾倒塌，冬季无房可住" : hardship == .cropFailure ? "口粮田绝收，缺粮" : "家中有重病人员，因灾生活困难")
        }
        func walk(
            _ programID: UUID, _ draft: ReliefHouseholdDraft, applied: Day, to last: ReliefState, amount: Double = 1_500,
            reference: String? = nil, duplicateReason: String? = nil
        ) async throws {
            clock.set(at(applied))
            let h = try await past.relief.apply(programID, draft, by: info.jurisdiction.contains(draft.divisionCode) ? info : staff)
            if last == .applied { return }
            let villageCaller = info.jurisdiction.contains(draft.divisionCode) ? info : staff
            clock.set(at(applied.adding(days: 3), 15))
            _ = try await past.relief.move(
                h.id, .evaluate(on: applied.adding(days: 3), passed: true, minutes: "村两委和村民代表 15 人参加评议，一致同意"), by: villageCaller)
            if last == .evaluated { return }
            clock.set(at(applied.adding(days: 4)))
            _ = try await past.relief.move(h.id, .publicise(from: applied.adding(days: 4)), by: villageCaller)
            _ = try await past.relief.attachPublicityPhoto(h.id, data: photo, fileName: "公示栏.png", by: villageCaller)
            if last == .publicised { return }
            clock.set(at(applied.adding(days: 12)))
            let reviewer = township.jurisdiction.contains(draft.divisionCode) ? township : staff
            _ = try await past.relief.move(h.id, .township(approve: true, note: nil), by: reviewer)
            if last == .townshipApproved { return }
            clock.set(at(applied.adding(days: 16)))
            _ = try await past.relief.move(h.id, .decide(amount: amount, note: nil), by: leader)
            if last == .decided { return }
            clock.set(at(applied.adding(days: 22)))
            _ = try await past.relief.move(
                h.id,
                .pay(
                    on: applied.adding(days: 22), reference: reference ?? "YKT\(applied.year)\(sequence)", duplicateReason: duplicateReason),
                by: staff)
        }

        // Last season: 冬令 paid in January, 春荒 paid in March; one household in both, with the reason recorded.
        clock.set(at(Day(year: season - 1, month: 10, day: 8)!))
        let winter = try await past.relief.open(
            ReliefProgramDraft(year: season - 1, name: "\(season - 1)—\(season) 年度冬令救助", budgetWanYuan: 12), by: staff)
        clock.set(at(Day(year: season, month: 2, day: 10)!))
        let spring = try await past.relief.open(ReliefProgramDraft(year: season - 1, name: "\(season) 年春荒救助", budgetWanYuan: 8), by: staff)
        let twice = household(1, village: homeVillages.first ?? home, hardship: .collapsedHouse, size: 3)
        try await walk(winter.id, twice, applied: Day(year: season - 1, month: 11, day: 20)!, to: .paid, amount: 2_000)
        for n in 2..<7 {
            try await walk(
                winter.id,
                household(n, village: villages[n % villages.count], hardship: n % 2 == 0 ? .cropFailure : .injury, size: 2 + n % 3),
                applied: Day(year: season - 1, month: 11, day: 20 + n)!, to: .paid, amount: Double(800 + n * 100))
        }
        try await walk(
            spring.id, twice, applied: Day(year: season, month: 2, day: 20)!, to: .paid, amount: 1_200,
            duplicateReason: "冬令救助后重建未完成，春季仍无稳定住所，经县局集体研究再次救助")
        for n in 7..<10 {
            try await walk(
                spring.id, household(n, village: villages[n % villages.count], hardship: .cropFailure, size: 2 + n % 4),
                applied: Day(year: season, month: 2, day: 22)!, to: .paid, amount: 900)
        }

        // This season: the survey filed in October; households at each step.
        clock.set(at(Day(year: season, month: 9, day: 25)!))
        let current = try await past.relief.open(ReliefProgramDraft(year: season, budgetWanYuan: 15), by: staff)
        for (n, t) in townships.prefix(4).enumerated() {
            clock.set(at(Day(year: season, month: 10, day: 20 + n)!))
            let people = 30 + n * 12
            _ = try await past.relief.setNeed(
                current.id, township: t, households: people / 3, people: people,
                byHardship: [.collapsedHouse: 6 + n, .cropFailure: people - 12 - 2 * n, .injury: 4 + n, .other: 2],
                funds: Double(people) * 0.06,
                by: t == (try DivisionCode("330529101000")) ? township : staff)
        }
        guard Day(year: season, month: 11, day: 1)! < today.adding(days: -12) else { return }
        let start = Day(year: season, month: 11, day: 1)!
        let states: [ReliefState] = [.decided, .decided, .townshipApproved, .townshipApproved, .publicised, .evaluated, .applied, .applied]
        for (k, state) in states.enumerated() {
            let village = k < 3 ? (homeVillages.dropFirst(k).first ?? home) : villages[(k * 5) % villages.count]
            try await walk(
                current.id, household(20 + k, village: village, hardship: k % 3 == 0 ? .collapsedHouse : .cropFailure, size: 2 + k % 4),
                applied: min(start.adding(days: k * 2), today.adding(days: -20)), to: state, amount: Double(1_000 + k * 200))
        }
        // The flood's 李秀英 household (house collapsed) applied too; the others on the 台账 are the omissions to check.
        clock.set(at(today.adding(days: -3)))
        let collapsed = IDNumber.check(
            "330529" + "19590204" + "222" + String(IDNumber.checkCharacter("33052919590204222") ?? "0"), today: today)
        if collapsed.valid {
            _ = try? await past.relief.apply(
                current.id,
                ReliefHouseholdDraft(
                    divisionCode: home,
                    members: [
                        ReliefMember(
                            name: "李秀英", idNumber: collapsed.normalized, relation: .head, sex: collapsed.sex ?? .female,
                            birthDate: collapsed.birthDate ?? fallback)
                    ], phone: "13957203101", account: "6230291000000773101", hardship: .collapsedHouse, reason: "6 月洪涝住房倒塌，重建未完成"),
                by: info)
        }
    }
}
