import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Publicity and training (宣传培训) as pages and API operations: record an event after it is held, list them by period
/// and kind with their totals, the figures the year's statistics take.
struct PublicityController {
    let store: Store

    var today: Day { Day(store.environment.now()) }
    var publicity: PublicityRepository { store.publicity }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/publicity", .permission(.readBusinessData), use: listPage)
        pages.get("/publicity/new", .permission(.manageResources), use: newPage)
        pages.post("/publicity", .permission(.manageResources), use: recordFromPage)
        pages.get("/publicity/{id}", .permission(.readBusinessData), use: eventPage)
        pages.get("/publicity/{id}/photos/{seq}", .permission(.readBusinessData), use: photo)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(PublicityOperations.list, list)
        api.add(PublicityOperations.totals, totals)
        api.add(PublicityOperations.get, get)
        api.add(PublicityOperations.record, recordFromAPI)
        api.add(PublicityOperations.photo, photoFromAPI)
    }

    static func filter(_ q: Query) throws -> PublicityRepository.Filter {
        PublicityRepository.Filter(
            kind: try q.enum("kind", PublicityKind.self, label: "活动类别"), divisionCode: try q.divisionCode("divisionCode"),
            from: try q.day("from").flatMap(Day.init), to: try q.day("to").flatMap(Day.init), query: try SupervisionAPI.search(q))
    }

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let filter = try Self.filter(q)
        let page = try await publicity.list(filter, page: try q.page(), by: context.caller)
        let totals = try await publicity.totals(filter, by: context.caller)
        let body = PublicityViews.list(
            page.items, total: page.total, totals: totals, query: q.values, mayRecord: context.user.role.can(.manageResources),
            pager: Layout.pager(page, base: "/publicity", query: q.values(except: ["page"])))
        return Layout.page(title: PublicityViews.title, context: context, active: "/info-officers", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        try await form(values: [:], refusal: nil, context: context).response()
    }

    func form(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let places = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level != .village }
            .map { ($0.code.rawValue, $0.name) }
        let body = PublicityViews.form(values: values, places: places, today: today, csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: "登记宣传培训", context: context, active: "/info-officers", body: body)
    }

    @Sendable func recordFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let event = try await publicity.record(try PublicityDraft.parse(form, today: today), by: context.caller)
            return Response.redirect(to: "/publicity/\(event.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func eventPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PublicityErrors.notFound)
        let event = try await publicity.get(id, by: context.caller)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        let division = try await store.divisions.name(of: try DivisionCode(event.divisionCode))
        let photos = try await publicity.photos(of: id, by: context.caller)
        return Layout.page(
            title: event.theme, context: context, active: "/disasters", notice: notice,
            body: PublicityViews.detail(
                event, divisionName: division, photos: photos, mayUpload: context.user.role.can(.manageResources),
                csrf: context.csrfToken ?? ""),
            scripts: "<script src=\"/static/js/upload.js\"></script>"
        ).response()
    }

    @Sendable func photo(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PublicityErrors.notFound)
        guard let seq = context.parameters.get("seq").flatMap(Int.init) else {
            throw AnlanError.notFound("publicity.photo_not_found", "照片不存在。")
        }
        let (type, data) = try await publicity.photo(id, seq: seq, by: context.caller)
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func photoFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PublicityErrors.notFound)
        let name = try Query(request).string("fileName") ?? ""
        guard !name.isEmpty else { throw AnlanError.invalid("publicity.file_name_required", "请提供文件名。", field: "fileName") }
        let photos = try await publicity.attachPhoto(
            id, data: try await EnterpriseRecordsAPI.upload(request), fileName: name, by: context.caller)
        return try JSONResponse.make(
            PublicityPhotosDTO(
                eventId: id.key,
                photos: photos.map {
                    .init(
                        seq: $0.seq, fileName: $0.fileName, contentType: $0.contentType, uploadedBy: $0.uploadedBy,
                        uploadedAt: $0.uploadedAt)
                }), status: .created)
    }

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await publicity.list(try Self.filter(q), page: try q.page(), by: context.caller), PublicityEventDTO.init))
    }

    @Sendable func totals(_ request: Request, context: UserContext) async throws -> Response {
        let (byKind, all) = try await publicity.totals(try Self.filter(try Query(request)), by: context.caller)
        return try JSONResponse.make(
            PublicityTotalsDTO(
                byKind: PublicityKind.allCases.compactMap { k in
                    byKind[k].map { PublicityTotalsDTO.Row(key: k.rawValue, label: k.label, $0) }
                },
                total: PublicityTotalsDTO.Row(key: "total", label: "合计", all)))
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: PublicityErrors.notFound)
        return try JSONResponse.make(PublicityEventDTO(try await publicity.get(id, by: context.caller)))
    }

    @Sendable func recordFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        let event = try await publicity.record(try PublicityDraft.parse(input, today: today), by: context.caller)
        return try JSONResponse.make(PublicityEventDTO(event), status: .created)
    }
}
