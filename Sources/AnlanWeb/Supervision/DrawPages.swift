import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// 双随机 draws (with the public page), campaigns, statistics and checklists.
extension SupervisionPages {
    func registerDraws(_ router: PageRoutes) {
        router.get("/draws", .permission(.readBusinessData)) { request, context in
            let page = try await store.draws.list(page: try Query(request).page(), by: context.caller)
            let rows: [HTML] = page.items.map { d in
                "<tr><td>\(Self.link(d.id, "draws", d.title))</td><td>\(d.drawnOn)</td><td>\(d.result.count) / \(d.input.candidates.count)</td><td>\(d.publishBy)</td><td>\(d.publishedAt == nil ? "" : UIText.published)</td></tr>"
            }
            let sectors = try await store.enterprises.sectors()
            let form: HTML =
                context.caller.role?.can(.inspect) == true
                ? """
                <form method="post" action="/draws" class="row g-2 mb-3 bg-white p-2 rounded" data-testid="draw-form">
                  <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
                  <div class="col-md-4"><input class="form-control form-control-sm" name="title" placeholder="\(UIText.drawTitle)" required maxlength="100"></div>
                  <div class="col-md-2"><select class="form-select form-select-sm" name="sector"><option value="">\(UIText.sectors)</option>\(sectors.map { HTML("<option>\($0)</option>") })</select></div>
                  <div class="col-md-2"><input class="form-control form-control-sm" name="count" type="number" min="1" placeholder="\(UIText.drawCount)"></div>
                  <div class="col-md-2"><input class="form-control form-control-sm" name="ratio" placeholder="\(UIText.drawRatio)"></div>
                  <div class="col-md-2"><input class="form-control form-control-sm" name="seed" placeholder="\(UIText.seedHint)" aria-label="\(UIText.seed)" pattern="[0-9]{1,20}"></div>
                  <div class="col-auto"><label class="form-check"><input class="form-check-input" type="checkbox" name="weighted" checked> \(UIText.weighted)</label></div>
                  <div class="col-auto"><label class="form-check"><input class="form-check-input" type="checkbox" name="excludeKeyEnterprises" checked> \(UIText.excludeKey)</label></div>
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.draw)</button></div>
                </form>
                """ : .empty
            let body: HTML = """
                <h1 class="h4">\(UIText.draws)</h1>
                \(form)
                <table class="table table-sm table-striped bg-white" data-testid="draws"><thead><tr><th>\(UIText.drawTitle)</th><th>\(UIText.date)</th><th>\(UIText.drawnOfCandidates)</th><th>\(UIText.publishBy)</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
                \(Layout.pager(page, base: "/draws", query: []))
                """
            return Layout.page(title: UIText.draws, context: context, active: "/supervision", body: body).response()
        }

        router.post("/draws", .permission(.inspect)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let draw = try await store.draws.draw(try DrawOrder.parse(form), by: context.caller)
                return Response.redirect(to: "/draws/\(draw.id.key)", type: .found)
            } catch let error as AnlanError where error.kind == .unprocessable || error.kind == .conflict {
                return Layout.page(
                    title: UIText.draws, context: context, active: "/supervision", notice: Components.refusal(error),
                    body: "<a href=\"/draws\">\(UIText.draws)</a>"
                )
                .response(status: Failure(error).status)
            }
        }

        router.get("/draws/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.drawNotFound)
            let d = try await store.draws.get(id, by: context.caller)
            let check = DrawRepository.verify(d)
            let names = try await store.enterprises.names(of: d.result.compactMap { UUID(key: $0.enterpriseID) })
            let people = try await store.accounts.displayNames(of: d.result.flatMap(\.inspectors))
            let rows: [HTML] = d.result.enumerated().map { index, a in
                "<tr><td>\(index + 1)</td><td><a href=\"/enterprises/\(a.enterpriseID)\">\(names[a.enterpriseID] ?? a.enterpriseID)</a></td><td>\(a.inspectors.map { people[$0] ?? $0 }.joined(separator: "、"))</td><td><a class=\"btn btn-sm btn-outline-primary\" href=\"/inspections/new?enterpriseId=\(a.enterpriseID)&source=draw\">\(UIText.newInspection)</a></td></tr>"
            }
            let publish: HTML =
                d.publishedAt == nil && context.caller.role?.can(.inspect) == true
                ? "<form method=\"post\" action=\"/draws/\(id.key)/publication\" class=\"d-inline\" data-confirm=\"\(UIText.confirmPublish)\"><input type=\"hidden\" name=\"_csrf\" value=\"\(context.csrfToken ?? "")\"><button class=\"btn btn-sm btn-primary\" data-testid=\"publish-draw\">\(UIText.publish)</button></form>"
                : d.publishedAt == nil
                    ? .empty
                    : "<a class=\"btn btn-sm btn-outline-secondary\" href=\"/public/draws/\(id.key)\" data-testid=\"public-link\">\(UIText.publicDraw)</a>"
            let body: HTML = """
                <h1 class="h4">\(d.title)</h1>
                <p>\(UIText.algorithm)：<code>\(d.algorithm)</code> · \(UIText.seed)：<code data-testid="draw-seed">\(String(d.input.seed))</code> · \(UIText.candidates)：\(d.input.candidates.count) · \(UIText.publishBy)：\(d.publishBy) \(publish)</p>
                \(Layout.alert(check.matches ? UIText.verified : UIText.notVerified, kind: check.matches ? "success" : "danger"))
                <p class="small"><a href="/api/v1/random-draws/\(id.key)/verification">\(UIText.verification)\(UIText.verificationHint)</a></p>
                <table class="table table-sm table-striped bg-white" data-testid="draw-result"><thead><tr><th>#</th><th>\(UIText.enterprise)</th><th>\(UIText.inspectorsLabel)</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
                """
            return Layout.page(title: d.title, context: context, active: "/supervision", body: body).response()
        }

        router.post("/draws/{id}/publication", .permission(.inspect)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.drawNotFound)
            _ = try await FormData.read(request, context: context)
            _ = try await store.draws.publish(id, by: context.caller)
            return Response.redirect(to: "/draws/\(id.key)", type: .found)
        }

        router.get("/campaigns", .permission(.readBusinessData)) { request, context in
            let page = try await store.campaigns.list(page: try Query(request).page(), by: context.caller)
            let rows: [HTML] = page.items.map { c in
                "<tr><td>\(Self.link(c.id, "campaigns", c.name))</td><td>\(c.sectors.joined(separator: "、"))</td><td>\(c.startsOn) — \(c.endsOn)</td></tr>"
            }
            let form: HTML =
                context.caller.role?.can(.configureCatalogs) == true
                ? """
                <form method="post" action="/campaigns" class="row g-2 mb-3 bg-white p-2 rounded" data-testid="campaign-form">
                  <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
                  <div class="col-md-4"><input class="form-control form-control-sm" name="name" placeholder="\(UIText.campaignName)" required maxlength="100"></div>
                  <div class="col-md-3"><input class="form-control form-control-sm" name="sectors" placeholder="\(UIText.sectorsSeparated)"></div>
                  <div class="col-md-2"><input class="form-control form-control-sm" type="date" name="startsOn" required aria-label="\(UIText.periodFrom)"></div>
                  <div class="col-md-2"><input class="form-control form-control-sm" type="date" name="endsOn" required aria-label="\(UIText.periodTo)"></div>
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.add)</button></div>
                </form>
                """ : .empty
            let body: HTML = """
                <h1 class="h4">\(UIText.campaigns)</h1>\(form)
                <table class="table table-sm table-striped bg-white" data-testid="campaigns"><thead><tr><th>\(UIText.campaignName)</th><th>\(UIText.sectors)</th><th>\(UIText.period)</th></tr></thead><tbody>\(rows)</tbody></table>
                """
            return Layout.page(title: UIText.campaigns, context: context, active: "/supervision", body: body).response()
        }

        router.post("/campaigns", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            let sectors = form["sectors"].split(whereSeparator: { "、,，; ".contains($0) }).map(String.init)
            let c = try await store.campaigns.create(
                .init(
                    id: store.environment.newID(), name: form["name"], sectors: sectors, startsOn: form["startsOn"], endsOn: form["endsOn"],
                    problems: "", measures: ""),
                by: context.caller)
            return Response.redirect(to: "/campaigns/\(c.id.key)", type: .found)
        }

        router.get("/campaigns/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.campaignNotFound)
            let c = try await store.campaigns.get(id, by: context.caller)
            let hazards = try await store.inspections.hazards(
                .init(campaignID: id), page: try PageRequest(pageSize: 50), by: context.caller)
            let inspections = try await store.inspections.list(
                .init(campaignID: id), page: try PageRequest(pageSize: 1), by: context.caller
            ).total
            let editable = context.caller.role?.can(.configureCatalogs) == true
            let body: HTML = """
                <h1 class="h4">\(c.name)</h1>
                <p>\(UIText.period)：\(c.startsOn) — \(c.endsOn) · \(UIText.sectors)：\(c.sectors.joined(separator: "、")) · <a href="/inspections?campaignId=\(id.key)">\(UIText.inspections) \(inspections)</a>
                   · <a href="/hazards?campaignId=\(id.key)">\(UIText.hazardLedger) \(hazards.total)</a> · <a href="/campaigns/\(id.key)/lists.xlsx" data-testid="campaign-export">\(UIText.exportXLSX)</a></p>
                <form method="post" action="/campaigns/\(id.key)/lists" class="row g-2" data-testid="campaign-lists">
                  <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
                  <div class="col-md-6"><label class="form-label" for="problems">\(UIText.problemsList)</label><textarea class="form-control" id="problems" name="problems" rows="10"\(HTML(unsafe: editable ? "" : " readonly"))>\(c.problems)</textarea></div>
                  <div class="col-md-6"><label class="form-label" for="measures">\(UIText.measuresList)</label><textarea class="form-control" id="measures" name="measures" rows="10"\(HTML(unsafe: editable ? "" : " readonly"))>\(c.measures)</textarea></div>
                  \(editable ? HTML("<div class=\"col-12\"><button class=\"btn btn-primary btn-sm\">\(UIText.save)</button></div>") : .empty)
                </form>
                <h2 class="h6 mt-3">\(UIText.hazardLedger)</h2>
                <table class="table table-sm bg-white table-cards">\(Self.hazardHeader)<tbody>\(try await hazardRows(hazards.items))</tbody></table>
                """
            return Layout.page(title: c.name, context: context, active: "/supervision", body: body).response()
        }

        router.post("/campaigns/{id}/lists", .permission(.configureCatalogs)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.campaignNotFound)
            let form = try await FormData.read(request, context: context)
            _ = try await store.campaigns.updateLists(id, problems: form["problems"], measures: form["measures"], by: context.caller)
            return Response.redirect(to: "/campaigns/\(id.key)", type: .found)
        }

        router.get("/campaigns/{id}/lists.xlsx", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.campaignNotFound)
            let c = try await store.campaigns.get(id, by: context.caller)
            let writer = try XLSXWriter(header: [UIText.campaignList, UIText.serial, UIText.content])
            for (list, text) in [(UIText.problemsList, c.problems), (UIText.measuresList, c.measures)] {
                for (index, line) in text.split(whereSeparator: \.isNewline).map(String.init).filter({
                    !$0.trimmingCharacters(in: .whitespaces).isEmpty
                }).enumerated() {
                    try writer.append([list, String(index + 1), line])
                }
            }
            return try Download.xlsx(writer, fileName: "\(c.name)-\(UIText.campaignLists).xlsx")
        }

        router.get("/statistics", .permission(.readBusinessData)) { request, context in
            // The bureau's report: an enterprise's officer reads its own records, not the county's statistics.
            guard context.caller.role != .enterpriseOfficer else { throw AnlanError.forbidden }
            let q = try Query(request)
            let year = String(today.prefix(4))
            let from = try q.day("from") ?? "\(year)-01-01"
            let to = try q.day("to") ?? today
            let report = try await store.statistics.report(
                .init(from: from, to: to, divisionCode: try q.divisionCode("divisionCode"), sector: q.string("sector")), by: context.caller)
            if q.string("format") == "xlsx" {
                let writer = try XLSXWriter(header: [UIText.group] + Self.figureColumns.map(\.0))
                try writer.append([UIText.total] + Self.figureColumns.map { $0.1(report.total) })
                for row in report.bySector {
                    try writer.append([ReportSector.label(row.sector)] + Self.figureColumns.map { $0.1(row.figures) })
                }
                for row in report.byMonth { try writer.append([row.month] + Self.figureColumns.map { $0.1(row.figures) }) }
                return try Download.xlsx(writer, fileName: "\(UIText.statistics)-\(from)-\(to).xlsx")
            }
            func row(_ label: String, _ f: StatisticsRepository.Figures, sector: String?, month: String?) -> HTML {
                // Every figure links to the records behind it.
                let range = month.map { m in (max(from, m + "-01"), min(to, Timestamp.lastDay(ofMonth: m))) } ?? (from, to)
                let s =
                    (sector ?? q.string("sector")).map {
                        "&sector=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                    } ?? ""
                    + (q.string("divisionCode").map {
                        "&divisionCode=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                    } ?? "")
                // The enterprise list's own names for the report sector and the division.
                let sectorOf = sector ?? q.string("sector")
                let division =
                    q.string("divisionCode").map {
                        "&divisionCode=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                    } ?? ""
                let cells: [HTML] = [
                    "<a href=\"/inspections?from=\(range.0)&to=\(range.1)\(s)\">\(f.inspections)</a>",
                    "<a href=\"/enterprises?inspectedFrom=\(range.0)&inspectedTo=\(range.1)\(sectorOf.map { "&inspectedSector=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } ?? "")\(division)&includeArchived=true\">\(f.enterprisesInspected)</a>",
                    "<a href=\"/hazards?onSites=false&foundFrom=\(range.0)&foundTo=\(range.1)\(s)\">\(f.hazardsFound)</a>",
                    "<a href=\"/hazards?onSites=false&major=true&foundFrom=\(range.0)&foundTo=\(range.1)\(s)\">\(f.majorHazardsFound)</a>",
                    "<a href=\"/hazards?onSites=false&closedFrom=\(range.0)&closedTo=\(range.1)\(s)\">\(f.hazardsRectified)</a>",
                    f.rectificationRate.map { HTML("\(String(format: "%.1f", $0))%") } ?? "—",
                    month == nil ? "<a href=\"/hazards?onSites=false&overdue=true\(s)\">\(f.hazardsOverdue)</a>" : "—",
                    "<a href=\"/documents?from=\(range.0)&to=\(range.1)\(s)\">\(f.documents.values.reduce(0, +))</a>",
                    "<a href=\"/cases?from=\(range.0)&to=\(range.1)\(s)\">\(f.cases)</a>",
                    "<a href=\"/cases?from=\(range.0)&to=\(range.1)\(s)\">\(Self.grouped(Money.yuan(f.finesFen)))</a>",
                    "<a href=\"/cases?suspended=true&from=\(range.0)&to=\(range.1)\(s)\">\(f.casesSuspended)</a>",
                    "<a href=\"/documents?kind=onSiteMeasures&measure=suspend&from=\(range.0)&to=\(range.1)\(s)\">\(f.onSiteSuspensions)</a>",
                    "<a href=\"/documents?kind=onSiteMeasures&seizure=true&from=\(range.0)&to=\(range.1)\(s)\">\(f.seizures)</a>",
                ]
                return "<tr><th>\(label)</th>\(cells.map { HTML("<td>\($0)</td>") })</tr>"
            }
            let header: HTML = "<thead><tr><th></th>\(Self.figureColumns.map { HTML("<th>\($0.0)</th>") })</tr></thead>"
            let values = q.values(except: ["format"])
            let body: HTML = """
                <h1 class="h4">\(UIText.statistics)</h1>
                <form method="get" action="/statistics" class="row g-2 mb-3" data-testid="statistics-form">
                  <div class="col-auto"><input class="form-control form-control-sm" type="date" name="from" value="\(from)" aria-label="\(UIText.periodFrom)"></div>
                  <div class="col-auto"><input class="form-control form-control-sm" type="date" name="to" value="\(to)" aria-label="\(UIText.periodTo)"></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="sector"><option value="">\(UIText.sector)</option>\(ReportSector.rows.map { s in HTML("<option value=\"\(s)\"\(HTML(unsafe: q.string("sector") == s ? " selected" : ""))>\(ReportSector.label(s))</option>") })</select></div>
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div>
                  <div class="col-auto"><a class="btn btn-sm btn-outline-secondary" href="/statistics?\(Layout.queryString(values + [("format", "xlsx")]))" data-testid="statistics-export">\(UIText.exportXLSX)</a></div>
                </form>
                <div class="table-responsive"><table class="table table-sm table-bordered bg-white" data-testid="statistics-sectors">\(header)<tbody>
                  \(row(UIText.total, report.total, sector: nil, month: nil))\(report.bySector.map { row(ReportSector.label($0.sector), $0.figures, sector: $0.sector, month: nil) })</tbody></table></div>
                <div class="table-responsive"><table class="table table-sm table-bordered bg-white" data-testid="statistics-months">\(header)<tbody>
                  \(report.byMonth.map { row($0.month, $0.figures, sector: q.string("sector"), month: $0.month) })</tbody></table></div>
                """
            return Layout.page(title: UIText.statistics, context: context, active: "/supervision", body: body).response()
        }

        router.get("/checklists", .permission(.readBusinessData)) { _, context in
            let lists = try await store.catalogs.checklists()
            let canEdit = context.caller.role?.can(.configureCatalogs) == true
            let cards: [HTML] = lists.map { l in
                let items: [HTML] = l.items.map {
                    "<tr><td data-label=\"编号\">\($0.code)</td><td data-label=\"检查内容\">\($0.text)</td><td class=\"small text-muted\" data-label=\"依据\">\($0.basis)</td><td>\($0.isMajor ? UIText.majorHazard : "")</td></tr>"
                }
                // People read the list's name and the sectors it serves; its key is for those who edit it (and the API).
                let edit: HTML =
                    canEdit
                    ? "<span class=\"ms-auto small text-muted\">标识 \(l.key)</span><a class=\"ms-2 small\" href=\"/checklists/\(l.key)/edit\">\(UIText.edit)</a>"
                    : .empty
                let sectors = l.sectors.isEmpty ? "各行业通用（存在该类风险的企业）" : "适用行业：" + l.sectors.joined(separator: "、")
                return
                    "<details class=\"card mb-2\"><summary class=\"card-header d-flex flex-wrap gap-2\"><span>\(UIText.checklistVersion(l.name, l.version))</span><span class=\"small text-muted\">\(sectors) · \(l.items.count) 项</span>\(edit)</summary><table class=\"table table-sm mb-0 table-cards\"><tbody>\(items)</tbody></table></details>"
            }
            let newList: HTML =
                canEdit
                ? "<a class=\"btn btn-sm btn-outline-primary mb-3\" href=\"/checklists/new/edit\">\(UIText.newChecklist)</a>" : .empty
            let body: HTML = "<h1 class=\"h4\">\(UIText.checklists)</h1>\(newList)<div data-testid=\"checklists\">\(cards)</div>"
            return Layout.page(title: UIText.checklists, context: context, active: "/supervision", body: body).response()
        }
    }

    func registerChecklistEditor(_ router: PageRoutes) {
        router.get("/checklists/{key}/edit", .permission(.configureCatalogs)) { _, context in
            let key = try context.pathParameter("key")
            let list = key == "new" ? nil : try await store.catalogs.checklist(key: key)
            return checklistEditor(
                list, key: key == "new" ? "" : key, name: list?.name ?? "", sectors: list?.sectors.joined(separator: "、") ?? "",
                items: list.map(Self.itemLines) ?? "", context: context, notice: .empty
            ).response()
        }
        router.post("/checklists", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                var items: [ChecklistItem] = []
                for (index, line) in form["items"].split(whereSeparator: \.isNewline).enumerated() {
                    let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 4 else {
                        throw AnlanError.invalid("checklist.line_invalid", "第 \(index + 1) 行须为“编号|检查内容|依据|重大或一般”。", field: "items")
                    }
                    items.append(ChecklistItem(code: parts[0], text: parts[1], basis: parts[2], isMajor: parts[3] == "重大"))
                }
                let sectors = form["sectors"].split(whereSeparator: { "、,， ".contains($0) }).map(String.init)
                let saved = try await store.catalogs.saveChecklist(
                    Checklist(key: form["key"], version: 0, name: form["name"], sectors: sectors, items: items), by: context.caller)
                return Response.redirect(to: "/checklists#\(saved.key)", type: .found)
            } catch let error as AnlanError where error.kind == .unprocessable {
                return checklistEditor(
                    nil, key: form["key"], name: form["name"], sectors: form["sectors"], items: form["items"], context: context,
                    notice: Components.refusal(error)
                )
                .response(status: Failure(error).status)
            }
        }
    }

    static func itemLines(_ list: Checklist) -> String {
        list.items.map { "\($0.code)|\($0.text)|\($0.basis)|\($0.isMajor ? "重大" : "一般")" }.joined(separator: "\n")
    }

    func checklistEditor(_ list: Checklist?, key: String, name: String, sectors: String, items: String, context: UserContext, notice: HTML)
        -> HTML
    {
        let body: HTML = """
            <h1 class="h4">\(UIText.checklists)\(list.map { "：" + UIText.checklistSavesAs($0.name, $0.version + 1) } ?? "")</h1>
            <p class="text-muted">\(UIText.checklistHint)</p>
            <form method="post" action="/checklists" data-testid="checklist-editor">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
              <div class="row g-2 mb-2">
                <div class="col-md-3"><input class="form-control" name="key" value="\(key)" placeholder="\(UIText.checklistKeyHint)" required\(HTML(unsafe: list == nil ? "" : " readonly"))></div>
                <div class="col-md-5"><input class="form-control" name="name" value="\(name)" placeholder="\(UIText.checklistName)" required></div>
                <div class="col-md-4"><input class="form-control" name="sectors" value="\(sectors)" placeholder="\(UIText.sectorsSeparatedOptional)"></div>
              </div>
              <textarea class="form-control mb-2" name="items" rows="20" aria-label="\(UIText.checklists)">\(items)</textarea>
              <button class="btn btn-primary">\(UIText.save)</button>
            </form>
            """
        return Layout.page(title: UIText.checklists, context: context, active: "/supervision", notice: notice, body: body)
    }

    static let figureColumns: [(String, @Sendable (StatisticsRepository.Figures) -> String)] = [
        (UIText.inspectionCount, { String($0.inspections) }), (UIText.enterprisesInspected, { String($0.enterprisesInspected) }),
        (UIText.hazardsFound, { String($0.hazardsFound) }), (UIText.majorFound, { String($0.majorHazardsFound) }),
        (UIText.rectified, { String($0.hazardsRectified) }),
        (UIText.rectificationRate, { $0.rectificationRate.map { String(format: "%.1f%%", $0) } ?? "" }),
        ("逾期未整改隐患（项，截至今天）", { String($0.hazardsOverdue) }), (UIText.documentsIssued, { String($0.documents.values.reduce(0, +)) }),
        ("立案（件）", { String($0.cases) }), (UIText.finesYuan, { Money.yuan($0.finesFen) }),
        (UIText.suspended, { String($0.casesSuspended) }), ("现场责令停产停业（份）", { String($0.onSiteSuspensions) }),
        ("查封扣押（份）", { String($0.seizures) }),
    ]
}

/// The public page of a published draw: no login, names and inspectors only.
extension SupervisionPages {
    /// "1234567.00" → "1,234,567.00", for reading amounts on a page (exports keep the plain number).
    static func grouped(_ yuan: String) -> String {
        let parts = yuan.split(separator: ".", maxSplits: 1)
        var whole = String(parts.first ?? "")
        let sign = whole.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { whole.removeFirst() }
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        return sign + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }
}

struct PublicDrawPages {
    let store: Store

    func register(_ router: RouterGroup<AppContext>) {
        router.get("/public/draws/{id}") { _, context in
            guard let id = UUID(key: try context.pathParameter("id")), let d = try await store.draws.published(id) else {
                throw AnlanError.notFound("draw.not_found", "抽查结果不存在或尚未公示。")
            }
            let names = try await store.enterprises.names(of: d.result.compactMap { UUID(key: $0.enterpriseID) })
            let authority = try await store.catalogs.authority()
            // As a 双随机 公示 names them: inspectors by name and 执法证号, never by login name.
            let people = try await store.accounts.people(of: d.result.flatMap(\.inspectors))
            let rows: [HTML] = d.result.enumerated().map { index, a in
                let team = a.inspectors.map { people[$0]?.withCertificate ?? UIText.inspectorUnknown }.joined(separator: "、")
                return "<tr><td>\(index + 1)</td><td>\(names[a.enterpriseID] ?? "")</td><td>\(team)</td></tr>"
            }
            let body: HTML = """
                <main class="container py-4" style="max-width: 60rem">
                <h1 class="h4">\(authority) · \(UIText.publicDraw)</h1>
                <h2 class="h5">\(d.title)</h2>
                <p>抽取日期：\(d.drawnOn) · \(UIText.algorithm)：\(d.algorithm) · \(UIText.seed)：<code>\(String(d.input.seed))</code> · \(UIText.candidates)：\(d.input.candidates.count) 家</p>
                <table class="table table-sm table-bordered bg-white" data-testid="public-draw"><thead><tr><th>#</th><th>\(UIText.enterprise)</th><th>\(UIText.inspectorsLabel)</th></tr></thead><tbody>\(rows)</tbody></table>
                </main>
                """
            return Layout.document(title: UIText.publicDraw, body: body).response()
        }
    }

}
