import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The hazard ledger (台账) and each hazard's page, where inspectors, leaders and the enterprise act on it.
extension SupervisionPages {
    static let ledgerColumns = UIText.hazardLedgerColumns

    func registerHazards(_ router: RouterGroup<AppContext>) {
        router.get("/hazards") { request, context in
            try context.caller.require(.readBusinessData)
            let q = try Query(request)
            let page = try await store.inspections.hazards(try SupervisionAPI.hazardFilter(q), page: try q.page(), by: context.caller)
            let values = q.values(except: ["page"])
            let townships = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level == .township }
            func option(_ name: String, _ value: String, _ label: String) -> HTML {
                "<option value=\"\(value)\"\(HTML(unsafe: q.string(name) == value ? " selected" : ""))>\(label)</option>"
            }
            let filters: HTML = """
                <form method="get" action="/hazards" class="row g-2 mb-3" data-testid="hazard-filters">
                  <div class="col-auto"><select class="form-select form-select-sm" name="status"><option value="">\(UIText.status)</option>\(HazardStatus.allCases.map { option("status", $0.rawValue, UIText.hazardStatusName($0)) })</select></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="overdue"><option value="">\(UIText.overdue)</option>\(option("overdue", "true", UIText.yes))\(option("overdue", "false", UIText.no))</select></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="major"><option value="">\(UIText.majorHazard)</option>\(option("major", "true", UIText.yes))\(option("major", "false", UIText.no))</select></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="sector"><option value="">\(UIText.sector)</option>\(ReportSector.all.map { option("sector", $0, $0) })</select></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="divisionCode"><option value="">\(UIText.townships)</option>\(townships.map { option("divisionCode", $0.code.rawValue, $0.name) })</select></div>
                  <div class="col-auto"><input class="form-control form-control-sm" name="owner" value="\(q.string("owner") ?? "")" placeholder="\(UIText.owner)"></div>
                  <input type="hidden" name="open" value="\(q.string("open") ?? "")"><input type="hidden" name="escalated" value="\(q.string("escalated") ?? "")">
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div>
                  <div class="col-auto"><a class="btn btn-sm btn-outline-secondary" href="/hazards/export.xlsx?\(PolicyAndAuditPages.queryString(values))" data-testid="hazard-export">\(UIText.exportXLSX)</a></div>
                </form>
                """
            let body: HTML = """
                <h1 class="h4">\(UIText.hazardLedger)</h1>
                \(filters)
                <div class="table-responsive"><table class="table table-sm table-striped bg-white" data-testid="hazards">\(Self.hazardHeader)<tbody>\(try await hazardRows(page.items))</tbody></table></div>
                \(Layout.pager(page, base: "/hazards", query: values))
                """
            return Layout.page(title: UIText.hazardLedger, context: context, active: "/supervision", body: body).response()
        }

        router.get("/hazards/export.xlsx") { request, context in
            try context.caller.require(.readBusinessData)
            let filter = try SupervisionAPI.hazardFilter(try Query(request))
            let caller = context.caller
            try await store.write(by: caller) { tx in
                try await tx.record(AuditEvent(action: "hazard.export", targetType: "hazard", after: auditJSONText(filter)))
            }
            let names = Dictionary(
                uniqueKeysWithValues: try await store.divisions.names(within: caller.jurisdiction).map { ($0.code.rawValue, $0.name) })
            let writer = try XLSXWriter(header: Self.ledgerColumns)
            var number = 1
            let today = self.today
            while true {
                let page = try await store.inspections.hazards(
                    filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
                let enterprises = try await store.enterprises.names(of: page.items.map(\.enterpriseID))
                for h in page.items {
                    let township = (try? DivisionCode(h.divisionCode))?.parent.flatMap { names[$0.rawValue] } ?? ""
                    try writer.append([
                        h.description, enterprises[key(h.enterpriseID)] ?? "", township, h.sector, h.location ?? "", h.basis ?? "",
                        UIText.yesNo(h.state.isMajor),
                        UIText.hazardStatusName(h.state.status), h.foundOn, h.state.dueDate ?? "",
                        UIText.yesNo(h.state.isOverdue(today: today)),
                        h.state.supervisingLeader ?? "", h.owner ?? "", h.closedOn ?? "",
                    ])
                }
                if number >= page.pageCount { break }
                number += 1
            }
            return try Download.xlsx(writer, fileName: "\(UIText.hazardLedger)-\(today).xlsx")
        }

        router.get("/hazards/{id}") { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.hazardNotFound)
            let saved = request.uri.queryParameters["saved"] != nil
            return try await hazardPage(id, context: context, notice: saved ? Layout.alert(UIText.saved, kind: "success") : .empty)
                .response()
        }

        router.post("/hazards/{id}/events") { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.hazardNotFound)
            let form = try await FormData.read(request, context: context)
            do {
                let event: HazardEvent
                switch form["event"] {
                case "order": event = .order(dueDate: form["dueDate"])
                case "submit": event = .submitRectification
                case "reinspect": event = .reinspect(passed: form["passed"] == "true", newDueDate: form.optional("newDueDate"))
                case "request_extension": event = .requestExtension(to: form["to"])
                case "decide_extension": event = .decideExtension(granted: form["granted"] == "true")
                case "escalate": event = .escalate(leader: context.caller.username ?? "")
                default: throw AnlanError.invalid("hazard.event_unknown", "未知的隐患操作。", field: "event")
                }
                _ = try await store.inspections.transition(id, event, note: form.optional("note"), by: context.caller)
                return Response.redirect(to: "/hazards/\(key(id))?saved=1", type: .found)
            } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable || error.kind == .forbidden {
                return try await hazardPage(id, context: context, notice: Layout.alert(error.message)).response(
                    status: Failure(error).status)
            }
        }
    }

    func hazardPage(_ id: UUID, context: AppContext, notice: HTML) async throws -> HTML {
        let caller = context.caller
        let h = try await store.inspections.hazard(id, by: caller)
        let events = try await store.inspections.events(of: id, by: caller)
        let rules = try await store.catalogs.enforcementSettings()
        let evidence = try await store.records.attachments(ownerType: "hazard", ownerID: key(id), by: caller)
        let enterprise = try await store.enterprises.get(h.enterpriseID, by: caller)
        let csrf = context.csrfToken ?? ""
        let canInspect = caller.role?.can(.inspect) == true
        let isOwnOfficer = caller.role == .enterpriseOfficer && caller.enterpriseID == h.enterpriseID
        let today = self.today
        func action(_ event: String, _ label: String, fields: HTML = .empty, style: String = "btn-outline-primary") -> HTML {
            """
            <form method="post" action="/hazards/\(key(id))/events" class="row g-2 mb-2" data-testid="action-\(event)">
              <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="event" value="\(event)">
              \(fields)
              <div class="col-md"><input class="form-control form-control-sm" name="note" placeholder="\(UIText.reason)" maxlength="1000"></div>
              <div class="col-auto"><button class="btn btn-sm \(style)">\(label)</button></div>
            </form>
            """
        }
        var actions: [HTML] = []
        let s = h.state
        if canInspect && s.status == .found {
            actions.append(
                action(
                    "order", UIText.actionOrder,
                    fields:
                        "<div class=\"col-auto\"><input class=\"form-control form-control-sm\" type=\"date\" name=\"dueDate\" min=\"\(today)\" required aria-label=\"\(UIText.dueDate)\"></div>"
                ))
        }
        if (canInspect || isOwnOfficer) && s.status == .ordered {
            actions.append(action("submit", UIText.actionSubmit))
            if s.extensionRequestedTo == nil {
                actions.append(
                    action(
                        "request_extension", UIText.actionRequestExtension(rules.extensionLeadDays),
                        fields:
                            "<div class=\"col-auto\"><input class=\"form-control form-control-sm\" type=\"date\" name=\"to\" required aria-label=\"\(UIText.extendTo)\"></div>"
                    ))
            }
        }
        if canInspect && (s.status == .ordered || s.status == .submitted) {
            actions.append(
                action(
                    "reinspect", UIText.actionReinspectPass, fields: "<input type=\"hidden\" name=\"passed\" value=\"true\">",
                    style: "btn-success"))
            actions.append(
                action(
                    "reinspect", UIText.actionReinspectFail,
                    fields:
                        "<input type=\"hidden\" name=\"passed\" value=\"false\"><div class=\"col-auto\"><input class=\"form-control form-control-sm\" type=\"date\" name=\"newDueDate\" min=\"\(today)\" required aria-label=\"\(UIText.dueDate)\"></div>",
                    style: "btn-outline-danger"))
        }
        if canInspect && s.extensionRequestedTo != nil {
            actions.append(
                action(
                    "decide_extension", UIText.actionGrantExtension(s.extensionRequestedTo ?? ""),
                    fields: "<input type=\"hidden\" name=\"granted\" value=\"true\">"))
            actions.append(
                action(
                    "decide_extension", UIText.actionRefuseExtension, fields: "<input type=\"hidden\" name=\"granted\" value=\"false\">",
                    style: "btn-outline-secondary"))
        }
        if caller.role?.can(.escalateHazards) == true && s.isMajor && s.status != .closed && s.supervisingLeader == nil {
            actions.append(action("escalate", UIText.actionEscalate, style: "btn-outline-dark"))
        }
        let eventRows: [HTML] = events.map { e in
            "<tr><td class=\"text-nowrap\">\(Timestamp.display(e.at))</td><td>\(UIText.eventName(e.event))</td><td>\(e.note ?? "")</td><td>\(e.by ?? "")</td></tr>"
        }
        let evidenceRows: [HTML] = evidence.map { a in
            "<li><a href=\"/attachments/\(key(a.id))\">\(a.fileName)</a> <span class=\"text-muted small\">\(Timestamp.display(a.createdAt)) \(a.createdBy ?? "")</span></li>"
        }
        let upload: HTML =
            (canInspect || isOwnOfficer) && s.status != .closed
            ? """
            <div class="row g-2 mt-1" data-upload="/api/v1/hazards/\(key(id))/evidence" data-csrf="\(csrf)" data-testid="evidence-upload">
              <div class="col"><input class="form-control form-control-sm" type="file" accept=".jpg,.jpeg,.png,.pdf" aria-label="\(UIText.chooseFile)"></div>
              <div class="col-auto"><button class="btn btn-sm btn-outline-primary" type="button">\(UIText.upload)</button></div>
              <div class="col-12 small text-danger" data-role="message"></div>
            </div>
            """ : .empty
        let body: HTML = """
            <h1 class="h4">\(h.description)</h1>
            <div class="mb-2" data-testid="hazard-status">\(Self.hazardBadge(h, today: today))</div>
            <div class="row g-3">
              <div class="col-lg-7">
                <table class="table table-sm bg-white">
                  <tr><th style="width: 9rem">\(UIText.enterprise)</th><td>\(Self.link(h.enterpriseID, "enterprises", enterprise.profile.name))</td></tr>
                  <tr><th>\(UIText.location)</th><td>\(h.location ?? "—")</td></tr><tr><th>\(UIText.basis)</th><td>\(h.basis ?? "—")</td></tr>
                  <tr><th>\(UIText.foundOn)</th><td>\(h.foundOn)</td></tr><tr><th>\(UIText.dueDate)</th><td data-testid="due-date">\(s.dueDate ?? "—")\(s.extensionRequestedTo.map { UIText.extensionRequested($0) } ?? "")</td></tr>
                  \(s.reinspectionDue(within: rules.reinspectionDays).map { HTML("<tr><th>\(UIText.reinspectBy)</th><td data-testid=\"reinspect-by\">\($0)\($0 < today ? " " + UIText.reinspectionLate : "")</td></tr>") } ?? .empty)
                  \(s.extensionAnswerDue(within: rules.extensionAnswerDays).map { HTML("<tr><th>\(UIText.extensionAnswerBy)</th><td data-testid=\"extension-answer-by\">\($0)</td></tr>") } ?? .empty)
                  <tr><th>\(UIText.owner)</th><td>\(h.owner ?? "—")</td></tr><tr><th>\(UIText.escalatedHazards)</th><td>\(s.supervisingLeader ?? "—")</td></tr>
                  <tr><th>\(UIText.closedOn)</th><td>\(h.closedOn ?? "—")</td></tr>
                  \(h.inspectionID.map { HTML("<tr><th>\(UIText.inspections)</th><td>\(Self.link($0, "inspections", UIText.inspections))</td></tr>") } ?? .empty)
                </table>
                <div data-testid="hazard-actions">\(actions)</div>
              </div>
              <div class="col-lg-5">
                <div class="card mb-3"><div class="card-header">\(UIText.events)</div><table class="table table-sm mb-0" data-testid="hazard-events"><tbody>\(eventRows)</tbody></table></div>
                <div class="card"><div class="card-header">\(UIText.evidence)</div><div class="card-body"><ul class="mb-0" data-testid="hazard-evidence">\(evidenceRows)</ul>\(upload)</div></div>
              </div>
            </div>
            """
        return Layout.page(
            title: UIText.hazardLedger, context: context, active: "/supervision", notice: notice, body: body,
            scripts: "<script src=\"/static/js/upload.js\"></script>")
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
