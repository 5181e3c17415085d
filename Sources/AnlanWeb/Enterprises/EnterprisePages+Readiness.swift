import AnlanCore
import AnlanStore
import Foundation

extension EnterprisePages {
    /// The enterprise's plans and drills on its file: each plan's version, review state and filing, the latest drills,
    /// and where it stands against the drill frequency rules. The counts link to their lists.
    func readinessCard(_ e: Enterprise, context: UserContext) async throws -> HTML {
        let caller = context.caller
        let today = Day(store.environment.now())
        let plans = try await store.emergencyPlans.list(.init(enterpriseID: e.id), page: try PageRequest(pageSize: 20), by: caller)
        let drills = try await store.emergencyPlans.drills(.init(enterpriseID: e.id), page: try PageRequest(pageSize: 5), by: caller)
        let filings = try await store.emergencyPlans.filings(.init(enterpriseID: e.id), page: try PageRequest(pageSize: 50), by: caller)
            .items
        let planRows: [HTML] = plans.items.map { p in
            let filing = filings.filter { $0.planID == p.id }.max { $0.submittedOn < $1.submittedOn }
            return """
                <tr><td data-label="预案"><a href="/plans/\(p.id.key)">\(p.title)</a></td><td data-label="版本">\(p.currentVersion.map { "第 \($0) 版" } ?? "未发布")</td>\
                <td data-label="评估">\(PlanViews.reviewBadge(p.reviewState(today: today, warningDays: PlanRules.defaultWarningDays)))</td>\
                <td data-label="备案">\(filing.map { $0.state.label + ($0.number.map { " " + $0 } ?? "") } ?? "未备案")</td></tr>
                """
        }
        let standings = try await store.emergencyPlans.drillStanding(of: e, by: caller)
        let standingRows: [HTML] = standings.map { s in
            """
            <tr><td data-label="要求">\(s.requirement.label)</td><td data-label="最近一次">\(s.last?.description ?? "从未演练")</td>\
            <td data-label="应于">\(s.due?.description ?? "—")</td>\
            <td data-label="状态">\(s.behind ? Components.badge("逾期", tone: .danger) : Components.badge("按期", tone: .success))</td></tr>
            """
        }
        let drillRows: [HTML] = drills.items.map { d in
            "<tr><td data-label=\"演练\"><a href=\"/plans/drills/\(d.id.key)\">\(d.title)</a></td><td data-label=\"日期\">\(d.on)</td><td data-label=\"预案部分\">\(d.planKind.label)</td></tr>"
        }
        return """
            <div class="card mb-3" id="readiness" data-testid="enterprise-readiness"><div class="card-header">应急预案与演练</div><div class="card-body">
              <p class="small mb-1"><a href="/plans?enterpriseId=\(e.id.key)">预案 \(plans.total) 份</a> · <a href="/plans/drills?enterpriseId=\(e.id.key)">演练 \(drills.total) 次</a></p>
              \(plans.items.isEmpty ? "<p class=\"text-muted small\">尚未登记应急预案。</p>" as HTML : Components.table(testID: "enterprise-plans", header: ["预案", "版本", "评估", "备案"], rows: planRows, cards: true))
              \(drills.items.isEmpty ? "<p class=\"text-muted small\">尚无演练记录。</p>" as HTML : Components.table(testID: "enterprise-drills", header: ["演练", "日期", "预案部分"], rows: drillRows, cards: true))
              <div class="small text-muted mt-2">演练频次（自最近一次演练起算，从未演练的列为逾期）</div>
              \(Components.table(testID: "enterprise-drill-standing", header: ["要求", "最近一次", "应于", "状态"], rows: standingRows, cards: true))
            </div></div>
            """
    }
}

extension EnterprisePages {
    /// The enterprise's 生产安全事故: how many, the latest five with their grade and casualties, linked to the ledger.
    func accidentsCard(_ e: Enterprise, context: UserContext) async throws -> HTML {
        let accidents = try await store.accidents.list(.init(enterpriseID: e.id), page: try PageRequest(pageSize: 5), by: context.caller)
        let rows: [HTML] = accidents.items.map { a in
            """
            <tr><td data-label="事故"><a href="/accidents/\(a.id.key)">\(a.number)</a> \(a.type.label)</td><td data-label="发生时间">\(Moment.minutes(a.occurredAt))</td>\
            <td data-label="伤亡">\(a.figures.summary)</td><td data-label="等级">\(AccidentViews.gradeBadge(a.grade)) \(a.state.label)</td></tr>
            """
        }
        return """
            <div class="card mb-3" data-testid="enterprise-accidents"><div class="card-header">生产安全事故 <a class="small" href="/accidents?enterpriseId=\(e.id.key)">共 \(accidents.total) 起</a></div><div class="card-body">
              \(rows.isEmpty ? "<p class=\"text-muted small mb-0\">无事故记录。</p>" as HTML : Components.table(testID: "enterprise-accident-list", header: ["事故", "发生时间", "伤亡", "等级"], rows: rows, cards: true))
            </div></div>
            """
    }
}
