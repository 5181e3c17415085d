import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Drills as pages and API operations, and the frequency compliance page. A drill is parsed once into Core's
/// `DrillDraft` and recorded by one store operation from either face.
struct DrillController {
    let store: Store

    var today: Day { Day(store.environment.now()) }
    var plans: EmergencyPlanRepository { store.emergencyPlans }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/plans/drills", .permission(.readBusinessData), use: listPage)
        pages.get("/plans/drills/new", .permission(.readBusinessData), use: newPage)
        pages.post("/plans/drills", .permission(.readBusinessData), use: recordFromPage)
        pages.get("/plans/drills/compliance", .permission(.managePlans), use: compliancePage)
        pages.get("/plans/drills/compliance.xlsx", .permission(.managePlans), use: complianceWorkbook)
        pages.get("/plans/drills/{id}", .permission(.readBusinessData), use: drillPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(DrillOperations.list, list)
        api.add(DrillOperations.get, get)
        api.add(DrillOperations.record, recordFromAPI)
        api.add(DrillOperations.compliance, compliance)
    }

    func record(_ input: some CommandInput, context: UserContext) async throws -> Drill {
        try await plans.recordDrill(try DrillDraft.parse(input, today: today), by: context.caller)
    }

    /// Whether the compliance asks about enterprises (the default) or the county and townships.
    static func enterprises(_ q: Query) throws -> Bool {
        switch q.string("subjects") {
        case nil, "enterprises": return true
        case "governments": return false
        default: throw AnlanError.invalid("query.unknown_value", "参数 subjects 须为 enterprises 或 governments。", field: "subjects")
        }
    }

    static func filter(_ q: Query) throws -> EmergencyPlanRepository.DrillFilter {
        EmergencyPlanRepository.DrillFilter(
            enterpriseID: try q.uuid("enterpriseId"), planID: try q.uuid("planId"), type: try q.enum("type", DrillType.self, label: "演练形式"),
            from: try q.day("from").flatMap(Day.init), to: try q.day("to").flatMap(Day.init))
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await plans.drills(try Self.filter(q), page: try q.page(), by: context.caller)
        let names = try await store.enterprises.names(of: page.items.compactMap(\.enterpriseID))
        let mayRecord = context.user.role.can(.managePlans) || context.user.role == .enterpriseOfficer
        let body = DrillViews.list(
            page.items, enterpriseNames: names, query: q.values, mayRecord: mayRecord, role: context.user.role,
            pager: Layout.pager(page, base: "/plans/drills", query: q.values(except: ["page"])))
        return Layout.page(title: DrillViews.title, context: context, active: "/plans", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        guard context.user.role.can(.managePlans) || context.user.role == .enterpriseOfficer else { throw AnlanError.forbidden }
        var values: [String: [String]] = [:]
        for (k, v) in try Query(request).values { values[k] = [v] }
        return try await form(values: values, refusal: nil, context: context).response()
    }

    func form(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let visible = try await plans.list(.init(), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: context.caller).items
            .filter { $0.currentVersion != nil }
        let body = DrillViews.form(
            plans: visible, values: values, today: today, csrf: context.csrfToken ?? "", refusal: refusal, role: context.user.role)
        return Layout.page(title: DrillViews.title, context: context, active: "/plans", body: body)
    }

    @Sendable func recordFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let drill = try await record(form, context: context)
            return Response.redirect(to: "/plans/drills/\(drill.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func drillPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.drillNotFound)
        let drill = try await plans.drill(id, by: context.caller)
        var planTitle = ""
        if let planID = drill.planID { planTitle = (try? await plans.get(planID, by: context.caller))?.title ?? "" }
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return Layout.page(
            title: drill.title, context: context, active: "/plans", notice: notice,
            body: DrillViews.detail(drill, planTitle: planTitle, role: context.user.role)
        ).response()
    }

    @Sendable func compliancePage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await compliance(q, context: context)
        let body = DrillViews.compliance(
            page.items, total: page.total, divisionNames: try await StockController(store: store).names(context),
            townships: try await WarehouseController(store: store).places(context), sectors: try await store.enterprises.sectors(),
            query: q.values, today: today, pager: Layout.pager(page, base: "/plans/drills/compliance", query: q.values(except: ["page"])))
        return Layout.page(title: "演练频次", context: context, active: "/plans", body: body).response()
    }

    /// The year-end report: every row of the filtered compliance (not one page) with its township, as a workbook.
    @Sendable func complianceWorkbook(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let rows = try await allCompliance(q, context: context)
        let names = try await StockController(store: store).names(context)
        let writer = try XLSXWriter(header: DrillViews.workbookHeader)
        for row in DrillViews.workbookRows(rows, divisionNames: names) { try writer.append(row) }
        let who = try Self.enterprises(q) ? "企业" : "县乡"
        return try Download.xlsx(writer, fileName: "演练频次（\(who)）-\(today).xlsx")
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await plans.drills(try Self.filter(q), page: try q.page(), by: context.caller), DrillDTO.init))
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.drillNotFound)
        return try JSONResponse.make(DrillDTO(try await plans.drill(id, by: context.caller)))
    }

    @Sendable func recordFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(DrillDTO(try await record(input, context: context)), status: .created)
    }

    @Sendable func compliance(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(PageDTO(try await compliance(try Query(request), context: context), DrillComplianceDTO.init))
    }

    /// Every row the query asks for (who, behind only, sector, township): a page of it, or the year-end workbook.
    func allCompliance(_ q: Query, context: UserContext) async throws -> [EmergencyPlanRepository.DrillCompliance] {
        try await plans.drillCompliance(
            behindOnly: try q.bool("behind") ?? true, enterprises: try Self.enterprises(q), sector: q.string("sector"),
            within: try q.divisionCode("divisionCode"), by: context.caller)
    }

    /// The compliance the query asks for, one page of it: the one reading behind both faces.
    func compliance(_ q: Query, context: UserContext) async throws -> Page<EmergencyPlanRepository.DrillCompliance> {
        let all = try await allCompliance(q, context: context)
        let request = try q.page()
        return Page(items: Array(all.dropFirst(request.offset).prefix(request.pageSize)), total: all.count, request: request)
    }
}
