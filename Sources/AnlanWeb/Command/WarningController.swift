import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Warnings as pages and API operations: compose, publish, update and cancel a warning (each a CAP 1.2 message), serve
/// its current message and an Atom feed of warnings in force, and receive CAP messages from upstream.
struct WarningController {
    let store: Store

    var now: Date { store.environment.now() }
    var warnings: WarningRepository { store.warnings }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/warnings", .permission(.readBusinessData), use: listPage)
        pages.get("/warnings/new", .permission(.keepDuty), use: newPage)
        pages.post("/warnings", .permission(.keepDuty), use: publishFromPage)
        pages.get("/warnings/upstream", .permission(.readBusinessData), use: upstreamListPage)
        pages.get("/warnings/upstream/{id}", .permission(.readBusinessData), use: upstreamPage)
        pages.get("/warnings/{id}", .permission(.readBusinessData), use: warningPage)
        pages.get("/warnings/{id}/edit", .permission(.keepDuty), use: editPage)
        pages.post("/warnings/{id}", .permission(.keepDuty), use: updateFromPage)
        pages.post("/warnings/{id}/cancel", .permission(.keepDuty), use: cancelFromPage)
        pages.get("/warnings/{id}/messages/{message}", .permission(.readBusinessData), use: messageXML)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(WarningOperations.list, list)
        api.add(WarningOperations.publish, publishFromAPI)
        api.add(WarningOperations.get, get)
        api.add(WarningOperations.update, updateFromAPI)
        api.add(WarningOperations.cancel, cancelFromAPI)
        api.add(WarningOperations.messages, messagesAPI)
        api.addOpen(WarningOperations.cap, capAPI)
        api.addOpen(WarningOperations.feed, feedAPI)
        api.add(WarningOperations.receive, receiveAPI)
        api.add(WarningOperations.upstream, upstreamAPI)
        api.add(WarningOperations.upstreamMessage, upstreamMessageAPI)
        api.add(WarningOperations.settings, settingsAPI)
        api.add(WarningOperations.setSettings, setSettingsAPI)
    }

    // MARK: - The operations behind both faces

    func publish(_ input: some CommandInput, context: UserContext) async throws -> Warning {
        try await warnings.publish(try WarningDraft.parse(input, now: now), by: context.caller)
    }

    func update(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> Warning {
        try await warnings.update(id, try WarningDraft.parse(input, now: now), by: context.caller)
    }

    func cancel(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> Warning {
        try await warnings.cancel(id, reason: try WarningDraft.parseCancel(input), by: context.caller)
    }

    static func filter(_ q: Query) throws -> WarningRepository.Filter {
        .init(
            inForceOnly: try q.bool("inForce") ?? false, state: try q.enum("state", WarningState.self, label: "预警状态"),
            event: try q.enum("event", WarningEvent.self, label: "预警类别"), incidentID: try q.uuid("incidentId"))
    }

    static func upstreamFilter(_ value: String?) throws -> WarningRepository.UpstreamFilter {
        switch value ?? "in-force" {
        case "in-force": .init(inForceOnly: true)
        case "all": .init()
        case "invalid": .init(invalidOnly: true)
        default:
            throw AnlanError.invalid("cap.scope_invalid", "范围须为 in-force、all 或 invalid。", field: "scope")
        }
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await warnings.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let upstream = try await warnings.upstream(.init(inForceOnly: true), page: try PageRequest(pageSize: 20), by: context.caller)
        let body = WarningViews.list(
            page, upstream: upstream, query: q.values, now: now, mayIssue: context.user.role.can(.keepDuty),
            pager: Layout.pager(page, base: "/warnings", query: q.values(except: ["page"])))
        return Layout.page(title: WarningViews.title, context: context, active: "/duty", body: body).response()
    }

    @Sendable func upstreamListPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let scope = q.string("scope") ?? "in-force"
        let page = try await warnings.upstream(try Self.upstreamFilter(scope), page: try q.page(), by: context.caller)
        let body = WarningViews.upstreamList(
            page, scope: scope, now: now, mayIssue: context.user.role.can(.keepDuty), csrf: context.csrfToken ?? "",
            pager: Layout.pager(page, base: "/warnings/upstream", query: q.values(except: ["page"])))
        return Layout.page(
            title: "上级预警消息", context: context, active: "/duty", body: body, scripts: "<script src=\"/static/js/upload.js\"></script>"
        ).response()
    }

    func form(
        action: String, heading: String, values: [String: [String]], fixedStatus: WarningStatus?, refusal: AnlanError?,
        context: UserContext
    ) async throws -> HTML {
        let divisions = try await store.divisions.names(within: context.caller.jurisdiction)
        let open = try await store.incidents.list(.init(openOnly: true), page: try PageRequest(pageSize: 50), by: context.caller).items
        var note: HTML = .empty
        if let id = values["upstreamId"]?.first.flatMap({ UUID(key: $0) }),
            let m = try? await warnings.upstreamMessage(id, by: context.caller)
        {
            note = """
                <div class="alert alert-secondary" data-testid="warning-from-upstream">依据上级预警“\(m.info?.headline ?? m.alert?.identifier ?? "")”\
                （\(m.info?.senderName ?? m.alert?.sender ?? "")）拟稿。上级预警区域：\(m.info?.areas.map(\.areaDesc).joined(separator: "；") ?? "未给出")；\
                请选择本局预警的乡镇、村，核对级别和防御指南后发布。</div>
                """
        }
        let body = WarningViews.form(
            action: action, heading: heading, values: values, divisions: divisions, incidents: open, fixedStatus: fixedStatus,
            csrf: context.csrfToken ?? "", refusal: refusal, note: note)
        return Layout.page(title: heading, context: context, active: "/duty", body: body)
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        var values: [String: [String]] = [:]
        if let id = try q.uuid("upstreamId") {
            values = WarningViews.values(from: try await warnings.upstreamMessage(id, by: context.caller), now: now)
        }
        if let id = try q.uuid("incidentId") {
            let incident = try await store.incidents.get(id, by: context.caller)
            values["incidentId"] = [id.key]
            values["divisionCodes"] = [incident.divisionCode]
        }
        if values["expires"] == nil { values["expires"] = [Moment.field(now.addingTimeInterval(24 * 3600))] }
        return try await form(
            action: "/warnings", heading: "发布预警", values: values, fixedStatus: nil, refusal: nil, context: context
        ).response()
    }

    @Sendable func publishFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let warning = try await publish(form, context: context)
            return Response.redirect(to: "/warnings/\(warning.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(
                action: "/warnings", heading: "发布预警", values: form.allValues, fixedStatus: nil, refusal: error, context: context
            ).response(status: Failure(error).status)
        }
    }

    @Sendable func editPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let warning = try await warnings.get(id, by: context.caller)
        guard warning.state == .published else { throw WarningErrors.cancelled }
        return try await form(
            action: "/warnings/\(id.key)", heading: "更新预警", values: WarningViews.values(warning), fixedStatus: warning.status,
            refusal: nil, context: context
        ).response()
    }

    @Sendable func updateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await update(id, form, context: context)
            return Response.redirect(to: "/warnings/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden && error.kind != .notFound {
            let status = try await warnings.get(id, by: context.caller).status
            return try await self.form(
                action: "/warnings/\(id.key)", heading: "更新预警", values: form.allValues, fixedStatus: status, refusal: error,
                context: context
            ).response(status: Failure(error).status)
        }
    }

    @Sendable func cancelFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await cancel(id, form, context: context)
            return Response.redirect(to: "/warnings/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden && error.kind != .notFound {
            return try await page(id, refusal: error, notice: .empty, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func warningPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await page(id, refusal: nil, notice: notice, context: context).response()
    }

    func page(_ id: UUID, refusal: AnlanError?, notice: HTML, context: UserContext) async throws -> HTML {
        let warning = try await warnings.get(id, by: context.caller)
        let messages = try await warnings.messages(of: id, by: context.caller)
        let incident = await warning.incidentID.asyncMap { try? await store.incidents.get($0, by: context.caller) } ?? nil
        let upstream = await warning.upstreamID.asyncMap { try? await warnings.upstreamMessage($0, by: context.caller) } ?? nil
        let people = try await store.accounts.displayNames(of: [warning.createdBy])
        let body = WarningViews.detail(
            warning, messages: messages, incident: incident, upstream: upstream, now: now, mayIssue: context.user.role.can(.keepDuty),
            csrf: context.csrfToken ?? "", refusal: refusal, people: people,
            notifications: context.user.role.can(.keepDuty)
                ? try await store.notifications.list(
                    incidentID: nil, warningID: id, page: try PageRequest(pageSize: 50), by: context.caller
                ).items : nil,
            places: Dictionary(
                try await store.divisions.names(within: .everything).map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a }))
        return Layout.page(title: warning.title, context: context, active: "/duty", notice: notice, body: body)
    }

    @Sendable func upstreamPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.upstreamNotFound)
        let message = try await warnings.upstreamMessage(id, by: context.caller)
        let adopted = try await warnings.list(.init(), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: context.caller)
            .items.filter { $0.upstreamID == id }
        let body = WarningViews.upstream(message, now: now, mayIssue: context.user.role.can(.keepDuty), adoptedBy: adopted)
        return Layout.page(title: "上级预警", context: context, active: "/duty", body: body).response()
    }

    @Sendable func messageXML(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let name = try context.pathParameter("message")
        guard name.hasSuffix(".xml"), let messageID = UUID(key: String(name.dropLast(4))),
            let message = try await warnings.messages(of: id, by: context.caller).first(where: { $0.id == messageID })
        else { throw WarningErrors.notFound }
        return Self.capResponse(message, download: true)
    }

    static func capResponse(_ message: CapMessage, download: Bool) -> Response {
        let name = "\(message.alert?.identifier ?? message.id.key).xml"
        return Download.response(
            fileName: name, contentType: CapXML.contentType + "; charset=utf-8",
            body: .init(byteBuffer: ByteBuffer(string: message.xml)), inline: !download)
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await warnings.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let at = now
        return try JSONResponse.make(PageDTO(page) { WarningDTO($0, now: at) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        return try JSONResponse.make(WarningDTO(try await warnings.get(id, by: context.caller), now: now))
    }

    @Sendable func publishFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(WarningDTO(try await publish(input, context: context), now: now), status: .created)
    }

    @Sendable func updateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(WarningDTO(try await update(id, input, context: context), now: now))
    }

    @Sendable func cancelFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(WarningDTO(try await cancel(id, input, context: context), now: now))
    }

    @Sendable func messagesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.notFound)
        let at = now
        return try JSONResponse.make(
            ListDTO(items: try await warnings.messages(of: id, by: context.caller).map { CapMessageDTO($0, now: at, withXML: true) }))
    }

    /// The current message of a published 正式 warning, open to anyone who reads the feed.
    @Sendable func capAPI(_ request: Request, context: AppContext) async throws -> Response {
        guard let id = UUID(key: context.parameters.get("id") ?? "") else { throw WarningErrors.notFound }
        return Self.capResponse(try await warnings.publicMessage(of: id), download: false)
    }

    @Sendable func feedAPI(_ request: Request, context: AppContext) async throws -> Response {
        let base = "/api/v1/warnings"
        let list = try await warnings.publicFeed()
        let settings = try await warnings.settings()
        let body = WarningFeed.atom(list, authority: settings.senderName, now: now, capBase: base)
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func receiveAPI(_ request: Request, context: UserContext) async throws -> Response {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: CapXML.maximumBytes) } catch {
            throw AnlanError(
                .tooLarge, code: "cap.too_large", message: "CAP 消息超过 \(CapXML.maximumBytes / 1024) KB。", details: nil)
        }
        guard buffer.readableBytes > 0 else {
            throw AnlanError.invalid("cap.empty", "请上传 CAP 1.2 XML 消息。")
        }
        let received = try await warnings.receive(Data(buffer: buffer), source: .upload, by: context.caller)
        return try JSONResponse.make(
            CapMessageDTO(received.message, now: now, withXML: false), status: received.isNew ? .created : .ok)
    }

    @Sendable func upstreamAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await warnings.upstream(try Self.upstreamFilter(q.string("scope") ?? "all"), page: try q.page(), by: context.caller)
        let at = now
        return try JSONResponse.make(PageDTO(page) { CapMessageDTO($0, now: at, withXML: false) })
    }

    @Sendable func upstreamMessageAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: WarningErrors.upstreamNotFound)
        return try JSONResponse.make(CapMessageDTO(try await warnings.upstreamMessage(id, by: context.caller), now: now, withXML: true))
    }

    @Sendable func settingsAPI(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(WarningSettingsDTO(try await warnings.settings()))
    }

    @Sendable func setSettingsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        var settings = try await warnings.settings()
        if let code = try input.text(InputField("agencyCode", label: "机构行业码", context: "warning", maxLength: 3)) {
            settings.agencyCode = code
        }
        if let name = try input.text(InputField("senderName", label: "发布单位名称", context: "warning", maxLength: 60)) {
            settings.senderName = name
        }
        try await warnings.setSettings(settings, by: context.caller)
        return try JSONResponse.make(WarningSettingsDTO(try await warnings.settings()))
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// The Atom feed (RFC 4287) of warnings in force, each entry linking to its current CAP message, as CAP feeds do.
enum WarningFeed {
    static func atom(_ warnings: [Warning], authority: String, now: Date, capBase: String) -> String {
        let esc = XMLText.escape
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>urn:anlan:warnings</id>
              <title>\(esc(authority))预警信息</title>
              <updated>\(CapTime.string(warnings.map(\.updatedAt).max() ?? now))</updated>
              <author><name>\(esc(authority))</name></author>
              <link rel="self" href="\(capBase.replacingOccurrences(of: "/warnings", with: "/feeds/warnings.atom"))"/>

            """
        for w in warnings {
            out += """
                  <entry>
                    <id>urn:anlan:warning:\(w.identifier)</id>
                    <title>\(esc(w.title))：\(esc(w.headline))</title>
                    <updated>\(CapTime.string(w.updatedAt))</updated>
                    <published>\(CapTime.string(w.createdAt))</published>
                    <summary>\(esc(w.areaDescription))，有效期至 \(esc(Moment.minutes(w.expires)))</summary>
                    <link rel="alternate" type="\(CapXML.contentType)" href="\(capBase)/\(w.id.key)/cap"/>
                  </entry>

                """
        }
        return out + "</feed>\n"
    }
}
