import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The enterprise list: search and filters, data governance, the map, and CSV/XLSX exports.
extension EnterprisePages {
    func registerList(_ router: PageRoutes) {
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
                    <tr><td data-label="\(UIText.enterpriseName)"><a href="/enterprises/\(e.id.key)">\(e.profile.name)</a>\(e.archivedAt == nil ? HTML.empty : " <span class=\"badge bg-secondary\">\(UIText.archived)</span>")</td>
                    <td data-label="\(UIText.creditCode)"><code>\(e.profile.creditCode ?? "—")</code></td><td data-label="\(UIText.village)">\(township) \(village)</td><td data-label="\(UIText.sectors)">\(e.profile.sectors.joined(separator: "、"))</td>
                    <td data-label="\(UIText.riskLevel)"><span class="badge \(UIText.riskBadge(e.riskLevel))">\(UIText.riskName(e.riskLevel))</span></td>
                    <td data-label="\(UIText.operatingStatus)">\(UIText.statusName(e.profile.operatingStatus))</td><td data-label="\(UIText.licences)">\(Self.licenceSummary(e.profile.licences, today: today))</td></tr>
                    """
            }
            let values = Self.queryValues(query)
            let canEdit = context.caller.role?.can(.editEnterprises) == true
            let body: HTML = """
                <div class="d-flex flex-wrap align-items-center gap-1 mb-3"><h1 class="h4 mb-0 me-auto text-nowrap">\(UIText.enterprises)</h1>
                  \(context.caller.role == .enterpriseOfficer ? HTML.empty : HTML("<a class=\"btn btn-outline-secondary btn-sm me-2\" href=\"/enterprises/governance\" data-testid=\"governance-link\">\(UIText.governance)</a>"))
                  \(context.caller.role?.can(.configureCatalogs) == true ? HTML("<a class=\"btn btn-outline-secondary btn-sm me-2\" href=\"/settings/sectors\">\(UIText.sectorSettings)</a>") : .empty)
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/enterprises/export.xlsx?\(Layout.queryString(values))" data-testid="enterprise-export-xlsx">\(UIText.exportXLSX)</a>
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/enterprises/export.csv?\(Layout.queryString(values))" data-testid="enterprise-export">\(UIText.exportCSV)</a>
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/enterprises/map?\(Layout.queryString(values))" data-testid="enterprise-map-link">\(UIText.enterpriseMap)</a>
                  \(canEdit ? HTML("<a class=\"btn btn-outline-primary btn-sm me-2\" href=\"/enterprise-imports/new\" data-testid=\"import-link\">\(UIText.importEnterprises)</a>") : .empty)
                  \(canEdit ? HTML("<a class=\"btn btn-primary btn-sm\" href=\"/enterprises/new\" data-testid=\"new-enterprise\">\(UIText.newEnterprise)</a>") : .empty)</div>
                \(try await filterForm(query: query, context: context))
                \(Layout.chips(base: "/enterprises", query: values, labels: ["inspectedFrom": "受检日期起", "inspectedTo": "受检日期止", "inspectedSector": "受检行业"]))
                <div class="table-responsive"><table class="table table-sm table-striped bg-white table-cards" data-testid="enterprises">
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
                  <a class="ms-auto btn btn-sm btn-outline-secondary" href="/enterprises?\(Layout.queryString(values))">\(UIText.enterpriseList)</a></div>
                \(try await filterForm(query: query, context: context, action: "/enterprises/map"))
                <div class="small mb-1">\(RiskLevel.allCases.map { HTML("<span class=\"risk-dot \(UIText.riskBadge($0))\"></span> \(UIText.riskName($0)) ") })</div>
                <div id="map" data-testid="enterprise-map" data-points="/enterprises/points.geojson?\(Layout.queryString(values))" data-tile-url="\(settings.tileURL ?? "")"></div>
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
            let names = try await store.divisions.nameMap(within: caller.jurisdiction)
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
            let names = try await store.divisions.nameMap(within: caller.jurisdiction)
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
                            "id": .string(e.id.key), "name": .string(e.profile.name),
                            "risk": .string(e.riskLevel?.rawValue ?? ""),
                        ],
                    ])
                }
                if number >= page.pageCount || number >= 100 { break }
                number += 1
            }
            return try JSONResponse.featureCollection(features)
        }
    }

    func governancePage(_ report: GovernanceReport, context: UserContext) -> HTML {
        let canEdit = context.caller.role?.can(.editEnterprises) == true
        func link(_ item: GovernanceReport.Item) -> HTML {
            let id = item.id.key
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

    // MARK: - Helpers

    /// A profile from the form. Fields a person left empty are nil; numbers that are not numbers are refused.
    static func profile(_ form: FormData) throws -> EnterpriseProfile {
        func number(_ name: String, _ label: String) throws -> Double? {
            guard let text = form.optional(name) else { return nil }
            guard let value = Double(text), value.isFinite else {
                throw EnterpriseErrors.numberInvalid(label, field: name)
            }
            return value
        }
        var licences: [Licence] = []
        if form.optional("licenceKind") != nil || form.optional("licenceNumber") != nil || form.optional("licenceExpiresOn") != nil {
            licences.append(Licence(kind: form["licenceKind"], number: form["licenceNumber"], expiresOn: form["licenceExpiresOn"]))
        }
        let employees = try number("employees", UIText.employees)
        if let employees, employees.rounded() != employees {
            throw EnterpriseErrors.employeesInvalid
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
            includeArchived: try query.bool("includeArchived") ?? false, inspected: try inspected(query),
            majorHazard: try query.bool("majorHazard"))
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

    /// inspectedFrom, inspectedTo and inspectedSector: the enterprises the statistics count as inspected.
    static func inspected(_ query: Query) throws -> EnterpriseRepository.Filter.Inspected? {
        let from = try query.day("inspectedFrom"), to = try query.day("inspectedTo")
        guard from != nil || to != nil else { return nil }
        guard let from, let to, from <= to else {
            throw AnlanError.invalid("query.inspected_invalid", "检查期间须同时给出起止日期（inspectedFrom ≤ inspectedTo）。", field: "inspectedFrom")
        }
        return .init(from: from, to: to, reportSector: try SupervisionAPI.reportSector(query, name: "inspectedSector"))
    }

    static func filterJSON(_ filter: EnterpriseRepository.Filter) -> String {
        let fields: [String: String?] = [
            "q": filter.query, "sector": filter.sector, "riskLevel": filter.riskLevel?.rawValue, "divisionCode": filter.division?.rawValue,
            "standardizationGrade": filter.standardizationGrade?.rawValue, "operatingStatus": filter.operatingStatus?.rawValue,
            "licenceExpiringWithinDays": filter.licenceExpiringWithinDays.map(String.init),
            "includeArchived": String(filter.includeArchived), "inspectedFrom": filter.inspected?.from, "inspectedTo": filter.inspected?.to,
            "inspectedSector": filter.inspected?.reportSector, "majorHazard": filter.majorHazard.map(String.init),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(fields.compactMapValues { $0 })).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static let filterNames = [
        "q", "sector", "riskLevel", "divisionCode", "standardizationGrade", "operatingStatus", "licenceExpiringWithinDays",
        "includeArchived", "sort", "inspectedFrom", "inspectedTo", "inspectedSector", "majorHazard",
    ]

    static func queryValues(_ query: Query) -> [(String, String)] {
        filterNames.map { ($0, query.string($0) ?? "") }
    }

    func filterForm(query: Query, context: UserContext, action: String = "/enterprises") async throws -> HTML {
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
              \(select("majorHazard", [("true", "有重大危险源"), ("false", "无重大危险源")], all: "重大危险源"))
              <div class="col-auto"><input class="form-control form-control-sm" type="number" min="0" max="3650" name="licenceExpiringWithinDays" value="\(query.string("licenceExpiringWithinDays") ?? "")" placeholder="\(UIText.licenceExpiringWithin)" style="width: 10rem"></div>
              \(select("sort", [("name", UIText.sortName), ("updated", UIText.sortUpdated), ("riskLevel", UIText.sortRisk)], all: UIText.sort))
              \(Layout.hiddenInputs(Self.queryValues(query).filter { ["inspectedFrom", "inspectedTo", "inspectedSector", "includeArchived"].contains($0.0) }))
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
