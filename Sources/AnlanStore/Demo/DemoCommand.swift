import AnlanCore
import AnlanFormats
import Foundation
import SQLKit

/// The demo county's duty desk: a roster of 24-hour shifts from a month back to two weeks ahead (two leaders in turn,
/// the officers rotating, one swap), each past shift handed over and acknowledged; calls that needed no incident; a
/// chemical leak at 02:00 six weeks ago followed to its close; a flood in 青山镇 two days ago still in response; and a
/// forest-fire call logged twenty minutes before the demo was loaded, not yet verified. Made through the repositories as the desk would.
struct DemoCommand {
    let store: Store

    func load() async throws {
        let clock = DemoSupervision.Clock(store.environment.now())
        let past = store.on(clock)
        let today = Day(store.environment.now())
        func caller(_ username: String) async throws -> Caller {
            guard let user = try await store.accounts.find(username: username) else { throw AnlanError.recordCorrupt("演示账号 \(username)") }
            return Caller(user: user, ip: nil, requestID: "demo")
        }
        let staff = try await caller("staff"), duty = try await caller("duty"), duty2 = try await caller("duty2")
        let leader = try await caller("leader"), leader2 = try await caller("leader2")
        /// The moment `days` from today at hh:mm, Beijing time.
        func at(_ days: Int, _ hour: Int, _ minute: Int = 0) -> Date {
            Moment.at(today.adding(days: days), minute: hour * 60 + minute)
        }

        // The roster, arranged a month ahead of its first day.
        clock.set(at(-60, 9))
        let officers = [["duty", "inspector"], ["duty2", "staff"], ["duty", "inspector2"], ["duty2", "inspector3"]]
        var shifts: [DutyShift] = []
        for offset in -30...14 {
            let draft = DutyShiftDraft(
                day: today.adding(days: offset), period: .fullDay, leader: offset % 2 == 0 ? "leader" : "leader2",
                officers: officers[(offset + 40) % officers.count])
            shifts.append(try await past.duty.arrange(draft, by: staff))
        }
        clock.set(at(-12, 15))
        let swapped = shifts[30 - 10]
        _ = try await past.duty.swap(swapped.id, from: swapped.officers[0], to: "inspector4", reason: "参加市局执法培训", by: staff)

        // Every past shift hands over ten minutes before its end and the next acknowledges five minutes after.
        let now = store.environment.now()
        for (index, shift) in shifts.enumerated() where shift.endsAt.addingTimeInterval(300) < now && index + 1 < shifts.count {
            let current = try await store.duty.shift(shift.id, by: staff)
            clock.set(shift.endsAt.addingTimeInterval(-600))
            let text = index % 5 == 0 ? "值班期间接报 2 起，均已处置完毕；气象部门预报明日有中到大雨，请关注防汛信息。" : "值班期间无重要情况，设备和通讯正常。"
            let handover = try await past.duty.handOver(shift.id, text: text, by: try await caller(current.officers[0]))
            let next = try await store.duty.shift(shifts[index + 1].id, by: staff)
            clock.set(shift.endsAt.addingTimeInterval(300))
            _ = try await past.duty.acknowledge(handover.id, by: try await caller(next.officers[0]))
        }

        // Calls that needed no incident.
        for (days, hour, channel, who, number, text) in [
            (-20, 10, ReportChannel.phone, "王先生", "13905721234", "咨询烟花爆竹零售许可办理流程，已告知到县政务服务中心应急窗口办理。"),
            (-9, 15, .upstream, "市应急管理局值班室", "0572-2123110", "通知：明日起开展为期一周的节前安全生产大检查，请各县做好部署。"),
            (-1, 21, .phone, "李女士", "13857201234", "反映梅溪镇某小区电动自行车在楼道内充电，已转告梅溪镇和消防救援大队。"),
        ] {
            clock.set(at(days, hour, 12))
            _ = try await past.duty.log(
                IncomingReportDraft(receivedAt: at(days, hour, 10), channel: channel, caller: who, number: number, text: text), by: duty)
        }

        try await DemoAccidents(store: store).load(clock: clock, duty: duty, leader: leader)
        try await chemicalLeak(past, clock: clock, at: at, duty: duty2, leader: leader)
        try await flood(past, clock: clock, at: at, duty: duty, leader: leader2)

        // Twenty minutes ago: a call about smoke on a hillside, logged and opened, not yet verified.
        clock.set(now.addingTimeInterval(-18 * 60))
        let smoke = try await past.duty.log(
            IncomingReportDraft(
                receivedAt: now.addingTimeInterval(-20 * 60), channel: .phone, caller: "陈师傅", number: "13567201188",
                text: "石门镇后山方向有浓烟，疑似山火。",
                divisionCode: try DivisionCode("330529103000"), place: "石门镇后山"), by: duty)
        clock.set(now.addingTimeInterval(-15 * 60))
        _ = try await past.incidents.open(
            IncidentDraft(
                title: "石门镇后山疑似山火", type: .forestFire, occurredAt: now.addingTimeInterval(-30 * 60),
                divisionCode: try DivisionCode("330529103000"), place: "石门镇后山",
                location: try await store.divisions.get(try DivisionCode("330529103000"), by: .console("demo")).centroid.map {
                    GeoPoint(latitude: $0.latitude + 0.012, longitude: $0.longitude + 0.008)
                }, summary: "群众电话反映后山有浓烟，已通知石门镇和森林消防队伍前往核实。", reportID: smoke.id), by: duty)
    }

    /// 02:00 six weeks ago: a chlorine leak at the chlor-alkali works, level Ⅲ, closed the next afternoon.
    private func chemicalLeak(_ past: Store, clock: DemoSupervision.Clock, at: (Int, Int, Int) -> Date, duty: Caller, leader: Caller)
        async throws
    {
        guard
            let row = try await store.database.reader.select().columns("id", "division_code", "latitude", "longitude").from("enterprises")
                .where("name", .equal, SQLBind("示例县青山氯碱化工有限公司")).first()
        else { return }
        let enterprise = try row.decodeID("id")
        let division = try DivisionCode(try row.decode(column: "division_code", as: String.self))
        let point = try row.decodeOptional("latitude", as: Double.self).flatMap { lat in
            try row.decodeOptional("longitude", as: Double.self).map { GeoPoint(latitude: lat, longitude: $0) }
        }
        clock.set(at(-42, 2, 4))
        let call = try await past.duty.log(
            IncomingReportDraft(
                receivedAt: at(-42, 2, 3), channel: .phone, caller: "孙涛", number: "13705720001", unit: "示例县青山氯碱化工有限公司",
                text: "氯气液化工段一处法兰泄漏，现场有黄绿色气体，已启动企业预案，正在堵漏，暂无人员受伤。", divisionCode: division, place: "青山氯碱化工液氯工段"),
            by: duty)
        clock.set(at(-42, 2, 9))
        let incident = try await past.incidents.open(
            IncidentDraft(
                title: "青山氯碱化工液氯工段氯气泄漏", type: .workSafety, occurredAt: at(-42, 1, 55), divisionCode: division, place: "示例县青山氯碱化工有限公司液氯工段",
                location: point, enterpriseID: enterprise, summary: "液化工段法兰垫片失效，氯气泄漏，企业已启动现场处置方案。", level: .three, reportID: call.id),
            by: duty)
        try await run(
            [
                (at(-42, 2, 25), duty, .move(.verify(note: "青山镇安监站和企业负责人电话确认：泄漏点位于液氯储罐出口法兰，下风向 500 米内有两个自然村。"))),
                (at(-42, 2, 31), duty, .activate("示例县危险化学品事故应急预案", .three)),
                (at(-42, 2, 40), leader, .move(.setLevel(.three, reason: "泄漏未得到控制，下风向有居民，按预案Ⅲ级响应"))),
                (at(-42, 2, 42), duty, .dispatch("县消防救援大队城关中队", "危化品处置：堵漏、稀释、设置警戒区")),
                (at(-42, 2, 43), duty, .dispatch("县生态环境分局", "下风向 1 公里内布点监测氯气浓度，每小时报告")),
                (at(-42, 2, 44), duty, .acknowledge(0)), (at(-42, 2, 45), duty, .order(0, .received, nil)),
                (at(-42, 2, 58), duty, .order(0, .onScene, "到场，与企业应急队伍会合")), (at(-42, 3, 10), duty, .order(1, .onScene, nil)),
                (at(-42, 5, 25), duty, .order(0, .completed, "堵漏完成，撤离")), (at(-42, 9, 40), duty, .order(1, .completed, "浓度恢复正常")),
                (at(-42, 2, 46), duty, .acknowledge(2)), (at(-42, 2, 50), duty, .acknowledge(3)),
                (at(-42, 3, 40), duty, .complete(2, "下风向 500 米内 2 个自然村 86 人转移至镇中心小学避难场所")),
                (at(-42, 4, 5), duty, .move(.figures(IncidentFigures(seriousInjuries: 2), note: "2 名堵漏人员吸入氯气送县人民医院，诊断为急性中毒"))),
                (at(-42, 4, 20), duty, .complete(3, "2 名化工专家到场")),
                (at(-42, 5, 20), duty, .complete(0, "泄漏点堵漏完成，现场喷淋稀碱液吸收")),
                (at(-42, 9, 30), duty, .move(.note("下风向监测点浓度恢复正常，转移群众分批返回"))),
                (at(-41, 16, 0), leader, .move(.close(summary: "泄漏已控制，2 名急性中毒人员病情稳定；转入事故调查。"))),
            ], on: incident.id, past: past, clock: clock)
    }

    /// One step of a demo incident.
    enum Step {
        case move(IncidentMove)
        case activate(String, ResponseLevel)
        case acknowledge(Int)
        case complete(Int, String)
        /// An order to the directory's resource of this name, or (when none has it) to the department so named.
        case dispatch(String, String)
        /// An order to the warehouse of this name for these supplies, taken by this person.
        case supplies(String, [(String, Int)], String, String)
        case order(Int, DispatchState, String?)
    }

    private func run(_ steps: [(Date, Caller, Step)], on incident: UUID, past: Store, clock: DemoSupervision.Clock) async throws {
        for (time, who, step) in steps {
            clock.set(time)
            switch step {
            case .move(let move): _ = try await past.incidents.move(incident, move, by: who)
            case .activate(let title, let level):
                guard
                    let plan = try await store.database.reader.select().column("id").from("emergency_plans").where(
                        "title", .equal, SQLBind(title)
                    )
                    .first()?.decodeID("id")
                else { continue }
                _ = try await past.incidents.activate(incident, plan: plan, level: level, by: who)
            case .acknowledge(let n):
                let task = try await past.incidents.tasks(of: incident, by: who)[n]
                _ = try await past.incidents.moveTask(incident, task: task.id, .acknowledge, by: who)
            case .complete(let n, let note):
                let task = try await past.incidents.tasks(of: incident, by: who)[n]
                _ = try await past.incidents.moveTask(incident, task: task.id, .complete(note: note), by: who)
            case .dispatch(let name, let task):
                let resource = try await store.database.reader.select().column("id").from("resources").where("name", .equal, SQLBind(name))
                    .first()?.decodeID("id")
                let draft =
                    resource.map { DispatchDraft(target: .resource, resourceID: $0, task: task) }
                    ?? DispatchDraft(target: .department, recipient: name, task: task)
                _ = try await past.incidents.dispatch(incident, draft, by: who)
            case .supplies(let warehouse, let lines, let receiver, let task):
                let reader = store.database.reader
                guard
                    let warehouseID = try await reader.select().column("id").from("warehouses").where("name", .equal, SQLBind(warehouse))
                        .first()?.decodeID("id")
                else { throw AnlanError.recordCorrupt("演示仓库 \(warehouse)") }
                var supplies: [(itemID: UUID, quantity: Int)] = []
                for (name, quantity) in lines {
                    guard
                        let item = try await reader.select().column("id").from("supply_items").where("name", .equal, SQLBind(name)).first()?
                            .decodeID("id")
                    else { throw AnlanError.recordCorrupt("演示物资 \(name)") }
                    supplies.append((item, quantity))
                }
                _ = try await past.incidents.dispatch(
                    incident,
                    DispatchDraft(
                        target: .warehouse, task: task, warehouseID: warehouseID, supplies: supplies, receiver: receiver,
                        receiverPhone: "13957201888"),
                    by: who)
            case .order(let n, let state, let note):
                let order = try await past.incidents.orders(of: incident, by: who)[n]
                _ = try await past.incidents.moveOrder(incident, order: order.id, to: state, note: note, by: who)
            }
        }
    }

    /// Two days ago: heavy rain, a river over its warning level in 青山镇; Ⅳ-level response, still running.
    private func flood(_ past: Store, clock: DemoSupervision.Clock, at: (Int, Int, Int) -> Date, duty: Caller, leader: Caller) async throws
    {
        let qingshan = try DivisionCode("330529101000")
        let bridge = try await store.divisions.get(try DivisionCode("330529101201"), by: .console("demo")).centroid
        clock.set(at(-2, 16, 12))
        let first = try await past.duty.log(
            IncomingReportDraft(
                receivedAt: at(-2, 16, 10), channel: .infoOfficer, caller: "孙丽", number: "13957201201", unit: "青山镇灾害信息员",
                text: "青山溪水位快速上涨，村口漫水桥已过水，低洼处 3 户进水。", divisionCode: try DivisionCode("330529101201"), place: "青山镇青山溪沿岸"),
            by: duty)
        clock.set(at(-2, 16, 20))
        let incident = try await past.incidents.open(
            IncidentDraft(
                title: "青山镇青山溪洪水", type: .floodDrought, occurredAt: at(-2, 15, 40), divisionCode: qingshan, place: "青山镇青山溪沿岸",
                location: bridge,
                summary: "持续强降雨，青山溪水位上涨超警戒，沿岸低洼处进水。", reportID: first.id),
            by: duty)
        clock.set(at(-2, 16, 50))
        _ = try await past.duty.log(
            IncomingReportDraft(
                receivedAt: at(-2, 16, 45), channel: .township, caller: "刘洋", number: "0572-5121001", unit: "青山镇人民政府",
                text: "镇防汛工作组已到场，转移低洼处群众 12 人，漫水桥已封闭。", divisionCode: qingshan, incidentID: incident.id),
            by: duty)
        try await run(
            [
                (at(-2, 16, 35), duty, .move(.verify(note: "水利局水文站确认青山溪水位 3.82 米，超警戒 0.32 米"))),
                (at(-2, 17, 0), leader, .activate("示例县防汛抗旱应急预案", .four)),
                (at(-2, 17, 5), duty, .dispatch("县综合性应急救援队", "携冲锋舟 2 艘到青山镇待命，协助转移群众")),
                (at(-2, 17, 8), duty, .order(0, .received, nil)), (at(-2, 17, 12), duty, .order(0, .enRoute, nil)),
                (at(-2, 17, 50), duty, .order(0, .onScene, "到达青山镇中心小学")),
                (at(-2, 17, 10), duty, .acknowledge(1)), (at(-2, 17, 30), duty, .complete(1, "县综合性应急救援队 20 人携冲锋舟 2 艘到青山镇待命")),
                (at(-2, 18, 5), duty, .acknowledge(2)),
                (
                    at(-2, 18, 20), duty,
                    .supplies("示例县应急物资储备库", [("救灾帐篷", 20), ("折叠床", 50), ("棉被", 60)], "陈建军", "运送帐篷、折叠床和棉被至青山镇中心小学安置点")
                ),
                (at(-2, 18, 35), duty, .order(1, .received, nil)), (at(-2, 19, 10), duty, .order(1, .enRoute, "两车装运出库")),
                (at(-2, 20, 25), duty, .order(1, .onScene, "安置点已搭设帐篷 12 顶")),
                (at(-1, 8, 10), duty, .move(.note("夜间雨势减弱，青山溪水位回落至 3.65 米，仍超警戒"))),
                (
                    at(-1, 8, 30), duty,
                    .supplies("青山镇应急物资储备点", [("救生衣", 15)], "刘洋", "为青山溪沿岸巡查人员配发救生衣，随时待命")
                ),
            ], on: incident.id, past: past, clock: clock)
        try await floodWarnings(past, clock: clock, at: at, incident: incident.id, duty: duty)
    }

    /// The flood's warnings: the county meteorological observatory's 暴雨 warning received as CAP and raised to red, the
    /// bureau's own 山洪 warning made from it and raised with it, a forest-fire warning of last month lifted early, and a
    /// broken upstream message kept with its errors.
    private func floodWarnings(
        _ past: Store, clock: DemoSupervision.Clock, at: (Int, Int, Int) -> Date, incident: UUID, duty: Caller
    ) async throws {
        let now = store.environment.now()
        let county = try DivisionCode("330529000000")
        let observatory = CapIdentifier(division: county, agency: "000", unit: "001")
        func upstream(_ sent: Date, type: String, level: WarningLevel, headline: String, text: String, references: [String]) -> CapAlert {
            CapAlert(
                identifier: observatory.identifier(at: sent, sequence: 0), sender: observatory.senderCode, sent: CapTime.string(sent),
                status: "Actual", msgType: type, scope: "Public", references: references,
                infos: [
                    CapInfo(
                        language: "zh-CN", categories: ["Met"], event: "暴雨", responseTypes: ["Prepare"], urgency: "Immediate",
                        severity: level.capSeverity, certainty: "Likely", effective: CapTime.string(sent),
                        expires: CapTime.string(now.addingTimeInterval(10 * 3600)), senderName: "示例县气象台", headline: headline,
                        description: text,
                        instruction: "政府及相关部门按照职责做好防暴雨应急工作；切断有危险的室外电源，暂停户外作业；处于危险地带的单位应当停课、停业，采取专门措施保护已到校学生、幼儿和其他上班人员的安全。",
                        parameters: [CapValue(WarningCap.levelParameter, level.label)],
                        areas: [CapArea(areaDesc: "示例县青山镇、石门镇", geocodes: [CapValue(WarningCap.divisionGeocode, "330529000000")])])
                ])
        }
        clock.set(at(-2, 15, 52))
        let first = upstream(
            at(-2, 15, 50), type: "Alert", level: .orange, headline: "示例县气象台发布暴雨橙色预警信号",
            text: "预计未来 6 小时青山镇、石门镇降雨量将达 50 毫米以上，局地 80 毫米，并伴有雷电和短时强降水。", references: [])
        let received = try await past.warnings.receive(Data(CapXML.write(first).utf8), source: .upload, by: duty)
        clock.set(at(-2, 16, 40))
        let own = try await past.warnings.publish(
            WarningDraft(
                event: .flashFlood, level: .orange, headline: "青山镇青山溪流域山洪灾害橙色预警",
                description: "受强降雨影响，青山溪水位已超警戒，未来 6 小时沿岸发生山洪的可能性大。",
                instruction: "沿溪低洼处和漫水桥附近群众立即转移到青山镇中心小学避灾安置场所；禁止车辆人员通行漫水桥；各村灾害信息员每小时报告水情。",
                divisionCodes: [try DivisionCode("330529101000"), try DivisionCode("330529101201")], effective: at(-2, 16, 40),
                expires: now.addingTimeInterval(20 * 3600), incidentID: incident, upstreamID: received.message.id,
                notify: .init(roles: [.townshipOfficer, .infoOfficer], channels: [.inApp, .sms])),
            by: duty)
        // Expanded to people at once, as the dispatcher would have done that minute.
        _ = try await past.notifications.expandPending()
        clock.set(at(-2, 21, 32))
        let raised = upstream(
            at(-2, 21, 30), type: "Update", level: .red, headline: "示例县气象台暴雨橙色预警信号升级为红色",
            text: "过去 3 小时青山镇降雨量已达 90 毫米，预计未来 3 小时仍将持续，累计降雨量将达 150 毫米以上。", references: [first.reference])
        _ = try await past.warnings.receive(Data(CapXML.write(raised).utf8), source: .upload, by: duty)
        clock.set(at(-2, 22, 0))
        var draft = WarningDraft(
            event: own.event, level: .red, headline: "青山镇青山溪流域山洪灾害预警升级为红色", description: "气象台暴雨预警升级为红色，青山溪水位持续上涨，沿岸发生山洪的可能性很大。",
            instruction: own.instruction, divisionCodes: own.divisionCodes.map { try! DivisionCode($0) }, effective: own.effective,
            expires: own.expires, incidentID: incident)
        draft.areaDescription = own.areaDescription
        _ = try await past.warnings.update(own.id, draft, by: duty)

        clock.set(at(-25, 9, 0))
        let fire = try await past.warnings.publish(
            WarningDraft(
                event: .forestFire, level: .yellow, headline: "石门镇森林火险黄色预警", description: "近期持续晴燥，石门镇林区森林火险等级较高。",
                instruction: "严禁野外用火；护林员加强巡查；森林消防队伍备勤。", divisionCodes: [try DivisionCode("330529103000")],
                effective: at(-25, 9, 0), expires: at(-18, 9, 0)),
            by: duty)
        clock.set(at(-22, 14, 0))
        _ = try await past.warnings.cancel(fire.id, reason: "连续两日有效降雨，森林火险等级降低。", by: duty)

        clock.set(at(-1, 10, 5))
        let broken = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>NO-SCOPE-1</identifier><sender>upstream.example</sender>\
            <sent>2026-11-29 10:00</sent><status>Actual</status><msgType>Alert</msgType><info><category>Geo</category>\
            <event>地质灾害气象风险预警</event><urgency>Expected</urgency><severity>High</severity><certainty>Likely</certainty></info></alert>
            """
        _ = try? await past.warnings.receive(Data(broken.utf8), source: .upload, by: duty)
    }
}
