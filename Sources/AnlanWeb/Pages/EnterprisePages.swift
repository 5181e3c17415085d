import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The enterprise list and the enterprise file (一企一档), with the forms that change them.
struct EnterprisePages {
    let store: Store
    let settings: WebSettings

    func register(_ router: PageRoutes) {
        router.get("/enterprises", .permission(.readBusinessData)) { request, context in
            let query = try Query(request)
            let (filter, sort) = try Self.filter(query)
            let page = try await store.enterprises.list(filter, sort: sort, page: try query.page(), by: context.caller)
            let names = Dictionary(
                uniqueKeysWithValues: try await store.divisions.names(within: context.caller.jurisdiction).map { ($0.code, $0.name) })
            let today = Timestamp.day(store.environment.now())
            let rows: [HTML] = page.items.map { e in
                let village = (try? DivisionCode(e.profile.divisionCode)).flatMap { names[$0] } ?? e.profile.divisionCode
                let township = (try? DivisionCode(e.profile.divisionCode))?.parent.flatMap { names[$0] } ?? ""
                return """
                    <tr><td><a href="/enterprises/\(e.id.uuidString.lowercased())">\(e.profile.name)</a>\(e.archivedAt == nil ? HTML.empty : " <span class=\"badge bg-secondary\">\(UIText.archived)</span>")</td>
                    <td><code>\(e.profile.creditCode ?? "—")</code></td><td>\(township) \(village)</td><td>\(e.profile.sectors.joined(separator: "、"))</td>
                    <td><span class="badge \(UIText.riskBadge(e.riskLevel))">\(UIText.riskName(e.riskLevel))</span></td>
                    <td>\(UIText.statusName(e.profile.operatingStatus))</td><td>\(Self.licenceSummary(e.profile.licences, today: today))</td></tr>
                    """
            }
            let values = Self.queryValues(query)
            let canEdit = context.caller.role?.can(.editEnterprises) == true
            let body: HTML = """
                <div class="d-flex align-items-center mb-3"><h1 class="h4 mb-0">\(UIText.enterprises)</h1>
                  <a class="ms-auto btn btn-outline-secondary btn-sm me-2" href="/enterprises/governance" data-testid="governance-link">\(UIText.governance)</a>
                  \(context.caller.role?.can(.configureCatalogs) == true ? HTML("<a class=\"btn btn-outline-secondary btn-sm me-2\" href=\"/settings/sectors\">\(UIText.sectorSettings)</a>") : .empty)
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/enterprises/export.xlsx?\(PolicyAndAuditPages.queryString(values))" data-testid="enterprise-export-xlsx">\(UIText.exportXLSX)</a>
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/enterprises/export.csv?\(PolicyAndAuditPages.queryString(values))" data-testid="enterprise-export">\(UIText.exportCSV)</a>
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/enterprises/map?\(PolicyAndAuditPages.queryString(values))" data-testid="enterprise-map-link">\(UIText.enterpriseMap)</a>
                  \(canEdit ? HTML("<a class=\"btn btn-outline-primary btn-sm me-2\" href=\"/enterprise-imports/new\" data-testid=\"import-link\">\(UIText.importEnterprises)</a>") : .empty)
                  \(canEdit ? HTML("<a class=\"btn btn-primary btn-sm\" href=\"/enterprises/new\" data-testid=\"new-enterprise\">\(UIText.newEnterprise)</a>") : .empty)</div>
                \(try await filterForm(query: query, context: context))
                <div class="table-responsive"><table class="table table-sm table-striped bg-white" data-testid="enterprises">
                  <thead><tr><th>\(UIText.enterpriseName)</th><th>\(UIText.creditCode)</th><th>\(UIText.village)</th><th>\(UIText.sectors)</th><th>\(UIText.riskLevel)</th><th>\(UIText.operatingStatus)</th><th>\(UIText.licences)</th></tr></thead>
                  <tbody>\(rows)</tbody></table></div>
                \(Layout.pager(page, base: "/enterprises", query: values))
                """
            return Layout.page(title: UIText.enterprises, context: context, active: "/supervision", body: body).response()
        }

        router.get("/enterprises/governance", .permission(.readBusinessData)) { _, context in
            let report = try await store.enterprises.governance(by: context.caller)
            return governancePage(report, context: context).response()
        }

        router.get("/enterprises/map", .permission(.readBusinessData)) { request, context in
            let query = try Query(request)
            let values = Self.queryValues(query)
            let body: HTML = """
                <div class="d-flex align-items-center mb-2"><h1 class="h4 mb-0">\(UIText.enterpriseMap)</h1>
                  <a class="ms-auto btn btn-sm btn-outline-secondary" href="/enterprises?\(PolicyAndAuditPages.queryString(values))">\(UIText.enterpriseList)</a></div>
                \(try await filterForm(query: query, context: context, action: "/enterprises/map"))
                <div class="small mb-1">\(RiskLevel.allCases.map { HTML("<span class=\"risk-dot \(UIText.riskBadge($0))\"></span> \(UIText.riskName($0)) ") })</div>
                <div id="map" data-testid="enterprise-map" data-points="/enterprises/points.geojson?\(PolicyAndAuditPages.queryString(values))" data-tile-url="\(settings.tileURL ?? "")"></div>
                """
            return Layout.page(
                title: UIText.enterpriseMap, context: context, active: "/supervision", body: body,
                head: "<link rel=\"stylesheet\" href=\"/static/vendor/leaflet/leaflet.css\">",
                scripts:
                    "<script src=\"/static/vendor/leaflet/leaflet.min.js\"></script><script src=\"/static/js/enterprise-map.js\"></script>"
            ).response()
        }

        router.get("/enterprises/export.csv", .permission(.readBusinessData)) { request, context in
            let (filter, sort) = try Self.filter(try Query(request))
            let caller = context.caller
            let enterprises = store.enterprises
            let names = Dictionary(
                uniqueKeysWithValues: try await store.divisions.names(within: caller.jurisdiction).map { ($0.code.rawValue, $0.name) })
            try await store.write(by: caller) { tx in
                try await tx.record(AuditEvent(action: "enterprise.export", targetType: "enterprise", after: Self.filterJSON(filter)))
            }
            let header = CSVWriter.byteOrderMark + CSVWriter.row(Self.exportColumns.map(\.0))
            // Page after page, so an export of any size holds one page in memory.
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: header))
                var number = 1
                while true {
                    let page = try await enterprises.list(
                        filter, sort: sort, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
                    let chunk = page.items.map { e in CSVWriter.row(Self.exportColumns.map { $0.1(e, names) }) }.joined()
                    if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
                    if number >= page.pageCount { break }
                    number += 1
                }
                try await writer.finish(nil)
            }
            let name = "enterprises-\(Timestamp.day(store.environment.now())).csv"
            return Download.response(fileName: name, contentType: Download.csv, body: body)
        }

        router.get("/enterprises/export.xlsx", .permission(.readBusinessData)) { request, context in
            let (filter, sort) = try Self.filter(try Query(request))
            let caller = context.caller
            let names = Dictionary(
                uniqueKeysWithValues: try await store.divisions.names(within: caller.jurisdiction).map { ($0.code.rawValue, $0.name) })
            try await store.write(by: caller) { tx in
                try await tx.record(AuditEvent(action: "enterprise.export", targetType: "enterprise", after: Self.filterJSON(filter)))
            }
            // The workbook is built page by page on disk (constant memory), then streamed out and deleted.
            let writer = try XLSXWriter(header: Self.exportColumns.map(\.0))
            var number = 1
            while true {
                let page = try await store.enterprises.list(
                    filter, sort: sort, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
                for e in page.items { try writer.append(Self.exportColumns.map { $0.1(e, names) }) }
                if number >= page.pageCount { break }
                number += 1
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-export-\(UUID().uuidString).xlsx")
            try writer.finish(to: file)
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
            let body = ResponseBody(contentLength: size) { responseWriter in
                defer { try? FileManager.default.removeItem(at: file) }
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                    try await responseWriter.write(ByteBuffer(bytes: chunk))
                }
                try await responseWriter.finish(nil)
            }
            let name = "enterprises-\(Timestamp.day(store.environment.now())).xlsx"
            return Download.response(fileName: name, contentType: Download.xlsx, body: body)
        }

        router.get("/enterprise-imports/new", .permission(.editEnterprises)) { _, context in
            let body: HTML = """
                <h1 class="h4">\(UIText.importEnterprises)</h1>
                <p class="text-muted" style="max-width: 60rem">\(UIText.importHint)</p>
                <div id="import" data-csrf="\(context.csrfToken ?? "")" data-testid="import">
                  <div class="row g-2 mb-3" style="max-width: 48rem">
                    <div class="col"><input class="form-control" type="file" id="import-file" accept=".xlsx,.csv" aria-label="\(UIText.chooseFile)"></div>
                    <div class="col-auto"><button class="btn btn-outline-primary" id="import-dry-run" type="button">\(UIText.dryRun)</button></div>
                    <div class="col-auto"><button class="btn btn-primary" id="import-start" type="button" disabled>\(UIText.startImport)</button></div>
                  </div>
                  <div id="import-mapping" class="card mb-3 d-none" data-none="\(UIText.notInFile)" data-testid="import-mapping">
                    <div class="card-header">\(UIText.columnMapping) <span class="badge bg-info text-dark d-none" data-role="remembered">\(UIText.mappingRemembered)</span></div>
                    <div class="card-body"><p class="small text-muted">\(UIText.columnMappingHint)</p><div class="row g-2" data-role="fields"></div></div>
                  </div>
                  <div id="import-message" class="alert d-none" role="alert"></div>
                  <div id="import-counts" class="mb-2 d-none">\(UIText.toCreate) <strong data-count="create">0</strong> · \(UIText.toUpdate) <strong data-count="update">0</strong> · \(UIText.invalidRows) <strong data-count="invalid">0</strong></div>
                  <table class="table table-sm bg-white d-none" id="import-rows"><thead><tr><th>\(UIText.line)</th><th>\(UIText.enterpriseName)</th><th>\(UIText.problems)</th></tr></thead><tbody></tbody></table>
                </div>
                """
            return Layout.page(
                title: UIText.importEnterprises, context: context, active: "/supervision", body: body,
                scripts: "<script src=\"/static/js/import.js\"></script>"
            ).response()
        }

        router.get("/enterprise-imports/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。"))
            let run = try await store.enterprises.importRun(id, by: context.caller)
            let percent = run.totalRows == 0 ? 100 : run.processedRows * 100 / run.totalRows
            let key = id.uuidString.lowercased()
            let body: HTML = """
                <h1 class="h4">\(UIText.importProgress)：\(run.fileName)</h1>
                <div id="import-run" data-id="\(key)" data-status="\(run.status.rawValue)" data-testid="import-run"
                     data-running="\(UIText.importRunning)" data-done="\(UIText.importDone)" data-failed="\(UIText.importFailed)">
                  <div class="progress mb-2" style="height: 1.5rem; max-width: 48rem"><div class="progress-bar" id="import-bar" style="width: \(percent)%">\(percent)%</div></div>
                  <p id="import-status">\(run.status == .running ? UIText.importRunning : run.status == .done ? UIText.importDone : UIText.importFailed) \(run.failure ?? "")</p>
                  <p>\(UIText.toCreate) <strong data-field="created">\(run.created)</strong> · \(UIText.toUpdate) <strong data-field="updated">\(run.updated)</strong> ·
                     \(UIText.unchangedRows) <strong data-field="unchanged">\(run.unchanged)</strong> · \(UIText.invalidRows) <strong data-field="invalid">\(run.invalid)</strong></p>
                  <a class="btn btn-sm btn-outline-secondary\(HTML(unsafe: run.invalid == 0 ? " d-none" : ""))" href="/enterprise-imports/\(key)/errors.xlsx" data-testid="import-errors">\(UIText.downloadErrors)</a>
                  <a class="btn btn-sm btn-link" href="/enterprises">\(UIText.enterpriseList)</a>
                </div>
                """
            return Layout.page(
                title: UIText.importProgress, context: context, active: "/supervision", body: body,
                scripts: "<script src=\"/static/js/import.js\"></script>"
            ).response()
        }

        router.get("/enterprise-imports/{id}/errors.xlsx", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。"))
            let run = try await store.enterprises.importRun(id, by: context.caller)
            let errors = try await store.enterprises.importErrors(id, by: context.caller)
            let writer = try XLSXWriter(header: ["行号", "问题"] + run.header)
            for error in errors { try writer.append([String(error.line), error.problems.joined(separator: "；")] + error.cells) }
            return try Download.xlsx(writer, fileName: "import-errors.xlsx")
        }

        router.get("/enterprises/points.geojson", .permission(.readBusinessData)) { request, context in
            let (filter, _) = try Self.filter(try Query(request))
            // Page through the whole filtered list: a county holds thousands of enterprises, not millions.
            var features: [JSONValue] = []
            var number = 1
            while true {
                let page = try await store.enterprises.list(
                    filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: context.caller)
                for e in page.items {
                    guard let lat = e.profile.latitude, let lon = e.profile.longitude else { continue }
                    features.append([
                        "type": "Feature", "geometry": ["type": "Point", "coordinates": [.number(lon), .number(lat)]],
                        "properties": [
                            "id": .string(e.id.uuidString.lowercased()), "name": .string(e.profile.name),
                            "risk": .string(e.riskLevel?.rawValue ?? ""),
                        ],
                    ])
                }
                if number >= page.pageCount || number >= 100 { break }
                number += 1
            }
            var response = try JSONResponse.make(["type": "FeatureCollection", "features": .array(features)] as JSONValue)
            response.headers[.contentType] = "application/geo+json; charset=utf-8"
            return response
        }

        router.get("/enterprises/new", .permission(.editEnterprises)) { _, context in
            return try await form(context: context, enterprise: nil, values: nil, notice: .empty).response()
        }

        router.post("/enterprises", .permission(.editEnterprises)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let risk = form.optional("riskLevel").flatMap(RiskLevel.init(rawValue:))
                let (enterprise, _) = try await store.enterprises.create(try Self.profile(form), riskLevel: risk, by: context.caller)
                return Response.redirect(to: "/enterprises/\(enterprise.id.uuidString.lowercased())?saved=1", type: .found)
            } catch let error as AnlanError {
                return try await self.form(context: context, enterprise: nil, values: form, notice: Layout.alert(error.message))
                    .response(status: Failure(error).status)
            }
        }

        router.get("/enterprises/{id}", .permission(.readBusinessData)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let enterprise = try await store.enterprises.get(id, by: context.caller)
            let saved = request.uri.queryParameters["saved"] != nil
            return try await file(
                context: context, enterprise: enterprise, notice: saved ? Layout.alert(UIText.saved, kind: "success") : .empty
            ).response()
        }

        router.get("/enterprises/{id}/edit", .permission(.editEnterprises)) { _, context in
            let enterprise = try await store.enterprises.get(try EnterprisesAPI.enterpriseID(context), by: context.caller)
            return try await form(context: context, enterprise: enterprise, values: nil, notice: .empty).response()
        }

        router.post("/enterprises/{id}", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            let enterprise = try await store.enterprises.get(id, by: context.caller)
            do {
                _ = try await store.enterprises.update(id: id, try Self.profile(form), by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.uuidString.lowercased())?saved=1", type: .found)
            } catch let error as AnlanError {
                return try await self.form(context: context, enterprise: enterprise, values: form, notice: Layout.alert(error.message))
                    .response(status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/contacts", .permission(.readBusinessData)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                _ = try await store.enterprises.updateContacts(
                    id: id, principal: form.optional("principal"), safetyOfficerName: form.optional("safetyOfficerName"),
                    safetyOfficerPhone: form.optional("safetyOfficerPhone"), by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.uuidString.lowercased())?saved=1", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Layout.alert(error.message)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/risk-level", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                guard let level = RiskLevel(rawValue: form["riskLevel"]) else {
                    throw AnlanError.invalid("enterprise.risk_level_invalid", "请选择风险等级。", field: "riskLevel")
                }
                _ = try await store.enterprises.setRiskLevel(id: id, to: level, reason: form["reason"], by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.uuidString.lowercased())?saved=1", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Layout.alert(error.message)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/installations", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                guard let population = Int(form["exposedPopulation"].trimmingCharacters(in: .whitespaces)) else {
                    throw AnlanError.invalid("hazard.population_invalid", "暴露人数必须是整数。", field: "exposedPopulation")
                }
                _ = try await store.installations.add(
                    to: id, name: form["name"], unitKind: UnitKind(rawValue: form["unitKind"]) ?? .storage, exposedPopulation: population,
                    holdings: try Self.holdings(form["holdings"]), by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.uuidString.lowercased())?saved=1#installations", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Layout.alert(error.message)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/installations/{installationId}/remove", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            _ = try await FormData.read(request, context: context)
            let installationID = try context.uuidParameter(
                "installationId", notFound: AnlanError.notFound("installation.not_found", "危险源单元不存在或不在您的辖区内。"))
            try await store.installations.remove(installationID, from: id, by: context.caller)
            return Response.redirect(to: "/enterprises/\(id.uuidString.lowercased())?saved=1#installations", type: .found)
        }

        router.post("/enterprises/{id}/archive", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                try await store.enterprises.archive(id: id, reason: form["reason"], by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.uuidString.lowercased())?saved=1", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Layout.alert(error.message)).response(
                    status: Failure(error).status)
            }
        }
    }

    // MARK: - The enterprise file

    func file(context: UserContext, enterprise e: Enterprise, notice: HTML) async throws -> HTML {
        let p = e.profile
        let history = try await store.enterprises.riskHistory(e.id, by: context.caller)
        let installations = try await store.installations.list(for: e.id, by: context.caller)
        let code = try DivisionCode(p.divisionCode)
        var place = try await store.divisions.name(of: code) ?? ""
        if let township = code.parent, let name = try await store.divisions.name(of: township) { place = name + " " + place }
        let contactPeople = try await store.records.contacts(of: e.id, by: context.caller)
        let agreements = try await store.records.agreements(of: e.id, by: context.caller)
        let attachments = try await store.records.attachments(
            ownerType: "enterprise", ownerID: e.id.uuidString.lowercased(), by: context.caller)
        let codeWarnings: [String] = p.creditCode.map { CreditCode.check($0).warnings } ?? []
        let today = Timestamp.day(store.environment.now())
        let canEdit = context.caller.role?.can(.editEnterprises) == true && e.archivedAt == nil
        let isOwnOfficer = context.caller.role == .enterpriseOfficer && context.caller.enterpriseID == e.id
        let csrf = context.csrfToken ?? ""
        func row(_ label: String, _ value: String?) -> HTML {
            "<tr><th class=\"text-nowrap\" style=\"width: 12rem\">\(label)</th><td>\(value ?? "—")</td></tr>"
        }
        let licenceRows: [HTML] = p.licences.map { l in
            "<tr><td>\(l.kind)</td><td>\(l.number)</td><td>\(l.expiresOn) \(Self.expiryBadge(l.expiresOn, today: today))</td></tr>"
        }
        let historyRows: [HTML] = history.map { h in
            """
            <tr><td class="text-nowrap">\(Timestamp.display(h.changedAt))</td><td>\(UIText.riskName(h.from)) → <span class="badge \(UIText.riskBadge(h.to))">\(UIText.riskName(h.to))</span></td><td>\(h.reason)</td><td>\(h.changedBy ?? "—")</td></tr>
            """
        }
        let riskOptions: [HTML] = RiskLevel.allCases.map { "<option value=\"\($0.rawValue)\">\(UIText.riskName($0))</option>" }
        let riskForm: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(e.id.uuidString.lowercased())/risk-level" class="row g-2 mt-2" data-testid="risk-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-auto"><select class="form-select form-select-sm" name="riskLevel">\(riskOptions)</select></div>
              <div class="col"><input class="form-control form-control-sm" name="reason" placeholder="\(UIText.reason)" required></div>
              <div class="col-auto"><button class="btn btn-sm btn-outline-primary">\(UIText.changeRiskLevel)</button></div>
            </form>
            """ : .empty
        let contactForm: HTML =
            isOwnOfficer && e.archivedAt == nil
            ? """
            <div class="card mb-3"><div class="card-header">\(UIText.contacts)</div><div class="card-body">
            <form method="post" action="/enterprises/\(e.id.uuidString.lowercased())/contacts" class="row g-2">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md"><input class="form-control form-control-sm" name="principal" value="\(p.principal ?? "")" placeholder="\(UIText.principal)"></div>
              <div class="col-md"><input class="form-control form-control-sm" name="safetyOfficerName" value="\(p.safetyOfficerName ?? "")" placeholder="\(UIText.safetyOfficer)"></div>
              <div class="col-md"><input class="form-control form-control-sm" name="safetyOfficerPhone" value="\(p.safetyOfficerPhone ?? "")" placeholder="\(UIText.safetyOfficerPhone)"></div>
              <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.saveContacts)</button></div>
            </form></div></div>
            """ : .empty
        let archiveForm: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(e.id.uuidString.lowercased())/archive" class="row g-2 mt-3">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col"><input class="form-control form-control-sm" name="reason" placeholder="\(UIText.archiveReason)" required></div>
              <div class="col-auto"><button class="btn btn-sm btn-outline-danger">\(UIText.archive)</button></div>
            </form>
            """ : .empty
        let map: HTML =
            if let lat = p.latitude, let lon = p.longitude {
                """
                <div id="enterprise-map" data-latitude="\(String(lat))" data-longitude="\(String(lon))" data-name="\(p.name)" data-risk="\(e.riskLevel?.rawValue ?? "")" data-tile-url="\(settings.tileURL ?? "")" data-division="\(p.divisionCode)"></div>
                """
            } else { "<p class=\"text-muted\">\(UIText.noLocation)</p>" }
        let body: HTML = """
            <div class="d-flex align-items-center gap-2 mb-3">
              <h1 class="h4 mb-0" data-testid="enterprise-name">\(p.name)</h1>
              <span class="badge \(UIText.riskBadge(e.riskLevel))" data-testid="risk-badge">\(UIText.riskName(e.riskLevel))</span>
              \(e.archivedAt == nil ? HTML.empty : "<span class=\"badge bg-secondary\">\(UIText.archived)</span>")
              \(canEdit ? HTML("<a class=\"ms-auto btn btn-sm btn-outline-primary\" href=\"/enterprises/\(e.id.uuidString.lowercased())/edit\">\(UIText.edit)</a>") : .empty)
            </div>
            <div class="row g-3">
              <div class="col-lg-7">
                \(contactForm)
                \(codeWarnings.isEmpty ? HTML.empty : Layout.alert(codeWarnings.joined(separator: " "), kind: "warning"))
                <div class="card mb-3"><div class="card-header">\(UIText.profile)</div>
                  <table class="table table-sm mb-0">
                    \(row(UIText.creditCode, p.creditCode))\(row(UIText.legalRepresentative, p.legalRepresentative))\(row(UIText.principal, p.principal))
                    \(row(UIText.safetyOfficer, [p.safetyOfficerName, p.safetyOfficerPhone].compactMap { $0 }.joined(separator: " ")))
                    \(row(UIText.address, p.address))\(row(UIText.village, place + "（" + p.divisionCode + "）"))
                    \(row(UIText.sectors, p.sectors.joined(separator: "、")))\(row(UIText.employees, p.employees.map(String.init)))
                    \(row(UIText.aboveScale, p.aboveScale ? UIText.yes : UIText.no))
                    \(row(UIText.standardization, UIText.gradeName(p.standardizationGrade) + (p.standardizationExpiresOn.map { "（\(UIText.standardizationExpiry) \($0)）" } ?? "")))
                    \(row(UIText.operatingStatus, UIText.statusName(p.operatingStatus)))
                    \(row(UIText.created, Timestamp.display(e.createdAt)))\(row(UIText.updated, Timestamp.display(e.updatedAt)))
                  </table></div>
                <div class="card mb-3"><div class="card-header">\(UIText.licences)</div>
                  <table class="table table-sm mb-0" data-testid="licences"><thead><tr><th>\(UIText.licenceKind)</th><th>\(UIText.licenceNumber)</th><th>\(UIText.expiresOn)</th></tr></thead><tbody>\(licenceRows)</tbody></table></div>
                <div class="card mb-3"><div class="card-header">\(UIText.riskHistory)</div><div class="card-body">
                  <table class="table table-sm" data-testid="risk-history"><tbody>\(historyRows)</tbody></table>\(riskForm)</div></div>
                \(installationsCard(installations, enterprise: e, canEdit: canEdit, csrf: csrf))
                \(contactPeopleCard(contactPeople, enterprise: e, canEdit: (canEdit || isOwnOfficer) && e.archivedAt == nil, csrf: csrf))
                \(agreementsCard(agreements, enterprise: e, canEdit: canEdit, csrf: csrf))
                \(attachmentsCard(attachments, enterprise: e, canEdit: (canEdit || isOwnOfficer) && e.archivedAt == nil, csrf: csrf))
                \(try await supervisionCards(e, context: context))
                <div class="card mb-3"><div class="card-header">\(UIText.laterSections)</div><div class="card-body text-muted">\(UIText.notBuiltTitle)。\(UIText.laterSectionsBody)</div></div>
                \(archiveForm)
              </div>
              <div class="col-lg-5"><div class="card"><div class="card-header">\(UIText.location)</div><div class="card-body">\(map)</div></div></div>
            </div>
            """
        return Layout.page(
            title: p.name, context: context, active: "/supervision", notice: notice, body: body,
            head: "<link rel=\"stylesheet\" href=\"/static/vendor/leaflet/leaflet.css\">",
            scripts:
                "<script src=\"/static/vendor/leaflet/leaflet.min.js\"></script><script src=\"/static/js/enterprise.js\"></script><script src=\"/static/js/upload.js\"></script>"
        )
    }

    /// The file's supervision sections: open hazards, recent inspections, documents and cases.
    private func supervisionCards(_ e: Enterprise, context: UserContext) async throws -> HTML {
        let caller = context.caller
        let pages = SupervisionPages(store: store)
        let page = try PageRequest(pageSize: 10)
        let hazards = try await store.inspections.hazards(.init(enterpriseID: e.id, open: true), page: page, by: caller)
        let inspections = try await store.inspections.list(.init(enterpriseID: e.id), page: page, by: caller)
        let documents = try await store.documents.documents(.init(enterpriseID: e.id), page: page, by: caller)
        let cases = try await store.documents.cases(.init(enterpriseID: e.id), page: page, by: caller)
        let k = e.id.uuidString.lowercased()
        let inspectionRows: [HTML] = inspections.items.map { i in
            "<tr><td>\(SupervisionPages.link(i.id, "inspections", i.inspectedOn))</td><td>\(UIText.sourceName(i.source))</td><td>\(i.inspectors.map(\.name).joined(separator: "、"))</td></tr>"
        }
        let documentRows: [HTML] = documents.items.map { d in
            "<tr><td>\(SupervisionPages.link(d.id, "documents", d.number))</td><td>\(d.kind.title)</td><td>\(d.voidedAt == nil ? "" : UIText.voided)</td></tr>"
        }
        let caseRows: [HTML] = cases.items.map { c in
            "<tr><td>\(SupervisionPages.link(c.id, "cases", c.title))</td><td>\(UIText.caseStatusName(c.status))</td><td>\(c.fineFen.map(Money.yuan) ?? "—")</td><td>\(c.paymentStatus ?? "")</td></tr>"
        }
        let newInspection: HTML =
            caller.role?.can(.inspect) == true
            ? "<a class=\"btn btn-sm btn-outline-primary\" href=\"/inspections/new?enterpriseId=\(k)\">\(UIText.newInspection)</a>" : .empty
        return """
            <div class="card mb-3" id="hazards"><div class="card-header d-flex">\(UIText.openHazards)（\(hazards.total)）<a class="ms-auto small" href="/hazards?enterpriseId=\(k)">\(UIText.hazardLedger)</a></div>
              <table class="table table-sm mb-0" data-testid="enterprise-hazards">\(SupervisionPages.hazardHeader)<tbody>\(try await pages.hazardRows(hazards.items))</tbody></table></div>
            <div class="card mb-3" id="inspections"><div class="card-header d-flex">\(UIText.inspections)（\(inspections.total)）<span class="ms-auto">\(newInspection)</span></div>
              <table class="table table-sm mb-0" data-testid="enterprise-inspections"><tbody>\(inspectionRows)</tbody></table></div>
            <div class="card mb-3" id="documents"><div class="card-header d-flex">\(UIText.documents)（\(documents.total)）<a class="ms-auto small" href="/documents?enterpriseId=\(k)">\(UIText.all)</a></div>
              <table class="table table-sm mb-0" data-testid="enterprise-documents"><tbody>\(documentRows)</tbody></table></div>
            <div class="card mb-3" id="cases"><div class="card-header d-flex">\(UIText.cases)（\(cases.total)）<a class="ms-auto small" href="/cases?enterpriseId=\(k)">\(UIText.all)</a></div>
              <table class="table table-sm mb-0" data-testid="enterprise-cases"><tbody>\(caseRows)</tbody></table></div>
            """
    }

    private func contactPeopleCard(_ list: [EnterpriseContact], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        let key = e.id.uuidString.lowercased()
        let rows: [HTML] = list.map { c in
            let remove: HTML =
                canEdit
                ? """
                <form method="post" action="/enterprises/\(key)/contact-people/\(c.id.uuidString.lowercased())/remove" class="d-inline">
                  <input type="hidden" name="_csrf" value="\(csrf)"><button class="btn btn-link btn-sm p-0 text-danger">\(UIText.remove)</button></form>
                """ : .empty
            return "<tr><td>\(c.name)</td><td>\(c.title ?? "")</td><td>\(c.phone ?? "")</td><td>\(c.note ?? "")</td><td>\(remove)</td></tr>"
        }
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(key)/contact-people" class="row g-2 mt-1" data-testid="contact-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-3"><input class="form-control form-control-sm" name="name" placeholder="\(UIText.personName)" required maxlength="50"></div>
              <div class="col-md-2"><input class="form-control form-control-sm" name="title" placeholder="\(UIText.jobTitle)" maxlength="50"></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="phone" placeholder="\(UIText.phone)" maxlength="20"></div>
              <div class="col-md-2"><input class="form-control form-control-sm" name="note" placeholder="\(UIText.note)" maxlength="200"></div>
              <div class="col-md-2"><button class="btn btn-sm btn-outline-primary w-100">\(UIText.add)</button></div>
            </form>
            """ : .empty
        return """
            <div class="card mb-3" id="contact-people"><div class="card-header">\(UIText.otherContacts)</div><div class="card-body">
              <table class="table table-sm mb-0" data-testid="contact-people"><thead><tr><th>\(UIText.personName)</th><th>\(UIText.jobTitle)</th><th>\(UIText.phone)</th><th>\(UIText.note)</th><th></th></tr></thead>
              <tbody>\(rows)</tbody></table>\(form)</div></div>
            """
    }

    private func agreementsCard(_ list: [TargetAgreement], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        let key = e.id.uuidString.lowercased()
        let rows: [HTML] = list.map { a in
            "<tr><td>\(String(a.year))</td><td>\(a.signedOn)</td><td>\(a.bureauSignatory) / \(a.enterpriseSignatory)</td><td style=\"white-space: pre-line\">\(a.targets)</td></tr>"
        }
        let year = Timestamp.shanghai.component(.year, from: store.environment.now())
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(key)/target-agreements" class="row g-2 mt-1" data-testid="agreement-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-2"><input class="form-control form-control-sm" name="year" type="number" value="\(String(year))" min="2000" max="2100" required aria-label="\(UIText.year)"></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="signedOn" type="date" required aria-label="\(UIText.signedOn)"></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="bureauSignatory" placeholder="\(UIText.bureauSignatory)" required maxlength="50"></div>
              <div class="col-md-4"><input class="form-control form-control-sm" name="enterpriseSignatory" placeholder="\(UIText.enterpriseSignatory)" required maxlength="50"></div>
              <div class="col-md-10"><textarea class="form-control form-control-sm" name="targets" rows="2" placeholder="\(UIText.agreementTargets)" required maxlength="2000"></textarea></div>
              <div class="col-md-2"><button class="btn btn-sm btn-outline-primary w-100">\(UIText.add)</button></div>
            </form>
            """ : .empty
        return """
            <div class="card mb-3" id="target-agreements"><div class="card-header">\(UIText.targetAgreements)</div><div class="card-body">
              <table class="table table-sm mb-0" data-testid="target-agreements"><thead><tr><th>\(UIText.year)</th><th>\(UIText.signedOn)</th><th>\(UIText.signatories)</th><th>\(UIText.agreementTargets)</th></tr></thead>
              <tbody>\(rows)</tbody></table>\(form)</div></div>
            """
    }

    private func attachmentsCard(_ list: [Attachment], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        let key = e.id.uuidString.lowercased()
        let rows: [HTML] = list.map { a in
            let id = a.id.uuidString.lowercased()
            let remove: HTML =
                canEdit
                ? """
                <form method="post" action="/attachments/\(id)/remove" class="d-flex gap-1">
                  <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="back" value="/enterprises/\(key)#attachments">
                  <input class="form-control form-control-sm" name="reason" placeholder="\(UIText.reason)" required maxlength="200">
                  <button class="btn btn-sm btn-outline-danger text-nowrap">\(UIText.remove)</button></form>
                """ : .empty
            return """
                <tr><td><a href="/attachments/\(id)">\(a.fileName)</a></td><td class="text-nowrap">\(String(a.size / 1024 + 1)) KB</td>
                <td class="text-nowrap">\(Timestamp.display(a.createdAt))</td><td>\(a.createdBy ?? "")</td><td>\(remove)</td></tr>
                """
        }
        let form: HTML =
            canEdit
            ? """
            <div class="row g-2 mt-1" data-upload="/api/v1/enterprises/\(key)/attachments" data-csrf="\(csrf)" data-testid="attachment-upload">
              <div class="col"><input class="form-control form-control-sm" type="file" accept=".jpg,.jpeg,.png,.pdf,.docx,.xlsx" aria-label="\(UIText.chooseFile)"></div>
              <div class="col-auto"><button class="btn btn-sm btn-outline-primary" type="button">\(UIText.upload)</button></div>
              <div class="col-12 small text-danger" data-role="message"></div>
            </div>
            """ : .empty
        return """
            <div class="card mb-3" id="attachments"><div class="card-header">\(UIText.attachments)</div><div class="card-body">
              <table class="table table-sm mb-0" data-testid="attachments"><thead><tr><th>\(UIText.fileName)</th><th>\(UIText.size)</th><th>\(UIText.uploadedAt)</th><th>\(UIText.uploadedBy)</th><th></th></tr></thead>
              <tbody>\(rows)</tbody></table>\(form)</div></div>
            """
    }

    private func governancePage(_ report: GovernanceReport, context: UserContext) -> HTML {
        let canEdit = context.caller.role?.can(.editEnterprises) == true
        func link(_ item: GovernanceReport.Item) -> HTML {
            let id = item.id.uuidString.lowercased()
            let fix: HTML = canEdit ? " <a class=\"small\" href=\"/enterprises/\(id)/edit\">\(UIText.fix)</a>" : .empty
            return "<li><a href=\"/enterprises/\(id)\">\(item.name)</a> <span class=\"text-muted small\">\(item.detail)</span>\(fix)</li>"
        }
        func section(_ title: String, _ testID: String, items: [GovernanceReport.Item]) -> HTML {
            let body: HTML =
                items.isEmpty ? "<p class=\"text-muted mb-0\">\(UIText.nothingFound)</p>" : "<ul class=\"mb-0\">\(items.map(link))</ul>"
            return """
                <div class="card mb-3"><div class="card-header">\(title) <span class="badge bg-secondary" data-testid="\(testID)">\(items.count)</span></div><div class="card-body">\(body)</div></div>
                """
        }
        func groupSection(_ title: String, _ testID: String, groups: [[GovernanceReport.Item]]) -> HTML {
            let body: HTML =
                groups.isEmpty
                ? "<p class=\"text-muted mb-0\">\(UIText.nothingFound)</p>"
                : "\(groups.map { group -> HTML in "<ul class=\"border-start ps-3 mb-2\">\(group.map(link))</ul>" })"
            return """
                <div class="card mb-3"><div class="card-header">\(title) <span class="badge bg-secondary" data-testid="\(testID)">\(groups.count)</span></div><div class="card-body">\(body)</div></div>
                """
        }
        let rows: [HTML] = report.filled.map { column, count in
            let rate = report.activeCount == 0 ? 100 : Int((Double(count) / Double(report.activeCount) * 100).rounded())
            return """
                <tr><td>\(UIText.columnName(column))</td><td>\(count)</td><td><div class="progress" style="height: 1rem; min-width: 8rem"><div class="progress-bar\(HTML(unsafe: rate < 80 ? " bg-warning" : ""))" style="width: \(rate)%">\(rate)%</div></div></td></tr>
                """
        }
        let body: HTML = """
            <div class="d-flex align-items-center mb-3"><h1 class="h4 mb-0">\(UIText.governance)</h1>
              <span class="ms-3 text-muted">\(UIText.activeEnterprises) <strong data-testid="active-count">\(report.activeCount)</strong></span>
              <a class="ms-auto btn btn-sm btn-outline-secondary" href="/enterprises">\(UIText.enterpriseList)</a></div>
            <p class="text-muted small">\(String(format: UIText.showingFirst, GovernanceReport.listLimit))</p>
            <div class="row g-3"><div class="col-lg-5">
              <div class="card mb-3"><div class="card-header">\(UIText.completeness)</div>
                <table class="table table-sm mb-0" data-testid="completeness"><thead><tr><th>\(UIText.field)</th><th>\(UIText.filled)</th><th>\(UIText.rate)</th></tr></thead><tbody>\(rows)</tbody></table></div>
            </div><div class="col-lg-7">
              \(groupSection(UIText.sameCreditCode, "same-code", groups: report.sameCreditCode))
              \(groupSection(UIText.sameNameAndAddress, "same-name-address", groups: report.sameNameAndAddress))
              \(groupSection(UIText.similarNames, "similar-names", groups: report.similarNames))
              \(section(UIText.invalidCreditCodes, "invalid-codes", items: report.invalidCreditCodes))
              \(section(UIText.withoutCoordinates, "without-coordinates", items: report.withoutCoordinates))
              \(section(UIText.outsideCounty, "outside-county", items: report.outsideCounty))
            </div></div>
            """
        return Layout.page(title: UIText.governance, context: context, active: "/supervision", body: body)
    }

    /// Each unit with its result and the working behind it: q, Q, β and q/Q per line, then S, α, R, grade.
    private func installationsCard(_ installations: [HazardInstallation], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        func number(_ value: Double) -> String {
            let rounded = (value * 1000).rounded() / 1000
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        let units: [HTML] = installations.map { i in
            let a = i.assessment
            let lines: [HTML] = a.lines.map { l in
                "<tr><td>\(l.label)</td><td>\(number(l.quantityTonnes))</td><td>\(number(l.criticalQuantity))</td><td>\(number(l.beta))</td><td>\(number(l.ratio))</td></tr>"
            }
            let verdict: HTML =
                a.isMajorHazard
                ? "<span class=\"badge bg-danger\" data-testid=\"installation-grade\">\(UIText.isMajorHazard) · \(UIText.hazardGradeName(a.grade))</span>"
                : "<span class=\"badge bg-secondary\" data-testid=\"installation-grade\">\(UIText.notMajorHazard)</span>"
            let remove: HTML =
                canEdit
                ? """
                <form method="post" action="/enterprises/\(e.id.uuidString.lowercased())/installations/\(i.id.uuidString.lowercased())/remove" class="d-inline">
                  <input type="hidden" name="_csrf" value="\(csrf)"><button class="btn btn-link btn-sm text-danger p-0">\(UIText.removeInstallation)</button></form>
                """ : .empty
            return """
                <div class="border rounded p-2 mb-2" data-testid="installation">
                  <div class="d-flex align-items-center gap-2"><strong>\(i.name)</strong><span class="text-muted small">\(UIText.unitKindName(i.unitKind)) · \(UIText.exposedPopulation) \(i.exposedPopulation)</span>\(verdict)<span class="ms-auto">\(remove)</span></div>
                  <table class="table table-sm small mb-1 mt-1"><thead><tr><th>\(UIText.substance)</th><th>\(UIText.quantity)</th><th>\(UIText.criticalQuantity)</th><th>β</th><th>\(UIText.ratio)</th></tr></thead><tbody>\(lines)</tbody></table>
                  <div class="small" data-testid="installation-working">S = Σq/Q = \(number(a.s))\(a.isMajorHazard ? " ≥ 1" : " < 1")；α = \(number(a.alpha))；R = α·Σβq/Q = \(number(a.r))；\(UIText.ruleVersion) \(a.ruleVersion)</div>
                </div>
                """
        }
        let kinds: [HTML] = UnitKind.allCases.map { "<option value=\"\($0.rawValue)\">\(UIText.unitKindName($0))</option>" }
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(e.id.uuidString.lowercased())/installations" class="row g-2 mt-1" data-testid="installation-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-5"><input class="form-control form-control-sm" name="name" placeholder="\(UIText.installationName)" required></div>
              <div class="col-md-3"><select class="form-select form-select-sm" name="unitKind">\(kinds)</select></div>
              <div class="col-md-4"><input class="form-control form-control-sm" name="exposedPopulation" type="number" min="0" placeholder="\(UIText.exposedPopulation)" required></div>
              <div class="col-12"><textarea class="form-control form-control-sm" name="holdings" rows="3" placeholder="\(UIText.holdingsHint)" required></textarea></div>
              <div class="col-12"><button class="btn btn-sm btn-outline-primary">\(UIText.addInstallation)</button></div>
            </form>
            """ : .empty
        return """
            <div class="card mb-3" id="installations"><div class="card-header">\(UIText.installations)</div><div class="card-body">
              \(installations.isEmpty ? HTML("<p class=\"text-muted\">\(UIText.noInstallations)</p>") : HTML("\(units)"))
              \(form)
            </div></div>
            """
    }

    /// Lines of "名称或类别 数量": the holdings form's text.
    static func holdings(_ text: String) throws -> [HazardInstallation.Holding] {
        try text.split(whereSeparator: \.isNewline).enumerated().compactMap { index, rawLine in
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return nil }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
            guard parts.count >= 2, let quantity = Double(parts.last!.replacingOccurrences(of: "吨", with: "")) else {
                throw AnlanError.invalid("hazard.line_invalid", "第 \(index + 1) 行须为“名称或类别 数量”，例如“液氨 50”。", field: "holdings")
            }
            let key = parts.dropLast().joined(separator: " ")
            if HazardClass(rawValue: key.uppercased()) != nil {
                return HazardInstallation.Holding(hazardClass: key.uppercased(), quantityTonnes: quantity)
            }
            return HazardInstallation.Holding(substance: key, quantityTonnes: quantity)
        }
    }

    // MARK: - The form

    private func form(context: UserContext, enterprise: Enterprise?, values: FormData?, notice: HTML) async throws -> HTML {
        let p = enterprise?.profile
        let villages = try await store.divisions.list(.init(level: .village), page: try PageRequest(pageSize: 200), by: context.caller)
            .items
        func value(_ name: String, _ current: String?) -> String { values?[name] ?? current ?? "" }
        let selectedVillage = value("divisionCode", p?.divisionCode)
        let villageOptions: [HTML] = villages.map {
            "<option value=\"\($0.code.rawValue)\"\(HTML(unsafe: $0.code.rawValue == selectedVillage ? " selected" : ""))>\($0.name)（\($0.code.rawValue)）</option>"
        }
        let chosenSectors = values.map { Set($0.all("sectors")) } ?? Set(p?.sectors ?? [])
        let sectorOptions: [HTML] = try await store.enterprises.sectors().map {
            "<option\(HTML(unsafe: chosenSectors.contains($0) ? " selected" : ""))>\($0)</option>"
        }
        func options<T: RawRepresentable>(_ cases: [T], selected: String, label: (T) -> String, empty: String?) -> [HTML]
        where T.RawValue == String {
            (empty.map { [HTML("<option value=\"\">\($0)</option>")] } ?? [])
                + cases.map {
                    "<option value=\"\($0.rawValue)\"\(HTML(unsafe: $0.rawValue == selected ? " selected" : ""))>\(label($0))</option>"
                }
        }
        let licence = p?.licences.first
        let input = { (name: String, label: String, current: String?, type: String) -> HTML in
            """
            <div class="col-md-6"><label class="form-label" for="\(name)">\(label)</label><input class="form-control" id="\(name)" name="\(name)" type="\(type)" step="any" value="\(value(name, current))"></div>
            """
        }
        let riskField: HTML =
            enterprise == nil
            ? """
            <div class="col-md-6"><label class="form-label" for="riskLevel">\(UIText.riskLevel)</label><select class="form-select" id="riskLevel" name="riskLevel">\(options(RiskLevel.allCases, selected: value("riskLevel", nil), label: UIText.riskName, empty: UIText.riskName(nil)))</select></div>
            """ : .empty
        let action = enterprise.map { "/enterprises/\($0.id.uuidString.lowercased())" } ?? "/enterprises"
        let title = enterprise == nil ? UIText.newEnterprise : UIText.editEnterprise
        let body: HTML = """
            <h1 class="h4">\(title)</h1>
            <form method="post" action="\(action)" class="row g-3" style="max-width: 60rem" data-testid="enterprise-form">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
              \(input("name", UIText.enterpriseName, p?.name, "text"))\(input("creditCode", UIText.creditCode, p?.creditCode, "text"))
              \(input("legalRepresentative", UIText.legalRepresentative, p?.legalRepresentative, "text"))\(input("principal", UIText.principal, p?.principal, "text"))
              \(input("safetyOfficerName", UIText.safetyOfficer, p?.safetyOfficerName, "text"))\(input("safetyOfficerPhone", UIText.safetyOfficerPhone, p?.safetyOfficerPhone, "tel"))
              \(input("address", UIText.address, p?.address, "text"))
              <div class="col-md-6"><label class="form-label" for="divisionCode">\(UIText.village)</label><select class="form-select" id="divisionCode" name="divisionCode">\(villageOptions)</select></div>
              \(input("latitude", UIText.latitude, p?.latitude.map { String($0) }, "number"))\(input("longitude", UIText.longitude, p?.longitude.map { String($0) }, "number"))
              <div class="col-md-6"><label class="form-label" for="sectors">\(UIText.sectors)</label><select class="form-select" id="sectors" name="sectors" multiple size="6">\(sectorOptions)</select><div class="form-text">\(UIText.sectorsHint)</div></div>
              <div class="col-md-6">
                \(input("employees", UIText.employees, p?.employees.map(String.init), "number"))
                <div class="form-check mt-2"><input class="form-check-input" type="checkbox" id="aboveScale" name="aboveScale"\(HTML(unsafe: (values.map { $0["aboveScale"] == "on" } ?? p?.aboveScale ?? false) ? " checked" : ""))><label class="form-check-label" for="aboveScale">\(UIText.aboveScale)</label></div>
              </div>
              <div class="col-md-6"><label class="form-label" for="standardizationGrade">\(UIText.standardization)</label><select class="form-select" id="standardizationGrade" name="standardizationGrade">\(options(StandardizationGrade.allCases, selected: value("standardizationGrade", p?.standardizationGrade?.rawValue), label: UIText.gradeName, empty: UIText.none))</select></div>
              \(input("standardizationExpiresOn", UIText.standardizationExpiry, p?.standardizationExpiresOn, "date"))
              <div class="col-md-6"><label class="form-label" for="operatingStatus">\(UIText.operatingStatus)</label><select class="form-select" id="operatingStatus" name="operatingStatus">\(options(OperatingStatus.allCases, selected: value("operatingStatus", p?.operatingStatus.rawValue), label: UIText.statusName, empty: nil))</select></div>
              \(riskField)
              <div class="col-12"><h2 class="h6 mt-2">\(UIText.licences)</h2></div>
              \(input("licenceKind", UIText.licenceKind, licence?.kind, "text"))\(input("licenceNumber", UIText.licenceNumber, licence?.number, "text"))
              \(input("licenceExpiresOn", UIText.expiresOn, licence?.expiresOn, "date"))
              <div class="col-12"><button class="btn btn-primary" type="submit">\(enterprise == nil ? UIText.create : UIText.save)</button>
                <a class="btn btn-link" href="/enterprises">\(UIText.enterpriseList)</a></div>
            </form>
            """
        return Layout.page(title: title, context: context, active: "/supervision", notice: notice, body: body)
    }

    // MARK: - Helpers

    /// A profile from the form. Fields a person left empty are nil; numbers that are not numbers are refused.
    static func profile(_ form: FormData) throws -> EnterpriseProfile {
        func number(_ name: String, _ label: String) throws -> Double? {
            guard let text = form.optional(name) else { return nil }
            guard let value = Double(text), value.isFinite else {
                throw AnlanError.invalid("enterprise.number_invalid", "\(label)必须是数字。", field: name)
            }
            return value
        }
        var licences: [Licence] = []
        if form.optional("licenceKind") != nil || form.optional("licenceNumber") != nil || form.optional("licenceExpiresOn") != nil {
            licences.append(Licence(kind: form["licenceKind"], number: form["licenceNumber"], expiresOn: form["licenceExpiresOn"]))
        }
        let employees = try number("employees", UIText.employees)
        if let employees, employees.rounded() != employees {
            throw AnlanError.invalid("enterprise.employees_invalid", "从业人数须为整数。", field: "employees")
        }
        return EnterpriseProfile(
            name: form["name"], creditCode: form.optional("creditCode"), legalRepresentative: form.optional("legalRepresentative"),
            principal: form.optional("principal"), safetyOfficerName: form.optional("safetyOfficerName"),
            safetyOfficerPhone: form.optional("safetyOfficerPhone"), address: form.optional("address"), divisionCode: form["divisionCode"],
            latitude: try number("latitude", UIText.latitude), longitude: try number("longitude", UIText.longitude),
            sectors: form.all("sectors"),
            employees: employees.map { Int(max(-1, min($0, 2_000_000))) }, aboveScale: form["aboveScale"] == "on",
            standardizationGrade: form.optional("standardizationGrade").flatMap(StandardizationGrade.init(rawValue:)),
            standardizationExpiresOn: form.optional("standardizationExpiresOn"),
            operatingStatus: OperatingStatus(rawValue: form["operatingStatus"]) ?? .operating, licences: licences)
    }

    static func filter(_ query: Query) throws -> (EnterpriseRepository.Filter, EnterpriseRepository.Sort) {
        let days = try query.int("licenceExpiringWithinDays")
        if let days, !(0...3650).contains(days) {
            throw AnlanError.invalid("query.out_of_range", "许可证到期天数须在 0 到 3650 之间。", field: "licenceExpiringWithinDays")
        }
        let filter = EnterpriseRepository.Filter(
            query: query.string("q").map { String($0.prefix(100)) }, sector: query.string("sector"),
            riskLevel: try query.enum("riskLevel", RiskLevel.self, label: "风险等级"), division: try query.divisionCode("divisionCode"),
            standardizationGrade: try query.enum("standardizationGrade", StandardizationGrade.self, label: "标准化等级"),
            operatingStatus: try query.enum("operatingStatus", OperatingStatus.self, label: "经营状态"), licenceExpiringWithinDays: days,
            includeArchived: try query.bool("includeArchived") ?? false)
        return (filter, try query.enum("sort", EnterpriseRepository.Sort.self, label: "排序方式") ?? .name)
    }

    /// The export's columns: Chinese header and the cell of an enterprise.
    static let exportColumns: [(String, @Sendable (Enterprise, [String: String]) -> String)] = [
        (UIText.enterpriseName, { e, _ in e.profile.name }), (UIText.creditCode, { e, _ in e.profile.creditCode ?? "" }),
        (UIText.legalRepresentative, { e, _ in e.profile.legalRepresentative ?? "" }),
        (UIText.principal, { e, _ in e.profile.principal ?? "" }),
        (UIText.safetyOfficer, { e, _ in e.profile.safetyOfficerName ?? "" }),
        (UIText.safetyOfficerPhone, { e, _ in e.profile.safetyOfficerPhone ?? "" }),
        (UIText.address, { e, _ in e.profile.address ?? "" }), (UIText.divisionCode, { e, _ in e.profile.divisionCode }),
        (UIText.village, { e, names in names[e.profile.divisionCode] ?? "" }),
        (UIText.latitude, { e, _ in e.profile.latitude.map { String($0) } ?? "" }),
        (UIText.longitude, { e, _ in e.profile.longitude.map { String($0) } ?? "" }),
        (UIText.sectors, { e, _ in e.profile.sectors.joined(separator: "、") }),
        (UIText.employees, { e, _ in e.profile.employees.map(String.init) ?? "" }),
        (UIText.aboveScale, { e, _ in e.profile.aboveScale ? UIText.yes : UIText.no }),
        (UIText.standardization, { e, _ in e.profile.standardizationGrade == nil ? "" : UIText.gradeName(e.profile.standardizationGrade) }),
        (UIText.standardizationExpiry, { e, _ in e.profile.standardizationExpiresOn ?? "" }),
        (UIText.operatingStatus, { e, _ in UIText.statusName(e.profile.operatingStatus) }),
        (UIText.riskLevel, { e, _ in UIText.riskName(e.riskLevel) }),
        (UIText.licences, { e, _ in e.profile.licences.map { "\($0.kind) \($0.number) \($0.expiresOn)" }.joined(separator: "；") }),
        (UIText.updated, { e, _ in Timestamp.display(e.updatedAt) }),
    ]

    static func filterJSON(_ filter: EnterpriseRepository.Filter) -> String {
        let fields: [String: String?] = [
            "q": filter.query, "sector": filter.sector, "riskLevel": filter.riskLevel?.rawValue, "divisionCode": filter.division?.rawValue,
            "standardizationGrade": filter.standardizationGrade?.rawValue, "operatingStatus": filter.operatingStatus?.rawValue,
            "licenceExpiringWithinDays": filter.licenceExpiringWithinDays.map(String.init),
            "includeArchived": String(filter.includeArchived),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(fields.compactMapValues { $0 })).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static let filterNames = [
        "q", "sector", "riskLevel", "divisionCode", "standardizationGrade", "operatingStatus", "licenceExpiringWithinDays",
        "includeArchived", "sort",
    ]

    static func queryValues(_ query: Query) -> [(String, String)] {
        filterNames.map { ($0, query.string($0) ?? "") }
    }

    private func filterForm(query: Query, context: UserContext, action: String = "/enterprises") async throws -> HTML {
        let townships = try await store.divisions.list(.init(level: .township), page: try PageRequest(pageSize: 200), by: context.caller)
            .items
        func select(_ name: String, _ choices: [(String, String)], all: String = UIText.all) -> HTML {
            let current = query.string(name) ?? ""
            let options: [HTML] =
                [HTML("<option value=\"\">\(all)</option>")]
                + choices.map {
                    "<option value=\"\($0.0)\"\(HTML(unsafe: $0.0 == current ? " selected" : ""))>\($0.1)</option>"
                }
            return
                "<div class=\"col-auto\"><select class=\"form-select form-select-sm\" name=\"\(name)\" title=\"\(name)\">\(options)</select></div>"
        }
        return """
            <form class="row g-2 mb-2" method="get" action="\(action)" data-testid="enterprise-filter">
              <div class="col-auto"><input class="form-control form-control-sm" name="q" value="\(query.string("q") ?? "")" placeholder="\(UIText.searchPlaceholder)" data-testid="enterprise-search"></div>
              \(select("sector", try await store.enterprises.sectors().map { ($0, $0) }, all: UIText.sectors))
              \(select("riskLevel", RiskLevel.allCases.map { ($0.rawValue, UIText.riskName($0)) }, all: UIText.riskLevel))
              \(select("divisionCode", townships.map { ($0.code.rawValue, $0.name) }, all: UIText.townships))
              \(select("standardizationGrade", StandardizationGrade.allCases.map { ($0.rawValue, UIText.gradeName($0)) }, all: UIText.standardization))
              \(select("operatingStatus", OperatingStatus.allCases.map { ($0.rawValue, UIText.statusName($0)) }, all: UIText.operatingStatus))
              <div class="col-auto"><input class="form-control form-control-sm" type="number" min="0" max="3650" name="licenceExpiringWithinDays" value="\(query.string("licenceExpiringWithinDays") ?? "")" placeholder="\(UIText.licenceExpiringWithin)" style="width: 10rem"></div>
              \(select("sort", [("name", UIText.sortName), ("updated", UIText.sortUpdated), ("riskLevel", UIText.sortRisk)], all: UIText.sort))
              <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div>
            </form>
            """
    }

    /// Expired, or within 30 days: the warning a licence deserves.
    static func expiryBadge(_ day: String, today: String) -> HTML {
        if day < today { return "<span class=\"badge bg-danger\">\(UIText.expired)</span>" }
        if let limit = Timestamp.day(today, adding: 30), day <= limit {
            return "<span class=\"badge bg-warning text-dark\">\(UIText.expiringSoon)</span>"
        }
        return .empty
    }

    static func licenceSummary(_ licences: [Licence], today: String) -> HTML {
        guard let first = licences.min(by: { $0.expiresOn < $1.expiresOn }) else { return "—" }
        return "\(first.expiresOn) \(expiryBadge(first.expiresOn, today: today))"
    }
}
