import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The hazard slice: the ledger, one hazard and its moves, as pages and as API operations. Each user action is
/// parsed once into Core's `HazardMove` and carried out by one store operation; only the rendering differs.
struct HazardController {
    let store: Store

    var today: Day { Day(store.environment.now()) }

    // MARK: - Routes

    func registerPages(_ pages: PageRoutes) {
        pages.get("/hazards", .permission(.readBusinessData), use: ledgerPage)
        pages.get("/hazards/export.xlsx", .permission(.readBusinessData), use: exportLedger)
        pages.get("/hazards/{id}", .permission(.readBusinessData), use: hazardPage)
        // Which moves a user may make is Core's answer for the hazard and the role (the enterprise officer submits).
        pages.post("/hazards/{id}/events", .permission(.readBusinessData), use: moveFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(HazardOperations.list, list)
        api.add(HazardOperations.get, get)
        api.add(HazardOperations.move, moveFromAPI)
        api.add(HazardOperations.addEvidence, addEvidence)
    }

    // MARK: - The one operation behind both faces

    /// Parses a move from either face's input and carries it out.
    func move(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> Hazard {
        let move = try HazardMove.parse(input, actingUser: context.user.username)
        return try await store.inspections.transition(id, move, by: context.caller)
    }

    // MARK: - Pages

    @Sendable func ledgerPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await store.inspections.hazards(try Self.filter(q), page: try q.page(), by: context.caller)
        let values = q.values(except: ["page"])
        let townships = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level == .township }
        let model = HazardLedgerModel(
            query: q.values, exportQuery: Layout.queryString(values),
            townships: townships.map { ($0.code.rawValue, $0.name) }, rows: try await rows(page.items),
            pager: Layout.pager(page, base: "/hazards", query: values))
        return Layout.page(title: UIText.hazardLedger, context: context, active: "/supervision", body: HazardViews.ledger(model)).response()
    }

    @Sendable func exportLedger(_ request: Request, context: UserContext) async throws -> Response {
        let filter = try Self.filter(try Query(request))
        let caller = context.caller
        try await store.write(by: caller) { tx in
            try await tx.record(AuditEvent(action: "hazard.export", targetType: "hazard", after: auditJSONText(filter)))
        }
        let names = try await store.divisions.nameMap(within: caller.jurisdiction)
        let writer = try XLSXWriter(header: UIText.hazardLedgerColumns)
        let today = self.today
        var number = 1
        while true {
            let page = try await store.inspections.hazards(
                filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            let targets = try await targetNames(page.items)
            for h in page.items {
                let township = (try? DivisionCode(h.divisionCode))?.parent.flatMap { names[$0.rawValue] } ?? ""
                try writer.append([
                    h.description, targets[h.id] ?? "", township, h.sector, h.location ?? "", h.basis ?? "",
                    UIText.yesNo(h.state.isMajor), UIText.hazardStatusName(h.state.status), h.foundOn.description,
                    h.state.dueDate?.description ?? "",
                    UIText.yesNo(h.state.isOverdue(today: today)), h.state.supervisingLeader ?? "", h.owner ?? "",
                    h.closedOn?.description ?? "",
                ])
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return try Download.xlsx(writer, fileName: "\(UIText.hazardLedger)-\(today).xlsx")
    }

    @Sendable func hazardPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: HazardErrors.notFound)
        var model = try await pageModel(id, context: context)
        model.saved = request.uri.queryParameters["saved"] != nil
        return render(model, context: context).response()
    }

    /// The page face of a move: a redirect when done; the same page with the refusal (code and message as the API
    /// gives them) and the API's status when refused.
    @Sendable func moveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: HazardErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await move(id, form, context: context)
            return Response.redirect(to: "/hazards/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .notFound {
            var model = try await pageModel(id, context: context)
            model.refusal = error
            return render(model, context: context).response(status: Failure(error).status)
        }
    }

    func pageModel(_ id: UUID, context: UserContext) async throws -> HazardPageModel {
        let caller = context.caller
        let h = try await store.inspections.hazard(id, by: caller)
        let target = try await targetNames([h])[h.id] ?? ""
        let events = try await store.inspections.events(of: id, by: caller)
        let evidence = try await store.records.attachments(ownerType: "hazard", ownerID: id.key, by: caller)
        return HazardPageModel.make(
            hazard: h, enterpriseName: target, events: events, evidence: evidence,
            settings: try await store.catalogs.enforcementSettings(),
            actor: HazardActor(role: caller.role, username: caller.username, enterpriseID: caller.enterpriseID, hazard: h), today: today,
            csrf: context.csrfToken ?? "",
            people: try await store.accounts.displayNames(of: HazardPageModel.usernames(h, events: events, evidence: evidence)))
    }

    func render(_ model: HazardPageModel, context: UserContext) -> HTML {
        Layout.page(
            title: UIText.hazardLedger, context: context, active: "/supervision", notice: HazardViews.notice(model),
            body: HazardViews.page(model), scripts: "<script src=\"/static/js/upload.js\"></script>")
    }

    /// Table rows for hazards, with their targets' names looked up in two queries (enterprises, sites).
    func rows(_ hazards: [Hazard], reinspectionDays: Int? = nil) async throws -> [HazardRowModel] {
        let names = try await targetNames(hazards)
        let people = try await store.accounts.displayNames(of: hazards.compactMap(\.owner))
        let today = self.today
        return hazards.map {
            HazardRowModel.make(
                $0, enterpriseName: names[$0.id] ?? "", today: today, reinspectionDays: reinspectionDays,
                ownerName: $0.owner.flatMap { people[$0] })
        }
    }

    /// Each hazard's target name: its enterprise's, or its site's.
    func targetNames(_ hazards: [Hazard]) async throws -> [UUID: String] {
        let enterprises = try await store.enterprises.names(of: hazards.compactMap(\.enterpriseID))
        let sites = try await store.sites.names(of: hazards.compactMap(\.siteID))
        var out: [UUID: String] = [:]
        for h in hazards {
            out[h.id] = h.enterpriseID.flatMap { enterprises[$0.key] } ?? h.siteID.flatMap { sites[$0.key] }
        }
        return out
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await store.inspections.hazards(try Self.filter(q), page: try q.page(), by: context.caller)
        let today = self.today
        return try JSONResponse.make(PageDTO(page) { HazardDTO($0, today: today) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: HazardErrors.notFound)
        let hazard = try await store.inspections.hazard(id, by: context.caller)
        let events = try await store.inspections.events(of: id, by: context.caller)
        return try JSONResponse.make(HazardDTO(hazard, today: today, events: events))
    }

    /// The API face of a move: the moved hazard as JSON, or the refusal as JSON with the same code and message.
    @Sendable func moveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: HazardErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(HazardDTO(try await move(id, input, context: context), today: today))
    }

    @Sendable func addEvidence(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: HazardErrors.notFound)
        let hazard = try await store.inspections.hazard(id, by: context.caller)
        let caller = context.caller
        let actor = HazardActor(role: caller.role, username: caller.username, enterpriseID: caller.enterpriseID, hazard: hazard)
        guard actor.mayAddEvidence else { throw AnlanError.forbidden }
        guard hazard.state.status != .closed else {
            throw AnlanError(.conflict, code: "hazard.closed", message: "该隐患已销号，不能再上传材料。")
        }
        let name = try Query(request).string("fileName") ?? ""
        guard !name.isEmpty else { throw AnlanError.invalid("attachment.file_name_required", "请提供文件名。", field: "fileName") }
        let data = try await EnterpriseRecordsAPI.upload(request)
        let attachment = try await store.records.attachEvidence(data, fileName: name, to: hazard, by: context.caller)
        return try JSONResponse.make(AttachmentDTO(attachment), status: .created)
    }

    // MARK: - Query

    static func filter(_ q: Query) throws -> InspectionRepository.HazardFilter {
        InspectionRepository.HazardFilter(
            siteID: try q.uuid("siteId"), onSites: try q.bool("onSites"), enterpriseID: try q.uuid("enterpriseId"),
            status: try q.enum("status", HazardStatus.self, label: "隐患状态"),
            open: try q.bool("open"), overdue: try q.bool("overdue"), major: try q.bool("major"), escalated: try q.bool("escalated"),
            owner: q.string("owner"), divisionCode: try q.divisionCode("divisionCode"), sector: q.string("sector"),
            campaignID: try q.uuid("campaignId"), foundFrom: try q.day("foundFrom"), foundTo: try q.day("foundTo"),
            closedFrom: try q.day("closedFrom"), closedTo: try q.day("closedTo"),
            reinspectionFromBefore: try q.day("reinspectionFromBefore"), query: try SupervisionAPI.search(q))
    }
}

/// A filter as JSON text for audit records.
func auditJSONText(_ filter: InspectionRepository.HazardFilter) -> String {
    var parts: [String: String] = [:]
    if let v = filter.status { parts["status"] = v.rawValue }
    if let v = filter.overdue { parts["overdue"] = String(v) }
    if let v = filter.major { parts["major"] = String(v) }
    if let v = filter.sector { parts["sector"] = v }
    if let v = filter.divisionCode { parts["divisionCode"] = v.rawValue }
    if let v = filter.owner { parts["owner"] = v }
    let data = (try? JSONSerialization.data(withJSONObject: parts, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}
