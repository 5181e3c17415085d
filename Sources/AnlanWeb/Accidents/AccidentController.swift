import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// 生产安全事故 (disasters and accidents, first part): recorded in minutes by the desk, graded by the regulation from
/// their figures, followed on their report clock and through the investigation to the close. Each write is parsed once by
/// Core and made by one store operation from either face.
struct AccidentsWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) { AccidentController(store: store).registerPages(pages) }
    func registerAPI(_ api: APIRoutes) { AccidentController(store: store).registerAPI(api) }

    static let schemas = AccidentSchemas.all
    static let navigation = [
        NavigationEntry(path: "/accidents", title: AccidentViews.title, permission: .readBusinessData, bureauOnly: true)
    ]
}

struct AccidentController {
    let store: Store

    var now: Date { store.environment.now() }
    var accidents: AccidentRepository { store.accidents }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/accidents", .permission(.readBusinessData), use: listPage)
        pages.get("/accidents/new", .permission(.keepDuty), use: newPage)
        pages.post("/accidents", .permission(.keepDuty), use: recordFromPage)
        pages.get("/accidents/statistics", .permission(.readBusinessData), use: statisticsPage)
        pages.get("/accidents/statistics.xlsx", .permission(.readBusinessData), use: statisticsXLSX)
        pages.get("/accidents/{id}", .permission(.readBusinessData), use: accidentPage)
        pages.get("/accidents/{id}/report-form", .permission(.readBusinessData), use: reportFormPage)
        pages.post("/accidents/{id}/moves", .permission(.keepDuty), use: moveFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(AccidentOperations.list, list)
        api.add(AccidentOperations.get, get)
        api.add(AccidentOperations.record, recordFromAPI)
        api.add(AccidentOperations.move, moveFromAPI)
        api.add(AccidentOperations.statistics, statistics)
        api.add(AccidentOperations.settings, settingsAPI)
        api.add(AccidentOperations.setSettings, setSettingsAPI)
    }

    func record(_ input: some CommandInput, context: UserContext) async throws -> Accident {
        try await accidents.record(try AccidentDraft.parse(input, now: now), by: context.caller)
    }

    func move(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> Accident {
        try await accidents.move(id, try AccidentMove.parse(input, now: now), by: context.caller)
    }

    static func filter(_ q: Query) throws -> AccidentRepository.Filter {
        AccidentRepository.Filter(
            state: try q.enum("state", AccidentState.self, label: "事故状态"), open: try q.bool("open"),
            grade: try q.enum("grade", AccidentGrade.self, label: "事故等级"), type: try q.enum("type", AccidentType.self, label: "事故类别"),
            sector: q.string("sector"), enterpriseID: try q.uuid("enterpriseId"), divisionCode: try q.divisionCode("divisionCode"),
            from: try q.day("from").flatMap(Day.init), to: try q.day("to").flatMap(Day.init), query: try SupervisionAPI.search(q))
    }

    func detail(_ id: UUID, context: UserContext) async throws -> AccidentRepository.Detail {
        try await accidents.detail(id, by: context.caller)
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await accidents.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let body = AccidentViews.list(
            page.items, total: page.total, query: q.values, mayRecord: context.user.role.can(.keepDuty), now: now,
            pager: Layout.pager(page, base: "/accidents", query: q.values(except: ["page"])))
        return Layout.page(title: AccidentViews.title, context: context, active: "/accidents", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        var values: [String: [String]] = [:]
        for (k, v) in try Query(request).values { values[k] = [v] }
        return try await form(values: values, refusal: nil, context: context).response()
    }

    func form(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let places = try await store.divisions.names(within: context.caller.jurisdiction).map { ($0.code.rawValue, $0.name) }
        let body = AccidentViews.form(
            values: values, places: places, sectors: try await store.enterprises.sectors(), now: now, csrf: context.csrfToken ?? "",
            refusal: refusal)
        return Layout.page(
            title: "记录生产安全事故", context: context, active: "/accidents", body: body,
            scripts: "<script src=\"/static/js/enterprise-picker.js\"></script>")
    }

    @Sendable func recordFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let accident = try await record(form, context: context)
            return Response.redirect(to: "/accidents/\(accident.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func accidentPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AccidentErrors.notFound)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await page(id, context: context, notice: notice, refusal: nil).response()
    }

    func page(_ id: UUID, context: UserContext, notice: HTML, refusal: AnlanError?, status: HTTPResponse.Status = .ok) async throws -> HTML
    {
        let d = try await detail(id, context: context)
        let people = try await store.accounts.displayNames(of: d.history.map(\.by) + d.reports.map(\.sentBy) + [d.accident.recordedBy])
        let division = try await store.divisions.name(of: try DivisionCode(d.accident.divisionCode))
        var linked: [EnforcementCase] = []
        for id in d.accident.caseIDs { linked.append(try await store.documents.case(id, by: context.caller)) }
        // The enterprise's cases not linked yet, newest first: what the desk links once penalties follow.
        var candidates: [EnforcementCase] = []
        if let enterprise = d.accident.enterpriseID, context.user.role.can(.keepDuty) {
            candidates = try await store.documents.cases(
                .init(enterpriseID: enterprise), page: try PageRequest(pageSize: 50), by: context.caller
            )
            .items.filter { !d.accident.caseIDs.contains($0.id) }
        }
        let body = AccidentViews.detail(
            d, people: people, divisionName: division, role: context.user.role, now: now, settingsSource: AccidentReportSettings.source,
            linked: linked, candidates: candidates, csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: d.accident.number, context: context, active: "/accidents", notice: notice, body: body)
    }

    /// The printable 事故信息快报: what the desk faxes or hands over with the telephone report, from the record.
    @Sendable func reportFormPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AccidentErrors.notFound)
        let d = try await detail(id, context: context)
        let division = try await store.divisions.name(of: try DivisionCode(d.accident.divisionCode))
        let body = AccidentViews.reportForm(
            d.accident, divisionName: division, reporter: context.user.displayName, reports: d.reports, now: now)
        return Layout.page(
            title: "\(d.accident.number) 事故信息快报", context: context, active: "/accidents", body: body,
            scripts: "<script src=\"/static/js/print.js\"></script>"
        ).response()
    }

    @Sendable func moveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AccidentErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await move(id, form, context: context)
            return Response.redirect(to: "/accidents/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await page(id, context: context, notice: .empty, refusal: error).response(status: Failure(error).status)
        }
    }

    static func grouping(_ q: Query) throws -> AccidentRepository.Grouping {
        try q.enum("by", AccidentRepository.Grouping.self, label: "统计口径") ?? .grade
    }

    /// A key of the statistics as people read it.
    func label(_ key: String, _ grouping: AccidentRepository.Grouping, names: [String: String]) -> String {
        switch grouping {
        case .grade: AccidentGrade(rawValue: key)?.label ?? key
        case .type: AccidentType(rawValue: key)?.label ?? key
        case .sector: key
        case .township: names[key] ?? key
        case .month: key.replacingOccurrences(of: "-", with: " 年 ") + " 月"
        }
    }

    func names(_ context: UserContext) async throws -> [String: String] {
        try await store.divisions.nameMap(within: context.caller.jurisdiction)
    }

    @Sendable func statisticsPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let grouping = try Self.grouping(q)
        let (rows, total) = try await accidents.statistics(try Self.filter(q), by: grouping, caller: context.caller)
        let names = try await names(context)
        let body = AccidentViews.statistics(
            rows.map { (key: $0.key, label: label($0.key, grouping, names: names), tally: $0.tally) }, total: total, grouping: grouping,
            query: q.values)
        return Layout.page(title: "事故统计", context: context, active: "/accidents", body: body).response()
    }

    @Sendable func statisticsXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let grouping = try Self.grouping(q)
        let (rows, total) = try await accidents.statistics(try Self.filter(q), by: grouping, caller: context.caller)
        let names = try await names(context)
        let writer = try XLSXWriter(header: [AccidentViews.groupingLabel(grouping)] + AccidentViews.tallyHeader)
        for row in rows { try writer.append([label(row.key, grouping, names: names)] + AccidentViews.cells(row.tally)) }
        try writer.append(["合计"] + AccidentViews.cells(total))
        return try Download.xlsx(writer, fileName: "accidents-\(grouping.rawValue)-\(Timestamp.day(now)).xlsx")
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await accidents.list(try Self.filter(q), page: try q.page(), by: context.caller)) { AccidentDTO($0) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AccidentErrors.notFound)
        return try JSONResponse.make(AccidentDTO(try await detail(id, context: context), now: now))
    }

    @Sendable func recordFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        let accident = try await record(input, context: context)
        return try JSONResponse.make(AccidentDTO(try await detail(accident.id, context: context), now: now), status: .created)
    }

    @Sendable func moveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AccidentErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        _ = try await move(id, input, context: context)
        return try JSONResponse.make(AccidentDTO(try await detail(id, context: context), now: now))
    }

    @Sendable func statistics(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let grouping = try Self.grouping(q)
        let (rows, total) = try await accidents.statistics(try Self.filter(q), by: grouping, caller: context.caller)
        let names = try await names(context)
        return try JSONResponse.make(
            AccidentStatisticsDTO(
                by: grouping.rawValue,
                rows: rows.map { AccidentStatisticsDTO.Row(key: $0.key, label: label($0.key, grouping, names: names), $0.tally) },
                total: AccidentStatisticsDTO.Row(key: "total", label: "合计", total)))
    }

    @Sendable func settingsAPI(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(AccidentSettingsDTO(try await accidents.settings()))
    }

    @Sendable func setSettingsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        let current = try await accidents.settings()
        func hours(_ name: String, _ fallback: Int) throws -> Int {
            try input.integer(InputField(name, label: "小时数", context: "accident", codeStem: "setting")) ?? fallback
        }
        let settings = AccidentReportSettings(
            followUpHoursOrdinary: try hours("followUpHoursOrdinary", current.followUpHoursOrdinary),
            followUpHoursMajor: try hours("followUpHoursMajor", current.followUpHoursMajor),
            supplementHours: try hours("supplementHours", current.supplementHours))
        try await accidents.setSettings(settings, by: context.caller)
        return try JSONResponse.make(AccidentSettingsDTO(try await accidents.settings()))
    }
}
