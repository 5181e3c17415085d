import AnlanCore
import Foundation

/// The demo county's natural disasters of the year, each with its full report series: a plum-rain flood five months ago
/// (初报 in time, a village's figures entered by 孙丽 on her phone and accepted by her township, a death and damaged
/// houses on the 台账, one entry returned, a 续报 sent late, a 零报告, then 核报), and a typhoon three months ago whose
/// 初报 went late.
struct DemoDisasters {
    let store: Store

    func load() async throws {
        func caller(_ name: String) async throws -> Caller? {
            guard let user = try await store.accounts.find(username: name) else { return nil }
            return Caller(user: user, ip: nil, requestID: "demo")
        }
        guard let duty = try await caller("duty"), let staff = try await caller("staff"), let info = try await caller("info"),
            let township = try await caller("township")
        else { return }
        let places = try await store.divisions.names(within: .everything)
        let townships = places.filter { $0.code.level == .township }.map(\.code).sorted()
        guard let home = try? DivisionCode("330529101000"), townships.contains(home), townships.count >= 4,
            let village = try? DivisionCode("330529101201"), places.contains(where: { $0.code == village })
        else { return }
        let others = townships.filter { $0 != home }
        let clock = DemoSupervision.Clock(store.environment.now())
        let past = store.on(clock)
        let today = Day(store.environment.now())
        func at(_ day: Day, _ hour: Int, _ minute: Int = 0) -> Date { Moment.at(day, minute: hour * 60 + minute) }
        func id(_ division: String, born: String, sequence: Int) -> String {
            let first17 = String(division.prefix(6)) + born + String(format: "%03d", sequence)
            return first17 + String(IDNumber.checkCharacter(first17) ?? "0")
        }
        func figures(_ values: [DisasterIndicator: Double]) -> DisasterFigures { DisasterFigures(values) }
        func enter(_ event: UUID, _ code: DivisionCode, _ f: DisasterFigures, at time: Date, by who: Caller, note: String? = nil)
            async throws -> DisasterEntry
        {
            clock.set(time)
            return try await past.disasters.enter(
                event, DisasterEntryDraft(id: store.environment.newID(), divisionCode: code, figures: f, note: note), by: who
            ).entry
        }

        // Five months ago: three days of plum-rain downpours over three townships.
        let flood = today.adding(days: -160)
        clock.set(at(flood, 5, 30))
        let rain = try await past.disasters.open(
            DisasterEventDraft(
                type: .flood, name: "6月梅雨期强降雨", startedAt: at(flood, 3), learnedAt: at(flood, 5, 10),
                townships: [home, others[0], others[1]], description: "受持续强降雨影响，青山镇等地山塘水库超汛限，部分村庄进水，转移群众。"), by: duty)
        let first = try await enter(
            rain.id, village,
            figures([
                .affected: 320, .relocated: 85, .needAid: 40, .cropAffected: 46.5, .cropFailed: 6, .lossAgriculture: 38.2,
                .lossInfrastructure: 25,
            ]),
            at: at(flood, 6, 20), by: info, note: "村东低洼处 30 余户进水，已组织转移至村小学。")
        clock.set(at(flood, 6, 35))
        _ = try await past.disasters.review(first.id, accept: true, note: nil, by: township)
        _ = try await enter(
            rain.id, others[0],
            figures([
                .affected: 1_260, .relocated: 210, .needAid: 95, .cropAffected: 180, .cropFailed: 22.4, .lossAgriculture: 156,
                .lossInfrastructure: 88.5, .lossPublic: 12,
            ]),
            at: at(flood, 6, 40), by: staff)
        _ = try await enter(
            rain.id, others[1],
            figures([.affected: 540, .relocated: 60, .needAid: 20, .cropAffected: 75, .lossAgriculture: 41, .lossInfrastructure: 30]),
            at: at(flood, 6, 50), by: staff)
        clock.set(at(flood, 7))
        _ = try await past.disasters.report(rain.id, correctionReason: nil, note: "电话并传真报市应急管理局", by: duty)

        // Day 2: an elderly villager died when his house collapsed; the village enters the 台账 and new figures.
        let day1 = flood.adding(days: 1)
        clock.set(at(day1, 7, 20))
        _ = try await past.disasters.addCasualty(
            rain.id,
            DisasterCasualtyDraft.parse(
                TextInput([
                    "divisionCode": village.rawValue, "name": "王德发", "idNumber": id(village.rawValue, born: "19480716", sequence: 135),
                    "status": "dead", "occurredOn": day1.adding(days: -1).description, "cause": "夜间房屋后墙倒塌被压", "place": "村东组",
                ]), today: day1), by: info)
        let houses: [(String, String, HouseDamage, Int, Int)] = [
            ("王德发", "19480716", .collapsed, 3, 135), ("李秀英", "19590204", .collapsed, 2, 222), ("张福生", "19630911", .severe, 2, 317),
            ("陈桂兰", "19700315", .general, 2, 428), ("赵家明", "19751120", .general, 1, 519), ("刘建国", "19681008", .general, 3, 611),
        ]
        for (n, (name, born, damage, rooms, seq)) in houses.enumerated() {
            clock.set(at(day1, 7, 25 + n))
            _ = try await past.disasters.addHouse(
                rain.id,
                DamagedHouseDraft.parse(
                    TextInput([
                        "divisionCode": village.rawValue, "householder": name,
                        "idNumber": id(village.rawValue, born: born, sequence: seq),
                        "damage": damage.rawValue, "rooms": String(rooms), "address": "青山镇溪口村\(n + 1)组",
                        "phone": "1395720\(String(format: "%04d", 3100 + n))",
                    ]), today: day1), by: info)
        }
        let second = try await enter(
            rain.id, village,
            figures([
                .affected: 356, .deaths: 1, .relocated: 102, .needAid: 48, .collapsedRooms: 5, .collapsedHouseholds: 2, .severeRooms: 2,
                .severeHouseholds: 1, .generalRooms: 6, .generalHouseholds: 3, .cropAffected: 52, .cropFailed: 8.5, .lossHousing: 46,
                .lossAgriculture: 41.6, .lossInfrastructure: 27,
            ]), at: at(day1, 7, 50), by: info, note: "1 人因房屋倒塌死亡；倒损住房已逐户登记。")
        clock.set(at(day1, 8, 5))
        _ = try await past.disasters.review(second.id, accept: true, note: nil, by: township)
        clock.set(at(day1, 8, 40))
        _ = try await past.disasters.report(rain.id, correctionReason: nil, note: "截至前日 24 时", by: duty)

        // Day 3: a village entry with a typing slip is returned; a township's figures grow; the 续报 goes at 10:20, late.
        let day2 = flood.adding(days: 2)
        let slip = try await enter(
            rain.id, village,
            figures([
                .affected: 3_560, .deaths: 1, .relocated: 102, .needAid: 48, .collapsedRooms: 5, .collapsedHouseholds: 2, .severeRooms: 2,
                .severeHouseholds: 1, .generalRooms: 6, .generalHouseholds: 3, .cropAffected: 52, .cropFailed: 8.5, .lossHousing: 46,
                .lossAgriculture: 41.6, .lossInfrastructure: 27,
            ]), at: at(day2, 7, 40), by: info)
        clock.set(at(day2, 8, 10))
        _ = try await past.disasters.review(slip.id, accept: false, note: "受灾人口 3560 与全村户籍人口不符，请核实后重报。", by: township)
        _ = try await enter(
            rain.id, others[0],
            figures([
                .affected: 1_420, .relocated: 236, .needAid: 110, .cropAffected: 205, .cropFailed: 25, .lossAgriculture: 171,
                .lossInfrastructure: 96, .lossPublic: 12,
            ]),
            at: at(day2, 9, 30), by: staff)
        clock.set(at(day2, 10, 20))
        _ = try await past.disasters.report(rain.id, correctionReason: nil, note: "等待乡镇核实，迟报", by: duty)

        // Day 4: nothing changed (零报告); the rain has stopped and the situation is declared stable.
        let day3 = flood.adding(days: 3)
        clock.set(at(day3, 8, 30))
        _ = try await past.disasters.report(rain.id, correctionReason: nil, note: "灾情无新变化", by: duty)
        clock.set(at(day3, 15))
        _ = try await past.disasters.move(rain.id, .stabilise, by: duty)
        clock.set(at(flood.adding(days: 4), 16))
        _ = try await past.disasters.report(rain.id, correctionReason: nil, note: "核报，附倒损住房户台账和死亡人口台账", by: duty)

        // Three months ago: a typhoon's rain bands over two townships; the 初报 went 40 minutes late.
        let typhoon = today.adding(days: -100)
        clock.set(at(typhoon, 14, 5))
        let storm = try await past.disasters.open(
            DisasterEventDraft(
                type: .typhoon, name: "第 12 号台风外围影响", startedAt: at(typhoon, 11), learnedAt: at(typhoon, 14),
                townships: [others[0], others[2]], description: "台风外围螺旋云带带来短时强降雨和大风，部分农作物倒伏。"), by: duty)
        _ = try await enter(
            storm.id, others[0],
            figures([.affected: 430, .relocated: 35, .cropAffected: 96, .lossAgriculture: 58, .lossInfrastructure: 12]),
            at: at(typhoon, 15, 30), by: staff)
        _ = try await enter(
            storm.id, others[2], figures([.affected: 210, .cropAffected: 40.5, .lossAgriculture: 22.3]), at: at(typhoon, 16, 20), by: staff)
        clock.set(at(typhoon, 16, 40))
        _ = try await past.disasters.report(storm.id, correctionReason: nil, note: "乡镇统计延误，迟报", by: duty)
        let tday1 = typhoon.adding(days: 1)
        _ = try await enter(
            storm.id, others[0],
            figures([.affected: 465, .relocated: 35, .cropAffected: 102, .lossAgriculture: 63.5, .lossInfrastructure: 12]),
            at: at(tday1, 7, 45), by: staff)
        clock.set(at(tday1, 8, 50))
        _ = try await past.disasters.report(storm.id, correctionReason: nil, note: nil, by: duty)
        clock.set(at(tday1, 17))
        _ = try await past.disasters.move(storm.id, .stabilise, by: duty)
        clock.set(at(typhoon.adding(days: 2), 10))
        _ = try await past.disasters.report(storm.id, correctionReason: nil, note: "核报", by: duty)
    }
}
