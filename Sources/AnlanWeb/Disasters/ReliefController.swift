import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// 冬春救助: the county opens a season's program with its budget; townships file their needs by the end of October;
/// villages enter households' applications, hold the 评议 and post the list; townships review once the posting ended;
/// the county decides the amounts and records the payments; the list is exported and published.
struct ReliefController {
    let store: Store

    var now: Date { store.environment.now() }
    var today: Day { Day(now) }
    var relief: ReliefRepository { store.relief }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/relief", .permission(.readBusinessData), use: programsPage)
        pages.post("/relief", .permission(.decideRelief), use: openFromPage)
        pages.get("/relief/{id}", .permission(.readBusinessData), use: programPage)
        pages.post("/relief/{id}/needs", .permission(.reportDisasters), use: needFromPage)
        pages.get("/relief/{id}/households", .permission(.readBusinessData), use: householdsPage)
        pages.get("/relief/{id}/households/new", .permission(.reportDisasters), use: applyPage)
        pages.post("/relief/{id}/households", .permission(.reportDisasters), use: applyFromPage)
        pages.get("/relief/{id}/list.xlsx", .permission(.readBusinessData), use: listXLSX)
        pages.get("/relief/{id}/needs.xlsx", .permission(.readBusinessData), use: needsXLSX)
        pages.get("/relief/{id}/publication", .permission(.readBusinessData), use: publicationPage)
        pages.get("/relief-households/{id}", .permission(.readBusinessData), use: householdPage)
        pages.post("/relief-households/{id}/moves", .permission(.readBusinessData), use: moveFromPage)
        pages.get("/relief-households/{id}/photo", .permission(.readBusinessData), use: photo)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(ReliefOperations.programs, programsAPI)
        api.add(ReliefOperations.open, openFromAPI)
        api.add(ReliefOperations.program, programAPI)
        api.add(ReliefOperations.setNeed, needFromAPI)
        api.add(ReliefOperations.households, householdsAPI)
        api.add(ReliefOperations.apply, applyFromAPI)
        api.add(ReliefOperations.household, householdAPI)
        api.add(ReliefOperations.move, moveFromAPI)
        api.add(ReliefOperations.photo, photoFromAPI)
    }

    // MARK: - Shared

    func programID(_ context: UserContext) throws -> UUID { try context.uuidParameter("id", notFound: ReliefErrors.programNotFound) }
    func householdID(_ context: UserContext) throws -> UUID { try context.uuidParameter("id", notFound: ReliefErrors.householdNotFound) }

    func open(_ input: some CommandInput, context: UserContext) async throws -> ReliefProgram {
        try await relief.open(try ReliefProgramDraft.parse(input), by: context.caller)
    }

    func need(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> ReliefNeed {
        let n = try ReliefNeed.parse(input)
        return try await relief.setNeed(
            id, township: n.township, households: n.households, people: n.people, byHardship: n.byHardship, funds: n.funds,
            by: context.caller)
    }

    func apply(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> ReliefHousehold {
        try await relief.apply(id, try ReliefHouseholdDraft.parse(input, today: today), by: context.caller)
    }

    func move(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> ReliefHousehold {
        try await relief.move(id, try ReliefMove.parse(input, today: today), by: context.caller)
    }

    static func filter(_ q: Query) throws -> ReliefRepository.Filter {
        ReliefRepository.Filter(
            state: try q.enum("state", ReliefState.self, label: "状态"), divisionCode: try q.divisionCode("divisionCode"),
            query: try SupervisionAPI.search(q))
    }

    func names(_ context: UserContext) async throws -> [String: String] {
        try await store.divisions.nameMap(within: context.caller.jurisdiction)
    }

    func isCounty(_ context: UserContext) -> Bool { DisasterRepository.seesCounty(context.caller) }

    /// Every household of a filter, page by page (exports are the whole list).
    func all(_ id: UUID, _ filter: ReliefRepository.Filter, context: UserContext) async throws -> [ReliefHousehold] {
        try await Page.all { try await relief.households(of: id, filter, page: $0, by: context.caller) }
    }

    // MARK: - Pages

    @Sendable func programsPage(_ request: Request, context: UserContext) async throws -> Response {
        try await programsHTML(request, values: [:], refusal: nil, context: context).response()
    }

    func programsHTML(_ request: Request, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let q = try Query(request)
        let page = try await relief.programs(page: try q.page(), by: context.caller)
        let body = ReliefViews.programs(
            page.items, total: page.total, mayOpen: context.user.role.can(.decideRelief) && isCounty(context), year: today.year,
            values: values, csrf: context.csrfToken ?? "", refusal: refusal,
            pager: Layout.pager(page, base: "/relief", query: q.values(except: ["page"])))
        return Layout.page(title: ReliefViews.title, context: context, active: "/disasters", body: body)
    }

    @Sendable func openFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let program = try await open(form, context: context)
            return Response.redirect(to: "/relief/\(program.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await programsHTML(request, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func programPage(_ request: Request, context: UserContext) async throws -> Response {
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await programHTML(try programID(context), notice: notice, values: [:], refusal: nil, context: context).response()
    }

    func programHTML(_ id: UUID, notice: HTML, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML
    {
        let program = try await relief.program(id, by: context.caller)
        let names = try await names(context)
        let townships = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level == .township }
            .map { ($0.code.rawValue, $0.name) }
        let body = ReliefViews.program(
            program, totals: try await relief.totals(of: id, by: context.caller), needs: try await relief.needs(of: id, by: context.caller),
            omissions: try await relief.omissions(of: id, by: context.caller), names: names, townships: townships,
            county: isCounty(context),
            mayFileNeeds: context.user.role.can(.reportDisasters) && context.caller.jurisdiction.root?.level != .village
                && today <= program.endsOn,
            mayApply: context.user.role.can(.reportDisasters) && today <= program.endsOn, today: today, values: values,
            csrf: context.csrfToken ?? "",
            refusal: refusal)
        return Layout.page(title: program.name, context: context, active: "/disasters", notice: notice, body: body)
    }

    @Sendable func needFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await need(id, form, context: context)
            return Response.redirect(to: "/relief/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await programHTML(id, notice: .empty, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func householdsPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        let q = try Query(request)
        let program = try await relief.program(id, by: context.caller)
        let page = try await relief.households(of: id, try Self.filter(q), page: try q.page(), by: context.caller)
        let body = ReliefViews.households(
            program, page.items, total: page.total, names: try await names(context), query: q.values,
            mayApply: context.user.role.can(.reportDisasters),
            pager: Layout.pager(page, base: "/relief/\(id.key)/households", query: q.values(except: ["page"])))
        return Layout.page(title: "救助申请", context: context, active: "/disasters", body: body).response()
    }

    @Sendable func applyPage(_ request: Request, context: UserContext) async throws -> Response {
        try await applyHTML(try programID(context), values: [:], refusal: nil, context: context).response()
    }

    func applyHTML(_ id: UUID, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let program = try await relief.program(id, by: context.caller)
        let all = try await store.divisions.names(within: context.caller.jurisdiction)
        let places = all.filter { $0.code.level == .village }.map { ($0.code.rawValue, $0.name) }
        let body = ReliefViews.applyForm(
            program, places: places, townships: Dictionary(uniqueKeysWithValues: all.map { ($0.code.rawValue, $0.name) }), values: values,
            csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: "救助申请（户报）", context: context, active: "/disasters", body: body)
    }

    @Sendable func applyFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        let form = try await FormData.read(request, context: context)
        do {
            let household = try await apply(id, form, context: context)
            return Response.redirect(to: "/relief-households/\(household.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await applyHTML(id, values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func householdPage(_ request: Request, context: UserContext) async throws -> Response {
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await householdHTML(try householdID(context), notice: notice, refusal: nil, context: context).response()
    }

    func householdHTML(_ id: UUID, notice: HTML, refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let h = try await relief.household(id, by: context.caller)
        let program = try await relief.program(h.programID, by: context.caller)
        let steps = try await relief.steps(of: id, by: context.caller)
        let people = try await store.accounts.displayNames(of: steps.map(\.username))
        var remaining: Double? = nil
        if isCounty(context) && h.state == .townshipApproved {
            remaining = program.budgetWanYuan * 10_000 - (try await relief.totals(of: program.id, by: context.caller)).decidedYuan
        }
        let body = ReliefViews.household(
            h, program: program, steps: steps, people: people, remainingYuan: remaining, names: try await names(context),
            role: context.user.role, county: isCounty(context), village: context.caller.jurisdiction.root?.level == .village, today: today,
            csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(
            title: "救助申请：\(h.head?.name ?? "")", context: context, active: "/disasters", notice: notice, body: body,
            scripts: "<script src=\"/static/js/upload.js\"></script>")
    }

    @Sendable func moveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try householdID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await move(id, form, context: context)
            return Response.redirect(to: "/relief-households/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await householdHTML(id, notice: .empty, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func photo(_ request: Request, context: UserContext) async throws -> Response {
        let (type, data) = try await relief.publicityPhoto(try householdID(context), by: context.caller)
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let listHeader = [
        "序号", "乡镇（街道）", "村（社区）", "户主姓名", "户主身份证号码", "家庭人口", "困难类型", "核定金额（元）", "一卡通账号", "发放日期", "状态",
    ]

    @Sendable func listXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        let program = try await relief.program(id, by: context.caller)
        let names = try await names(context)
        let writer = try XLSXWriter(
            header: Self.listHeader, title: "受灾人员冬春生活政府救助人口一览表（\(program.name)）", sheetName: "救助人口一览表")
        var n = 0, people = 0, money = 0.0
        for h in try await all(id, .init(), context: context) where h.state == .decided || h.state == .paid {
            n += 1
            people += h.members.count
            money += h.decidedAmount ?? 0
            let code = try DivisionCode(h.divisionCode)
            try writer.append(cells: [
                .number(Double(n)), .text(names[code.parent?.rawValue ?? ""] ?? ""), .text(names[h.divisionCode] ?? h.divisionCode),
                .text(h.head?.name ?? ""), .text(h.head?.idNumber ?? ""), .number(Double(h.members.count)), .text(h.hardship.label),
                .number(h.decidedAmount ?? 0), .text(h.account), .text(h.paidOn?.description ?? ""), .text(h.state.label),
            ])
        }
        try writer.append(cells: [
            .text("合计"), .text(""), .text(""), .text("\(n) 户"), .text(""), .number(Double(people)), .text(""), .number(money),
        ])
        return try Download.xlsx(writer, fileName: "relief-\(program.season)-list.xlsx")
    }

    @Sendable func needsXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        let program = try await relief.program(id, by: context.caller)
        let names = try await names(context)
        let writer = try XLSXWriter(
            header: ReliefViews.needsHeader, title: "受灾人员冬春生活需救助情况统计表（\(program.name)）", sheetName: "需救助情况统计表")
        let needs = try await relief.needs(of: id, by: context.caller)
        func cells(_ name: String, _ n: ReliefNeed) -> [XLSXWriter.Cell] {
            [.text(name), .number(Double(n.households)), .number(Double(n.people))]
                + ReliefHardship.allCases.map { .number(Double(n.byHardship[$0] ?? 0)) } + [.number(n.fundsWanYuan)]
        }
        for n in needs { try writer.append(cells: cells(names[n.township] ?? n.township, n)) }
        try writer.append(cells: cells("合计", ReliefViews.sum(needs)))
        return try Download.xlsx(writer, fileName: "relief-\(program.season)-needs.xlsx")
    }

    @Sendable func publicationPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        let program = try await relief.program(id, by: context.caller)
        let paid = try await all(id, .init(state: .paid), context: context).sorted {
            ($0.divisionCode, $0.paidOn?.description ?? "") < ($1.divisionCode, $1.paidOn?.description ?? "")
        }
        // The posting starts on the day chosen (the day it goes up on the notice boards), today unless given.
        let from = try Query(request).day("from").flatMap(Day.init) ?? today
        let body = ReliefViews.publication(program, paid, names: try await names(context), from: from)
        return Layout.page(
            title: "冬春救助发放公示", context: context, active: "/disasters", body: body, scripts: "<script src=\"/static/js/print.js\"></script>"
        ).response()
    }

    // MARK: - API

    @Sendable func programsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(PageDTO(try await relief.programs(page: try q.page(), by: context.caller)) { ReliefProgramDTO($0) })
    }

    func programDTO(_ id: UUID, context: UserContext) async throws -> ReliefProgramDTO {
        ReliefProgramDTO(
            try await relief.program(id, by: context.caller), totals: try await relief.totals(of: id, by: context.caller),
            needs: try await relief.needs(of: id, by: context.caller), omissions: try await relief.omissions(of: id, by: context.caller))
    }

    @Sendable func openFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let program = try await open(try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(try await programDTO(program.id, context: context), status: .created)
    }

    @Sendable func programAPI(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(try await programDTO(try programID(context), context: context))
    }

    @Sendable func needFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try programID(context)
        _ = try await need(id, try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(try await programDTO(id, context: context))
    }

    @Sendable func householdsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await relief.households(of: try programID(context), try Self.filter(q), page: try q.page(), by: context.caller)
        return try JSONResponse.make(PageDTO(page) { ReliefHouseholdDTO($0) })
    }

    @Sendable func applyFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let h = try await apply(try programID(context), try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(ReliefHouseholdDTO(h), status: .created)
    }

    @Sendable func householdAPI(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(ReliefHouseholdDTO(try await relief.household(try householdID(context), by: context.caller)))
    }

    @Sendable func moveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let h = try await move(try householdID(context), try await JSONInput.read(request, context: context), context: context)
        return try JSONResponse.make(ReliefHouseholdDTO(h))
    }

    @Sendable func photoFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try householdID(context)
        let name = try Query(request).string("fileName") ?? ""
        guard !name.isEmpty else { throw AnlanError.invalid("relief.file_name_required", "请提供文件名。", field: "fileName") }
        let data = try await EnterpriseRecordsAPI.upload(request)
        return try JSONResponse.make(
            ReliefHouseholdDTO(try await relief.attachPublicityPhoto(id, data: data, fileName: name, by: context.caller)), status: .created)
    }
}
