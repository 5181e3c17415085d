import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Incidents as pages and API operations: open one (from a report or on its own), move it along its lifecycle, keep
/// its timeline, and print or download its 大事记. Each write is parsed once by Core and made by one store operation.
struct IncidentController {
    let store: Store

    var now: Date { store.environment.now() }
    var incidents: IncidentRepository { store.incidents }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/incidents", .permission(.readBusinessData), use: listPage)
        pages.get("/incidents/new", .permission(.keepDuty), use: newPage)
        pages.post("/incidents", .permission(.keepDuty), use: openFromPage)
        pages.get("/incidents/{id}", .permission(.readBusinessData), use: incidentPage)
        pages.post("/incidents/{id}/moves", .permission(.keepDuty), use: moveFromPage)
        pages.get("/incidents/{id}/chronicle", .permission(.readBusinessData), use: chroniclePage)
        pages.post("/incidents/{id}/activations", .permission(.keepDuty), use: activateFromPage)
        pages.post("/incidents/{id}/orders", .permission(.keepDuty), use: dispatchFromPage)
        pages.post("/incidents/{id}/orders/{order}/state", .permission(.keepDuty), use: moveOrderFromPage)
        pages.post("/incidents/{id}/activations/{activation}/level", .permission(.keepDuty), use: changeLevelFromPage)
        pages.post("/incidents/{id}/activations/{activation}/stand-down", .permission(.keepDuty), use: standDownFromPage)
        pages.post("/incidents/{id}/tasks/{task}/acknowledge", .permission(.keepDuty), use: acknowledgeTaskFromPage)
        pages.post("/incidents/{id}/tasks/{task}/complete", .permission(.keepDuty), use: completeTaskFromPage)
        pages.get("/incidents/{id}/chronicle.docx", .permission(.readBusinessData), use: chronicleDOCX)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(IncidentOperations.list, list)
        api.add(IncidentOperations.get, get)
        api.add(IncidentOperations.open, openFromAPI)
        api.add(IncidentOperations.move, moveFromAPI)
        api.add(IncidentOperations.events, events)
        api.add(IncidentOperations.accidentGrade, accidentGrade)
        api.add(IncidentOperations.activations, activationsAPI)
        api.add(IncidentOperations.orders, ordersAPI)
        api.add(IncidentOperations.dispatch, dispatchAPI)
        api.add(IncidentOperations.moveOrder, moveOrderAPI)
        api.add(IncidentOperations.activate, activateAPI)
        api.add(IncidentOperations.changeLevel, changeLevelAPI)
        api.add(IncidentOperations.standDown, standDownAPI)
        api.add(IncidentOperations.tasks, tasksAPI)
        api.add(IncidentOperations.acknowledgeTask, acknowledgeTaskAPI)
        api.add(IncidentOperations.completeTask, completeTaskAPI)
    }

    func open(_ input: some CommandInput, context: UserContext) async throws -> Incident {
        try await incidents.open(try IncidentDraft.parse(input, now: now), by: context.caller)
    }

    func move(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> Incident {
        try await incidents.move(id, try IncidentMove.parse(input), by: context.caller)
    }

    // MARK: - Plan activation: the operations behind both faces

    func activate(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> PlanActivation {
        let (plan, level) = try ActivationRules.parse(input)
        return try await incidents.activate(id, plan: plan, level: level, by: context.caller)
    }

    func changeLevel(_ id: UUID, _ activation: UUID, _ input: some CommandInput, context: UserContext) async throws -> PlanActivation {
        let level = try ActivationRules.parseLevel(input)
        return try await incidents.changeLevel(
            id, activation: activation, to: level, reason: try input.requiredText(ActivationRules.Field.reason), by: context.caller)
    }

    func standDown(_ id: UUID, _ activation: UUID, _ input: some CommandInput, context: UserContext) async throws -> PlanActivation {
        try await incidents.standDown(
            id, activation: activation, reason: try input.requiredText(ActivationRules.Field.reason), by: context.caller)
    }

    func completeTask(_ id: UUID, _ task: UUID, _ input: some CommandInput, context: UserContext) async throws -> IncidentTask {
        try await incidents.moveTask(
            id, task: task, .complete(note: try input.requiredText(ActivationRules.Field.note)), by: context.caller)
    }

    /// Runs a page form's write and returns to the incident, or shows the incident with the refusal.
    func fromPage(_ request: Request, context: UserContext, back anchor: String = "", _ body: (UUID, FormData) async throws -> Void)
        async throws -> Response
    {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            try await body(id, form)
            return Response.redirect(to: "/incidents/\(id.key)?saved=1\(anchor)", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            // A refused 调运物资 order comes back with its warehouse and first item still chosen.
            let picked = (form.allValues["warehouseId"]?.first, form.allValues["supplies.itemId"]?.first)
            return try await page(id, context: context, notice: .empty, refusal: error, picked: picked).response(
                status: Failure(error).status)
        }
    }

    func dispatch(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DispatchOrder {
        try await incidents.dispatch(id, try DispatchDraft.parse(input), by: context.caller)
    }

    func moveOrder(_ id: UUID, _ order: UUID, _ input: some CommandInput, context: UserContext) async throws -> DispatchOrder {
        let (state, note) = try DispatchDraft.parseMove(input)
        return try await incidents.moveOrder(id, order: order, to: state, note: note, by: context.caller)
    }

    @Sendable func dispatchFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await fromPage(request, context: context, back: "#orders") { id, form in _ = try await dispatch(id, form, context: context) }
    }

    @Sendable func moveOrderFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let order = try context.uuidParameter("order", notFound: DispatchErrors.notFound)
        return try await fromPage(request, context: context, back: "#orders") { id, form in
            _ = try await moveOrder(id, order, form, context: context)
        }
    }

    @Sendable func ordersAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        return try JSONResponse.make(ListDTO(items: try await incidents.orders(of: id, by: context.caller).map(DispatchOrderDTO.init)))
    }

    @Sendable func dispatchAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(DispatchOrderDTO(try await dispatch(id, input, context: context)), status: .created)
    }

    @Sendable func moveOrderAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let order = try context.uuidParameter("order", notFound: DispatchErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(DispatchOrderDTO(try await moveOrder(id, order, input, context: context)))
    }

    @Sendable func activateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await fromPage(request, context: context) { id, form in _ = try await activate(id, form, context: context) }
    }

    @Sendable func changeLevelFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let activation = try context.uuidParameter("activation", notFound: IncidentErrors.activationNotFound)
        return try await fromPage(request, context: context, back: "#plans") { id, form in
            _ = try await changeLevel(id, activation, form, context: context)
        }
    }

    @Sendable func standDownFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let activation = try context.uuidParameter("activation", notFound: IncidentErrors.activationNotFound)
        return try await fromPage(request, context: context, back: "#plans") { id, form in
            _ = try await standDown(id, activation, form, context: context)
        }
    }

    @Sendable func acknowledgeTaskFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let task = try context.uuidParameter("task", notFound: IncidentErrors.taskNotFound)
        return try await fromPage(request, context: context, back: "#plans") { id, _ in
            _ = try await incidents.moveTask(id, task: task, .acknowledge, by: context.caller)
        }
    }

    @Sendable func completeTaskFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let task = try context.uuidParameter("task", notFound: IncidentErrors.taskNotFound)
        return try await fromPage(request, context: context, back: "#plans") { id, form in
            _ = try await completeTask(id, task, form, context: context)
        }
    }

    @Sendable func activationsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        return try JSONResponse.make(
            ListDTO(items: try await incidents.activations(of: id, by: context.caller).map(PlanActivationDTO.init)))
    }

    @Sendable func activateAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(PlanActivationDTO(try await activate(id, input, context: context)), status: .created)
    }

    @Sendable func changeLevelAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let activation = try context.uuidParameter("activation", notFound: IncidentErrors.activationNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(PlanActivationDTO(try await changeLevel(id, activation, input, context: context)))
    }

    @Sendable func standDownAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let activation = try context.uuidParameter("activation", notFound: IncidentErrors.activationNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(PlanActivationDTO(try await standDown(id, activation, input, context: context)))
    }

    @Sendable func tasksAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        return try JSONResponse.make(ListDTO(items: try await incidents.tasks(of: id, by: context.caller).map(IncidentTaskDTO.init)))
    }

    @Sendable func acknowledgeTaskAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let task = try context.uuidParameter("task", notFound: IncidentErrors.taskNotFound)
        return try JSONResponse.make(IncidentTaskDTO(try await incidents.moveTask(id, task: task, .acknowledge, by: context.caller)))
    }

    @Sendable func completeTaskAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let task = try context.uuidParameter("task", notFound: IncidentErrors.taskNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(IncidentTaskDTO(try await completeTask(id, task, input, context: context)))
    }

    static func filter(_ q: Query) throws -> IncidentRepository.Filter {
        IncidentRepository.Filter(
            openOnly: try q.bool("open") ?? false, state: try q.enum("state", IncidentState.self, label: "事件状态"),
            category: try q.enum("category", IncidentCategory.self, label: "事件类别"), enterpriseID: try q.uuid("enterpriseId"),
            query: q.string("q").map { String($0.prefix(100)) })
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await incidents.list(try Self.filter(q), page: try q.page(), by: context.caller), IncidentDTO.init))
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        return try JSONResponse.make(IncidentDTO(try await incidents.get(id, by: context.caller)))
    }

    @Sendable func openFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(IncidentDTO(try await open(input, context: context)), status: .created)
    }

    @Sendable func moveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(IncidentDTO(try await move(id, input, context: context)))
    }

    @Sendable func events(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        return try JSONResponse.make(
            PageDTO(try await incidents.events(id, page: try Query(request).page(), by: context.caller), IncidentEventDTO.init))
    }

    /// The 生产安全事故 grading rule served read-only (条例 第三条).
    @Sendable func accidentGrade(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        for (name, label) in [("deaths", "死亡人数"), ("seriousInjuries", "重伤人数"), ("directLossWanYuan", "直接经济损失（万元）")]
        where input.value(name) == nil || input.value(name) == .text("") {
            // All three are required here: an empty text is missing, not read as 0 (the incident form's figures may
            // be left empty; a grading question may not).
            throw InputField(name, label: label, context: "accident").missing
        }
        let f = try IncidentFigures.parse(
            AliasedInput(base: input, aliases: ["lossWanYuan": "directLossWanYuan"]), context: "accident")
        let g = AccidentGrade.grade(deaths: f.deaths, seriousInjuries: f.seriousInjuries, directLossWanYuan: f.lossWanYuan)
        return try JSONResponse.make(
            AccidentGradeDTO(
                grade: g.grade.label, level: g.grade.incidentLevel.rawValue,
                decidedBy: g.decidedBy.map { .init(grade: $0.grade.label, text: $0.text) }, source: AccidentGrade.source))
    }
}

/// An input read under other names: a rule's body names a field as the rule does ("directLossWanYuan").
struct AliasedInput<Base: CommandInput>: CommandInput {
    let base: Base
    let aliases: [String: String]
    func value(_ name: String) -> InputValue? { base.value(aliases[name] ?? name) }
}
