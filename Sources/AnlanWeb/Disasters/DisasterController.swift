import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Disaster reports (自然灾害情况统计调查制度): the county opens a disaster process; village information officers enter
/// their village's figures on a phone (the client's ID makes a resubmission harmless); the township accepts or returns
/// them; the county sends the 初报, the daily 续报 and the 核报 built from the accepted figures, on the clocks the duty
/// desk shows. Each write is parsed once and made by one store operation from either face.
struct DisasterController {
    let store: Store

    var now: Date { store.environment.now() }
    var today: Day { Day(now) }
    var disasters: DisasterRepository { store.disasters }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/disasters", .permission(.readBusinessData), use: listPage)
        pages.get("/disasters/new", .permission(.keepDuty), use: newPage)
        pages.get("/disasters/statistics", .permission(.readBusinessData), use: statisticsPage)
        pages.get("/disasters/statistics.xlsx", .permission(.readBusinessData), use: statisticsXLSX)
        pages.post("/disasters", .permission(.keepDuty), use: openFromPage)
        pages.get("/disasters/{id}", .permission(.readBusinessData), use: eventPage)
        pages.post("/disasters/{id}/moves", .permission(.keepDuty), use: moveFromPage)
        pages.post("/disasters/{id}/reports", .permission(.keepDuty), use: reportFromPage)
        pages.get("/disasters/{id}/table.xlsx", .permission(.readBusinessData), use: tableXLSX)
        pages.get("/disasters/{id}/entries", .permission(.readBusinessData), use: entriesPage)
        pages.get("/disasters/{id}/entries/new", .permission(.reportDisasters), use: entryFormPage)
        pages.post("/disasters/{id}/entries", .permission(.reportDisasters), use: enterFromPage)
        pages.post("/disaster-entries/{id}/review", .permission(.reviewDisasterReports), use: reviewFromPage)
        pages.get("/disasters/{id}/casualties", .permission(.readBusinessData), use: casualtiesPage)
        pages.post("/disasters/{id}/casualties", .permission(.reportDisasters), use: addCasualtyFromPage)
        pages.get("/disasters/{id}/casualties.xlsx", .permission(.readBusinessData), use: casualtiesXLSX)
        pages.post("/disaster-casualties/{id}", .permission(.reportDisasters), use: setCasualtyFromPage)
        pages.get("/disasters/{id}/houses", .permission(.readBusinessData), use: housesPage)
        pages.post("/disasters/{id}/houses", .permission(.reportDisasters), use: addHouseFromPage)
        pages.get("/disasters/{id}/houses.xlsx", .permission(.readBusinessData), use: housesXLSX)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(DisasterOperations.list, list)
        api.add(DisasterOperations.open, openFromAPI)
        api.add(DisasterOperations.get, get)
        api.add(DisasterOperations.move, moveFromAPI)
        api.add(DisasterOperations.entries, entriesAPI)
        api.add(DisasterOperations.enter, enterFromAPI)
        api.add(DisasterOperations.review, reviewFromAPI)
        api.add(DisasterOperations.report, reportFromAPI)
        api.add(DisasterOperations.casualties, casualtiesAPI)
        api.add(DisasterOperations.addCasualty, addCasualtyFromAPI)
        api.add(DisasterOperations.setCasualty, setCasualtyFromAPI)
        api.add(DisasterOperations.houses, housesAPI)
        api.add(DisasterOperations.addHouse, addHouseFromAPI)
        api.add(DisasterOperations.settings, settingsAPI)
        api.add(DisasterOperations.statistics, statisticsAPI)
        api.add(DisasterOperations.setSettings, setSettingsAPI)
    }

    // MARK: - Operations both faces share

    enum Field {
        static let action = InputField("action", label: "操作", context: "disaster")
        static let decision = InputField("decision", label: "审核结果", context: "disaster")
        static let reviewNote = InputField("note", label: "审核意见", context: "disaster", maxLength: 500)
        static let forDay = InputField("forDay", label: "续报所属日期", context: "disaster")
        static let correctionReason = InputField("correctionReason", label: "更正原因", context: "disaster", maxLength: 500)
        static let reportNote = InputField("note", label: "报送说明", context: "disaster", maxLength: 1000)
    }

    func open(_ input: some CommandInput, context: UserContext) async throws -> DisasterEvent {
        try await disasters.open(try DisasterEventDraft.parse(input, now: now), by: context.caller)
    }

    func move(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DisasterEvent {
        guard let move = DisasterEventMove(rawValue: try input.requiredText(Field.action)) else { throw Field.action.invalid }
        var added: [DivisionCode] = []
        if move == .addTownships {
            let f = DisasterEventDraft.Field.townships
            for text in try input.texts(f) where !text.isEmpty {
                guard let code = try? DivisionCode(text), code.level == .township else { throw f.invalid }
                added.append(code)
            }
            guard !added.isEmpty else { throw f.missing }
        }
        return try await disasters.move(id, move, townships: added, by: context.caller)
    }

    func enter(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> (entry: DisasterEntry, replayed: Bool) {
        try await disasters.enter(id, try DisasterEntryDraft.parse(input, newID: store.environment.newID), by: context.caller)
    }

    func review(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DisasterEntry {
        let decision = try input.requiredText(Field.decision)
        guard decision == "accept" || decision == "return" else { throw Field.decision.invalid }
        return try await disasters.review(id, accept: decision == "accept", note: try input.text(Field.reviewNote), by: context.caller)
    }

    func report(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DisasterReport {
        try await disasters.report(
            id, forDay: try input.day(Field.forDay), correctionReason: try input.text(Field.correctionReason),
            note: try input.text(Field.reportNote), by: context.caller)
    }

    func addCasualty(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DisasterCasualty {
        try await disasters.addCasualty(id, try DisasterCasualtyDraft.parse(input, today: today), by: context.caller)
    }

    func setCasualty(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws {
        switch try input.requiredText(Field.action) {
        case "dead": try await disasters.setCasualty(id, status: .dead, by: context.caller)
        case "found": try await disasters.setCasualty(id, status: nil, by: context.caller)
        default: throw Field.action.invalid
        }
    }

    func addHouse(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DamagedHouse {
        try await disasters.addHouse(id, try DamagedHouseDraft.parse(input, today: today), by: context.caller)
    }

    static func filter(_ q: Query) throws -> DisasterRepository.Filter {
        DisasterRepository.Filter(
            state: try q.enum("state", DisasterEventState.self, label: "状态"), open: try q.bool("open"),
            type: try q.enum("type", DisasterType.self, label: "灾种"), year: try Self.year(q))
    }

    static func year(_ q: Query) throws -> Int? {
        guard let year = try q.int("year") else { return nil }
        guard (2000...2100).contains(year) else {
            throw AnlanError.invalid("query.out_of_range", "参数 year 须在 2000 到 2100 之间。", field: "year")
        }
        return year
    }

    static func entryFilter(_ q: Query) throws -> DisasterRepository.EntryFilter {
        DisasterRepository.EntryFilter(
            status: try q.enum("status", DisasterEntryStatus.self, label: "审核状态"), divisionCode: try q.divisionCode("divisionCode"))
    }

    func names(_ context: UserContext) async throws -> [String: String] {
        try await store.divisions.nameMap(within: context.caller.jurisdiction)
    }

    /// Names of the affected townships and, for a caller below the county, of the divisions above them too.
    func allNames(_ event: DisasterEvent, context: UserContext) async throws -> [String: String] {
        var names = try await names(context)
        for code in event.townships where names[code] == nil {
            names[code] = try await store.divisions.name(of: try DivisionCode(code))
        }
        return names
    }

    func eventID(_ context: UserContext) throws -> UUID { try context.uuidParameter("id", notFound: DisasterErrors.notFound) }

    func isCounty(_ context: UserContext) -> Bool { DisasterRepository.seesCounty(context.caller) }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await disasters.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let body = DisasterViews.list(
            page.items, total: page.total, query: q.values, mayOpen: context.user.role.can(.keepDuty) && isCounty(context),
            pager: Layout.pager(page, base: "/disasters", query: q.values(except: ["page"])))
        return Layout.page(title: DisasterViews.title, context: context, active: "/disasters", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        try await openForm(values: [:], refusal: nil, context: context).response()
    }

    func openForm(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let townships = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level == .township }
            .map { ($0.code.rawValue, $0.name) }
        let body = DisasterViews.openForm(values: values, townships: townships, now: now, csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: "新建灾害过程", context: context, active: "/disasters", body: body)
    }

    @Sendable func openFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let event = try await open(form, context: context)
            return Response.redirect(to: "/disasters/\(event.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await openForm(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func eventPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await page(id, context: context, notice: notice, refusal: nil).response()
    }

    func page(_ id: UUID, context: UserContext, notice: HTML, refusal: AnlanError?, form: [String: [String]] = [:]) async throws -> HTML {
        let d = try await disasters.detail(id, by: context.caller)
        let names = try await allNames(d.event, context: context)
        let people = try await store.accounts.displayNames(of: d.reports.map(\.submittedBy) + [d.event.createdBy])
        let body = DisasterViews.detail(
            d, names: names, people: people, role: context.user.role, county: isCounty(context), now: now, csrf: context.csrfToken ?? "",
            refusal: refusal, form: form)
        return Layout.page(title: "\(d.event.number) \(d.event.name)", context: context, active: "/disasters", notice: notice, body: body)
    }

    @Sendable func moveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await move(id, form, context: context)
            return Response.redirect(to: "/disasters/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await page(id, context: context, notice: .empty, refusal: error, form: form.allValues)
                .response(status: Failure(error).status)
        }
    }

    @Sendable func reportFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await report(id, form, context: context)
            return Response.redirect(to: "/disasters/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await page(id, context: context, notice: .empty, refusal: error, form: form.allValues)
                .response(status: Failure(error).status)
        }
    }

    @Sendable func tableXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let d = try await disasters.detail(id, by: context.caller)
        let names = try await allNames(d.event, context: context)
        let q = try Query(request)
        let lines: [DisasterReport.Line]
        var suffix = "current"
        if let reportID = try q.uuid("report") {
            guard let report = d.reports.first(where: { $0.id == reportID }) else {
                throw AnlanError.notFound("disaster.report_not_found", "该灾情报告不存在。")
            }
            lines = report.lines
            suffix = "\(report.sequence)-\(report.stage.rawValue)"
        } else {
            lines = d.townships.map { DisasterReport.Line(township: $0.code, figures: $0.figures) }
        }
        let reported = Set(d.townships.filter { $0.firstAcceptedAt != nil }.map(\.code))
        let title: String
        if let reportID = try q.uuid("report"), let report = d.reports.first(where: { $0.id == reportID }) {
            title =
                "\(d.event.number) \(d.event.name) 灾情统计表（第 \(report.sequence) 次报送·\(report.stage.label)，\(Moment.minutes(report.submittedAt))）"
        } else {
            title = "\(d.event.number) \(d.event.name) 灾情统计表（乡镇已审核，截至 \(Moment.minutes(now))）"
        }
        let writer = try XLSXWriter(header: DisasterViews.tableHeader, title: title, sheetName: "灾情统计")
        for line in lines {
            try writer.append(
                cells: DisasterViews.tableRow(
                    names[line.township] ?? line.township, line.figures, status: reported.contains(line.township) ? "" : "未报送"))
        }
        try writer.append(cells: DisasterViews.tableRow("合计", lines.reduce(DisasterFigures.zero) { $0 + $1.figures }))
        return try Download.xlsx(writer, fileName: "disaster-\(d.event.number)-\(suffix).xlsx")
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await disasters.list(try Self.filter(q), page: try q.page(), by: context.caller)) { DisasterEventDTO($0) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(DisasterEventDTO(try await disasters.detail(try eventID(context), by: context.caller), now: now))
    }

    @Sendable func openFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let event = try await open(try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(DisasterEventDTO(try await disasters.detail(event.id, by: context.caller), now: now), status: .created)
    }

    @Sendable func moveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        _ = try await move(id, try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(DisasterEventDTO(try await disasters.detail(id, by: context.caller), now: now))
    }

    @Sendable func entriesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await disasters.entries(of: try eventID(context), try Self.entryFilter(q), page: try q.page(), by: context.caller)
        return try JSONResponse.make(PageDTO(page) { DisasterEntryDTO($0) })
    }

    @Sendable func enterFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let result = try await enter(try eventID(context), try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(DisasterEntryDTO(result.entry, replayed: result.replayed), status: result.replayed ? .ok : .created)
    }

    @Sendable func reviewFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DisasterErrors.entryNotFound)
        return try JSONResponse.make(
            DisasterEntryDTO(try await review(id, try await JSONInput.read(request, context: context), context: context)))
    }

    @Sendable func reportFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let report = try await report(try eventID(context), try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(DisasterReportDTO(report), status: .created)
    }

    @Sendable func casualtiesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await disasters.casualties(of: try eventID(context), page: try q.page(), by: context.caller)) {
                DisasterCasualtyDTO($0)
            })
    }

    @Sendable func addCasualtyFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let row = try await addCasualty(try eventID(context), try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(DisasterCasualtyDTO(row), status: .created)
    }

    @Sendable func setCasualtyFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AnlanError.notFound("disaster.casualty_not_found", "台账记录不存在或不在您的辖区内。"))
        try await setCasualty(id, try await JSONInput.read(request, context: context), context: context)
        return Response(status: .noContent)
    }

    @Sendable func housesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await disasters.houses(of: try eventID(context), page: try q.page(), by: context.caller)) { DamagedHouseDTO($0) })
    }

    @Sendable func addHouseFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let row = try await addHouse(try eventID(context), try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(DamagedHouseDTO(row), status: .created)
    }

    @Sendable func settingsAPI(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(DisasterSettingsDTO(try await disasters.settings()))
    }

    @Sendable func setSettingsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        let current = try await disasters.settings()
        func number(_ name: String, _ fallback: Int) throws -> Int {
            try input.integer(InputField(name, label: "设置值", context: "disaster", codeStem: "setting")) ?? fallback
        }
        try await disasters.setSettings(
            DisasterReportSettings(
                progressHour: try number("progressHour", current.progressHour),
                droughtProgressDays: try number("droughtProgressDays", current.droughtProgressDays),
                finalWorkingDays: try number("finalWorkingDays", current.finalWorkingDays)), by: context.caller)
        return try JSONResponse.make(DisasterSettingsDTO(try await disasters.settings()))
    }
}
