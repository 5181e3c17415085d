import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// 汛前检查、汛期巡查、森林防火检查 of the sites, as pages and API operations. A check walks one of the bureau's site
/// checklists (those configured for 防汛 or 森林防火) and records what it found; each finding is a hazard of the site,
/// followed on the hazard ledger like an enterprise's.
struct SiteCheckController {
    let store: Store

    var today: Day { Day(store.environment.now()) }
    var checks: SiteCheckRepository { store.siteChecks }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/sites/{id}/checks/new", .permission(.manageResources), use: newPage)
        pages.post("/sites/{id}/checks", .permission(.manageResources), use: recordFromPage)
        pages.get("/site-checks/{id}", .permission(.readBusinessData), use: checkPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(SiteCheckOperations.record, recordFromAPI)
        api.add(SiteCheckOperations.list, list)
        api.add(SiteCheckOperations.get, get)
    }

    func siteID(_ context: UserContext) throws -> UUID { try context.uuidParameter("id", notFound: SiteErrors.notFound) }

    /// The checklists offered for sites: those the bureau configured for 防汛 or 森林防火.
    func siteLists() async throws -> [Checklist] { try await store.catalogs.checklists().filter(\.isForSites) }

    /// The site page's part: its checks (newest first) and its open hazards, with the way to a new check.
    func section(_ site: Site, context: UserContext) async throws -> HTML {
        let page = try await checks.checks(of: site.id, page: try PageRequest(pageSize: 20), by: context.caller)
        let hazards = try await store.inspections.hazards(
            .init(siteID: site.id, open: true), page: try PageRequest(pageSize: 50), by: context.caller)
        let rows = try await HazardController(store: store).rows(hazards.items).map(HazardViews.row)
        let mayCheck = context.user.role.can(.manageResources) && site.archivedAt == nil
        return SiteCheckViews.section(site, checks: page, hazards: hazards.total, hazardRows: rows, mayCheck: mayCheck)
    }

    // MARK: - Pages

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        let site = try await store.sites.get(try siteID(context), by: context.caller)
        let q = try Query(request)
        var values: [String: [String]] = [:]
        if let key = q.string("checklistKey") { values["checklistKey"] = [key] }
        if let kind = q.string("kind") { values["kind"] = [kind] }
        return try await form(site, values: values, refusal: nil, context: context).response()
    }

    func form(_ site: Site, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let lists = try await siteLists()
        let chosen = values["checklistKey"]?.first.flatMap { key in lists.first { $0.key == key } }
        let body = SiteCheckViews.form(
            site, lists: lists, checklist: chosen, values: values, newID: store.environment.newID(), today: today,
            csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: "检查：\(site.name)", context: context, active: "/disasters", body: body)
    }

    @Sendable func recordFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try siteID(context)
        let form = try await FormData.read(request, context: context)
        do {
            let result = try await checks.record(id, try SiteCheckDraft.parse(form, today: today), by: context.caller)
            return Response.redirect(to: "/site-checks/\(result.check.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden && error.code != SiteErrors.notFound.code {
            let site = try await store.sites.get(id, by: context.caller)
            return try await self.form(site, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func checkPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: SiteCheckErrors.notFound)
        let check = try await checks.get(id, by: context.caller)
        let site = try await store.sites.get(check.siteID, by: context.caller)
        let hazards = try await checks.hazards(of: id, by: context.caller)
        let rows = try await HazardController(store: store).rows(hazards).map(HazardViews.row)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        let people = try await store.accounts.displayNames(of: [check.createdBy])
        return Layout.page(
            title: "\(check.kind.label)：\(site.name)", context: context, active: "/disasters", notice: notice,
            body: SiteCheckViews.detail(check, site: site, hazardRows: rows, recordedBy: people[check.createdBy] ?? check.createdBy)
        ).response()
    }

    // MARK: - API

    @Sendable func recordFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try siteID(context)
        let input = try await JSONInput.read(request, context: context)
        let result = try await checks.record(id, try SiteCheckDraft.parse(input, today: today), by: context.caller)
        return try JSONResponse.make(
            SiteCheckDTO(result.check, hazards: result.hazards, today: today, replayed: result.replayed),
            status: result.replayed ? .ok : .created)
    }

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let id = try siteID(context)
        _ = try await store.sites.get(id, by: context.caller)
        let page = try await checks.checks(of: id, page: try Query(request).page(), by: context.caller)
        let today = self.today
        return try JSONResponse.make(PageDTO(page) { SiteCheckDTO($0, hazards: nil, today: today, replayed: nil) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: SiteCheckErrors.notFound)
        let check = try await checks.get(id, by: context.caller)
        return try JSONResponse.make(
            SiteCheckDTO(check, hazards: try await checks.hazards(of: id, by: context.caller), today: today, replayed: nil))
    }
}

enum SiteCheckViews {
    static func section(_ site: Site, checks: Page<SiteCheck>, hazards: Int, hazardRows: [HTML], mayCheck: Bool) -> HTML {
        let rows: [HTML] = checks.items.map { c in
            """
            <tr><td data-label="日期"><a href="/site-checks/\(c.id.key)">\(c.checkedOn.description)</a></td><td data-label="类别">\(c.kind.label)</td>\
            <td data-label="检查人员">\(c.inspectors)</td><td data-label="检查表">\(c.checklist?.name ?? "—")</td></tr>
            """
        }
        let kind: SiteCheckKind = site.kind == .forestArea ? .forestFire : .floodSeason
        return """
            <h2 class="h5 mt-3">检查记录 <span class="small text-muted" data-testid="site-check-count">共 \(checks.total) 次</span>\
            \(mayCheck ? HTML(" <a class=\"btn btn-sm btn-primary ms-2\" href=\"/sites/\(site.id.key)/checks/new?kind=\(kind.rawValue)\" data-testid=\"new-site-check\">新建检查</a>") : .empty)</h2>
            \(rows.isEmpty ? HTML("<p class=\"text-muted small\">尚无检查记录。</p>") : Components.table(testID: "site-checks", header: ["日期", "类别", "检查人员", "检查表"], rows: rows, cards: true))
            <h2 class="h5 mt-3">未销号隐患 <a class="small" href="/hazards?siteId=\(site.id.key)&amp;open=true" data-testid="site-open-hazards">\(hazards) 项</a></h2>
            \(hazardRows.isEmpty ? HTML("<p class=\"text-muted small\">没有未销号的隐患。</p>") : HTML("<div class=\"table-responsive\"><table class=\"table table-sm table-cards\" data-testid=\"site-hazards\">\(SupervisionPages.hazardHeader)<tbody>\(hazardRows)</tbody></table></div>"))
            """
    }

    static func form(
        _ site: Site, lists: [Checklist], checklist: Checklist?, values: [String: [String]], newID: UUID, today: Day, csrf: String,
        refusal: AnlanError?
    ) -> HTML {
        func value(_ name: String, _ index: Int = 0) -> String {
            guard let list = values[name], index < list.count else { return "" }
            return list[index]
        }
        let kind =
            value("kind").isEmpty
            ? (site.kind == .forestArea ? SiteCheckKind.forestFire.rawValue : SiteCheckKind.floodSeason.rawValue) : value("kind")
        let kinds: [HTML] = SiteCheckKind.allCases.map {
            HTML("<option value=\"\($0.rawValue)\"\(HTML(unsafe: $0.rawValue == kind ? " selected" : ""))>\($0.label)</option>")
        }
        let listOptions: [HTML] = lists.map {
            HTML(
                "<option value=\"\($0.key)\"\(HTML(unsafe: $0.key == checklist?.key ? " selected" : ""))>\($0.name)（第 \($0.version) 版）</option>"
            )
        }
        let chooser: HTML =
            lists.isEmpty
            ? HTML(
                "<p class=\"small text-muted\" data-testid=\"site-no-lists\">本局尚未配置防汛或森林防火检查表（在“检查清单”中新建清单，适用行业填“防汛”或“森林防火”）；可直接记录发现的问题。</p>"
            )
            : """
            <form method="get" action="/sites/\(site.id.key)/checks/new" class="row g-2 mb-2" data-testid="site-check-list-chooser">
              <input type="hidden" name="kind" value="\(kind)">
              <div class="col-auto"><select class="form-select form-select-sm" name="checklistKey" aria-label="检查表"><option value="">不用检查表</option>\(listOptions)</select></div>
              <div class="col-auto"><button class="btn btn-sm btn-outline-primary text-nowrap">使用此检查表</button></div>
            </form>
            """
        let items: [HTML] = (checklist?.items ?? []).enumerated().map { index, item in
            let result = value("answers.result", index)
            let options: [HTML] = [("pass", UIText.pass), ("fail", UIText.fail), ("notApplicable", UIText.notApplicable)].map { v, label in
                HTML("<option value=\"\(v)\"\(HTML(unsafe: v == (result.isEmpty ? "pass" : result) ? " selected" : ""))>\(label)</option>")
            }
            return """
                <tr><td data-label="检查项">\(item.code) \(item.text)<input type="hidden" name="answers.code" value="\(item.code)"></td>\
                <td data-label="结论"><select class="form-select form-select-sm" name="answers.result" aria-label="结论">\(options)</select></td>\
                <td data-label="说明"><input class="form-control form-control-sm" name="answers.note" maxlength="500" value="\(value("answers.note", index))" aria-label="说明"></td>\
                <td data-label="整改期限"><input class="form-control form-control-sm" type="date" name="answers.dueDate" value="\(value("answers.dueDate", index))" aria-label="整改期限"></td></tr>
                """
        }
        let findingRows: [HTML] = (0..<3).map { index in
            """
            <tr><td data-label="问题描述"><input class="form-control form-control-sm" name="findings.description" maxlength="1000" value="\(value("findings.description", index))" aria-label="问题描述"></td>\
            <td data-label="部位"><input class="form-control form-control-sm" name="findings.location" maxlength="200" value="\(value("findings.location", index))" aria-label="部位"></td>\
            <td data-label="重大隐患"><select class="form-select form-select-sm" name="findings.isMajor" aria-label="重大隐患"><option value="">否</option><option value="true"\(HTML(unsafe: value("findings.isMajor", index) == "true" ? " selected" : ""))>是</option></select></td>\
            <td data-label="整改期限"><input class="form-control form-control-sm" type="date" name="findings.dueDate" value="\(value("findings.dueDate", index))" aria-label="整改期限"></td></tr>
            """
        }
        return """
            <h1 class="h4">检查：<a href="/sites/\(site.id.key)">\(site.name)</a> <span class="small">\(site.kind.label)</span></h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(chooser)
            <form method="post" action="/sites/\(site.id.key)/checks" class="row g-2" style="max-width: 60rem" data-testid="site-check-form">
              <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="id" value="\(value("id").isEmpty ? newID.key : value("id"))">
              \(checklist.map { HTML("<input type=\"hidden\" name=\"checklistKey\" value=\"\($0.key)\">") } ?? .empty)
              <div class="col-sm-4"><label class="form-label small w-100">检查类别<select class="form-select form-select-sm" name="kind">\(kinds)</select></label></div>
              <div class="col-sm-4"><label class="form-label small w-100">检查日期<input class="form-control form-control-sm" type="date" name="checkedOn" value="\(value("checkedOn").isEmpty ? today.description : value("checkedOn"))" max="\(today.description)"></label></div>
              <div class="col-sm-4"><label class="form-label small w-100">检查人员（必填）<input class="form-control form-control-sm" name="inspectors" maxlength="200" required minlength="2" value="\(value("inspectors"))" placeholder="如 镇水利站 王强、村监测员 李明"></label></div>
              \(checklist.map { list in HTML("<div class=\"col-12\"><div class=\"small fw-bold\">\(list.name)</div>\(Components.table(testID: "site-check-items", header: ["检查项", "结论", "说明", "整改期限"], rows: items, cards: true))</div>") } ?? .empty)
              <div class="col-12"><div class="small fw-bold">其他发现的问题（每行一个；填写整改期限即现场责令限期整改）</div>
                \(Components.table(testID: "site-check-findings", header: ["问题描述", "部位", "重大隐患", "整改期限"], rows: findingRows, cards: true))</div>
              <div class="col-12"><label class="form-label small w-100">检查情况（必填，至少 \(InspectionDraft.summaryMinimum) 字）<textarea class="form-control form-control-sm" name="summary" rows="3" maxlength="\(InspectionDraft.summaryLimit)" required>\(value("summary"))</textarea></label></div>
              <div class="col-12"><button class="btn btn-primary">保存检查</button> <a class="btn btn-link" href="/sites/\(site.id.key)">返回</a></div>
            </form>
            """
    }

    static func detail(_ c: SiteCheck, site: Site, hazardRows: [HTML], recordedBy: String) -> HTML {
        let answers: [HTML] = c.answers.map { a in
            let item = c.checklist?.items.first { $0.code == a.code }
            let label = a.result == .pass ? UIText.pass : a.result == .fail ? UIText.fail : UIText.notApplicable
            return
                "<tr><td data-label=\"检查项\">\(a.code) \(item?.text ?? "")</td><td data-label=\"结论\">\(label)</td><td data-label=\"说明\">\(a.note ?? "")</td></tr>"
        }
        return """
            <h1 class="h4">\(c.kind.label)：<a href="/sites/\(site.id.key)">\(site.name)</a></h1>
            <dl class="row small" data-testid="site-check-facts">
              <dt class="col-sm-3">检查日期</dt><dd class="col-sm-9">\(c.checkedOn.description)</dd>
              <dt class="col-sm-3">检查人员</dt><dd class="col-sm-9">\(c.inspectors)</dd>
              <dt class="col-sm-3">检查表</dt><dd class="col-sm-9">\(c.checklist.map { "\($0.name)（第 \($0.version) 版）" } ?? "—")</dd>
              <dt class="col-sm-3">检查情况</dt><dd class="col-sm-9">\(c.summary)</dd>
              <dt class="col-sm-3">记录人</dt><dd class="col-sm-9">\(recordedBy)　\(Timestamp.display(c.createdAt))</dd>
            </dl>
            \(answers.isEmpty ? HTML.empty : Components.table(testID: "site-check-answers", header: ["检查项", "结论", "说明"], rows: answers, cards: true))
            <h2 class="h5 mt-3">发现的隐患 <span class="small text-muted" data-testid="site-check-hazard-count">\(hazardRows.count) 项</span></h2>
            \(hazardRows.isEmpty ? HTML("<p class=\"text-muted small\">未发现隐患。</p>") : HTML("<div class=\"table-responsive\"><table class=\"table table-sm table-cards\" data-testid=\"site-check-hazards\">\(SupervisionPages.hazardHeader)<tbody>\(hazardRows)</tbody></table></div>"))
            """
    }
}

struct SiteCheckDTO: Encodable {
    let id, siteId, divisionCode, kind, checkedOn, inspectors, summary, createdBy: String
    let checklistKey: String?
    let checklistVersion: Int?
    let answers: [ChecklistAnswer]
    let createdAt: Date
    let hazards: [HazardDTO]?
    let replayed: Bool?

    init(_ c: SiteCheck, hazards: [Hazard]?, today: Day, replayed: Bool?) {
        id = c.id.key
        siteId = c.siteID.key
        divisionCode = c.divisionCode
        kind = c.kind.rawValue
        checkedOn = c.checkedOn.description
        inspectors = c.inspectors
        summary = c.summary
        createdBy = c.createdBy
        checklistKey = c.checklist?.key
        checklistVersion = c.checklist?.version
        answers = c.answers
        createdAt = c.createdAt
        self.hazards = hazards?.map { HazardDTO($0, today: today) }
        self.replayed = replayed
    }
}

enum SiteCheckOperations {
    static let tag = "事故灾害"
    static let record = APIOperation(
        method: .post, path: "sites/{id}/checks", operationID: "recordSiteCheck",
        summary: "记录对重点部位的汛前检查、汛期巡查或森林防火检查：可按检查表作答，不符合项和所列问题成为该部位的隐患（填整改期限即现场责令整改）；id 由客户端生成时重复提交只存一份（200）",
        tag: tag, access: .permission(.manageResources), parameters: [SiteOperations.path], requestSchema: Schemas.ref("SiteCheckRequest"),
        responses: [
            (201, "已记录", Schemas.ref("SiteCheck")), (200, "同一检查已记录过", Schemas.ref("SiteCheck")), SupervisionAPI.notFound,
            SupervisionAPI.conflict,
        ],
        errorCodes: [
            "site.not_found", "site_check.field_required", "site_check.kind_invalid", "site_check.date_invalid",
            "site_check.inspectors_too_long", "site_check.summary_too_long", "site_check.summary_required", "site_check.checklist_unknown",
            "site_check.answer_invalid", "site_check.answer_unknown", "site_check.checklist_required", "site_check.finding_invalid",
            "site_check.due_date_invalid", "site_check.too_many_lines", "site_check.id_invalid", "site_check.id_reused",
            "site_check.site_archived", "site_check.answer_too_long", "site_check.finding_too_long",
        ]
    )
    .explaining("ST202", "answers must name items of the chosen checklist (a stored record), and dates are bounded by today")
    .explaining(
        "ST201",
        "an empty text in an optional field (checklistKey, a note) is read as not given, as the page's form sends it: one parser serves both faces"
    )

    static let list = APIOperation(
        method: .get, path: "sites/{id}/checks", operationID: "listSiteChecks", summary: "一个重点部位的检查记录（最新在前）", tag: tag,
        access: .permission(.readBusinessData), parameters: [SiteOperations.path] + AccountsAPI.pageParameters,
        responses: [(200, "检查记录", Schemas.page(of: "SiteCheck")), SupervisionAPI.notFound], errorCodes: ["site.not_found"])

    static let get = APIOperation(
        method: .get, path: "site-checks/{id}", operationID: "getSiteCheck", summary: "一次检查及其发现的隐患", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "检查 ID")],
        responses: [(200, "检查", Schemas.ref("SiteCheck")), SupervisionAPI.notFound], errorCodes: ["site_check.not_found"])
}

enum SiteCheckSchemas {
    typealias S = SupervisionSchemas
    static let answer = S.object(
        ["code", "result"],
        [
            "code": CommandSchemas.bounded(20), "result": ResourceSchemas.enumeration(ChecklistAnswer.Result.self),
            "note": CommandSchemas.bounded(500), "dueDate": Schemas.day,
        ])
    static let all: [(String, JSONValue)] = [
        (
            "SiteCheckRequest",
            S.object(
                ["kind", "inspectors", "summary"],
                [
                    "id": S.uuid, "kind": ResourceSchemas.enumeration(SiteCheckKind.self), "checkedOn": Schemas.day,
                    "inspectors": CommandSchemas.bounded(200, min: 2), "checklistKey": CommandSchemas.bounded(40),
                    "answers": ["type": "array", "maxItems": 300, "items": answer],
                    "findings": [
                        "type": "array", "maxItems": 100,
                        "items": S.object(
                            ["description"],
                            [
                                "description": CommandSchemas.bounded(1000, min: 2), "location": CommandSchemas.bounded(200),
                                "isMajor": S.boolean, "dueDate": Schemas.day,
                            ]),
                    ],
                    "summary": CommandSchemas.bounded(InspectionDraft.summaryLimit, min: InspectionDraft.summaryMinimum),
                ])
        ),
        (
            "SiteCheck",
            S.object(
                ["id", "siteId", "divisionCode", "kind", "checkedOn", "inspectors", "summary", "answers", "createdBy", "createdAt"],
                [
                    "id": S.uuid, "siteId": S.uuid, "divisionCode": Schemas.divisionCode,
                    "kind": ResourceSchemas.enumeration(SiteCheckKind.self),
                    "checkedOn": Schemas.day, "inspectors": S.string, "summary": S.string, "checklistKey": S.string,
                    "checklistVersion": S.integer, "answers": ["type": "array", "items": answer], "createdBy": S.string,
                    "createdAt": Schemas.timestamp, "hazards": ["type": "array", "items": Schemas.ref("Hazard")], "replayed": S.boolean,
                ])
        ),
    ]
}
