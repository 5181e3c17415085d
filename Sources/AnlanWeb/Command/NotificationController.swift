import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Notifications as pages and API operations: the desk sends one to a group, people, or typed numbers on in-app, SMS
/// and voice; each person's delivery is followed; people acknowledge their in-app messages; the gateway posts receipts.
struct NotificationController {
    let store: Store
    let settings: WebSettings

    var now: Date { store.environment.now() }
    var notifications: NotificationRepository { store.notifications }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/notifications", .permission(.readBusinessData), use: listPage)
        pages.get("/notifications/new", .permission(.keepDuty), use: newPage)
        pages.post("/notifications", .permission(.keepDuty), use: sendFromPage)
        pages.get("/notifications/{id}", .permission(.keepDuty), use: notificationPage)
        pages.get("/inbox", .permission(.readBusinessData), use: inboxPage)
        pages.post("/inbox/{id}/acknowledge", .permission(.readBusinessData), use: acknowledgeFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(NotificationOperations.send, sendAPI)
        api.add(NotificationOperations.list, listAPI)
        api.add(NotificationOperations.get, getAPI)
        api.add(NotificationOperations.deliveries, deliveriesAPI)
        api.add(NotificationOperations.inbox, inboxAPI)
        api.add(NotificationOperations.acknowledge, acknowledgeAPI)
        api.addOpen(NotificationOperations.receipts, receiptsAPI)
    }

    func send(_ input: some CommandInput, context: UserContext) async throws -> NotificationMessage {
        try await notifications.send(try NotificationDraft.parse(input), by: context.caller)
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        // Outside the desk, 通知 are one's own messages.
        guard context.user.role.can(.keepDuty) else { return Response.redirect(to: "/inbox", type: .found) }
        let q = try Query(request)
        let page = try await notifications.list(incidentID: try q.uuid("incidentId"), page: try q.page(), by: context.caller)
        var tallies: [UUID: [NotificationChannel: [DeliveryState: Int]]] = [:]
        for m in page.items { tallies[m.id] = try await notifications.tally(m.id, by: context.caller) }
        let body = NotificationViews.list(
            page, tallies: tallies, places: try await placeNames(), mayIssue: context.user.role.can(.keepDuty),
            pager: Layout.pager(page, base: "/notifications", query: q.values(except: ["page"])))
        return Layout.page(title: NotificationViews.title, context: context, active: "/duty", body: body).response()
    }

    /// Division names by code, to say where a role audience was.
    func placeNames() async throws -> [String: String] {
        Dictionary(
            try await store.divisions.names(within: .everything).map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func form(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let divisions = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level != .village }
        let people = try await store.duty.candidates(by: context.caller).map { ($0.username, $0.name) }
        let open = try await store.incidents.list(.init(openOnly: true), page: try PageRequest(pageSize: 50), by: context.caller).items
        let body = NotificationViews.form(
            values: values, divisions: divisions, people: people, incidents: open, csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: "发送通知", context: context, active: "/duty", body: body)
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        var values: [String: [String]] = ["channels": ["inApp", "sms"], "audience": ["role"], "role": [Role.townshipOfficer.rawValue]]
        if let id = try Query(request).uuid("incidentId") { values["incidentId"] = [id.key] }
        return try await form(values: values, refusal: nil, context: context).response()
    }

    @Sendable func sendFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let sent = try await send(form, context: context)
            return Response.redirect(to: "/notifications/\(sent.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func notificationPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: NotificationErrors.notFound)
        let q = try Query(request)
        let state = try q.enum("state", DeliveryState.self, label: "送达状态")
        let channel = try q.enum("channel", NotificationChannel.self, label: "渠道")
        let message = try await notifications.get(id, by: context.caller)
        let page = try await notifications.deliveries(of: id, channel: channel, state: state, page: try q.page(), by: context.caller)
        let notice: HTML = q.values["saved"] != nil ? Layout.alert("已写入发送队列，正在逐人发送。", kind: "success") : .empty
        let body = NotificationViews.detail(
            message, tally: try await notifications.tally(id, by: context.caller), deliveries: page, channel: channel, state: state,
            people: try await store.accounts.displayNames(of: [message.createdBy]), places: try await placeNames(),
            pager: Layout.pager(page, base: "/notifications/\(id.key)", query: q.values(except: ["page", "saved"])))
        return Layout.page(title: message.subject, context: context, active: "/duty", notice: notice, body: body).response()
    }

    @Sendable func inboxPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let unacknowledged = try q.bool("unacknowledged") ?? false
        let page = try await notifications.inbox(unacknowledgedOnly: unacknowledged, page: try q.page(), by: context.caller)
        let waiting = try await notifications.inbox(unacknowledgedOnly: true, page: try PageRequest(pageSize: 1), by: context.caller).total
        let body = NotificationViews.inbox(
            page, waiting: waiting, unacknowledgedOnly: unacknowledged, csrf: context.csrfToken ?? "",
            pager: Layout.pager(page, base: "/inbox", query: q.values(except: ["page", "acknowledged"])))
        let notice: HTML = q.values["acknowledged"] != nil ? Layout.alert("已确认收到。", kind: "success") : .empty
        return Layout.page(title: NotificationViews.inboxTitle, context: context, active: "/inbox", notice: notice, body: body).response()
    }

    @Sendable func acknowledgeFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: NotificationErrors.deliveryNotFound)
        let form = try await FormData.read(request, context: context)
        _ = try await notifications.acknowledge(id, by: context.caller)
        // Back to the list the person acknowledged from (the unacknowledged ones, when that is what they were reading).
        return Response.redirect(
            to: "/inbox?acknowledged=1" + (form["unacknowledged"] == "true" ? "&unacknowledged=true" : ""), type: .found)
    }

    // MARK: - API

    @Sendable func sendAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(NotificationDTO(try await send(input, context: context), tally: [:]), status: .created)
    }

    @Sendable func listAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await notifications.list(incidentID: try q.uuid("incidentId"), page: try q.page(), by: context.caller)
        var items: [NotificationDTO] = []
        for m in page.items { items.append(NotificationDTO(m, tally: try await notifications.tally(m.id, by: context.caller))) }
        return try JSONResponse.make(PageDTO(Page(items: items, total: page.total, request: page.request)) { $0 })
    }

    @Sendable func getAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: NotificationErrors.notFound)
        let m = try await notifications.get(id, by: context.caller)
        return try JSONResponse.make(NotificationDTO(m, tally: try await notifications.tally(id, by: context.caller)))
    }

    @Sendable func deliveriesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: NotificationErrors.notFound)
        let q = try Query(request)
        let page = try await notifications.deliveries(
            of: id, channel: try q.enum("channel", NotificationChannel.self, label: "渠道"),
            state: try q.enum("state", DeliveryState.self, label: "送达状态"), page: try q.page(), by: context.caller)
        return try JSONResponse.make(PageDTO(page, DeliveryDTO.init))
    }

    @Sendable func inboxAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await notifications.inbox(
            unacknowledgedOnly: try q.bool("unacknowledged") ?? false, page: try q.page(), by: context.caller)
        return try JSONResponse.make(PageDTO(page) { InboxItemDTO(delivery: $0.0, message: $0.1) })
    }

    @Sendable func acknowledgeAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: NotificationErrors.deliveryNotFound)
        return try JSONResponse.make(DeliveryDTO(try await notifications.acknowledge(id, by: context.caller)))
    }

    struct ReceiptBatch: Decodable {
        struct Receipt: Decodable {
            let id: String
            let status: String
            let reason: String?
        }
        let receipts: [Receipt]
    }

    /// Receipts from the gateway, authenticated by the shared token (compared in constant time).
    @Sendable func receiptsAPI(_ request: Request, context: AppContext) async throws -> Response {
        guard let expected = settings.gatewayToken, let sent = request.headers[values: .init("X-Gateway-Token")!].first,
            constantTimeEqual(sent, expected)
        else { throw NotificationErrors.gatewayToken }
        let batch = try await request.decodeJSON(ReceiptBatch.self, context: context)
        guard batch.receipts.count <= 1000 else {
            throw AnlanError.invalid("notification.receipts_too_many", "一次最多提交 1000 条回执。")
        }
        var receipts: [(id: UUID, delivered: Bool, reason: String?)] = []
        for r in batch.receipts {
            guard let id = UUID(key: r.id), r.status == "delivered" || r.status == "failed" else {
                throw AnlanError.invalid("notification.receipt_invalid", "回执须有送达记录 ID，状态为 delivered 或 failed。")
            }
            receipts.append((id, r.status == "delivered", r.reason.map { String($0.prefix(200)) }))
        }
        let moved = try await notifications.receipt(receipts)
        return try JSONResponse.make(ReceiptResultDTO(received: receipts.count, applied: moved))
    }
}
