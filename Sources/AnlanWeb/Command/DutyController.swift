import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The duty desk as pages and API operations: who is on duty, the handover, the roster with its swaps, and the reports
/// received. Each write is parsed once by Core and made by one store operation from either face.
struct DutyController {
    let store: Store

    var now: Date { store.environment.now() }
    var duty: DutyRepository { store.duty }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/duty", .permission(.readBusinessData), use: deskPage)
        pages.get("/duty/roster", .permission(.readBusinessData), use: rosterPage)
        pages.post("/duty/roster", .permission(.arrangeDuty), use: arrangeFromPage)
        pages.post("/duty/shifts/{id}/swap", .permission(.keepDuty), use: swapFromPage)
        pages.post("/duty/shifts/{id}/cancel", .permission(.arrangeDuty), use: cancelFromPage)
        pages.post("/duty/shifts/{id}/handover", .permission(.keepDuty), use: handOverFromPage)
        pages.post("/duty/handovers/{id}/acknowledge", .permission(.keepDuty), use: acknowledgeFromPage)
        pages.get("/duty/reports", .permission(.readBusinessData), use: reportsPage)
        pages.post("/duty/reports", .permission(.keepDuty), use: logFromPage)
        pages.post("/duty/reports/{id}/attach", .permission(.keepDuty), use: attachFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(DutyOperations.now, nowAPI)
        api.add(DutyOperations.shifts, shiftsAPI)
        api.add(DutyOperations.arrange, arrangeAPI)
        api.add(DutyOperations.swap, swapAPI)
        api.add(DutyOperations.cancel, cancelAPI)
        api.add(DutyOperations.handOver, handOverAPI)
        api.add(DutyOperations.acknowledge, acknowledgeAPI)
        api.add(DutyOperations.reports, reportsAPI)
        api.add(DutyOperations.report, reportAPI)
        api.add(DutyOperations.log, logAPI)
        api.add(DutyOperations.attach, attachAPI)
    }

    // MARK: - The operations behind both faces

    func arrange(_ input: some CommandInput, context: UserContext) async throws -> DutyShift {
        try await duty.arrange(try DutyShiftDraft.parse(input), by: context.caller)
    }

    func swap(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DutyShift {
        let s = try DutySwap.parse(input)
        return try await duty.swap(id, from: s.from, to: s.to, reason: s.reason, by: context.caller)
    }

    func handOver(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> DutyHandover {
        try await duty.handOver(id, text: try input.requiredText(DutyHandover.text), by: context.caller)
    }

    func log(_ input: some CommandInput, context: UserContext) async throws -> IncomingReport {
        try await duty.log(try IncomingReportDraft.parse(input, now: now), by: context.caller)
    }

    func attach(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> IncomingReport {
        guard let incident = try input.uuid(IncomingReportDraft.Field.incident) else { throw IncomingReportDraft.Field.incident.missing }
        return try await duty.attach(id, to: incident, by: context.caller)
    }

    /// The roster's range: `from` (default: this week's Monday) through `to` (default: two weeks on).
    static func range(_ q: Query, today: Day) throws -> (from: Day, to: Day) {
        let from = try q.day("from").flatMap(Day.init) ?? today.adding(days: -((today.ordinal + 3) % 7))
        let to = try q.day("to").flatMap(Day.init) ?? from.adding(days: 13)
        return (from, to)
    }

    /// The desk's "近 7 日": today and the six days before, from midnight Beijing time; the list it links to asks the same.
    static func reportWindow(_ now: Date) -> (first: Day, start: Date) {
        let first = Day(now).adding(days: -6)
        return (first, Moment.parse("\(first)T00:00") ?? now)
    }

    /// Who is on duty now and what waits for the desk: the one reading behind the desk page and `GET /duty/now`.
    struct Desk {
        let current: DutyShift?
        let next: DutyShift?
        let incoming: DutyHandover?
        let outgoing: DutyHandover?
        let openIncidents: Page<Incident>
        let unattached: Page<IncomingReport>
        let warnings: Page<Warning>
        let upstreamWarnings: Page<CapMessage>
        /// The reader's own in-app messages not yet acknowledged.
        let unacknowledged: Int
        /// Reports owed on open accidents (报告时限), soonest first.
        let owed: [(accident: Accident, obligation: AccidentClock.Obligation)]
        /// Disaster reports owed (灾情报送时限): townships without figures, the 初报, the day's 续报, the 核报; soonest first.
        let disasterOwed: [(event: DisasterEvent, obligation: DisasterClock.Obligation)]
        /// The names of the townships the disaster clock names.
        let townshipNames: [String: String]
    }

    func desk(_ context: UserContext) async throws -> Desk {
        let caller = context.caller
        let (current, next) = try await duty.onDuty(at: now, by: caller)
        let handovers = try await duty.handovers(of: [current?.id].compactMap { $0 }, by: caller)
        let open = try await store.incidents.list(.init(openOnly: true), page: try PageRequest(pageSize: 20), by: caller)
        let unattached = try await duty.reports(
            .init(unattached: true, since: Self.reportWindow(now).start), page: try PageRequest(pageSize: 20), by: caller)
        let warnings = try await store.warnings.list(.init(inForceOnly: true), page: try PageRequest(pageSize: 20), by: caller)
        let upstream = try await store.warnings.upstream(.init(inForceOnly: true), page: try PageRequest(pageSize: 20), by: caller)
        let disasterOwed = try await store.disasters.owed(by: caller)
        var townshipNames: [String: String] = [:]
        for code in Set(disasterOwed.compactMap(\.obligation.township)) {
            townshipNames[code] = try await store.divisions.name(of: try DivisionCode(code))
        }
        return Desk(
            current: current, next: next, incoming: handovers.first { $0.toShiftID == current?.id },
            outgoing: handovers.first { $0.fromShiftID == current?.id }, openIncidents: open, unattached: unattached,
            warnings: warnings, upstreamWarnings: upstream,
            unacknowledged: try await store.notifications.inbox(unacknowledgedOnly: true, page: try PageRequest(pageSize: 1), by: caller)
                .total, owed: try await store.accidents.owed(by: caller), disasterOwed: disasterOwed,
            townshipNames: townshipNames)
    }

    // MARK: - Pages

    @Sendable func deskPage(_ request: Request, context: UserContext) async throws -> Response {
        try await deskHTML(context, notice: Self.notice(request), refusal: nil, values: [:]).response()
    }

    func deskHTML(_ context: UserContext, notice: HTML, refusal: AnlanError?, values: [String: [String]]) async throws -> HTML {
        let desk = try await desk(context)
        let usernames =
            [desk.current, desk.next].compactMap { $0 }.flatMap(\.people)
            + [desk.incoming, desk.outgoing].compactMap { $0 }.flatMap { [$0.writtenBy] + ($0.acknowledgedBy.map { [$0] } ?? []) }
        let body = DutyViews.desk(
            desk, people: try await store.accounts.displayNames(of: usernames), divisions: try await divisionNames(context),
            me: context.user, now: now, csrf: context.csrfToken ?? "", refusal: refusal, values: values)
        return Layout.page(title: DutyViews.title, context: context, active: "/duty", notice: notice, body: body)
    }

    @Sendable func rosterPage(_ request: Request, context: UserContext) async throws -> Response {
        try await rosterHTML(try Query(request), context: context, notice: Self.notice(request), refusal: nil, values: [:]).response()
    }

    func rosterHTML(_ q: Query, context: UserContext, notice: HTML, refusal: AnlanError?, values: [String: [String]]) async throws -> HTML {
        let (from, to) = try Self.range(q, today: Day(now))
        let shifts = try await duty.shifts(from: from, to: to, by: context.caller)
        let swaps = try await duty.swaps(of: shifts.map(\.id))
        let candidates = try await duty.candidates(by: context.caller)
        var names = Dictionary(candidates.map { ($0.username, $0.name) }, uniquingKeysWith: { a, _ in a })
        for (k, v) in try await store.accounts.displayNames(of: shifts.flatMap(\.people) + swaps.flatMap { [$0.from, $0.to] }) {
            names[k] = v
        }
        let body = DutyViews.roster(
            shifts, swaps: swaps, from: from, to: to, candidates: candidates, names: names, me: context.user, now: now,
            csrf: context.csrfToken ?? "", refusal: refusal, values: values)
        return Layout.page(title: "值班表", context: context, active: "/duty", notice: notice, body: body)
    }

    @Sendable func arrangeFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let shift = try await arrange(form, context: context)
            return Response.redirect(to: "/duty/roster?from=\(shift.day)&saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await rosterHTML(try Query(request), context: context, notice: .empty, refusal: error, values: form.allValues)
                .response(status: Failure(error).status)
        }
    }

    @Sendable func swapFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.shiftNotFound)
        let form = try await FormData.read(request, context: context)
        do {
            let shift = try await swap(id, form, context: context)
            let q = try Query(request)
            let range = q.string("from").map { "from=\($0)&to=\(q.string("to") ?? "")" } ?? "from=\(shift.day)"
            return Response.redirect(to: "/duty/roster?\(range)&saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await rosterHTML(try Query(request), context: context, notice: .empty, refusal: error, values: [:])
                .response(status: Failure(error).status)
        }
    }

    @Sendable func cancelFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.shiftNotFound)
        _ = try await FormData.read(request, context: context)
        do {
            _ = try await duty.cancel(id, by: context.caller)
            let q = try Query(request)
            return Response.redirect(to: "/duty/roster?from=\(q.string("from") ?? "")&to=\(q.string("to") ?? "")&saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await rosterHTML(try Query(request), context: context, notice: .empty, refusal: error, values: [:])
                .response(status: Failure(error).status)
        }
    }

    @Sendable func handOverFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.shiftNotFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await handOver(id, form, context: context)
            return Response.redirect(to: "/duty?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden || error.code == DutyErrors.notOutgoing.code {
            return try await deskHTML(context, notice: .empty, refusal: error, values: form.allValues).response(
                status: Failure(error).status)
        }
    }

    @Sendable func acknowledgeFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.handoverNotFound)
        _ = try await FormData.read(request, context: context)
        do {
            _ = try await duty.acknowledge(id, by: context.caller)
            return Response.redirect(to: "/duty?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden || error.code == DutyErrors.notIncoming.code {
            return try await deskHTML(context, notice: .empty, refusal: error, values: [:]).response(status: Failure(error).status)
        }
    }

    @Sendable func logFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let report = try await log(form, context: context)
            return Response.redirect(
                to: report.incidentID.map { "/incidents/\($0.key)?saved=1" } ?? "/duty?logged=\(report.id.key)", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await deskHTML(context, notice: .empty, refusal: error, values: form.allValues).response(
                status: Failure(error).status)
        }
    }

    @Sendable func attachFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.reportNotFound)
        let form = try await FormData.read(request, context: context)
        do {
            let report = try await attach(id, form, context: context)
            return Response.redirect(to: "/incidents/\(report.incidentID?.key ?? "")?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await deskHTML(context, notice: .empty, refusal: error, values: [:]).response(status: Failure(error).status)
        }
    }

    @Sendable func reportsPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await duty.reports(try Self.reportFilter(q), page: try q.page(), by: context.caller)
        let body = DutyViews.reports(
            page, divisions: try await store.divisions.names(within: context.caller.jurisdiction),
            people: try await store.accounts.displayNames(of: page.items.map(\.loggedBy)),
            query: q.values, pager: Layout.pager(page, base: "/duty/reports", query: q.values(except: ["page"])))
        return Layout.page(title: "来报记录", context: context, active: "/duty", body: body).response()
    }

    static func reportFilter(_ q: Query) throws -> DutyRepository.ReportFilter {
        DutyRepository.ReportFilter(
            unattached: try q.bool("unattached") ?? false, incidentID: try q.uuid("incidentId"), since: try q.date("since"))
    }

    static func notice(_ request: Request) -> HTML {
        if let id = request.uri.queryParameters["logged"].map(String.init), UUID(key: id) != nil {
            return """
                \(Layout.alert("来报已登记。需要立为事件的，请转为事件；属于已有事件的，可在下方“待处理来报”中并入。", kind: "success"))
                <div class="mb-3"><a class="btn btn-sm btn-danger" data-testid="report-to-incident" href="/incidents/new?reportId=\(id)">转为事件</a></div>
                """
        }
        return request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
    }

    func divisionNames(_ context: UserContext) async throws -> [(code: DivisionCode, name: String)] {
        try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level != .village }
    }

    // MARK: - API

    @Sendable func nowAPI(_ request: Request, context: UserContext) async throws -> Response {
        let desk = try await desk(context)
        return try JSONResponse.make(
            DutyNowDTO(
                current: desk.current.map(DutyShiftDTO.init), next: desk.next.map(DutyShiftDTO.init),
                handoverToAcknowledge: desk.incoming.flatMap { $0.acknowledgedAt == nil ? DutyHandoverDTO($0) : nil },
                openIncidents: desk.openIncidents.total, unattachedReports: desk.unattached.total,
                warningsInForce: desk.warnings.total, upstreamWarningsInForce: desk.upstreamWarnings.total,
                unacknowledgedMessages: desk.unacknowledged,
                reportsOwed: desk.owed.map {
                    DutyNowDTO.Owed(
                        accidentId: $0.accident.id.key, number: $0.accident.number, label: $0.obligation.label, due: $0.obligation.due,
                        late: $0.obligation.isLate(at: now))
                },
                disasterReportsOwed: desk.disasterOwed.map {
                    DutyNowDTO.DisasterOwed(
                        eventId: $0.event.id.key, number: $0.event.number, kind: $0.obligation.kind.rawValue,
                        label: DisasterViews.obligationLabel($0.obligation, names: desk.townshipNames), township: $0.obligation.township,
                        due: $0.obligation.due, late: $0.obligation.isLate(at: now))
                }))
    }

    @Sendable func shiftsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let (from, to) = try Self.range(q, today: Day(now))
        let all = try await duty.shifts(from: from, to: to, by: context.caller)
        let page = try q.page()
        return try JSONResponse.make(
            PageDTO(
                Page(items: Array(all.dropFirst(page.offset).prefix(page.pageSize)), total: all.count, request: page), DutyShiftDTO.init))
    }

    @Sendable func arrangeAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(DutyShiftDTO(try await arrange(input, context: context)), status: .created)
    }

    @Sendable func swapAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.shiftNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(DutyShiftDTO(try await swap(id, input, context: context)))
    }

    @Sendable func cancelAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.shiftNotFound)
        return try JSONResponse.make(DutyShiftDTO(try await duty.cancel(id, by: context.caller)))
    }

    @Sendable func handOverAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.shiftNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(DutyHandoverDTO(try await handOver(id, input, context: context)), status: .created)
    }

    @Sendable func acknowledgeAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DutyErrors.handoverNotFound)
        return try JSONResponse.make(DutyHandoverDTO(try await duty.acknowledge(id, by: context.caller)))
    }

    @Sendable func reportsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await duty.reports(try Self.reportFilter(q), page: try q.page(), by: context.caller), IncomingReportDTO.init))
    }

    @Sendable func reportAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.reportNotFound)
        return try JSONResponse.make(IncomingReportDTO(try await duty.report(id, by: context.caller)))
    }

    @Sendable func logAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(IncomingReportDTO(try await log(input, context: context)), status: .created)
    }

    @Sendable func attachAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.reportNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(IncomingReportDTO(try await attach(id, input, context: context)))
    }
}

struct DutyNowDTO: Encodable, Sendable {
    let current, next: DutyShiftDTO?
    let handoverToAcknowledge: DutyHandoverDTO?
    let openIncidents, unattachedReports, warningsInForce, upstreamWarningsInForce, unacknowledgedMessages: Int
    struct Owed: Encodable, Sendable {
        let accidentId, number, label: String
        let due: Date
        let late: Bool
    }
    let reportsOwed: [Owed]
    struct DisasterOwed: Encodable, Sendable {
        let eventId, number, kind, label: String
        let township: String?
        let due: Date
        let late: Bool
    }
    let disasterReportsOwed: [DisasterOwed]
}
