import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Emergency plans as pages and API operations: the register and its review clock, versions with their documents,
/// response levels, evaluations, and the enterprises' filings. Each write is parsed once in Core and done by one store
/// operation from either face.
struct PlanController {
    let store: Store

    var today: Day { Day(store.environment.now()) }
    var plans: EmergencyPlanRepository { store.emergencyPlans }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/plans", .permission(.readBusinessData), use: listPage)
        pages.get("/plans/new", .permission(.readBusinessData), use: newPage)
        pages.post("/plans", .permission(.readBusinessData), use: createFromPage)
        pages.get("/plans/filings", .permission(.readBusinessData), use: filingsPage)
        pages.get("/plans/not-filed", .permission(.managePlans), use: notFiledPage)
        pages.post("/plans/filings/{id}", .permission(.managePlans), use: decideFromPage)
        pages.get("/plans/{id}", .permission(.readBusinessData), use: planPage)
        pages.post("/plans/{id}/versions", .permission(.readBusinessData), use: versionFromPage)
        pages.get("/plans/{id}/versions/{number}/document", .permission(.readBusinessData), use: download)
        pages.post("/plans/{id}/levels", .permission(.readBusinessData), use: levelFromPage)
        pages.post("/plans/{id}/evaluations", .permission(.managePlans), use: evaluationFromPage)
        pages.post("/plans/{id}/filings", .permission(.readBusinessData), use: fileFromPage)
        pages.post("/plans/{id}/withdraw", .permission(.readBusinessData), use: withdrawFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(PlanOperations.list, list)
        api.add(PlanOperations.get, get)
        api.add(PlanOperations.create, createFromAPI)
        api.add(PlanOperations.update, updateFromAPI)
        api.add(PlanOperations.addVersion, versionFromAPI)
        api.add(PlanOperations.attachDocument, attachFromAPI)
        api.add(PlanOperations.setLevel, levelFromAPI)
        api.add(PlanOperations.evaluate, evaluationFromAPI)
        api.add(PlanOperations.withdraw, withdrawFromAPI)
        api.add(PlanOperations.submitFiling, fileFromAPI)
        api.add(PlanOperations.filings, filings)
        api.add(PlanOperations.notFiled, notFiledList)
        api.add(PlanOperations.decideFiling, decideFromAPI)
    }

    // MARK: - The operations behind both faces

    func create(_ input: some CommandInput, context: UserContext) async throws -> EmergencyPlan {
        try await plans.create(try EmergencyPlanDraft.parse(input), by: context.caller)
    }

    func addVersion(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> EmergencyPlan {
        try await plans.addVersion(id, try PlanVersionDraft.parse(input, today: today), file: nil, by: context.caller)
    }

    func setLevel(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> EmergencyPlan {
        try await plans.setLevel(id, try PlanLevel.parse(input), by: context.caller)
    }

    func evaluate(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> EmergencyPlan {
        try await plans.evaluate(id, try PlanEvaluation.parse(input, today: today), by: context.caller)
    }

    static let recordField = InputField("record", label: "办理结果", context: "emergency_plan")
    static let reasonField = InputField("reason", label: "退回理由", context: "emergency_plan", maxLength: 500)

    func decide(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> PlanFiling {
        try await plans.decideFiling(
            id, record: try input.requiredBool(Self.recordField), reason: try input.text(Self.reasonField), by: context.caller)
    }

    static func filter(_ q: Query) throws -> EmergencyPlanRepository.Filter {
        EmergencyPlanRepository.Filter(
            scope: try q.enum("scope", PlanScope.self, label: "预案类别"), topic: try q.enum("topic", PlanTopic.self, label: "适用领域"),
            enterpriseID: try q.uuid("enterpriseId"), review: try q.enum("review", PlanReviewState.self, label: "评估状态"),
            query: try SupervisionAPI.search(q))
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await plans.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let names = try await store.enterprises.names(of: page.items.compactMap(\.enterpriseID))
        let one = try PageRequest(pageSize: 1)
        var counts: [PlanReviewState: Int] = [:]
        for state in [PlanReviewState.overdue, .dueSoon] {
            counts[state] = try await plans.list(.init(review: state), page: one, by: context.caller).total
        }
        let body = PlanViews.list(
            page.items, enterpriseNames: names, query: q.values, counts: counts, today: today, role: context.user.role,
            pager: Layout.pager(page, base: "/plans", query: q.values(except: ["page"])))
        return Layout.page(title: PlanViews.title, context: context, active: "/plans", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        // Who keeps plans: those with `managePlans`, and enterprise officers for their own enterprise.
        guard context.user.role.can(.managePlans) || context.user.role == .enterpriseOfficer else { throw AnlanError.forbidden }
        return try await form(values: [:], refusal: nil, context: context).response()
    }

    /// The scopes a user may register: an enterprise officer its enterprise's; a township its own and its enterprises'.
    static func scopes(for caller: Caller) -> [PlanScope] {
        if caller.role == .enterpriseOfficer { return [.enterprise] }
        if caller.jurisdiction.root?.level == .township { return [.township, .enterprise] }
        return PlanScope.allCases
    }

    func form(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let caller = context.caller
        var enterprise: (id: String, name: String, divisionCode: String)?
        if caller.role == .enterpriseOfficer, let id = caller.enterpriseID {
            let profile = try await store.enterprises.get(id, by: caller).profile
            enterprise = (id.key, profile.name, profile.divisionCode)
        }
        let places = try await WarehouseController(store: store).places(context)
        let body = PlanViews.form(
            values: values, places: places, scopes: Self.scopes(for: caller), ownEnterprise: enterprise, csrf: context.csrfToken ?? "",
            refusal: refusal)
        return Layout.page(
            title: PlanViews.title, context: context, active: "/plans", body: body,
            scripts: "<script src=\"/static/js/enterprise-picker.js\"></script>")
    }

    @Sendable func createFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let plan = try await create(form, context: context)
            return Response.redirect(to: "/plans/\(plan.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    func page(_ id: UUID, notice: HTML, values: [String: [String]] = [:], context: UserContext) async throws -> HTML {
        let caller = context.caller
        let plan = try await plans.get(id, by: caller)
        let filings = try await plans.filings(.init(enterpriseID: plan.enterpriseID), page: try PageRequest(pageSize: 20), by: caller).items
            .filter { $0.planID == id }
        var enterpriseName: String?
        if let enterprise = plan.enterpriseID { enterpriseName = try await store.enterprises.get(enterprise, by: caller).profile.name }
        let versions = try await plans.versions(of: id, by: caller)
        let model = PlanViews.PlanModel(
            plan: plan, enterpriseName: enterpriseName,
            divisionName: try await StockController(store: store).names(context)[plan.divisionCode] ?? plan.divisionCode,
            versions: versions, levels: try await plans.levels(of: id, by: caller),
            evaluations: try await plans.evaluations(of: id, by: caller), filings: filings,
            people: try await store.accounts.displayNames(of: versions.map(\.recordedBy)),
            mayKeep: caller.role?.can(.managePlans) == true
                || (caller.role == .enterpriseOfficer && caller.enterpriseID == plan.enterpriseID),
            mayEvaluate: caller.role?.can(.managePlans) == true, role: caller.role, csrf: context.csrfToken ?? "", today: today,
            values: values)
        return Layout.page(
            title: plan.title, context: context, active: "/plans", notice: notice, body: PlanViews.page(model),
            scripts: "<script src=\"/static/js/upload.js\"></script>")
    }

    @Sendable func planPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await page(id, notice: notice, context: context).response()
    }

    /// A refused form on the plan's page shows the page again with the refusal and what was typed.
    private func act(_ request: Request, context: UserContext, _ body: (UUID, FormData) async throws -> Void) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            try await body(id, form)
            return Response.redirect(to: "/plans/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind == .unprocessable || error.kind == .conflict || error.kind == .badRequest {
            return try await page(id, notice: Components.refusal(error), values: form.allValues, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func versionFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, form in _ = try await addVersion(id, form, context: context) }
    }

    @Sendable func levelFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, form in _ = try await setLevel(id, form, context: context) }
    }

    @Sendable func evaluationFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, form in _ = try await evaluate(id, form, context: context) }
    }

    @Sendable func fileFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, _ in _ = try await plans.submitFiling(id, by: context.caller) }
    }

    @Sendable func withdrawFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, _ in _ = try await plans.withdraw(id, by: context.caller) }
    }

    @Sendable func download(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        guard let number = Int(try context.pathParameter("number")) else { throw PlanErrors.notFound }
        let document = try await plans.document(of: id, version: number, by: context.caller)
        return Download.response(
            fileName: document.name, contentType: document.type, body: .init(byteBuffer: ByteBuffer(bytes: document.data)))
    }

    @Sendable func filingsPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let filter = EmergencyPlanRepository.FilingFilter(
            state: try q.enum("state", PlanFiling.State.self, label: "备案状态"), late: try q.bool("late"))
        let page = try await plans.filings(filter, page: try q.page(), by: context.caller)
        let names = try await store.enterprises.names(of: page.items.map(\.enterpriseID))
        let body = PlanViews.filings(
            page.items, enterpriseNames: names, query: q.values, mayDecide: context.user.role.can(.managePlans),
            csrf: context.csrfToken ?? "",
            today: today, pager: Layout.pager(page, base: "/plans/filings", query: q.values(except: ["page"])))
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return Layout.page(title: PlanViews.filingsTitle, context: context, active: "/plans", notice: notice, body: body).response()
    }

    @Sendable func notFiledPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await notFiled(q, context: context)
        let names = try await StockController(store: store).names(context)
        let body = PlanViews.notFiled(
            page.items, total: page.total, divisionNames: names, townships: try await WarehouseController(store: store).places(context),
            sectors: try await store.enterprises.sectors(), query: q.values,
            pager: Layout.pager(page, base: "/plans/not-filed", query: q.values(except: ["page"])))
        return Layout.page(title: "未备案企业", context: context, active: "/plans", body: body).response()
    }

    @Sendable func decideFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.filingNotFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await decide(id, form, context: context)
            return Response.redirect(to: "/plans/filings?saved=1", type: .found)
        } catch let error as AnlanError where error.kind == .unprocessable || error.kind == .conflict {
            let page = try await plans.filings(.init(state: .submitted), page: try PageRequest(), by: context.caller)
            let names = try await store.enterprises.names(of: page.items.map(\.enterpriseID))
            let body = PlanViews.filings(
                page.items, enterpriseNames: names, query: ["state": "submitted"], mayDecide: true, csrf: context.csrfToken ?? "",
                today: today,
                pager: .empty)
            return Layout.page(
                title: PlanViews.filingsTitle, context: context, active: "/plans", notice: Components.refusal(error), body: body
            )
            .response(status: Failure(error).status)
        }
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let today = self.today
        return try JSONResponse.make(
            PageDTO(try await plans.list(try Self.filter(q), page: try q.page(), by: context.caller)) { EmergencyPlanDTO($0, today: today) }
        )
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let caller = context.caller
        return try JSONResponse.make(
            EmergencyPlanDTO(
                try await plans.get(id, by: caller), today: today, versions: try await plans.versions(of: id, by: caller),
                levels: try await plans.levels(of: id, by: caller), evaluations: try await plans.evaluations(of: id, by: caller)))
    }

    @Sendable func createFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(EmergencyPlanDTO(try await create(input, context: context), today: today), status: .created)
    }

    @Sendable func updateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(
            EmergencyPlanDTO(try await plans.update(id, try EmergencyPlanDraft.parse(input), by: context.caller), today: today))
    }

    @Sendable func versionFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(EmergencyPlanDTO(try await addVersion(id, input, context: context), today: today), status: .created)
    }

    @Sendable func attachFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        guard let number = Int(try context.pathParameter("number")) else { throw PlanErrors.notFound }
        let name = try Query(request).string("fileName") ?? ""
        guard !name.isEmpty else { throw AnlanError.invalid("attachment.file_name_required", "请提供文件名。", field: "fileName") }
        let data = try await EnterpriseRecordsAPI.upload(request)
        return try JSONResponse.make(
            EmergencyPlanDTO(try await plans.attachDocument(id, version: number, file: (name, data), by: context.caller), today: today))
    }

    @Sendable func levelFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(EmergencyPlanDTO(try await setLevel(id, input, context: context), today: today))
    }

    @Sendable func evaluationFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(EmergencyPlanDTO(try await evaluate(id, input, context: context), today: today))
    }

    @Sendable func withdrawFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        return try JSONResponse.make(EmergencyPlanDTO(try await plans.withdraw(id, by: context.caller), today: today))
    }

    @Sendable func fileFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.notFound)
        return try JSONResponse.make(PlanFilingDTO(try await plans.submitFiling(id, by: context.caller), today: today), status: .created)
    }

    /// The enterprises with no recorded filing the query asks for (sector, township): the one reading behind both faces.
    func notFiled(_ q: Query, context: UserContext) async throws -> Page<(id: UUID, name: String, divisionCode: String)> {
        try await plans.enterprisesNotFiled(
            sector: q.string("sector"), within: try q.divisionCode("divisionCode"), page: try q.page(), by: context.caller)
    }

    @Sendable func notFiledList(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(
            PageDTO(try await notFiled(try Query(request), context: context)) {
                EnterpriseNotFiledDTO(enterpriseId: $0.id.key, name: $0.name, divisionCode: $0.divisionCode)
            })
    }

    @Sendable func filings(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let filter = EmergencyPlanRepository.FilingFilter(
            state: try q.enum("state", PlanFiling.State.self, label: "备案状态"), late: try q.bool("late"))
        let today = self.today
        return try JSONResponse.make(
            PageDTO(try await plans.filings(filter, page: try q.page(), by: context.caller)) { PlanFilingDTO($0, today: today) })
    }

    @Sendable func decideFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PlanErrors.filingNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(PlanFilingDTO(try await decide(id, input, context: context), today: today))
    }
}
