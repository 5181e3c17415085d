import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

extension IncidentController {
    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await incidents.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let body = IncidentViews.list(
            page, query: q.values, mayOpen: context.user.role.can(.keepDuty),
            pager: Layout.pager(page, base: "/incidents", query: q.values(except: ["page"])))
        return Layout.page(title: IncidentViews.title, context: context, active: "/duty", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        var values: [String: [String]] = [:]
        for (k, v) in try Query(request).values { values[k] = [v] }
        if let id = try Query(request).uuid("reportId") {
            let report = try await store.duty.report(id, by: context.caller)
            guard report.incidentID == nil else { throw IncidentErrors.reportAttached }
            values["occurredAt"] = [Moment.field(report.receivedAt)]
            values["divisionCode"] = [report.divisionCode]
            values["place"] = report.place.map { [$0] }
            values["summary"] = [report.text]
        }
        return try await form(values: values, refusal: nil, context: context).response()
    }

    func form(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        var report: IncomingReport?
        if let id = values["reportId"]?.first.flatMap({ UUID(key: $0) }) { report = try? await store.duty.report(id, by: context.caller) }
        let divisions = try await store.divisions.names(within: context.caller.jurisdiction)
        let body = IncidentViews.form(
            values: values, report: report, divisions: divisions, now: now, csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: "立为事件", context: context, active: "/duty", body: body)
    }

    @Sendable func openFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let incident = try await open(form, context: context)
            return Response.redirect(to: "/incidents/\(incident.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func incidentPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        let query = request.uri.queryParameters
        return try await page(
            id, context: context, notice: notice, refusal: nil,
            picked: (query["warehouseId"].map(String.init), query["itemId"].map(String.init))
        ).response()
    }

    func page(
        _ id: UUID, context: UserContext, notice: HTML, refusal: AnlanError?, picked: (warehouse: String?, item: String?) = (nil, nil)
    ) async throws -> HTML {
        let incident = try await incidents.get(id, by: context.caller)
        let events = try await incidents.events(id, page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: context.caller)
        let reports = try await store.duty.reports(.init(incidentID: id), page: try PageRequest(pageSize: 50), by: context.caller)
        let people = try await store.accounts.displayNames(of: events.items.map(\.actor) + [incident.levelConfirmedBy].compactMap { $0 })
        let division = try await store.divisions.name(of: try DivisionCode(incident.divisionCode))
        let enterprise = try await store.enterprises.names(of: [incident.enterpriseID].compactMap { $0 }).values.first
        let activations = try await incidents.activations(of: id, by: context.caller)
        let tasks = try await incidents.tasks(of: id, by: context.caller)
        var startable: [(plan: EmergencyPlan, levels: [ResponseLevel])] = []
        if incident.state.isOpen && context.user.role.can(.keepDuty) {
            let published = try await store.emergencyPlans.list(
                .init(), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: context.caller
            )
            .items.filter {
                $0.currentVersion != nil && $0.withdrawnOn == nil && ($0.scope != .enterprise || $0.enterpriseID == incident.enterpriseID)
            }
            for plan in published {
                let levels = try await store.emergencyPlans.levels(of: plan.id, by: context.caller).map(\.level)
                if !levels.isEmpty { startable.append((plan, levels)) }
            }
        }
        let orders = try await incidents.orders(of: id, by: context.caller)
        var callable: [(resource: EmergencyResource, distanceKm: Double?)] = []
        var stock: [StockBalance] = []
        var distances: [UUID: Double] = [:]
        if incident.state.isOpen && context.user.role.can(.keepDuty) {
            stock = try await store.stock.balances(
                .init(atLeast: 1), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: context.caller
            )
            .items
            // Nearest warehouse first (the form starts with it), when the incident has a point.
            if let point = incident.location {
                for w in try await store.warehouses.list(
                    .init(), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: context.caller
                )
                .items {
                    if let lat = w.latitude, let lon = w.longitude {
                        distances[w.id] = point.distanceKm(to: GeoPoint(latitude: lat, longitude: lon))
                    }
                }
                let far = Double.greatestFiniteMagnitude
                stock.sort { (distances[$0.warehouseID] ?? far, $0.warehouseName) < (distances[$1.warehouseID] ?? far, $1.warehouseName) }
            }
            for kind in [ResourceKind.team, .equipment, .expert] {
                if let point = incident.location {
                    callable += try await store.directory.nearest(.init(point: point, kind: kind, k: 10), by: context.caller)
                        .map { ($0.resource, $0.distanceKm) }
                } else {
                    callable += try await store.directory.list(
                        .init(kind: kind, callable: true), page: try PageRequest(pageSize: 50), by: context.caller
                    )
                    .items.map { ($0, nil) }
                }
            }
        }
        let body = IncidentViews.detail(
            incident, events: events, reports: reports, people: people, divisionName: division, enterpriseName: enterprise,
            role: context.user.role,
            csrf: context.csrfToken ?? "", refusal: refusal,
            plans: IncidentViews.PlanPanel(activations: activations, tasks: tasks, startable: startable, now: now),
            orders: IncidentViews.OrderPanel(orders: orders, callable: callable, stock: stock, distances: distances, picked: picked))
        return Layout.page(
            title: incident.title, context: context, active: "/duty", notice: notice, body: body,
            scripts: "<script src=\"/static/js/plan-levels.js\"></script><script src=\"/static/js/dispatch-supplies.js\"></script>")
    }

    @Sendable func moveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await move(id, form, context: context)
            return Response.redirect(to: "/incidents/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden || error.code == "incident.leader_only" {
            // A refused 调运物资 order comes back with its warehouse and first item still chosen.
            let picked = (form.allValues["warehouseId"]?.first, form.allValues["supplies.itemId"]?.first)
            return try await page(id, context: context, notice: .empty, refusal: error, picked: picked).response(
                status: Failure(error).status)
        }
    }

    func chronicle(_ id: UUID, context: UserContext) async throws -> (Incident, DocumentLayout) {
        let incident = try await incidents.get(id, by: context.caller)
        var all: [IncidentEvent] = []
        var request = try PageRequest(page: 1, pageSize: PageRequest.maximumPageSize)
        while true {
            let page = try await incidents.events(id, page: request, by: context.caller)
            all += page.items
            if all.count >= page.total || page.items.isEmpty { break }
            request = try PageRequest(page: request.page + 1, pageSize: PageRequest.maximumPageSize)
        }
        let layout = IncidentChronicle.layout(
            incident, events: all, authority: try await store.catalogs.authority(),
            divisionName: try await store.divisions.name(of: try DivisionCode(incident.divisionCode)),
            enterpriseName: try await store.enterprises.names(of: [incident.enterpriseID].compactMap { $0 }).values.first,
            people: try await store.accounts.displayNames(of: all.map(\.actor) + [incident.levelConfirmedBy].compactMap { $0 }),
            printedAt: now)
        return (incident, layout)
    }

    @Sendable func chroniclePage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let (incident, layout) = try await chronicle(id, context: context)
        let body: HTML = """
            <div class="d-print-none d-flex gap-2 mb-3 flex-wrap" data-testid="chronicle-controls">
              <button class="btn btn-sm btn-outline-primary" type="button" data-print>\(UIText.print)</button>
              <a class="btn btn-sm btn-outline-primary" href="/incidents/\(id.key)/chronicle.docx" data-testid="chronicle-docx">\(UIText.downloadWord)</a>
              <a class="btn btn-sm btn-link" href="/incidents/\(id.key)">返回事件</a>
            </div>
            \(DocumentLayoutHTML.render(layout))
            """
        return Layout.page(
            title: "\(incident.title)大事记", context: context, active: "/duty", body: body,
            scripts: "<script src=\"/static/js/print.js\"></script>"
        ).response()
    }

    @Sendable func chronicleDOCX(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let (incident, layout) = try await chronicle(id, context: context)
        let data = try DOCXDocument(layout: layout).data()
        return Download.response(
            fileName: "大事记-\(incident.number).docx", contentType: FileType.docx.contentType,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

}
