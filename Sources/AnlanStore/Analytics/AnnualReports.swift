import AnlanCore
import Foundation

extension Store {
    /// The year's work in figures for the caller's jurisdiction: each section is read through the repository that
    /// serves its list or statistics page, with the same filter that page is opened with, so every figure equals the
    /// page it links to. A module the caller may not read is left out rather than refusing the whole report.
    public func annualReport(_ year: Int, by caller: Caller) async throws -> AnnualReport {
        try caller.require(.readBusinessData)
        // The bureau's report: an enterprise's officer reads its own file, not the county's figures.
        guard caller.role != .enterpriseOfficer else { throw AnlanError.forbidden }
        let today = Day(environment.now())
        guard let (from, to) = AnnualReport.period(of: year, today: today) else { throw Self.annualYearInvalid }
        var sections: [AnnualReport.Section] = []
        func readable(_ make: () async throws -> [AnnualReport.Section]) async throws {
            do { sections += try await make() } catch let error as AnlanError where error.kind == .forbidden {}
        }
        try await readable { [try await supervisionSection(from: from, to: to, by: caller)] }
        try await readable { [try await accidentSection(from: from, to: to, by: caller)] }
        try await readable { [try await disasterSection(year, by: caller)] }
        try await readable { [try await siteHazardSection(from: from, to: to, by: caller)] }
        try await readable { try await reliefSections(year, by: caller) }
        try await readable { [try await officerSection(by: caller)] }
        try await readable { [try await publicitySection(from: from, to: to, by: caller)] }
        try await readable { [try await drillSection(from: from, to: to, by: caller)] }
        return AnnualReport(year: year, from: from, to: to, sections: sections)
    }

    public static let annualYearInvalid = AnlanError.invalid("report.year_invalid", "年份须在 2000 年到今年之间。", field: "year")

    func supervisionSection(from: Day, to: Day, by caller: Caller) async throws -> AnnualReport.Section {
        let f = try await statistics.report(.init(from: from.description, to: to.description), by: caller).total
        return AnnualReport.Section(
            .supervision, title: "安全生产执法",
            figures: [
                .init("inspections", "检查", f.inspections, unit: "次"),
                .init("enterprisesInspected", "检查企业", f.enterprisesInspected, unit: "家"),
                .init("hazardsFound", "发现隐患", f.hazardsFound, unit: "项"),
                .init("majorHazardsFound", "其中重大隐患", f.majorHazardsFound, unit: "项"),
                .init("hazardsRectified", "整改隐患", f.hazardsRectified, unit: "项"),
                .init("documents", "执法文书", f.documents.values.reduce(0, +), unit: "份"),
                .init("cases", "立案查处", f.cases, unit: "件"),
                .init("fines", "罚款", Double(f.finesFen) / 100, unit: "元"),
            ])
    }

    func accidentSection(from: Day, to: Day, by caller: Caller) async throws -> AnnualReport.Section {
        let (rows, total) = try await accidents.statistics(.init(from: from, to: to), by: .grade, caller: caller)
        var figures: [AnnualReport.Figure] = [
            .init("accidents", "事故", total.accidents, unit: "起"),
            .init("deaths", "死亡", total.deaths, unit: "人"),
            .init("seriousInjuries", "重伤（含急性工业中毒）", total.seriousInjuries, unit: "人"),
            .init("missing", "失踪", total.missing, unit: "人"),
            .init("loss", "直接经济损失", total.lossWanYuan, unit: "万元"),
        ]
        for grade in AccidentGrade.allCases {
            figures.append(
                .init(
                    "grade.\(grade.rawValue)", "\(grade.label)事故", rows.first { $0.key == grade.rawValue }?.tally.accidents ?? 0, unit: "起")
            )
        }
        return AnnualReport.Section(.accidents, title: "生产安全事故", figures: figures)
    }

    func disasterSection(_ year: Int, by caller: Caller) async throws -> AnnualReport.Section {
        let result = try await disasters.year(year, by: caller)
        let t = result.total
        return AnnualReport.Section(
            .disasters, title: "自然灾害",
            figures: [.init("events", "灾害过程", result.rows.count, unit: "次")]
                + [DisasterIndicator.affected, .deaths, .missing, .relocated, .needAid, .collapsedRooms, .severeRooms, .cropAffected].map {
                    AnnualReport.Figure($0.rawValue, $0.shortLabel, t[$0], unit: $0.unit)
                } + [.init("loss", "直接经济损失", t.lossTotal, unit: "万元")])
    }

    /// Flood and forest-fire sites: the hazards their checks found in the period, the major ones, and those closed in it.
    func siteHazardSection(from: Day, to: Day, by caller: Caller) async throws -> AnnualReport.Section {
        let one = try PageRequest(pageSize: 1)
        let (f, t) = (from.description, to.description)
        let found = try await inspections.hazards(.init(onSites: true, foundFrom: f, foundTo: t), page: one, by: caller).total
        let major = try await inspections.hazards(.init(onSites: true, major: true, foundFrom: f, foundTo: t), page: one, by: caller).total
        let closed = try await inspections.hazards(.init(onSites: true, closedFrom: f, closedTo: t), page: one, by: caller).total
        return AnnualReport.Section(
            .siteHazards, title: "防汛和森林防火检查",
            figures: [
                .init("found", "检查发现隐患", found, unit: "项"), .init("major", "其中重大隐患", major, unit: "项"),
                .init("closed", "整改销号", closed, unit: "项"),
            ])
    }

    /// The 冬春救助 programmes the year touches: the season that ends in its spring and the one that begins in its winter.
    func reliefSections(_ year: Int, by caller: Caller) async throws -> [AnnualReport.Section] {
        let programs = try await Page.all { try await relief.programs(page: $0, by: caller) }
            .filter { $0.season.hasPrefix("\(year - 1)-") || $0.season.hasPrefix("\(year)-") }
            .sorted { $0.season < $1.season }
        var out: [AnnualReport.Section] = []
        for program in programs {
            let t = try await relief.totals(of: program.id, by: caller)
            let decided = (t.households[.decided] ?? 0) + (t.households[.paid] ?? 0)
            out.append(
                AnnualReport.Section(
                    .relief(program.id), title: "冬春救助（\(program.season)：\(program.name)）",
                    figures: [
                        .init("households", "申请户数", t.households.values.reduce(0, +), unit: "户"),
                        .init("decided", "批准救助", decided, unit: "户"),
                        .init("decidedYuan", "批准金额", t.decidedYuan, unit: "元"),
                        .init("paidHouseholds", "已发放", t.paidHouseholds, unit: "户"),
                        .init("paidPeople", "已发放人数", t.paidPeople, unit: "人"),
                        .init("paidYuan", "已发放金额", t.paidYuan, unit: "元"),
                    ]))
        }
        return out
    }

    func officerSection(by caller: Caller) async throws -> AnnualReport.Section {
        let coverage = try await infoOfficers.coverage(by: caller)
        let villages = coverage.divisions.filter { $0.code.level == .village }
        return AnnualReport.Section(
            .infoOfficers, title: "灾害信息员", note: "截至今日的名册",
            figures: [
                .init("villages", "村（社区）", villages.count, unit: "个"),
                .init("complete", "A、B 岗齐全", villages.filter(\.complete).count, unit: "个"),
                .init("uncovered", "无信息员", villages.filter { $0.a == nil && $0.b == nil }.count, unit: "个"),
                .init("lapsed", "培训过期", coverage.lapsed, unit: "人"),
            ])
    }

    func publicitySection(from: Day, to: Day, by caller: Caller) async throws -> AnnualReport.Section {
        let all = try await publicity.totals(.init(from: from, to: to), by: caller).all
        return AnnualReport.Section(
            .publicity, title: "宣传培训",
            figures: [
                .init("events", "活动", all.events, unit: "次"),
                .init("audience", "受众", all.audience, unit: "人次"),
                .init("leaflets", "发放资料", all.leaflets, unit: "份"),
                .init("boards", "展板", all.boards, unit: "块"),
                .init("banners", "条幅", all.banners, unit: "条"),
            ])
    }

    func drillSection(from: Day, to: Day, by caller: Caller) async throws -> AnnualReport.Section {
        let page = try await emergencyPlans.drills(.init(from: from, to: to), page: try PageRequest(page: 1, pageSize: 1), by: caller)
        return AnnualReport.Section(.drills, title: "应急演练", figures: [.init("drills", "演练", page.total, unit: "次")])
    }
}
