import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Enforcement documents (printable A4 and Word) and cases.
extension SupervisionPages {
    func registerDocuments(_ router: PageRoutes) {
        router.get("/documents", .permission(.readBusinessData)) { request, context in
            let q = try Query(request)
            let page = try await store.documents.documents(try SupervisionAPI.documentFilter(q), page: try q.page(), by: context.caller)
            let names = try await store.enterprises.names(of: page.items.map(\.enterpriseID))
            let rows: [HTML] = page.items.map { d in
                """
                <tr><td data-label="\(UIText.number)">\(Self.link(d.id, "documents", d.number))</td><td data-label="\(UIText.documents)">\(d.kind.title)</td><td data-label="\(UIText.enterprise)">\(Self.link(d.enterpriseID, "enterprises", names[d.enterpriseID.key] ?? ""))</td>
                <td class="text-nowrap" data-label="\(UIText.issuedAt)">\(Timestamp.display(d.issuedAt))</td><td>\(d.voidedAt == nil ? HTML.empty : HTML("<span class=\"badge bg-secondary\">\(UIText.voided)</span>"))</td></tr>
                """
            }
            let body: HTML = """
                <h1 class="h4">\(UIText.documents)</h1>
                <form method="get" action="/documents" class="row g-2 mb-2" data-testid="document-filters"><div class="col-auto"><input class="form-control form-control-sm" name="q" value="\(q.string("q") ?? "")" placeholder="文号或企业名称" maxlength="100" aria-label="\(UIText.search)"></div><div class="col-auto"><select class="form-select form-select-sm" name="kind" aria-label="\(UIText.documents)"><option value="">\(UIText.all)</option>\(DocumentKind.allCases.map { k in HTML("<option value=\"\(k.rawValue)\"\(HTML(unsafe: q.string("kind") == k.rawValue ? " selected" : ""))>\(k.title)</option>") })</select></div>\(Layout.hiddenInputs(q.values(except: ["q", "kind"])))<div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div></form>
                \(Layout.chips(base: "/documents", query: q.values(except: ["page"]), labels: Layout.listFilterLabels, values: Layout.listFilterValues))
                <div class="table-responsive"><table class="table table-sm table-striped bg-white table-cards" data-testid="documents"><thead><tr><th>\(UIText.number)</th><th>\(UIText.documents)</th><th>\(UIText.enterprise)</th><th>\(UIText.issuedAt)</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>
                \(Layout.pager(page, base: "/documents", query: q.values(except: ["page"])))
                """
            return Layout.page(title: UIText.documents, context: context, active: "/supervision", body: body).response()
        }

        router.get("/documents/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            let d = try await store.documents.document(id, by: context.caller)
            return try await documentPage(d, context: context).response()
        }

        router.get("/documents/{id}/docx", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            let d = try await store.documents.document(id, by: context.caller)
            let data = try DOCXDocument(
                layout: DocumentLayout(d, currentAuthority: try await store.catalogs.authority()),
                notice: d.voidedAt.map { _ in "\(UIText.voided)：\(d.voidReason ?? "")" }
            ).data()
            return Download.response(
                fileName: "\(d.kind.title)-\(d.number).docx", contentType: FileType.docx.contentType,
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        router.post("/documents/{id}/void", .permission(.inspect)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            let form = try await FormData.read(request, context: context)
            do {
                _ = try await store.documents.void(id, reason: form["reason"], by: context.caller)
                return Response.redirect(to: "/documents/\(id.key)", type: .found)
            } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable {
                let d = try await store.documents.document(id, by: context.caller)
                return try await documentPage(d, context: context, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/documents/{id}/correction", .permission(.inspect)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            let form = try await FormData.read(request, context: context)
            let old = try await store.documents.document(id, by: context.caller)
            let new: EnforcementDocument
            if let caseID = old.caseID, old.kind.isCaseDocument {
                new = try await store.documents.issue(
                    old.kind, case: caseID, inquiry: try DocumentOrder.inquiry(form), correcting: id, by: context.caller)
            } else if old.inspectionID != nil {
                new = try await store.documents.correct(old, by: context.caller)
            } else {
                throw AnlanError(.conflict, code: "document.correction_impossible", message: "该文书没有可据以更正的记录。")
            }
            return Response.redirect(to: "/documents/\(new.id.key)", type: .found)
        }

        router.get("/cases", .permission(.readBusinessData)) { request, context in
            let q = try Query(request)
            let page = try await store.documents.cases(try SupervisionAPI.caseFilter(q), page: try q.page(), by: context.caller)
            let names = try await store.enterprises.names(of: page.items.map(\.enterpriseID))
            let rows: [HTML] = page.items.map { c in
                let paid = c.paymentStatus.map { "\(Money.yuan(c.paidFen))（\($0)）" } ?? "—"
                return """
                    <tr><td data-label="\(UIText.caseTitle)">\(Self.link(c.id, "cases", c.title))</td><td data-label="\(UIText.enterprise)">\(Self.link(c.enterpriseID, "enterprises", names[c.enterpriseID.key] ?? ""))</td>
                    <td class="text-nowrap" data-label="\(UIText.status)">\(UIText.caseStatusName(c.status))</td><td class="text-nowrap" data-label="\(UIText.fine)">\(c.fineFen.map(Money.yuan) ?? "—")</td><td class="text-nowrap" data-label="缴纳情况">\(paid)</td>
                    <td class="text-nowrap" data-label="\(UIText.openedOn)">\(c.openedOn)</td><td class="text-nowrap" data-label="办案期限">\(c.status == .open ? c.deadlineOn ?? "" : "—")</td></tr>
                    """
            }
            let status = q.string("status") ?? ""
            let statusOptions: [HTML] =
                [("", UIText.all)].map { HTML("<option value=\"\($0.0)\">\($0.1)</option>") }
                + EnforcementCase.Status.allCases.map { s in
                    HTML(
                        "<option value=\"\(s.rawValue)\"\(HTML(unsafe: s.rawValue == status ? " selected" : ""))>\(UIText.caseStatusName(s))</option>"
                    )
                }
            let heading = EnforcementCase.Status(rawValue: status).map { "\(UIText.cases)（\(UIText.caseStatusName($0))）" } ?? UIText.cases
            let byDeadline = q.string("byDeadline") == "true"
            let body: HTML = """
                <h1 class="h4">\(heading)</h1>
                <form method="get" action="/cases" class="row g-2 mb-2" data-testid="case-filter">
                  <div class="col-auto"><input class="form-control form-control-sm" name="q" value="\(q.string("q") ?? "")" placeholder="案由或企业名称" maxlength="100" aria-label="\(UIText.search)"></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="status" aria-label="\(UIText.status)">\(statusOptions)</select></div>
                  <div class="col-auto form-check ms-2 pt-1"><input class="form-check-input" type="checkbox" id="byDeadline" name="byDeadline" value="true"\(HTML(unsafe: byDeadline ? " checked" : ""))><label class="form-check-label small" for="byDeadline">按办案期限排序</label></div>
                  \(Layout.hiddenInputs(q.values(except: ["q", "status", "byDeadline"])))
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div></form>
                \(Layout.chips(base: "/cases", query: q.values(except: ["page"]), labels: Layout.listFilterLabels, values: try await Layout.listFilterValues(naming: q, store: store)))
                <div class="table-responsive"><table class="table table-sm table-striped bg-white table-cards" data-testid="cases"><thead><tr><th>\(UIText.caseTitle)</th><th>\(UIText.enterprise)</th><th>\(UIText.status)</th><th>\(UIText.fine)</th><th>缴纳情况（元）</th><th>\(UIText.openedOn)</th><th>办案期限</th></tr></thead><tbody>\(rows)</tbody></table></div>
                \(Layout.pager(page, base: "/cases", query: q.values(except: ["page"])))
                """
            return Layout.page(title: UIText.cases, context: context, active: "/supervision", body: body).response()
        }

        router.get("/cases/new", .permission(.inspect)) { request, context in
            let q = try Query(request)
            guard let enterpriseID = try q.uuid("enterpriseId") else {
                throw AnlanError.invalid("case.enterprise_required", "请从企业档案或检查记录进入立案。", field: "enterpriseId")
            }
            let enterprise = try await store.enterprises.get(enterpriseID, by: context.caller)
            let body: HTML = """
                <h1 class="h4">\(UIText.openCase)：\(enterprise.profile.name)</h1>
                <form method="post" action="/cases" style="max-width: 40rem" data-testid="case-form">
                  <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")"><input type="hidden" name="enterpriseId" value="\(enterpriseID.key)">
                  <input type="hidden" name="inspectionId" value="\(q.string("inspectionId") ?? "")">
                  <div class="mb-2"><label class="form-label" for="title">\(UIText.caseTitle)</label><input class="form-control" id="title" name="title" required maxlength="100"></div>
                  <div class="mb-2"><label class="form-label" for="violation">\(UIText.violation)</label><textarea class="form-control" id="violation" name="violation" rows="4" required maxlength="\(EnforcementCase.violationLimit)"></textarea></div>
                  <button class="btn btn-primary">\(UIText.openCase)</button>
                </form>
                """
            return Layout.page(title: UIText.openCase, context: context, active: "/supervision", body: body).response()
        }

        router.post("/cases", .permission(.inspect)) { request, context in
            let form = try await FormData.read(request, context: context)
            guard let enterpriseID = UUID(key: form["enterpriseId"]) else {
                throw EnterpriseErrors.notFound
            }
            let c = try await store.documents.openCase(
                enterpriseID: enterpriseID, inspectionID: form.optional("inspectionId").flatMap { UUID(key: $0) },
                title: form["title"],
                violation: form["violation"], by: context.caller)
            return Response.redirect(to: "/cases/\(c.id.key)", type: .found)
        }

        router.get("/cases/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            return try await casePage(id, context: context, notice: .empty).response()
        }

        router.get("/cases/{id}/file", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            return try await caseFilePage(id, context: context).response()
        }

        router.post("/cases/{id}/steps", .permission(.inspect)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            let form = try await FormData.read(request, context: context)
            do {
                let (step, input) = try CaseStepInput.parse(form)
                let result = try await store.documents.record(step, input, case: id, by: context.caller)
                return Response.redirect(to: result.document.map { "/documents/\($0.id.key)" } ?? "/cases/\(id.key)", type: .found)
            } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable {
                // The refused form comes back open with what was typed.
                let typed = Dictionary(
                    uniqueKeysWithValues: CaseStepInput.Field.formNames.compactMap { name in form.optional(name).map { (name, $0) } })
                let refused = CaseStep(rawValue: form["step"]).map { ($0, typed) }
                return try await casePage(id, context: context, notice: Components.refusal(error), refused: refused)
                    .response(status: Failure(error).status)
            }
        }

        router.post("/cases/{id}/documents", .permission(.inspect)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            let form = try await FormData.read(request, context: context)
            do {
                let d = try await store.documents.issue(try DocumentOrder.parse(form, case: id), by: context.caller)
                return Response.redirect(to: "/documents/\(d.id.key)", type: .found)
            } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable {
                let fields = [DocumentOrder.Field.inquiryAt, DocumentOrder.Field.inquiryPlace, DocumentOrder.Field.inquiryMaterials]
                let typed = Dictionary(uniqueKeysWithValues: fields.compactMap { f in form.optional(f.name).map { (f.name, $0) } })
                return try await casePage(id, context: context, notice: Components.refusal(error), inquiry: typed)
                    .response(status: Failure(error).status)
            }
        }
    }

    static let inquiryInputs: HTML = """
        <div class="col-md-3"><input class="form-control form-control-sm" type="datetime-local" name="inquiryAt" required aria-label="\(UIText.inquiryAt)"></div>
        <div class="col-md-3"><input class="form-control form-control-sm" name="inquiryPlace" required maxlength="100" placeholder="\(UIText.inquiryPlace)"></div>
        <div class="col-md-4"><input class="form-control form-control-sm" name="inquiryMaterials" required maxlength="500" placeholder="\(UIText.inquiryMaterials)"></div>
        """

    func documentPage(_ d: EnforcementDocument, context: UserContext, notice: HTML = .empty) async throws -> HTML {
        let canInspect = context.caller.role?.can(.inspect) == true
        let csrf = context.csrfToken ?? ""
        let controls: HTML = """
            <div class="d-print-none d-flex gap-2 mb-3 flex-wrap" data-testid="document-controls">
              <button class="btn btn-sm btn-outline-primary" type="button" data-print>\(UIText.print)</button>
              <a class="btn btn-sm btn-outline-primary" href="/documents/\(d.id.key)/docx" data-testid="document-docx">\(UIText.downloadWord)</a>
              \(d.inspectionID.map { HTML("<a class=\"btn btn-sm btn-link\" href=\"/inspections/\($0.key)\">\(UIText.inspections)</a>") } ?? .empty)
              \(d.caseID.map { HTML("<a class=\"btn btn-sm btn-link\" href=\"/cases/\($0.key)\">\(UIText.cases)</a>") } ?? .empty)
              \(canInspect && d.voidedAt == nil ? HTML("""
                <form method="post" action="/documents/\(d.id.key)/void" class="d-flex gap-1"><input type="hidden" name="_csrf" value="\(csrf)">
                  <input class="form-control form-control-sm" name="reason" placeholder="\(UIText.reason)" required maxlength="500"><button class="btn btn-sm btn-outline-danger text-nowrap">\(UIText.voidDocument)</button></form>
                <form method="post" action="/documents/\(d.id.key)/correction" class="d-flex gap-1"><input type="hidden" name="_csrf" value="\(csrf)">\(d.kind == .inquiryNotice ? Self.inquiryInputs : .empty)<button class="btn btn-sm btn-outline-secondary text-nowrap">\(UIText.correction)</button></form>
                """) : .empty)
            </div>
            """
        let body: HTML = """
            \(controls)
            \(DocumentLayoutHTML.render(DocumentLayout(d, currentAuthority: try await store.catalogs.authority()), notice: """
                \(d.voidedAt.map { _ in HTML("<div class=\"text-center text-danger fw-bold mb-2\" data-testid=\"document-void\">\(UIText.voided)：\(d.voidReason ?? "")</div>") } ?? .empty)
                \(d.correctsID.map { HTML("<div class=\"text-center small mb-2\">\(UIText.corrects)：\(Self.link($0, "documents", UIText.documents))</div>") } ?? .empty)
                """))
            """
        return Layout.page(
            title: d.kind.title, context: context, active: "/supervision", notice: notice, body: body,
            scripts: "<script src=\"/static/js/print.js\"></script>")
    }
}
