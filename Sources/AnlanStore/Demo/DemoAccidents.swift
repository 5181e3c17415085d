import AnlanCore
import Foundation
import SQLKit

/// The demo county's 生产安全事故 of the year: a fatal machinery accident eight months ago, reported on time, investigated
/// and closed; a fall from height three months ago whose injured worker died in hospital (the 补报 went a day late) under
/// an extended investigation; and last night's poisoning in a confined space, reported to the city in time, to the county
/// government late, and not yet to the departments — so the duty desk's 报告时限 shows what is owed now.
struct DemoAccidents {
    let store: Store

    func load(clock: DemoSupervision.Clock, duty: Caller, leader: Caller) async throws {
        let past = store.on(clock)
        let now = store.environment.now()
        let today = Day(now)
        func at(_ days: Int, _ hour: Int, _ minute: Int = 0) -> Date { Moment.at(today.adding(days: days), minute: hour * 60 + minute) }
        let rows = try await store.database.reader.select().columns("id", "division_code", "latitude", "longitude").from("enterprises")
            .where("archived_at", .is, SQLLiteral.null).orderBy("name").limit(40).all()
        guard rows.count >= 2 else { return }
        func enterprise(_ index: Int) throws -> (id: UUID, division: DivisionCode, point: GeoPoint?) {
            let row = rows[index % rows.count]
            let point = try row.decodeOptional("latitude", as: Double.self).flatMap { lat in
                try row.decodeOptional("longitude", as: Double.self).map { GeoPoint(latitude: lat, longitude: $0) }
            }
            return (try row.decodeID("id"), try DivisionCode(try row.decode(column: "division_code", as: String.self)), point)
        }
        func report(_ id: UUID, _ kind: AccidentReportKind, _ to: AccidentRecipient, _ sent: Date, _ note: String?) async throws {
            clock.set(sent)
            _ = try await past.accidents.move(id, .report(kind, to, sentAt: sent, note: note), by: duty)
        }

        // Eight months ago: a worker caught in a press, one death; everything on time; closed.
        let first = try enterprise(3)
        clock.set(at(-240, 10, 30))
        let machinery = try await past.accidents.record(
            AccidentDraft(
                occurredAt: at(-240, 9, 40), learnedAt: at(-240, 10, 15), divisionCode: first.division, place: "二号车间冲压线",
                location: first.point, enterpriseID: first.id, sector: "工贸", type: .machinery,
                figures: IncidentFigures(deaths: 1, lossWanYuan: 180),
                description: "操作工在未停机状态下清理冲压模具内废料，被滑块挤压，经抢救无效死亡。"), by: duty)
        for (to, minutes) in [(AccidentRecipient.cityBureau, 50), (.countyGovernment, 55), (.departments, 70)] {
            try await report(machinery.id, .initial, to, at(-240, 10, 15).addingTimeInterval(Double(minutes) * 60), "电话报告，随后报送书面材料")
        }
        try await report(machinery.id, .final, .cityBureau, at(-239, 9, 0), "伤亡情况无变化，现场处置结束")
        clock.set(at(-238, 15))
        _ = try await past.accidents.move(machinery.id, .investigate(team: "县应急管理局牵头，县公安局、人社局、总工会和属地镇政府参加，邀请机械安全专家 1 名"), by: leader)
        clock.set(at(-190, 16))
        _ = try await past.accidents.move(
            machinery.id,
            .close(
                report: "事故直接原因为操作工违章在设备运行状态下清理模具；间接原因为企业未落实设备检修挂牌上锁制度、安全培训流于形式。",
                findings: "事故单位对事故发生负有责任，建议依法给予行政处罚；车间主任、安全管理员负有管理责任，由企业内部处理。", caseIDs: []),
            by: leader)

        // Three months ago: a fall from scaffolding at a building site not on file; the injured worker died six days later.
        let site = try enterprise(11)
        clock.set(at(-92, 15, 20))
        let fall = try await past.accidents.record(
            AccidentDraft(
                occurredAt: at(-92, 14, 5), learnedAt: at(-92, 15, 0), divisionCode: site.division, place: "某安置房项目 3 号楼",
                party: "某建筑劳务分包队（个体）", sector: "建筑施工", type: .fall, figures: IncidentFigures(seriousInjuries: 1, lossWanYuan: 60),
                description: "一名架子工在拆除外脚手架时未系安全带，从约 9 米高处坠落，送医抢救。"), by: duty)
        for to in AccidentRecipient.always {
            try await report(fall.id, .initial, to, at(-92, 16, 10), nil)
        }
        clock.set(at(-86, 8, 30))
        _ = try await past.accidents.move(
            fall.id, .figures(IncidentFigures(deaths: 1, lossWanYuan: 150), reason: "伤者经医院抢救无效于今晨死亡"), by: duty)
        try await report(fall.id, .supplement, .cityBureau, at(-85, 11, 0), "伤者抢救无效死亡，补报死亡 1 人")
        try await report(fall.id, .final, .cityBureau, at(-85, 11, 5), nil)
        clock.set(at(-84, 10))
        _ = try await past.accidents.move(fall.id, .investigate(team: "县应急管理局、住建局牵头，公安、人社、总工会参加"), by: leader)
        clock.set(at(-40, 10))
        _ = try await past.accidents.move(
            fall.id, .extend(to: Day(at(-92, 0)).adding(days: 100), reason: "需对劳务分包关系和总包单位安全管理责任补充调查，经县政府批准延期"), by: leader)

        // Last night: two workers overcome in a sewage pit; the city was told in time, the county government late, the
        // departments not yet.
        let pit = try enterprise(7)
        clock.set(at(-1, 23, 20))
        let confined = try await past.accidents.record(
            AccidentDraft(
                occurredAt: at(-1, 22, 40), learnedAt: at(-1, 23, 10), divisionCode: pit.division, place: "污水处理站集水井",
                location: pit.point, enterpriseID: pit.id, sector: "工贸", type: .poisoning,
                figures: IncidentFigures(deaths: 1, seriousInjuries: 1, lossWanYuan: 120),
                description: "一名员工未经审批进入集水井清淤，晕倒后另一名员工下井施救也晕倒；一人死亡，一人硫化氢中毒送医。"), by: duty)
        try await report(confined.id, .initial, .cityBureau, at(0, 0, 50), "电话报告市局值班室")
        try await report(confined.id, .initial, .countyGovernment, at(0, 1, 30), "电话报告县政府总值班室")
        clock.set(now)
    }
}
