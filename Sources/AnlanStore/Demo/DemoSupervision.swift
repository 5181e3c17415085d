import AnlanCore
import Foundation
import Synchronization

/// Two years of supervision for the demo county, made through the same repositories as real work, on a
/// clock that walks forward through the two years: quarterly random draws, planned inspections of every
/// red and orange enterprise each year, complaints and two campaigns; hazards in every state (most closed
/// after re-inspection, some overdue, some awaiting re-inspection, some extended, major ones escalated);
/// the documents each step calls for; and cases with fines. Deterministic from the seed, apart from IDs.
struct DemoSupervision {
    let store: Store
    let seed: UInt64

    /// The demo's moving clock.
    final class Clock: Sendable {
        let time: Mutex<Date>
        init(_ date: Date) { time = Mutex(date) }
        func set(_ day: String, hour: Int) {
            let p = day.split(separator: "-").compactMap { Int($0) }
            if let date = Timestamp.shanghai.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: hour)) {
                time.withLock { $0 = date }
            }
        }
        func set(_ date: Date) { time.withLock { $0 = date } }
        var now: Date { time.withLock { $0 } }
    }

    /// Actions by day, run in date order; an action may schedule later ones.
    final class Timeline {
        var items: [(day: String, order: Int, action: () async throws -> Void)] = []
        var counter = 0
        func at(_ day: String, _ action: @escaping () async throws -> Void) {
            counter += 1
            items.append((day, counter, action))
        }
        func run(until today: String, clock: Clock) async throws {
            while !items.isEmpty {
                items.sort { ($0.day, $0.order) < ($1.day, $1.order) }
                let next = items.removeFirst()
                if next.day > today { continue }
                clock.set(next.day, hour: 10)
                try await next.action()
            }
        }
    }

    static let industryLists = [
        "冶金": "gm-metallurgy", "有色": "gm-nonferrous", "建材": "gm-building", "机械": "gm-machinery", "轻工": "gm-light", "纺织": "gm-textile",
        "烟草": "gm-tobacco",
    ]

    /// A 1×1 PNG: the demo's stand-in for a photo of the rectified site.
    static let rectifiedPhoto = Data(
        base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!

    static let findings: [(String, String, String)] = [
        ("安全出口被货物堵塞", "仓库", "《中华人民共和国消防法》第二十八条"), ("灭火器压力不足、未按期检验", "生产车间", "GB 50444"),
        ("配电箱未可靠接地，线路私拉乱接", "二号车间", "GB 50054"), ("员工三级安全教育记录不全", "安全管理台账", "《生产经营单位安全培训规定》第十三条"),
        ("叉车未按期检验", "装卸区", "《特种设备安全法》第四十条"), ("应急预案未按规定演练", "安全管理台账", "《生产安全事故应急条例》第八条"),
        ("机械设备传动部位防护罩缺失", "加工车间", "GB 23821"), ("危险化学品未按规定分区分类储存", "危化品仓库", "GB 15603"),
        ("作业人员未正确佩戴劳动防护用品", "生产车间", "《安全生产法》第四十五条"), ("隐患排查治理台账不完整", "安全管理台账", "《安全生产法》第四十一条"),
    ]

    func load() async throws {
        let realNow = store.environment.now()
        let today = Timestamp.day(realNow)
        guard let start = Timestamp.day(today, adding: -730) else { return }
        let clock = Clock(realNow)
        let past = store.on(clock)
        var random = SeededGenerator(seed: seed ^ 0x5EED_5EED)
        func caller(_ name: String) async throws -> Caller {
            guard let user = try await past.accounts.find(username: name) else {
                throw AnlanError.notFound("demo.user", "演示账户 \(name) 不存在。")
            }
            return Caller(user: user, ip: nil, requestID: "demo")
        }
        let inspectorNames = ["inspector", "inspector2", "inspector3", "inspector4"]
        var inspectors: [String: Caller] = [:]
        for name in inspectorNames { inspectors[name] = try await caller(name) }
        let leader = try await caller("leader")
        let staff = try await caller("staff")
        let calendar = try await past.catalogs.calendar()
        var settings = try await past.catalogs.enforcementSettings()
        settings.paymentAccount = "示例县财政局非税收入汇缴结算户（开户行：示例县农村商业银行营业部，账号 6200 0000 0000 0001，演示数据）"
        try await past.catalogs.setEnforcementSettings(settings, by: staff)

        let enterprises = try await past.enterprises.all(.init(operatingStatus: .operating), by: staff)
        let key = enterprises.filter { $0.riskLevel == .major || $0.riskLevel == .high }
        let timeline = Timeline()
        // Hazards left open in the demo are those of the last months; older ones were all seen through.
        let recent = Timestamp.day(today, adding: -150) ?? today
        func workingDay(near day: String) -> String {
            var d = day
            for _ in 0..<10 where !calendar.isWorkingDay(d) { d = Timestamp.day(d, adding: 1) ?? d }
            return d
        }
        func pick<T>(_ list: [T]) -> T { list[random.int(in: 0...(list.count - 1))] }

        // The annual plans of last year and this year, as drawn up in each January.
        for year in [Int(start.prefix(4))! + 1, Int(today.prefix(4))!] where year <= Int(today.prefix(4))! {
            clock.set("\(year)-01-05", hour: 9)
            _ = try await past.plans.generate(
                InspectionPlanParameters(year: year, inspectors: inspectorNames.count, otherEnforcementDays: 120, nonEnforcementDays: 80),
                by: staff)
        }

        // Campaigns.
        let campaignSpecs = [
            ("有限空间作业安全专项整治", ["机械", "轻工", "纺织"], -600, -420), ("城镇燃气安全专项整治", ["危险化学品", "人员密集场所"], -240, -30),
        ]
        var campaigns: [(CampaignRepository.Campaign, [String])] = []
        for (name, sectors, from, to) in campaignSpecs {
            guard let starts = Timestamp.day(today, adding: from), let ends = Timestamp.day(today, adding: to) else { continue }
            clock.set(starts, hour: 9)
            let c = try await past.campaigns.create(
                .init(
                    id: past.environment.newID(), name: name, sectors: sectors, startsOn: starts, endsOn: ends,
                    problems: "1. 有限空间底数不清，未建立台账\n2. 作业审批流于形式\n3. 监护人员不在岗",
                    measures: "1. 建立有限空间管理台账并每季度更新\n2. 推行作业审批电子化\n3. 纳入年度执法计划重点检查"), by: staff)
            campaigns.append((c, sectors))
        }

        // An inspection on a day, with its documents and the later life of its hazards.
        func inspect(
            _ e: Enterprise, on day: String, source: InspectionSource, drawID: UUID? = nil, campaignID: UUID? = nil, team: [String]? = nil
        ) {
            timeline.at(day) {
                var team = team ?? []
                while team.count < 2 {
                    let name = inspectorNames[random.int(in: 0...3)]
                    if !team.contains(name) { team.append(name) }
                }
                let inspector = inspectors[team[0]]!
                let chemical = e.profile.sectors.contains("危险化学品")
                // The list of the enterprise's own criteria: 化工, 烟花爆竹, its 工贸 industry (令第10号 第四条–第十条) half the time,
                // otherwise one of the general 工贸 lists.
                let industry = e.profile.sectors.compactMap { Self.industryLists[$0] }.first
                let general = pick(["gm-confined", "gm-dust", "gm-management"])
                let listKey =
                    chemical
                    ? "chem-major"
                    : e.profile.sectors.contains("烟花爆竹") ? "fw-major" : industry.map { random.unit() < 0.5 ? $0 : general } ?? general
                let list = try await past.catalogs.checklist(key: listKey)
                let answers = list.items.map {
                    ChecklistAnswer(code: $0.code, result: random.unit() < 0.03 ? .fail : (random.unit() < 0.2 ? .notApplicable : .pass))
                }
                var found: [Finding] = []
                for _ in 0..<random.int(in: 0...2) {
                    let f = pick(Self.findings)
                    found.append(
                        Finding(
                            description: f.0, location: f.1, basis: f.2, isMajor: false,
                            dueDate: Timestamp.day(day, adding: random.int(in: 10...30))))
                }
                let draft = InspectionDraft(
                    id: past.environment.newID(), enterpriseID: e.id, source: source, drawID: drawID, campaignID: campaignID,
                    inspectedOn: day,
                    inspectors: team, checklistKey: listKey, answers: answers, findings: found,
                    summary: "对\(e.profile.name)开展\(UIName.source(source))检查。")
                // A random draw (its order follows the enterprises' random IDs) can fall on a day the enterprise was already
                // inspected; as at a bureau, the second visit that day is not made.
                let result: (inspection: Inspection, hazards: [Hazard], replayed: Bool)
                do { result = try await past.inspections.submit(draft, by: inspector) } catch let error as AnlanError
                    where error.code == "inspection.same_day"
                {
                    return
                }
                let id = result.inspection.id
                _ = try await past.documents.issue(.inspectionRecord, inspection: id, by: inspector)
                var hazards = result.hazards
                for (index, h) in hazards.enumerated() where h.state.status == .found {
                    hazards[index] = try await past.inspections.transition(
                        h.id, .order(dueDate: Day(day)!.adding(days: 15)), note: "现场责令限期整改", by: inspector)
                }
                if !hazards.isEmpty { _ = try await past.documents.issue(.rectificationOrder, inspection: id, by: inspector) }
                // On-site measures: a major hazard that cannot be made safe at once stops production there; at a fireworks
                // shop, goods stored beyond the licence are seized.
                if hazards.contains(where: \.state.isMajor) && random.unit() < 0.3 {
                    _ = try await past.documents.issue(
                        .onSiteMeasures, inspection: id, measures: "涉及重大事故隐患的生产区域暂时停产，隐患排除并经审查同意后方可恢复",
                        onSiteMeasures: [.evacuate, .suspend], by: inspector)
                }
                if e.profile.sectors.contains("烟花爆竹") && random.unit() < 0.5 {
                    _ = try await past.documents.issue(
                        .onSiteMeasures, inspection: id, measures: "超许可范围储存的烟花爆竹予以扣押，存放于县应急管理局指定仓库", onSiteMeasures: [.seize],
                        seizedItems: [
                            SeizedItem(name: "礼花弹", specification: "5号", quantity: Double(random.int(in: 5...40)), unit: "箱"),
                            SeizedItem(name: "组合烟花", specification: "100发", quantity: Double(random.int(in: 10...80)), unit: "箱"),
                        ], by: inspector)
                }
                for h in hazards { schedule(h, inspector: inspector, inspectionID: id) }
                if hazards.contains(where: \.state.isMajor) && random.unit() < 0.5 {
                    try await openCase(e, inspectionID: id, day: day, inspector: inspector, team: team)
                }
            }
        }

        /// Most enterprises in a county hand in paper: an inspector records the rectification on the enterprise's behalf,
        /// with the photo of the rectified site attached first (evidence is required).
        func submit(_ h: Hazard, note: String, by inspector: Caller) async throws {
            _ = try await past.records.attach(
                Self.rectifiedPhoto, fileName: "整改后现场照片.png", to: h.enterpriseID!, ownerType: "hazard", ownerID: h.id.key, by: inspector)
            _ = try await past.inspections.transition(h.id, .submitRectification(onBehalf: true), note: note, by: inspector)
        }

        /// A passed re-inspection; a 挂牌督办 hazard then waits for its leader's sign-off, given 2–12 days later
        /// (unless that day is still to come: the leader's queue on /my-work).
        func passed(_ h: Hazard, note: String, by inspector: Caller) async throws {
            let after = try await past.inspections.transition(
                h.id, .reinspect(passed: true, newDueDate: nil, reason: nil), note: note, by: inspector)
            let day = Timestamp.day(past.environment.now())
            // Lately passed ones are still on the leader's desk.
            let waiting = day >= (Timestamp.day(today, adding: -60) ?? today)
            if after.state.status == .awaitingSignOff, !waiting, let signOffDay = Timestamp.day(day, adding: random.int(in: 2...12)) {
                timeline.at(signOffDay) {
                    _ = try await past.inspections.transition(h.id, .signOff(approved: true, newDueDate: nil), note: "同意销号", by: leader)
                }
            }
        }

        func schedule(_ h: Hazard, inspector: Caller, inspectionID: UUID) {
            guard let dueDay = h.state.dueDate else { return }
            let due = dueDay.description
            if h.state.isMajor && random.unit() < 0.6 {
                timeline.at(h.foundOn.adding(days: 1).description) {
                    _ = try await past.inspections.transition(h.id, .escalate(leader: "leader"), note: "重大事故隐患挂牌督办", by: leader)
                }
            }
            let roll = random.unit()
            let submitDay = Timestamp.day(due, adding: -random.int(in: 1...5))!
            let checkDay = Timestamp.day(due, adding: random.int(in: 1...3))!
            if roll < 0.06 && due >= recent { return }  // left ordered: overdue once the deadline passes
            if roll < 0.12 && due >= recent {
                timeline.at(submitDay) {
                    try await submit(h, note: "已完成整改，申请复查", by: inspector)
                }
                return  // awaiting re-inspection: only lately, as an inspector re-inspects within days
            }
            // Asked inside the default window (the last ten days before the deadline).
            if roll < 0.18, let asked = Timestamp.day(due, adding: -6), asked > h.foundOn.description,
                let newDue = Timestamp.day(due, adding: 20),
                let newDueDay = Day(newDue)
            {
                timeline.at(asked) {
                    _ = try await past.inspections.transition(
                        h.id, .requestExtension(to: newDueDay, reason: .construction), note: "设备采购周期长，申请延期", by: inspector)
                    _ = try await past.inspections.transition(h.id, .decideExtension(granted: true), note: "同意延期", by: inspector)
                }
                if random.unit() < 0.5 { return }
                timeline.at(Timestamp.day(newDue, adding: -2)!) {
                    try await submit(h, note: "已完成整改", by: inspector)
                    try await passed(h, note: "复查合格", by: inspector)
                }
                return
            }
            if roll < 0.25 {
                timeline.at(submitDay) { try await submit(h, note: "已整改", by: inspector) }
                timeline.at(checkDay) {
                    _ = try await past.inspections.transition(
                        h.id, .reinspect(passed: false, newDueDate: Day(checkDay)!.adding(days: 10), reason: nil), note: "整改不到位",
                        by: inspector)
                    _ = try await past.documents.issue(.reinspectionOpinion, inspection: inspectionID, by: inspector)
                }
                timeline.at(Timestamp.day(checkDay, adding: 9)!) {
                    try await submit(h, note: "已再次整改", by: inspector)
                    try await passed(h, note: "复查合格", by: inspector)
                }
                return
            }
            timeline.at(submitDay) {
                try await submit(h, note: "已完成整改，附整改前后照片", by: inspector)
            }
            timeline.at(checkDay) {
                try await passed(h, note: "现场复查，整改措施已落实", by: inspector)
                if random.unit() < 0.5 { _ = try await past.documents.issue(.reinspectionOpinion, inspection: inspectionID, by: inspector) }
            }
        }

        /// A case in the legal order with a bureau's gaps between steps: inquiry, approval, notice, the statement period or
        /// a hearing, collective discussion where required, decision, service, payment (late ones after a 催告书, with the
        /// 加处罚款), closing. Each later step is scheduled from the one before, so the gaps follow the working calendar.
        /// `team`: the two (or more) inspectors of the inspection, who also take the 询问笔录.
        func openCase(_ e: Enterprise, inspectionID: UUID, day: String, inspector: Caller, team: [String]) async throws {
            let c = try await past.documents.openCase(
                enterpriseID: e.id, inspectionID: inspectionID, title: "\(e.profile.name)存在重大事故隐患案",
                violation: "存在重大事故隐患，未采取措施消除（见现场检查记录）。", by: inspector)
            let documents = past.documents
            func step(_ step: CaseStep, _ input: CaseStepInput = CaseStepInput()) async throws {
                _ = try await documents.record(step, input, case: c.id, by: inspector)
            }
            func later(_ days: Int, _ action: @escaping () async throws -> Void) {
                timeline.at(workingDay(near: Timestamp.day(Timestamp.day(past.environment.now()), adding: days)!), action)
            }
            let representative = e.profile.legalRepresentative ?? e.profile.principal ?? "企业负责人"
            let fine = random.int(in: 1...5) * 1_000_000
            let suspend = random.unit() < 0.2
            let hearing = random.unit() < 0.3
            let statement = random.unit() < 0.3
            let late = random.unit() < 0.25
            timeline.at(Timestamp.day(day, adding: 3)!) {
                _ = try await documents.issue(
                    .inquiryNotice, case: c.id,
                    inquiry: InquiryRequest(
                        at: Timestamp.day(day, adding: 7)! + "T09:30", place: "县应急管理局执法大队询问室",
                        materials: "营业执照副本、法定代表人身份证明或授权委托书、隐患整改有关资料"), by: inspector)
            }
            timeline.at(Timestamp.day(day, adding: 7)!) {
                try await step(
                    .investigation,
                    CaseStepInput(
                        text: "问：你单位是否知道现场检查发现的重大事故隐患？\n答：知道，已安排整改，但尚未完成。\n问：隐患存在多长时间？\n答：大约两个月。", person: representative,
                        method: "inquiry", place: "县应急管理局执法大队询问室", officers: team))
                later(5) {
                    try await step(
                        .proposal,
                        CaseStepInput(
                            text: "违法事实清楚，证据确凿，建议给予行政处罚。", fineFen: fine,
                            suspensionUntil: suspend ? Timestamp.day(Timestamp.day(past.environment.now()), adding: 60) : nil,
                            provisions: "《中华人民共和国安全生产法》第四十一条第二款", penaltyBasis: "《中华人民共和国安全生产法》第一百零二条"))
                    later(2) {
                        try await step(.notice, CaseStepInput(person: representative, method: "直接送达"))
                        let p = try await documents.procedure(of: try await documents.case(c.id, by: inspector), by: inspector)
                        let ends = p.noticePeriodEnds!
                        if hearing && p.hearingEligible {
                            later(2) {
                                try await step(.hearingRequest)
                                let told = Timestamp.day(past.environment.now())
                                let at = Day(told)!.adding(workingDays: 8, on: calendar).description
                                later(1) {
                                    try await step(
                                        .hearingNotice,
                                        CaseStepInput(
                                            person: "刘洋（法制审核员）", at: at + "T09:00", place: "县应急管理局三楼听证室", servedTo: representative))
                                    timeline.at(at) {
                                        try await step(
                                            .hearingRecord,
                                            CaseStepInput(text: "案件调查人员陈述违法事实、证据和拟处罚意见；当事人对违法事实无异议，请求从轻处罚，称隐患已于检查后整改完毕。"))
                                        later(2) {
                                            try await step(.hearingReport, CaseStepInput(text: "当事人对违法事实无异议。经听证，建议维持拟处罚意见。"))
                                            decide(after: 3, discuss: true)
                                        }
                                    }
                                }
                            }
                        } else {
                            if statement {
                                later(2) {
                                    try await step(
                                        .statement,
                                        CaseStepInput(
                                            text: "隐患系设备老化所致，已于检查后立即整改，请求减轻处罚。", answer: "整改不影响违法事实的认定，且不属于法定从轻、减轻情形，不予采纳。", adopted: false)
                                    )
                                }
                            }
                            decide(
                                after: Day(ends)!.ordinal - Day(Timestamp.day(past.environment.now()))!.ordinal + 1,
                                discuss: p.discussionRequired)
                        }
                    }
                }
            }
            /// 结案 once paid and, where production was suspended, once the suspension has run out.
            func close() async throws {
                let p = try await documents.procedure(of: try await documents.case(c.id, by: inspector), by: inspector)
                let today = Timestamp.day(past.environment.now())
                if let until = p.decision?.suspensionUntil, today <= until {
                    timeline.at(Timestamp.day(until, adding: 3)!) { try await close() }
                    return
                }
                try await step(.closing)
            }
            func decide(after days: Int, discuss: Bool) {
                later(days) {
                    if discuss {
                        // 行政处罚法 Art. 58: the legal reviewer's opinion comes before the leaders' discussion.
                        try await step(
                            .legalReview,
                            CaseStepInput(
                                text: "执法主体适格，事实清楚，证据确凿，程序合法，适用依据正确，裁量适当，同意拟处罚意见。", person: "孙丽（法制审核员，法律职业资格证书 A20193301）",
                                adopted: true))
                        try await step(
                            .discussion,
                            CaseStepInput(text: "讨论了违法事实、证据、处罚依据和当事人的陈述申辩意见。", answer: "同意按拟处罚意见作出行政处罚决定。", person: "李明（局长）、局领导班子成员、法制审核员"))
                    }
                    later(discuss ? 1 : 0) {
                        try await step(.decision)
                        later(1) {
                            try await step(.service, CaseStepInput(person: representative, method: "直接送达"))
                            let served = Timestamp.day(past.environment.now())
                            let due = Timestamp.day(served, adding: 15)!
                            if late {
                                timeline.at(Timestamp.day(due, adding: 5)!) {
                                    try await step(.reminder, CaseStepInput(servedTo: representative))
                                    let payday = Timestamp.day(due, adding: 8)!
                                    timeline.at(payday) {
                                        let p = try await documents.procedure(
                                            of: try await documents.case(c.id, by: inspector), by: inspector)
                                        try await step(
                                            .payment, CaseStepInput(principalFen: fine, surchargeFen: p.surchargeAccrued(through: payday)))
                                        later(2) { try await close() }
                                    }
                                }
                            } else {
                                timeline.at(Timestamp.day(served, adding: 10)!) {
                                    try await step(.payment, CaseStepInput(principalFen: fine))
                                    later(2) { try await close() }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Planned inspections: every red and orange enterprise once in each of the two years.
        for year in 0..<2 {
            for e in key {
                guard let day = Timestamp.day(start, adding: year * 365 + random.int(in: 5...350)) else { continue }
                inspect(e, on: workingDay(near: day), source: .plan)
            }
        }
        // Quarterly random draws among the others; each drawn enterprise is inspected by its two drawn inspectors.
        for quarter in 0..<8 {
            guard let day = Timestamp.day(start, adding: quarter * 91 + 10) else { continue }
            let drawDay = workingDay(near: day)
            // Titled by the calendar quarter of the day it is drawn (the demo's two years do not start in January).
            timeline.at(drawDay) {
                let draw = try await past.draws.draw(
                    title: "\(drawDay.prefix(4))年第\(((Int(drawDay.dropFirst(5).prefix(2)) ?? 1) - 1) / 3 + 1)季度“双随机”抽查",
                    pool: .init(excludeKeyEnterprises: true), count: 10,
                    ratio: nil,
                    weighted: true, seed: seed &+ UInt64(quarter), by: inspectors["inspector"]!)
                _ = try await past.draws.publish(draw.id, by: inspectors["inspector"]!)
                for (index, a) in draw.result.enumerated() {
                    guard let e = enterprises.first(where: { $0.id.key == a.enterpriseID }) else { continue }
                    inspect(
                        e, on: workingDay(near: Timestamp.day(drawDay, adding: 3 + index * 2)!), source: .draw, drawID: draw.id,
                        team: a.inspectors)
                }
            }
        }
        // Complaints, two a month.
        for month in 0..<24 {
            for _ in 0..<2 {
                guard let day = Timestamp.day(start, adding: month * 30 + random.int(in: 0...28)) else { continue }
                inspect(pick(enterprises), on: workingDay(near: day), source: .complaint)
            }
        }
        // Campaign inspections in the campaigns' sectors.
        for (campaign, sectors) in campaigns {
            let pool = enterprises.filter { !Set($0.profile.sectors).isDisjoint(with: sectors) }
            guard !pool.isEmpty else { continue }
            for index in 0..<12 {
                guard let day = Timestamp.day(campaign.startsOn, adding: index * 14) else { continue }
                inspect(pick(pool), on: workingDay(near: day), source: .campaign, campaignID: campaign.id)
            }
        }
        // The demo enterprise officer's own firm was inspected lately and has two hazards under a rectification order,
        // so that account has something to fix (issue 11). No random draws here: the rest of the demo stays as it was.
        if let officerFirm = try await past.accounts.find(username: "enterprise")?.enterpriseID,
            let day = Timestamp.day(today, adding: -12).map(workingDay(near:)), day < today
        {
            timeline.at(day) {
                let e = try await past.enterprises.get(officerFirm, by: staff)
                let findings = [Self.findings[0], Self.findings[2]].enumerated().map { index, f in
                    Finding(
                        description: f.0, location: f.1, basis: f.2, isMajor: false, dueDate: Timestamp.day(day, adding: 25 + index * 10))
                }
                let draft = InspectionDraft(
                    id: past.environment.newID(), enterpriseID: e.id, source: .complaint, inspectedOn: day,
                    inspectors: ["inspector", "inspector3"],
                    checklistKey: "gm-management",
                    answers: try await past.catalogs.checklist(key: "gm-management").items.map {
                        ChecklistAnswer(code: $0.code, result: .pass)
                    },
                    findings: findings, summary: "根据群众举报，对\(e.profile.name)开展检查，发现安全出口堵塞和配电箱接地问题。")
                let inspector = inspectors["inspector"]!
                let result = try await past.inspections.submit(draft, confirmingSameDay: true, by: inspector)
                _ = try await past.documents.issue(.inspectionRecord, inspection: result.inspection.id, by: inspector)
                for h in result.hazards where h.state.status == .found {
                    let due = h.state.dueDate ?? Day(day)!.adding(days: 30)
                    _ = try await past.inspections.transition(h.id, .order(dueDate: due), note: "现场责令限期整改", by: inspector)
                }
                _ = try await past.documents.issue(.rectificationOrder, inspection: result.inspection.id, by: inspector)
            }
        }
        try await timeline.run(until: today, clock: clock)
    }
}

/// Source names for the demo's summaries (the web layer has its own strings table).
enum UIName {
    static func source(_ s: InspectionSource) -> String {
        switch s {
        case .plan: "计划"
        case .draw: "“双随机”抽查"
        case .complaint: "投诉举报核查"
        case .campaign: "专项整治"
        case .adHoc: "日常"
        }
    }
}

extension Store {
    /// The same store on the demo's moving clock: what it writes is dated as if done on the clock's day.
    func on(_ clock: DemoSupervision.Clock) -> Store {
        Store(
            database: database, environment: Environment(now: { clock.now }, newID: environment.newID), hasher: hasher, files: files)
    }
}
