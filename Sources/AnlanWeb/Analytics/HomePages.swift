import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The jurisdiction's home page, the division map, and the areas not built yet.
struct HomePages {
    let store: Store
    let settings: WebSettings

    func register(_ router: PageRoutes) {
        router.get("/home", .authenticated) { _, context in
            let user = context.user
            if user.role.isAdministrator { return Response.redirect(to: SessionPages.landing(for: user.role), type: .found) }
            let root = try await store.divisions.get(user.divisionCode, by: context.caller)
            let counts = try await store.divisions.countsByLevel(by: context.caller)
            let children = try await store.divisions.list(
                .init(parent: root.code), page: try PageRequest(pageSize: 200), by: context.caller)
            let rows: [HTML] = children.items.map { child in
                """
                <tr><td data-label="\(UIText.divisionName)">\(child.name)</td><td data-label="\(UIText.divisionCode)"><code>\(child.code.rawValue)</code></td><td data-label="\(UIText.divisionLevel)">\(UIText.levelName(child.level))</td></tr>
                """
            }
            let overdue = try await overdueCard(context: context)
            let reviews = try await planReviewCard(context: context)
            // An enterprise's officer starts from its own file: which enterprise, what is open, where to act.
            var own: HTML = .empty
            if user.role == .enterpriseOfficer {
                if let id = user.enterpriseID, let enterprise = try? await store.enterprises.get(id, by: context.caller) {
                    let open = try await store.inspections.hazards(
                        .init(open: true), page: try PageRequest(pageSize: 1), by: context.caller
                    ).total
                    // Its own drills against the frequency rules, kept on its file.
                    let behind = try await store.emergencyPlans.drillStanding(of: enterprise, by: context.caller).filter(\.behind).count
                    own = """
                        <div class="card mb-3" data-testid="own-enterprise"><div class="card-body">
                          <h1 class="h4 mb-1"><a href="/enterprises/\(id.key)">\(enterprise.profile.name)</a></h1>
                          <div class="text-muted small mb-2">\(enterprise.profile.creditCode ?? "")　\(enterprise.profile.address ?? "")</div>
                          <a class="btn btn-sm btn-primary me-2" href="/my-work">\(UIText.myWork)：待整改隐患 \(open) 项</a>
                          <a class="btn btn-sm \(behind > 0 ? "btn-outline-danger" : "btn-outline-success") me-2" href="/enterprises/\(id.key)#readiness" data-testid="own-drills">演练频次：\(behind > 0 ? "逾期 \(behind) 项" : "按期")</a>
                          <a class="btn btn-sm btn-outline-secondary me-2" href="/enterprises/\(id.key)">本企业档案</a>
                          <a class="btn btn-sm btn-outline-secondary" href="/documents?enterpriseId=\(id.key)">执法文书</a>
                        </div></div>
                        """
                } else {
                    own = Layout.alert("本账户尚未关联企业，请联系县应急管理局系统管理员关联。", kind: "warning")
                }
            }
            // A village's (or an enterprise's) account has no divisions below it: no empty table of them.
            let divisionsBelow: HTML =
                children.items.isEmpty
                ? .empty
                : """
                <div class="row g-3 mb-3">
                  <div class="col-sm-4 col-lg-3"><div class="card"><div class="card-body"><div class="text-muted small">\(UIText.townships)</div><div class="stat" data-testid="township-count">\(counts[.township] ?? 0)</div></div></div></div>
                  <div class="col-sm-4 col-lg-3"><div class="card"><div class="card-body"><div class="text-muted small">\(UIText.villages)</div><div class="stat" data-testid="village-count">\(counts[.village] ?? 0)</div></div></div></div>
                </div>
                <div class="card"><div class="card-header">\(UIText.childDivisions)</div>
                  <div class="table-responsive"><table class="table table-sm table-striped mb-0 table-cards" data-testid="child-divisions">
                    <thead><tr><th>\(UIText.divisionName)</th><th>\(UIText.divisionCode)</th><th>\(UIText.divisionLevel)</th></tr></thead>
                    <tbody>\(rows)</tbody>
                  </table></div>
                </div>
                """
            let body: HTML = """
                \(own)
                \(overdue)
                \(reviews)
                <div class="d-flex align-items-baseline gap-3 mb-3 flex-wrap">
                  <h1 class="h3 mb-0" data-testid="jurisdiction-name">\(root.name)</h1>
                  <span class="text-muted">\(UIText.jurisdiction) · \(UIText.levelName(root.level)) · <code>\(root.code.rawValue)</code></span>
                  \(user.role.can(.readBusinessData) ? HTML("<a class=\"ms-auto btn btn-outline-primary btn-sm\" href=\"/map\" data-testid=\"open-map\">\(UIText.viewOnMap)</a>") : .empty)
                  \(user.role.can(.readBusinessData) && user.role != .enterpriseOfficer ? HTML("<a class=\"btn btn-outline-primary btn-sm\" href=\"/reports/annual\" data-testid=\"open-annual\">年度工作数据</a>") : .empty)
                </div>
                \(divisionsBelow)
                """
            return Layout.page(title: root.name, context: context, active: "/home", body: body).response()
        }

        router.get("/map", .permission(.readBusinessData)) { _, context in
            let user = context.user
            let root = try await store.divisions.get(user.divisionCode, by: context.caller)
            // Who sets the base map is the system's business: the notice is for the bureau, not for an enterprise.
            let notice: HTML =
                settings.tileURL == nil && context.caller.role != .enterpriseOfficer
                ? Layout.alert(UIText.noTilesNotice, kind: "secondary") : .empty
            let body: HTML = """
                <h1 class="h4">\(root.name) · \(UIText.map)</h1>
                \(notice)
                <div id="map" data-testid="map" data-tile-url="\(settings.tileURL ?? "")" data-tile-attribution="\(settings.tileAttribution ?? "")"
                     data-township-label="\(UIText.mapTownshipLayer)" data-village-label="\(UIText.mapVillageLayer)"></div>
                """
            return Layout.page(
                title: UIText.map, context: context, active: "/map", body: body,
                head: "<link rel=\"stylesheet\" href=\"/static/vendor/leaflet/leaflet.css\">",
                scripts: "<script src=\"/static/vendor/leaflet/leaflet.min.js\"></script><script src=\"/static/js/map.js\"></script>"
            ).response()
        }

        router.get("/map/boundaries.geojson", .permission(.readBusinessData)) { request, context in
            let query = try Query(request)
            let level = try query.enum("level", DivisionLevel.self, label: "区划级别") ?? .township
            let divisions = try await store.divisions.boundaries(level: level, by: context.caller)
            let features: [JSONValue] = divisions.compactMap { division in
                guard let geometry = division.boundaryGeoJSON.flatMap(JSONValue.parse) else { return nil }
                return [
                    "type": "Feature", "geometry": geometry,
                    "properties": [
                        "code": .string(division.code.rawValue), "name": .string(division.name), "level": .string(division.level.rawValue),
                    ],
                ]
            }
            return try JSONResponse.featureCollection(features)
        }

        router.get("/administration", .authenticated) { _, context in
            let user = context.user
            if user.role.isAdministrator { return Response.redirect(to: SessionPages.landing(for: user.role), type: .found) }
            let body: HTML = """
                <h1 class="h4">\(UIText.administration)</h1>
                <p>\(UIText.adminOnlyNote)</p>
                <a class="btn btn-outline-primary" href="/account/password">\(UIText.changePassword)</a>
                """
            return Layout.page(title: UIText.administration, context: context, active: "/administration", body: body).response()
        }
    }

    /// The plans whose evaluation is overdue or falls due within the warning days (an enterprise officer's own), so the
    /// reminder reaches their keepers before the date; each count links to the plan list it counts.
    func planReviewCard(context: UserContext) async throws -> HTML {
        guard context.caller.role?.can(.readBusinessData) == true else { return .empty }
        var sections: [HTML] = []
        for (state, label, tone) in [
            (PlanReviewState.overdue, "逾期未评估", "danger"), (.dueSoon, "\(PlanRules.defaultWarningDays) 日内到期评估", "warning"),
        ] {
            let page = try await store.emergencyPlans.list(.init(review: state), page: try PageRequest(pageSize: 5), by: context.caller)
            guard page.total > 0 else { continue }
            let items: [HTML] = page.items.map {
                "<li><a href=\"/plans/\($0.id.key)\">\($0.title)</a> <span class=\"text-muted small\">应于 \($0.nextEvaluationDue?.description ?? "—") 前评估</span></li>"
            }
            sections.append(
                """
                <div class="col-md-6"><div class="small"><span class="badge bg-\(tone)\(tone == "warning" ? " text-dark" : "")">\(label)</span> \
                <a href="/plans?review=\(state.rawValue)" data-testid="review-\(state.rawValue)">\(page.total) 份</a></div>\
                <ul class="small mb-0">\(items)</ul></div>
                """)
        }
        guard !sections.isEmpty else { return .empty }
        return """
            <div class="card border-info mb-3" data-testid="plan-reviews"><div class="card-header bg-info-subtle"><strong>应急预案评估提醒</strong>\
            <span class="small text-muted ms-2">按各预案的评估周期（默认 \(PlanRules.defaultEvaluationYears) 年）自发布或上次评估起算，到期前 \(PlanRules.defaultWarningDays) 日起提醒</span></div>\
            <div class="card-body"><div class="row g-3">\(sections)</div></div></div>
            """
    }

    /// Overdue hazards first thing in the morning: the oldest deadlines, and who, where and which sector they sit with.
    func overdueCard(context: UserContext) async throws -> HTML {
        let caller = context.caller
        guard caller.role?.can(.readBusinessData) == true else { return .empty }
        let pages = SupervisionPages(store: store)
        let overdue = try await store.inspections.hazards(.init(overdue: true), page: try PageRequest(pageSize: 10), by: caller)
        if caller.role == .enterpriseOfficer {
            // The enterprise's own orders: what to fix, by when, and where to report it.
            let open = try await store.inspections.hazards(.init(open: true), page: try PageRequest(pageSize: 50), by: caller)
            guard open.total > 0 else { return .empty }
            return """
                <div class="card border-warning mb-3" data-testid="own-hazards"><div class="card-header bg-warning-subtle"><strong>\(UIText.ownOpenHazards)：\(open.total)</strong></div>
                  <table class="table table-sm mb-0 table-cards">\(SupervisionPages.hazardHeader)<tbody>\(try await pages.hazardRows(open.items))</tbody></table></div>
                """
        }
        guard overdue.total > 0 else { return .empty }
        let names = try await store.divisions.nameMap(within: caller.jurisdiction)
        let byOwner = try await store.inspections.overdueCounts(by: "owner", caller: caller)
        let people = try await store.accounts.displayNames(of: byOwner.map(\.key))
        let byTownship = try await store.inspections.overdueCounts(by: "division_code", divisionLength: 9, caller: caller)
        let bySector = try await store.inspections.overdueCounts(by: "sector", caller: caller)
        func list(_ title: String, _ id: String, _ rows: [(key: String, count: Int)], label: (String) -> String, link: (String) -> String)
            -> HTML
        {
            let items: [HTML] = rows.prefix(8).map {
                "<li class=\"d-flex\"><a href=\"\(link($0.key))\">\(label($0.key))</a><span class=\"ms-auto badge bg-warning text-dark\">\($0.count)</span></li>"
            }
            return
                "<div class=\"col-md-4\"><div class=\"small text-muted\">\(title)</div><ul class=\"list-unstyled mb-0\" data-testid=\"\(id)\">\(items)</ul></div>"
        }
        return """
            <div class="card border-warning mb-3" data-testid="overdue-first">
              <div class="card-header bg-warning-subtle d-flex"><strong>\(UIText.overdueHazards)：\(overdue.total)</strong><a class="ms-auto" href="/hazards?overdue=true">\(UIText.hazardLedger)</a></div>
              <div class="card-body">
                <div class="row g-3 mb-2">
                  \(list(UIText.overdueByOwner, "overdue-owners", byOwner, label: { people[$0] ?? $0 }, link: { "/hazards?overdue=true&owner=\($0)" }))
                  \(list(UIText.overdueByTownship, "overdue-townships", byTownship, label: { names[$0 + "000"] ?? $0 }, link: { "/hazards?overdue=true&divisionCode=\($0)000" }))
                  \(list(UIText.overdueBySector, "overdue-sectors", bySector, label: { $0 }, link: { "/hazards?overdue=true&sector=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }))
                </div>
                <table class="table table-sm mb-0 table-cards">\(SupervisionPages.hazardHeader)<tbody>\(try await pages.hazardRows(overdue.items))</tbody></table>
              </div>
            </div>
            """
    }
}
