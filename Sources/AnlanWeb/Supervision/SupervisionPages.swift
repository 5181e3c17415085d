import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// 安全生产监管: the hub, an inspector's own work, and inspections.
struct SupervisionPages {
    let store: Store

    var today: String { Timestamp.day(store.environment.now()) }

    static func link(_ id: UUID, _ base: String, _ text: String) -> HTML { "<a href=\"/\(base)/\(id.key)\">\(text)</a>" }

    /// Hazard rows for the tables of other pages (an inspection, my work, the home page), as the hazard slice renders them.
    /// With `reinspectionDays` the date column shows the re-inspection deadline instead, marked when passed.
    func hazardRows(_ hazards: [Hazard], reinspectionDays: Int? = nil) async throws -> [HTML] {
        try await HazardController(store: store).rows(hazards, reinspectionDays: reinspectionDays).map(HazardViews.row)
    }

    /// The header of a hazard table, as the ledger has it.
    static let hazardHeader: HTML = "<thead><tr>\(HazardViews.tableHeader.map { HTML("<th>\($0)</th>") })</tr></thead>"
    /// The header of a list of hazards awaiting re-inspection: its date column is the re-inspection deadline.
    static let reinspectionHeader: HTML =
        "<thead><tr>\(HazardViews.tableHeader.enumerated().map { HTML("<th>\($0.offset == 3 ? UIText.reinspectionDue : $0.element)</th>") })</tr></thead>"

    /// The page of `Store.myWork`: each list the model holds, in the order a working day takes them.
    func myWorkBody(_ work: MyWork, context: UserContext) async throws -> HTML {
        func table(_ hazards: Page<Hazard>?, header: HTML = Self.hazardHeader, reinspectionDays: Int? = nil) async throws -> HTML {
            "<table class=\"table table-sm table-cards\">\(header)<tbody>\(try await hazardRows(hazards?.items ?? [], reinspectionDays: reinspectionDays))</tbody></table>"
        }
        func section(_ title: String, _ id: String, _ content: HTML, empty: Bool) -> HTML {
            "<div class=\"card mb-3\"><div class=\"card-header\">\(title)</div><div class=\"card-body table-responsive\" data-testid=\"\(id)\">\(empty ? HTML("<span class=\"text-muted\">\(UIText.nothing)</span>") : content)</div></div>"
        }
        if let own = work.ownHazards {
            // An enterprise's work is its own hazards: what to rectify, by when, and what waits for re-inspection.
            return """
                <h1 class="h4">\(UIText.myWork)</h1>
                <div class="card mb-3"><div class="card-header">\(UIText.ownOpenHazards)：\(own.total)</div><div class="card-body table-responsive" data-testid="my-own-hazards">\(own.items.isEmpty ? HTML("<span class=\"text-muted\">\(UIText.nothing)</span>") : try await table(own))</div></div>
                """
        }
        let names = work.names
        let plannedRows: [HTML] = (work.planned ?? []).map { id in
            "<tr><td data-label=\"\(UIText.enterprise)\">\(Self.link(id, "enterprises", names[id.key] ?? ""))</td><td data-label=\"\(UIText.source)\">\(UIText.annualPlan)</td><td><a class=\"btn btn-sm btn-outline-primary\" href=\"/inspections/new?enterpriseId=\(id.key)&source=plan\">\(UIText.newInspection)</a></td></tr>"
        }
        let assignedRows: [HTML] = (work.assigned ?? []).map { a in
            "<tr><td data-label=\"\(UIText.enterprise)\">\(Self.link(a.enterpriseID, "enterprises", names[a.enterpriseID.key] ?? ""))</td><td data-label=\"\(UIText.source)\">\(a.drawTitle)</td><td><a class=\"btn btn-sm btn-outline-primary\" href=\"/inspections/new?enterpriseId=\(a.enterpriseID.key)&source=draw\">\(UIText.newInspection)</a></td></tr>"
        }
        let issueRows: [HTML] = work.toIssue.map { m in
            "<div>\(Self.link(m.inspection.id, "inspections", m.inspection.inspectedOn.description + " " + (names[m.inspection.enterpriseID.key] ?? ""))) · \(m.kind.title)</div>"
        }
        let name = context.caller.username ?? ""
        let leads = work.toSignOff != nil
        let caseRows: [HTML] = (work.openCases?.items ?? []).map { c in
            let left = Day(c.deadlineOn ?? "").map { Day(today)?.days(until: $0) ?? 0 }
            let label = left.map { $0 < 0 ? "已超过 \(-$0) 天" : "还剩 \($0) 天" } ?? ""
            return
                "<tr><td data-label=\"\(UIText.caseTitle)\">\(Self.link(c.id, "cases", c.title))</td><td data-label=\"\(UIText.enterprise)\">\(names[c.enterpriseID.key] ?? "")</td><td class=\"text-nowrap\" data-label=\"办案期限\">\(c.deadlineOn ?? "")</td><td class=\"text-nowrap \((left ?? 99) <= 10 ? "text-danger fw-bold" : "")\" data-label=\"剩余\">\(label)</td></tr>"
        }
        let casesLink = "/cases?status=open&byDeadline=true" + (leads ? "" : "&openedBy=\(name)")
        var signOff: HTML = .empty
        if let page = work.toSignOff {
            signOff = section(UIText.awaitingMySignOff, "my-sign-offs", try await table(page), empty: page.items.isEmpty)
        }
        return """
            <h1 class="h4">\(UIText.myWork)</h1>
            \(signOff)
            \(section(UIText.myOverdue, "my-overdue", try await table(work.overdue), empty: work.overdue?.items.isEmpty ?? true))
            \(work.assigned == nil ? HTML.empty : section(UIText.todayPlanned, "my-assigned", "<table class=\"table table-sm table-cards\"><tbody>\(assignedRows)</tbody></table>", empty: assignedRows.isEmpty))
            \(work.planned == nil ? HTML.empty : section(UIText.monthPlanned, "my-planned", "<table class=\"table table-sm table-cards\"><tbody>\(plannedRows)</tbody></table>", empty: plannedRows.isEmpty))
            \(section(UIText.awaitingReinspectionWithin(work.reinspectionDays), "my-reinspections", try await table(work.awaitingReinspection, header: Self.reinspectionHeader, reinspectionDays: work.reinspectionDays), empty: work.awaitingReinspection?.items.isEmpty ?? true))
            \(section(UIText.toIssue, "my-documents", "\(issueRows)", empty: issueRows.isEmpty))
            \(work.openCases.map { cases in HTML("<div class=\"card mb-3\"><div class=\"card-header\">办案期限：未作出决定的案件 <a href=\"\(casesLink)\" data-testid=\"my-cases-count\">\(cases.total)</a></div><div class=\"card-body table-responsive\" data-testid=\"my-cases\">\(cases.items.isEmpty ? HTML("<span class=\"text-muted\">\(UIText.nothing)</span>") : HTML("<table class=\"table table-sm table-cards\"><thead><tr><th>\(UIText.caseTitle)</th><th>\(UIText.enterprise)</th><th>办案期限</th><th></th></tr></thead><tbody>\(caseRows)</tbody></table>"))</div></div>") } ?? .empty)
            """
    }

    func register(_ router: PageRoutes) {
        router.get("/supervision", .permission(.readBusinessData)) { _, context in
            let caller = context.caller
            let page1 = try PageRequest(pageSize: 1)
            let open = try await store.inspections.hazards(.init(open: true), page: page1, by: caller).total
            let overdue = try await store.inspections.hazards(.init(overdue: true), page: page1, by: caller).total
            let escalated = try await store.inspections.hazards(.init(open: true, escalated: true), page: page1, by: caller).total
            // Late re-inspections: the limit ran from the submission or the deadline, whichever came first, before today
            // minus the limit.
            let lateSince = Timestamp.day(today, adding: -(try await store.catalogs.enforcementSettings().reinspectionDays)) ?? today
            let lateReinspections = try await store.inspections.hazards(.init(reinspectionFromBefore: lateSince), page: page1, by: caller)
                .total
            let month = String(today.prefix(7))
            let inspected = try await store.inspections.list(.init(from: month + "-01", to: today), page: page1, by: caller).total
            func card(_ label: String, _ value: Int, _ href: String, _ id: String) -> HTML {
                "<div class=\"col-6 col-lg\"><a class=\"card text-decoration-none\" href=\"\(href)\"><div class=\"card-body\"><div class=\"text-muted small\">\(label)</div><div class=\"stat\" data-testid=\"\(id)\">\(value)</div></div></a></div>"
            }
            // Each link for the roles that can use it: inspecting needs `inspect`; the bureau's own work (cases, plans,
            // draws, campaigns, statistics, catalogues, settings) is not an enterprise officer's, who sees its own file,
            // inspections, hazards and documents.
            let role = caller.role
            let bureau = role != .enterpriseOfficer
            let links: [(String, String)] = [
                ("/enterprises", UIText.enterprises, true), ("/my-work", UIText.myWork, true), ("/inspections", UIText.inspections, true),
                ("/inspections/new", UIText.newInspection, role?.can(.inspect) == true),
                ("/hazards", UIText.hazardLedger, true), ("/documents", UIText.documents, true), ("/cases", UIText.cases, bureau),
                ("/inspection-plans", UIText.annualPlan, bureau), ("/draws", UIText.draws, bureau),
                ("/campaigns", UIText.campaigns, bureau), ("/statistics", UIText.statistics, bureau),
                ("/checklists", UIText.checklists, bureau),
                ("/work-calendar", UIText.workCalendar, bureau), ("/supervision/settings", UIText.supervisionSettings, bureau),
            ].filter(\.2).map { ($0.0, $0.1) }
            let body: HTML = """
                <h1 class="h4">\(UIText.supervision)</h1>
                <p class="text-muted">\(UIText.supervisionHint)</p>
                <div class="row g-3 mb-3">
                  \(card(UIText.openHazards, open, "/hazards?open=true", "open-hazards"))\(card(UIText.overdueHazards, overdue, "/hazards?overdue=true", "overdue-hazards"))
                  \(card(UIText.escalatedHazards, escalated, "/hazards?open=true&escalated=true", "escalated-hazards"))\(card(UIText.reinspectionLate, lateReinspections, "/hazards?reinspectionFromBefore=\(lateSince)", "late-reinspections"))
                  \(card(UIText.inspectionsThisMonth, inspected, "/inspections?from=\(month)-01&to=\(today)", "month-inspections"))
                </div>
                <div class="list-group" style="max-width: 32rem" data-testid="supervision-links">\(links.map { HTML("<a class=\"list-group-item list-group-item-action\" href=\"\($0.0)\"\(HTML(unsafe: $0.0 == "/enterprises" ? " data-testid=\"enterprises-link\"" : ""))>\($0.1)</a>") })</div>
                """
            return Layout.page(title: UIText.supervision, context: context, active: "/supervision", body: body).response()
        }

        router.get("/my-work", .permission(.readBusinessData)) { _, context in
            let work = try await store.myWork(by: context.caller)
            return Layout.page(
                title: UIText.myWork, context: context, active: "/supervision", body: try await myWorkBody(work, context: context)
            )
            .response()
        }

        router.get("/inspections", .permission(.readBusinessData)) { request, context in
            let q = try Query(request)
            let page = try await store.inspections.list(try SupervisionAPI.inspectionFilter(q), page: try q.page(), by: context.caller)
            let names = try await store.enterprises.names(of: page.items.map(\.enterpriseID))
            let rows: [HTML] = page.items.map { i in
                """
                <tr><td class="text-nowrap" data-label="\(UIText.inspectedOn)">\(Self.link(i.id, "inspections", i.inspectedOn.description))</td><td data-label="\(UIText.enterprise)">\(Self.link(i.enterpriseID, "enterprises", names[i.enterpriseID.key] ?? ""))</td>
                <td data-label="\(UIText.source)">\(UIText.sourceName(i.source))</td><td data-label="\(UIText.inspectorsLabel)">\(i.inspectors.map(\.name).joined(separator: "、"))</td><td data-label="\(UIText.sector)">\(i.sector)</td></tr>
                """
            }
            let canInspect = context.caller.role?.can(.inspect) == true
            let body: HTML = """
                <div class="d-flex align-items-center mb-3"><h1 class="h4 mb-0">\(UIText.inspections)</h1>
                  \(canInspect ? HTML("<a class=\"ms-auto btn btn-primary btn-sm\" href=\"/inspections/new\" data-testid=\"new-inspection\">\(UIText.newInspection)</a>") : .empty)</div>
                <form method="get" action="/inspections" class="row g-2 mb-2" data-testid="inspection-filters">
                  <div class="col-auto"><input class="form-control form-control-sm" name="q" value="\(q.string("q") ?? "")" placeholder="企业名称或检查情况" maxlength="100" aria-label="\(UIText.search)"></div>
                  <div class="col-auto"><input class="form-control form-control-sm" type="date" name="from" value="\(q.string("from") ?? "")" aria-label="检查日期起"></div>
                  <div class="col-auto"><input class="form-control form-control-sm" type="date" name="to" value="\(q.string("to") ?? "")" aria-label="检查日期止"></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="source" aria-label="\(UIText.source)"><option value="">\(UIText.source)</option>\(InspectionSource.allCases.map { s in HTML("<option value=\"\(s.rawValue)\"\(HTML(unsafe: q.string("source") == s.rawValue ? " selected" : ""))>\(UIText.sourceName(s))</option>") })</select></div>
                  \(Layout.hiddenInputs(q.values(except: ["q", "from", "to", "source"])))
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div></form>
                \(Layout.chips(base: "/inspections", query: q.values(except: ["page"]), labels: Layout.listFilterLabels, values: try await Layout.listFilterValues(naming: q, store: store)))
                <div class="table-responsive"><table class="table table-sm table-striped bg-white table-cards" data-testid="inspections">
                <thead><tr><th>\(UIText.inspectedOn)</th><th>\(UIText.enterprise)</th><th>\(UIText.source)</th><th>\(UIText.inspectorsLabel)</th><th>\(UIText.sector)</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                \(Layout.pager(page, base: "/inspections", query: q.values(except: ["page"])))
                """
            return Layout.page(title: UIText.inspections, context: context, active: "/supervision", body: body).response()
        }

        router.get("/inspections/new", .permission(.inspect)) { request, context in
            let q = try Query(request)
            let county = try await store.divisions.home(of: context.caller).rawValue
            let inspectors = try await store.accounts.certifiedInspectors(county: county)
            let lists = try await store.catalogs.checklists().filter { !$0.isForSites }
            var enterpriseOption: HTML = .empty
            if let id = try q.uuid("enterpriseId"), let e = try? await store.enterprises.get(id, by: context.caller) {
                enterpriseOption = "<option value=\"\(e.id.key)\" selected>\(e.profile.name)</option>"
            }
            let me = context.caller.username ?? ""
            let campaigns = try await store.campaigns.list(page: try PageRequest(pageSize: 50), by: context.caller).items.filter {
                $0.endsOn >= today
            }
            let checklistData = try String(decoding: JSONResponse.encoder.encode(lists), as: UTF8.self)
            let body: HTML = """
                <h1 class="h4">\(UIText.newInspection)</h1>
                <form id="inspection-form" class="row g-2" style="max-width: 48rem" data-csrf="\(context.csrfToken ?? "")" data-testid="inspection-form"
                      data-pass="\(UIText.pass)" data-fail="\(UIText.fail)" data-na="\(UIText.notApplicable)" data-submitting="\(UIText.submitting)"
                      data-description="\(UIText.description)" data-location="\(UIText.location)" data-photo="\(UIText.photo)" data-major="\(UIText.majorHazard)" data-due="\(UIText.dueDate)"
                      data-kept="\(UIText.outboxKept)" data-next="\(UIText.nextInspection)">
                  <div class="col-12"><label class="form-label" for="enterprise-search">\(UIText.enterprise)</label>
                    <input class="form-control mb-1" id="enterprise-search" placeholder="\(UIText.searchPlaceholder)" autocomplete="off" data-enterprise-picker="enterpriseId">
                    <select class="form-select" id="enterpriseId" name="enterpriseId" required>\(enterpriseOption)</select></div>
                  <div class="col-6"><label class="form-label" for="inspectedOn">\(UIText.inspectedOn)</label><input class="form-control" type="date" id="inspectedOn" value="\(today)" max="\(today)" required></div>
                  <div class="col-6"><label class="form-label" for="source">\(UIText.source)</label><select class="form-select" id="source">\(InspectionSource.allCases.map { s in HTML("<option value=\"\(s.rawValue)\"\(HTML(unsafe: q.string("source") == s.rawValue ? " selected" : ""))>\(UIText.sourceName(s))</option>") })</select></div>
                  <div class="col-12"><label class="form-label">\(UIText.inspectorsLabel)</label><div data-testid="inspector-choices">\(inspectors.map { u in HTML("<label class=\"form-check form-check-inline\"><input class=\"form-check-input\" type=\"checkbox\" name=\"inspectors\" value=\"\(u.username)\"\(HTML(unsafe: u.username == me ? " checked" : ""))> \(u.displayName)（\(u.certificateNumber ?? "")）</label>") })</div></div>
                  <div class="col-12"><label class="form-label" for="campaignId">\(UIText.campaigns)</label><select class="form-select" id="campaignId"><option value="">\(UIText.nothing)</option>\(campaigns.map { c in HTML("<option value=\"\(c.id.key)\">\(c.name)</option>") })</select></div>
                  <div class="col-12"><label class="form-label" for="jointDepartments">\(UIText.jointDepartments)</label><input class="form-control" id="jointDepartments" maxlength="200"></div>
                  <div class="col-12"><label class="form-label" for="checklistKey">\(UIText.checklist)</label><select class="form-select" id="checklistKey"><option value="">\(UIText.noChecklist)</option>\(lists.map { l in HTML("<option value=\"\(l.key)\">\(UIText.checklistVersion(l.name, l.version))</option>") })</select></div>
                  <div class="col-12" id="checklist-items" data-testid="checklist-items"></div>
                  <div class="col-12"><label class="form-label">\(UIText.findings)</label><div id="findings"></div>
                    <button class="btn btn-sm btn-outline-secondary" type="button" id="add-finding">\(UIText.addFinding)</button></div>
                  <div class="col-12"><label class="form-label" for="summary">\(UIText.summary)</label><textarea class="form-control" id="summary" rows="3" minlength="\(InspectionDraft.summaryMinimum)" maxlength="\(InspectionDraft.summaryLimit)" required placeholder="\(UIText.summaryHint)"></textarea></div>
                  <div class="col-12"><div id="inspection-message" class="alert d-none" role="alert"></div><button class="btn btn-primary" type="submit" id="inspection-submit">\(UIText.submit)</button></div>
                </form>
                <script type="application/json" id="checklist-data">\(HTML(unsafe: checklistData.replacingOccurrences(of: "</", with: "<\\/")))</script>
                """
            return Layout.page(
                title: UIText.newInspection, context: context, active: "/supervision", body: body,
                scripts: "<script src=\"/static/js/enterprise-picker.js\"></script><script src=\"/static/js/inspection.js\"></script>"
            ).response()
        }

        router.get("/inspections/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.inspectionNotFound)
            let i = try await store.inspections.get(id, by: context.caller)
            let hazards = try await store.inspections.hazards(of: id, by: context.caller)
            let documents = try await store.documents.documents(
                .init(inspectionID: id), page: try PageRequest(pageSize: 100), by: context.caller
            ).items
            let enterprise = try await store.enterprises.get(i.enterpriseID, by: context.caller)
            let canInspect = context.caller.role?.can(.inspect) == true
            let csrf = context.csrfToken ?? ""
            let answers: [HTML] = (i.checklist?.items ?? []).map { item in
                let answer = i.answers.first { $0.code == item.code }
                let result: String =
                    switch answer?.result {
                    case .pass: UIText.pass
                    case .fail: UIText.fail
                    case .notApplicable: UIText.notApplicable
                    case nil: "—"
                    }
                return
                    "<tr><td>\(item.code)</td><td>\(item.text)\(item.isMajor ? HTML(" <span class=\"badge bg-danger\">\(UIText.majorHazard)</span>") : .empty)</td><td>\(result)</td><td>\(answer?.note ?? "")</td></tr>"
            }
            let docRows: [HTML] = documents.map { d in
                "<tr><td>\(Self.link(d.id, "documents", d.number))</td><td>\(d.kind.title)</td><td>\(Timestamp.display(d.issuedAt))</td><td>\(d.voidedAt == nil ? HTML.empty : HTML("<span class=\"badge bg-secondary\">\(UIText.voided)</span>"))</td></tr>"
            }
            let issueForm: HTML =
                canInspect
                ? """
                <form method="post" action="/inspections/\(id.key)/documents" class="row g-2 mt-2" data-testid="issue-document">
                  <input type="hidden" name="_csrf" value="\(csrf)">
                  <div class="col-md-4"><select class="form-select form-select-sm" name="kind">\(DocumentKind.allCases.filter { !$0.isCaseDocument }.map { k in HTML("<option value=\"\(k.rawValue)\">\(k.title)</option>") })</select></div>
                  <div class="col-md-3"><button class="btn btn-sm btn-primary w-100">\(UIText.issueDocument)</button></div>
                  <details class="col-12 small" data-testid="on-site-measures"><summary>\(DocumentKind.onSiteMeasures.title)：选择措施（出具该文书时必填）</summary>
                    <div class="row g-1 mt-1">\(OnSiteMeasure.allCases.map { m in HTML("<div class=\"col-md-6 form-check\"><input class=\"form-check-input\" type=\"checkbox\" name=\"onSiteMeasures\" value=\"\(m.rawValue)\" id=\"m-\(m.rawValue)\"><label class=\"form-check-label\" for=\"m-\(m.rawValue)\">\(m.title)<span class=\"text-muted\">（\(m.basis)）</span></label></div>") })</div>
                    <label class="form-label small w-100 mt-1">措施的具体内容（范围、设施设备、期限等）<textarea class="form-control form-control-sm" name="measures" rows="2" maxlength="\(DocumentOrder.measuresLimit)"></textarea></label>
                    <label class="form-label small w-100">查封、扣押的物品（每行一项：名称|规格|数量|单位，如 礼花弹|5号|20|箱）<textarea class="form-control form-control-sm" name="seizedItems" rows="3"></textarea></label>
                  </details>
                </form>
                <a class="btn btn-sm btn-outline-danger mt-2" href="/cases/new?enterpriseId=\(i.enterpriseID.key)&inspectionId=\(id.key)">\(UIText.openCase)</a>
                """ : .empty
            let body: HTML = """
                <h1 class="h4">\(UIText.inspections)：\(enterprise.profile.name) · \(i.inspectedOn)</h1>
                <table class="table table-sm bg-white" style="max-width: 60rem" data-testid="inspection">
                  <tr><th style="width: 10rem">\(UIText.enterprise)</th><td>\(Self.link(i.enterpriseID, "enterprises", enterprise.profile.name))</td></tr>
                  <tr><th>\(UIText.source)</th><td>\(UIText.sourceName(i.source))</td></tr>
                  <tr><th>\(UIText.inspectorsLabel)</th><td>\(i.inspectors.map { "\($0.name)（\($0.certificateNumber)）" }.joined(separator: "、"))</td></tr>
                  <tr><th>\(UIText.jointDepartments)</th><td>\(i.jointDepartments ?? "—")</td></tr>
                  <tr><th>\(UIText.checklist)</th><td>\(i.checklist.map { UIText.checklistVersion($0.name, $0.version) } ?? "—")</td></tr>
                  <tr><th>\(UIText.summary)</th><td style="white-space: pre-line">\(i.summary)</td></tr>
                </table>
                \(answers.isEmpty ? HTML.empty : "<h2 class=\"h6\">\(UIText.checklist)</h2><table class=\"table table-sm bg-white\"><tbody>\(answers)</tbody></table>")
                <h2 class="h6">\(UIText.findings)</h2>
                <table class="table table-sm bg-white table-cards" data-testid="inspection-hazards">\(Self.hazardHeader)<tbody>\(try await hazardRows(hazards))</tbody></table>
                <h2 class="h6">\(UIText.documents)</h2>
                <table class="table table-sm bg-white" data-testid="inspection-documents"><tbody>\(docRows)</tbody></table>
                \(issueForm)
                """
            return Layout.page(title: UIText.inspections, context: context, active: "/supervision", body: body).response()
        }

        router.post("/inspections/{id}/documents", .permission(.inspect)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.inspectionNotFound)
            let form = try await FormData.read(request, context: context)
            do {
                let document = try await store.documents.issue(try DocumentOrder.parse(form, inspection: id), by: context.caller)
                return Response.redirect(to: "/documents/\(document.id.key)", type: .found)
            } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable {
                return Layout.page(
                    title: UIText.issueDocument, context: context, active: "/supervision", notice: Components.refusal(error),
                    body: "<a href=\"/inspections/\(id.key)\">\(UIText.inspections)</a>"
                ).response(status: Failure(error).status)
            }
        }
    }
}
