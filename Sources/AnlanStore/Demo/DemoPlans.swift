import AnlanCore
import Foundation

/// The demo county's plans: the overall plan and its special plans (one overdue for evaluation, one due soon), a
/// department's and two townships' plans, and a dozen enterprises' own plans filed with the bureau — most recorded,
/// one answered late, one returned, one waiting — and their drills (some behind on frequency), made through the
/// repository as staff and officers would.
struct DemoPlans {
    let store: Store

    func load(clock: DemoSupervision.Clock, staff: Caller) async throws {
        let past = store.on(clock)
        let plans = past.emergencyPlans
        let today = Day(store.environment.now())
        func at(_ day: Day) { clock.set(day.description, hour: 10) }
        let county = try DivisionCode("330529000000")
        let flood = PlanLevel(
            level: .four, trigger: "主要河道超警戒水位，或气象部门发布暴雨蓝色预警", actions: ["县防指启动四级响应", "防汛抢险队伍和物资待命", "乡镇落实巡堤查险"],
            lead: "县防指副指挥长（县应急管理局局长）", contacts: ["县防指成员单位|0572-5123119", "各乡镇（街道）应急办|0572-5120000"],
            needs: [("救生衣", 300), ("编织袋", 10000), ("县综合性应急救援队", 1)])
        let floodThree = PlanLevel(
            level: .three, trigger: "主要河道超保证水位，或发布暴雨橙色预警", actions: ["县防指启动三级响应", "转移危险区域群众", "开放避难场所"],
            lead: "县防指指挥长（分管副县长）", contacts: ["县防指成员单位|0572-5123119"], needs: [("救生衣", 600), ("救灾帐篷", 100), ("冲锋舟", 4)])
        let chemicalThree = PlanLevel(
            level: .three, trigger: "危险化学品泄漏、火灾或爆炸，可能影响厂外人员",
            actions: [
                "县消防救援大队：危化品处置中队赶赴现场，堵漏、稀释、警戒", "县生态环境分局：下风向和周边水体监测，每小时报告",
                "属地乡镇：组织下风向 500 米内群众转移安置", "县应急管理局：调集危化专家 2 名，赶赴现场指导处置", "县卫生健康局：医疗救护组待命，接收中毒伤员",
            ], lead: "县应急管理局局长（现场指挥部总指挥）",
            contacts: ["县消防救援大队|0572-5122119", "县生态环境分局|0572-5123369", "县卫生健康局|0572-5120120", "属地乡镇应急办|0572-5120000"],
            needs: [("正压式空气呼吸器", 10), ("防化服", 10)])
        let chemicalFour = PlanLevel(
            level: .four, trigger: "危险化学品泄漏，影响限于厂区内", actions: ["企业：启动现场处置方案并报告", "县应急管理局：值班人员跟踪处置，派员到场核查"],
            lead: "县应急管理局分管副局长", contacts: ["属地乡镇应急办|0572-5120000"], needs: [])
        // (title, scope, topic, published days ago, evaluated days ago, levels)
        let county_: [(String, PlanScope, PlanTopic, Int, Int?, [PlanLevel])] = [
            ("示例县突发事件总体应急预案", .overall, .comprehensive, 700, nil, []),
            ("示例县防汛抗旱应急预案", .special, .flood, 420, 200, [flood, floodThree]),
            ("示例县森林火灾应急预案", .special, .forestFire, 1130, nil, []),
            ("示例县危险化学品事故应急预案", .special, .hazardousChemicals, 1060, nil, [chemicalThree, chemicalFour]),
            ("示例县地震应急预案", .special, .earthquake, 900, nil, []),
            ("示例县地质灾害应急预案", .special, .geological, 300, nil, []),
            ("示例县生产安全事故应急预案", .special, .productionSafety, 500, 30, []),
        ]
        for (title, scope, topic, published, evaluated, levels) in county_ {
            at(today.adding(days: -published - 30))
            let plan = try await plans.create(EmergencyPlanDraft(title: title, scope: scope, topic: topic, divisionCode: county), by: staff)
            at(today.adding(days: -published))
            _ = try await plans.addVersion(
                plan.id, PlanVersionDraft(publishedOn: today.adding(days: -published), approvedBy: "县人民政府", changes: "依据新修订的法规和机构改革修订"),
                file: nil, by: staff)
            for level in levels { _ = try await plans.setLevel(plan.id, level, by: staff) }
            if let evaluated {
                at(today.adding(days: -evaluated))
                _ = try await plans.evaluate(
                    plan.id, PlanEvaluation(on: today.adding(days: -evaluated), conclusion: .keep, note: "组织体系和职责未变，继续有效"), by: staff)
            }
        }
        at(today.adding(days: -400))
        let water = try await plans.create(
            EmergencyPlanDraft(title: "县水利局水旱灾害防御应急预案", scope: .department, topic: .flood, divisionCode: county, department: "县水利局"),
            by: staff)
        _ = try await plans.addVersion(
            water.id, PlanVersionDraft(publishedOn: today.adding(days: -400), approvedBy: "县水利局", changes: "首次发布"), file: nil, by: staff)
        for (suffix, name) in [("101", "青山镇"), ("102", "梅溪镇")] {
            let plan = try await plans.create(
                EmergencyPlanDraft(
                    title: "\(name)突发事件综合应急预案", scope: .township, topic: .comprehensive,
                    divisionCode: try DivisionCode("330529\(suffix)000")),
                by: staff)
            _ = try await plans.addVersion(
                plan.id, PlanVersionDraft(publishedOn: today.adding(days: -380), approvedBy: "\(name)人民政府", changes: "首次发布"), file: nil,
                by: staff)
        }
        // Drills of the county's and townships' plans: the flood plan drilled before the flood season, 青山镇 within two years,
        // the other townships never (behind).
        let countyPlans = try await plans.list(.init(scope: .special, topic: .flood), page: PageRequest(pageSize: 5), by: staff).items
        for plan in countyPlans {
            at(today.adding(days: -190))
            _ = try await plans.recordDrill(
                DrillDraft(
                    title: "2026 年防汛抢险综合演练", on: today.adding(days: -190), type: .fullScale, planKind: .comprehensive, planID: plan.id,
                    organiser: "县防汛抗旱指挥部", participants: 260, units: "县应急管理局、水利局、消防救援大队、青山镇", scenario: "强降雨致西苕溪漫堤，转移沿岸群众并封堵管涌",
                    evaluation: "响应启动及时，群众转移有序", findings: "通信保障车到场偏慢", followUps: "调整通信保障车驻点"), by: staff)
        }
        let townshipPlans = try await plans.list(.init(scope: .township), page: PageRequest(pageSize: 5), by: staff).items
        for plan in townshipPlans where plan.divisionCode == "330529101000" {
            at(today.adding(days: -500))
            _ = try await plans.recordDrill(
                DrillDraft(
                    title: "青山镇山洪灾害避险转移演练", on: today.adding(days: -500), type: .functional, planKind: .comprehensive, planID: plan.id,
                    organiser: "青山镇人民政府", participants: 120, scenario: "山洪预警发布后转移东山村危险区群众"), by: staff)
        }
        // Enterprises' plans and filings: the high-risk ones first.
        let enterprises = try await past.enterprises.list(.init(sector: "危险化学品"), page: PageRequest(pageSize: 12), by: staff).items
        for (index, e) in enterprises.enumerated() {
            let submitted = today.adding(days: -(300 - index * 22))
            at(submitted.adding(days: -10))
            let plan = try await plans.create(
                EmergencyPlanDraft(
                    title: "\(e.profile.name)生产安全事故应急预案", scope: .enterprise, topic: .productionSafety,
                    divisionCode: try DivisionCode(e.profile.divisionCode), enterpriseID: e.id), by: staff)
            _ = try await plans.addVersion(
                plan.id, PlanVersionDraft(publishedOn: submitted.adding(days: -10), approvedBy: "主要负责人", changes: "首次发布（经专家评审）"),
                file: nil, by: staff)
            // Their drills: most drilled their comprehensive plan this year, half kept their on-site drills half-yearly.
            let comprehensiveOn = submitted.adding(days: 15 + index * 3), onSiteOn = submitted.adding(days: 60 + index * 2)
            if index % 4 != 3, comprehensiveOn < today {
                at(comprehensiveOn)
                _ = try await plans.recordDrill(
                    DrillDraft(
                        title: "生产安全事故综合应急演练", on: comprehensiveOn, type: index % 2 == 0 ? .fullScale : .tabletop,
                        planKind: .comprehensive, planID: plan.id, organiser: e.profile.name, participants: 30 + index * 3,
                        scenario: "储罐区物料泄漏引发火灾，启动企业综合应急预案"), by: staff)
            }
            if index % 2 == 0, onSiteOn < today {
                at(onSiteOn)
                _ = try await plans.recordDrill(
                    DrillDraft(
                        title: "装卸区泄漏现场处置演练", on: onSiteOn, type: .functional, planKind: .onSite, planID: plan.id,
                        organiser: "安全环保部", participants: 12, scenario: "槽车装卸软管破裂泄漏"), by: staff)
            }
            if index == 11 { continue }  // published, not yet filed
            at(submitted)
            let filing = try await plans.submitFiling(plan.id, by: staff)
            if index == 10 { continue }  // waiting for the bureau
            at(submitted.adding(days: index == 3 ? 35 : 12))  // one answered after its 20 working days
            _ = try await plans.decideFiling(
                filing.id, record: index != 6, reason: index == 6 ? "预案未附风险评估和应急资源调查报告，请补充后重新提交" : nil, by: staff)
        }
    }
}
