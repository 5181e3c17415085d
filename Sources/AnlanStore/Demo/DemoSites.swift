import AnlanCore
import Foundation

/// The demo county's flood and forest-fire sites: small reservoirs, a dike section, 地质灾害隐患点 above villages, a 山洪
/// danger zone, forest areas and a bridge being built in a flood channel, each near its village with its three 责任人.
struct DemoSites {
    let store: Store

    func load() async throws {
        guard let user = try await store.accounts.find(username: "staff") else { return }
        let staff = Caller(user: user, ip: nil, requestID: "demo")
        let villages = try await store.divisions.boundaries(level: .village, by: staff).filter { $0.centroid != nil }
            .sorted { $0.code < $1.code }
        guard villages.count >= 12 else { return }
        let plan: [(SiteKind, String, String?, Int)] = [
            (.reservoir, "石门坞水库", "小(1)型", 1_850), (.reservoir, "上庄山塘", "小(2)型", 320), (.reservoir, "龙潭水库", "小(1)型", 2_400),
            (.riverSection, "西苕溪左岸堤防（青山段）", "4 级堤防", 5_200), (.geologicalHazard, "后山组滑坡隐患点", "中型·险情中等", 46),
            (.geologicalHazard, "溪口崩塌隐患点", "小型·险情小", 12), (.flashFloodVillage, "大坞山洪灾害危险区", "危险区", 180),
            (.forestArea, "天荒坪森林防火重点区域", "一级火险区", 90), (.forestArea, "九龙山林区", "二级火险区", 35),
            (.floodChannelWork, "梅溪大桥（在建）", "行洪通道内施工", 0),
        ]
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林")
        let given = Array("建国志强海峰红梅卫东立新永军玉兰")
        for (n, (kind, name, grade, people)) in plan.enumerated() {
            let village = villages[(n * 7 + 3) % villages.count]
            guard let centre = village.centroid else { continue }
            func person(_ k: Int) -> String {
                "\(surnames[(n * 3 + k * 5) % surnames.count])\(given[(n + k * 7) % given.count])\(given[(n * 2 + k) % given.count])"
            }
            let keepers = [
                SiteKeeper(role: .administrative, name: person(0), unit: "所在镇副镇长", phone: "1395720" + String(format: "%04d", 6100 + n)),
                SiteKeeper(
                    role: .technical, name: person(1), unit: kind == .forestArea ? "镇林业站站长" : "镇水利站技术员",
                    phone: "1385720" + String(format: "%04d", 6200 + n)),
                SiteKeeper(
                    role: .patrol, name: person(2), unit: "\(village.name)村监测员", phone: "1375720" + String(format: "%04d", 6300 + n)),
            ]
            _ = try await store.sites.create(
                SiteDraft(
                    kind: kind, name: name, divisionCode: village.code,
                    location: GeoPoint(
                        latitude: centre.latitude + Double(n % 3 - 1) * 0.004, longitude: centre.longitude + Double(n % 2) * 0.005),
                    grade: grade, threatenedPeople: people, description: kind == .reservoir ? "土石坝，汛限水位以下运行" : nil, keepers: keepers),
                by: staff)
        }
        try await checks(by: staff)
    }

    /// The bureau's own site checklists (its 检查要点, not a standard's text), and the year's checks: a 汛前检查 of two
    /// reservoirs (one problem rectified and re-checked, one still open past its deadline) and a 森林防火检查 that found
    /// nothing.
    func checks(by staff: Caller) async throws {
        let flood = try await store.catalogs.saveChecklist(
            Checklist(
                key: "flood-reservoir", version: 1, name: "水库（山塘）汛前检查要点", sectors: ["防汛"],
                items: [
                    ("R1", "溢洪道是否畅通、无阻水障碍"), ("R2", "大坝有无裂缝、渗漏、塌陷、滑坡"), ("R3", "放水设施启闭是否灵活"),
                    ("R4", "水位观测、雨量观测设施是否完好"), ("R5", "三个责任人是否落实并经培训"), ("R6", "防汛物资是否按定额储备"),
                ].map { ChecklistItem(code: $0.0, text: $0.1, basis: "本局汛前检查要点", isMajor: false) }), by: staff)
        let forest = try await store.catalogs.saveChecklist(
            Checklist(
                key: "forest-fire", version: 1, name: "森林防火检查要点", sectors: ["森林防火"],
                items: [
                    ("F1", "防火宣传牌、警示标志是否设置"), ("F2", "护林员是否在岗巡护"), ("F3", "扑火工具和物资是否到位"), ("F4", "野外用火是否经审批"),
                ].map { ChecklistItem(code: $0.0, text: $0.1, basis: "本局森林防火检查要点", isMajor: false) }), by: staff)
        let all = try await store.sites.all(.init(), by: staff)
        let today = Day(store.environment.now())
        let spring = Day(year: today.year, month: 4, day: 15) ?? today.adding(days: -200)
        let checkedOn = spring < today && spring >= today.adding(days: -360) ? spring : today.adding(days: -30)
        func answers(_ list: Checklist, failing: [String: (String, Int)]) -> [ChecklistAnswer] {
            list.items.map { item in
                guard let (note, days) = failing[item.code] else { return ChecklistAnswer(code: item.code, result: .pass) }
                return ChecklistAnswer(code: item.code, result: .fail, note: note, dueDate: checkedOn.adding(days: days).description)
            }
        }
        if let shimen = all.first(where: { $0.name == "石门坞水库" }) {
            let done = try await store.siteChecks.record(
                shimen.id,
                SiteCheckDraft(
                    kind: .floodSeason, checkedOn: checkedOn, inspectors: "县应急管理局 陈静、镇水利站技术员",
                    checklistKey: flood.key, answers: answers(flood, failing: ["R1": ("溢洪道内堆放竹木杂物", 10)]),
                    summary: "检查了大坝、溢洪道、放水设施和观测设施；溢洪道内堆放杂物，已责令限期清除。"), by: staff)
            for hazard in done.hazards where hazard.state.status == .ordered {
                _ = try await store.inspections.transition(
                    hazard.id,
                    try HazardMove(
                        event: .reinspect(passed: true, newDueDate: nil, reason: "巡查责任人电话报告已清除，现场复核"), note: "现场复核：溢洪道杂物已清除，过流通畅"),
                    by: staff)
            }
        }
        if let longtan = all.first(where: { $0.name == "龙潭水库" }) {
            _ = try await store.siteChecks.record(
                longtan.id,
                SiteCheckDraft(
                    kind: .floodSeason, checkedOn: checkedOn, inspectors: "县应急管理局 陈静、镇水利站技术员",
                    checklistKey: flood.key,
                    answers: answers(flood, failing: ["R4": ("雨量观测设施损坏未修复", 20), "R6": ("防汛物资（编织袋、块石）储备不足", 15)]),
                    findings: [
                        Finding(description: "坝顶防浪墙局部破损", location: "坝顶左段", isMajor: false, dueDate: checkedOn.adding(days: 30).description)
                    ],
                    summary: "检查了大坝、溢洪道、观测设施和防汛物资；雨量观测设施损坏、防汛物资不足、防浪墙局部破损，已责令限期整改。"), by: staff)
        }
        if let tianhuang = all.first(where: { $0.kind == .forestArea }) {
            _ = try await store.siteChecks.record(
                tianhuang.id,
                SiteCheckDraft(
                    kind: .forestFire, checkedOn: today.adding(days: -10), inspectors: "县应急管理局 陈静、镇林业站站长",
                    checklistKey: forest.key, answers: answers(forest, failing: [:]), summary: "检查了防火宣传、护林员巡护和扑火物资，未发现问题。"),
                by: staff)
        }
    }
}
