import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// One enterprise's file (一企一档): the page with its cards, the form, and the changes made from them.
extension EnterprisePages {
    func registerFile(_ router: PageRoutes) {
        router.get("/enterprises/new", .permission(.editEnterprises)) { _, context in
            return try await form(context: context, enterprise: nil, values: nil, notice: .empty).response()
        }

        router.post("/enterprises", .permission(.editEnterprises)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let risk = try EnterpriseErrors.riskLevel(form.optional("riskLevel"))
                let (enterprise, _) = try await store.enterprises.create(try Self.profile(form), riskLevel: risk, by: context.caller)
                return Response.redirect(to: "/enterprises/\(enterprise.id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                return try await self.form(context: context, enterprise: nil, values: form, notice: Components.refusal(error))
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
                return Response.redirect(to: "/enterprises/\(id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                return try await self.form(context: context, enterprise: enterprise, values: form, notice: Components.refusal(error))
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
                return Response.redirect(to: "/enterprises/\(id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/risk-level", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                guard let level = RiskLevel(rawValue: form["riskLevel"]) else {
                    throw EnterpriseErrors.riskLevelInvalid
                }
                _ = try await store.enterprises.setRiskLevel(id: id, to: level, reason: form["reason"], by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/installations", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                guard let population = Int(form["exposedPopulation"].trimmingCharacters(in: .whitespaces)) else {
                    throw MajorHazardRule.populationInvalid
                }
                _ = try await store.installations.add(
                    to: id, name: form["name"], unitKind: UnitKind(rawValue: form["unitKind"]) ?? .storage, exposedPopulation: population,
                    holdings: try Self.holdings(form["holdings"]), by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.key)?saved=1#installations", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/installations/{installationId}/remove", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            _ = try await FormData.read(request, context: context)
            let installationID = try context.uuidParameter(
                "installationId", notFound: AnlanError.notFound("installation.not_found", "危险源单元不存在或不在您的辖区内。"))
            try await store.installations.remove(installationID, from: id, by: context.caller)
            return Response.redirect(to: "/enterprises/\(id.key)?saved=1#installations", type: .found)
        }

        router.post("/enterprises/{id}/archive", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            do {
                try await store.enterprises.archive(id: id, reason: form["reason"], by: context.caller)
                return Response.redirect(to: "/enterprises/\(id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Components.refusal(error)).response(
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
            ownerType: "enterprise", ownerID: e.id.key, by: context.caller)
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
        // Who changed the grade, by name (issue 11, item 6); an account since removed keeps its login name.
        let changers = try await store.accounts.people(of: history.compactMap(\.changedBy))
        let historyRows: [HTML] = history.map { h in
            """
            <tr><td class="text-nowrap">\(Timestamp.display(h.changedAt))</td><td>\(UIText.riskName(h.from)) → <span class="badge \(UIText.riskBadge(h.to))">\(UIText.riskName(h.to))</span></td><td>\(h.reason)</td><td data-testid="risk-changed-by">\(h.changedBy.map { changers[$0]?.name ?? $0 } ?? "—")</td></tr>
            """
        }
        let riskOptions: [HTML] = RiskLevel.allCases.map { "<option value=\"\($0.rawValue)\">\(UIText.riskName($0))</option>" }
        let riskForm: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(e.id.key)/risk-level" class="row g-2 mt-2" data-testid="risk-form">
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
            <form method="post" action="/enterprises/\(e.id.key)/contacts" class="row g-2">
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
            <form method="post" action="/enterprises/\(e.id.key)/archive" class="row g-2 mt-3">
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
              \(canEdit ? HTML("<a class=\"ms-auto btn btn-sm btn-outline-primary\" href=\"/enterprises/\(e.id.key)/edit\">\(UIText.edit)</a>") : .empty)
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
                \(try await readinessCard(e, context: context))
                \(try await accidentsCard(e, context: context))
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

    func supervisionCards(_ e: Enterprise, context: UserContext) async throws -> HTML {
        let caller = context.caller
        let pages = SupervisionPages(store: store)
        let page = try PageRequest(pageSize: 10)
        let hazards = try await store.inspections.hazards(.init(enterpriseID: e.id, open: true), page: page, by: caller)
        let inspections = try await store.inspections.list(.init(enterpriseID: e.id), page: page, by: caller)
        let documents = try await store.documents.documents(.init(enterpriseID: e.id), page: page, by: caller)
        let cases = try await store.documents.cases(.init(enterpriseID: e.id), page: page, by: caller)
        let k = e.id.key
        let inspectionRows: [HTML] = inspections.items.map { i in
            "<tr><td>\(SupervisionPages.link(i.id, "inspections", i.inspectedOn.description))</td><td>\(UIText.sourceName(i.source))</td><td>\(i.inspectors.map(\.name).joined(separator: "、"))</td></tr>"
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
              <table class="table table-sm mb-0 table-cards" data-testid="enterprise-hazards">\(SupervisionPages.hazardHeader)<tbody>\(try await pages.hazardRows(hazards.items))</tbody></table></div>
            <div class="card mb-3" id="inspections"><div class="card-header d-flex">\(UIText.inspections)（\(inspections.total)）<span class="ms-auto">\(newInspection)</span></div>
              <table class="table table-sm mb-0" data-testid="enterprise-inspections"><tbody>\(inspectionRows)</tbody></table></div>
            <div class="card mb-3" id="documents"><div class="card-header d-flex">\(UIText.documents)（\(documents.total)）<a class="ms-auto small" href="/documents?enterpriseId=\(k)">\(UIText.all)</a></div>
              <table class="table table-sm mb-0" data-testid="enterprise-documents"><tbody>\(documentRows)</tbody></table></div>
            <div class="card mb-3" id="cases"><div class="card-header d-flex">\(UIText.cases)（\(cases.total)）<a class="ms-auto small" href="/cases?enterpriseId=\(k)">\(UIText.all)</a></div>
              <table class="table table-sm mb-0" data-testid="enterprise-cases"><tbody>\(caseRows)</tbody></table></div>
            """
    }

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

    func form(context: UserContext, enterprise: Enterprise?, values: FormData?, notice: HTML) async throws -> HTML {
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
        let action = enterprise.map { "/enterprises/\($0.id.key)" } ?? "/enterprises"
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
}
