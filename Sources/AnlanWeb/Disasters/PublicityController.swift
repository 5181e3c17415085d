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

enum PublicityViews {
    static let title = "宣传培训"
    static let header = ["日期", "类别", "主题", "地点", "受众（人）", "资料（份）", "展板（块）", "条幅（条）"]

    static func cells(_ t: PublicityRepository.Totals) -> [String] {
        [String(t.events), String(t.audience), String(t.leaflets), String(t.boards), String(t.banners)]
    }

    static func list(
        _ items: [PublicityEvent], total: Int,
        totals: (byKind: [PublicityKind: PublicityRepository.Totals], all: PublicityRepository.Totals),
        query: [String: String], mayRecord: Bool, pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { e in
            """
            <tr><td data-label="\(header[0])">\(e.on.description)</td><td data-label="\(header[1])">\(e.kind.label)\(e.target.map { "·\($0.label)" } ?? "")</td>\
            <td data-label="\(header[2])"><a href="/publicity/\(e.id.key)">\(e.theme)</a></td><td data-label="\(header[3])">\(e.place)</td>\
            <td data-label="\(header[4])" class="text-end">\(e.audience)</td><td data-label="\(header[5])" class="text-end">\(e.leaflets)</td>\
            <td data-label="\(header[6])" class="text-end">\(e.boards)</td><td data-label="\(header[7])" class="text-end">\(e.banners)</td></tr>
            """
        }
        let period = [("from", query["from"]), ("to", query["to"])].compactMap { k, v in v.flatMap { $0.isEmpty ? nil : "\(k)=\($0)" } }
        let totalHeader = ["类别", "活动（次）", "受众（人）", "资料（份）", "展板（块）", "条幅（条）"]
        let totalRows: [HTML] =
            PublicityKind.allCases.compactMap { k -> HTML? in
                guard let t = totals.byKind[k] else { return nil }
                let c = cells(t)
                let link = "/publicity?" + (["kind=\(k.rawValue)"] + period).joined(separator: "&")
                return """
                    <tr><td data-label="\(totalHeader[0])">\(k.label)</td><td data-label="\(totalHeader[1])" class="text-end"><a href="\(link)">\(c[0])</a></td>\
                    \(zip(totalHeader.dropFirst(2), c.dropFirst()).map { HTML("<td data-label=\"\($0.0)\" class=\"text-end\">\($0.1)</td>") })</tr>
                    """
            }
            + [
                HTML(
                    """
                    <tr class="fw-bold"><td data-label="\(totalHeader[0])">合计</td><td data-label="\(totalHeader[1])" class="text-end" data-testid="publicity-total-events">\(totals.all.events)</td>\
                    \(zip(totalHeader.dropFirst(2), cells(totals.all).dropFirst()).map { HTML("<td data-label=\"\($0.0)\" class=\"text-end\">\($0.1)</td>") })</tr>
                    """)
            ]
        let add: HTML =
            mayRecord
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-success\" href=\"/publicity/new\" data-testid=\"publicity-new\">登记活动</a></div>"
            : .empty
        return """
            \(InfoOfficerViews.subnav("/publicity"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="publicity-count">共 \(total) 次</span></h1>
            \(Components.filterBar(action: "/publicity", testID: "publicity-filters", filters: [
                .choice(name: "kind", label: "类别", options: PublicityKind.allCases.map { ($0.rawValue, $0.label) }, selected: query["kind"]),
                .text(name: "from", placeholder: "日期起 2026-01-01", value: query["from"]), .text(name: "to", placeholder: "日期止", value: query["to"]),
                .text(name: "q", placeholder: "主题、地点、组织单位", value: query["q"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "publicity-totals", header: totalHeader, rows: totalRows, cards: true))
            \(Components.table(testID: "publicity", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(values: [String: [String]], places: [(String, String)], today: Day, csrf: String, refusal: AnlanError?) -> HTML {
        typealias F = PublicityDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func select(_ f: InputField, _ options: [(String, String)], blank: Bool = false) -> HTML {
            let items: [HTML] =
                (blank ? [HTML("<option value=\"\">—</option>")] : [])
                + options.map { "<option value=\"\($0.0)\"\(HTML(unsafe: value(f) == $0.0 ? " selected" : ""))>\($0.1)</option>" }
            return """
                <div class="col-md-4"><label class="form-label" for="f-\(f.name)">\(f.label)</label><select class="form-select" id="f-\(f.name)" name="\(f.name)">\(items)</select></div>
                """
        }
        func input(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-4", fallback: String = "")
            -> HTML
        {
            let shown = value(f).isEmpty ? fallback : value(f)
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(shown)"\(type == "number" ? HTML(unsafe: " min=\"0\" max=\"1000000\"") : .empty)\(f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty)\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        return """
            \(InfoOfficerViews.subnav("/publicity"))
            <h1 class="h4">登记宣传培训活动</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <form method="post" action="/publicity" class="row g-2" style="max-width: 60rem" data-testid="publicity-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(select(F.kind, PublicityKind.allCases.map { ($0.rawValue, $0.label) }))\(select(F.target, FiveIntoTarget.allCases.map { ($0.rawValue, $0.label) }, blank: true))
              \(input(F.on, required: true, type: "date", fallback: today.description))
              \(input(F.theme, required: true, width: "col-md-8"))\(select(F.divisionCode, places))
              \(input(F.place, required: true, width: "col-md-8"))\(input(F.organiser, required: true))
              \(input(F.audience, required: true, type: "number", width: "col-6 col-md-3"))\(input(F.leaflets, type: "number", width: "col-6 col-md-3"))\
              \(input(F.boards, type: "number", width: "col-6 col-md-3"))\(input(F.banners, type: "number", width: "col-6 col-md-3"))
              \(input(F.note, width: "col-12"))
              <div class="col-12"><button class="btn btn-primary">\(UIText.create)</button> <a class="btn btn-link" href="/publicity">\(title)</a></div>
            </form>
            """
    }

    static func detail(
        _ e: PublicityEvent, divisionName: String?, photos: [PublicityRepository.Photo] = [], mayUpload: Bool = false, csrf: String = ""
    ) -> HTML {
        let images: [HTML] = photos.map { p in
            """
            <a class="d-inline-block me-2 mb-2" href="/publicity/\(e.id.key)/photos/\(p.seq)" target="_blank"><img src="/publicity/\(e.id.key)/photos/\(p.seq)" alt="\(p.fileName)" style="max-height: 8rem; max-width: 100%" class="border rounded"></a>
            """
        }
        let upload: HTML =
            mayUpload && photos.count < PublicityRepository.maximumPhotos
            ? Components.upload(
                target: "/api/v1/publicity-events/\(e.id.key)/photos", csrf: csrf, accept: "image/jpeg,image/png", testID: "publicity-photo"
            )
            : .empty
        return """
            \(InfoOfficerViews.subnav("/publicity"))
            <h1 class="h4">\(e.theme)</h1>
            <dl class="row small" data-testid="publicity-detail">
              <dt class="col-sm-3">类别</dt><dd class="col-sm-9">\(e.kind.label)\(e.target.map { "·\($0.label)" } ?? "")</dd>
              <dt class="col-sm-3">日期 / 地点</dt><dd class="col-sm-9">\(e.on.description) \(divisionName ?? e.divisionCode) \(e.place)</dd>
              <dt class="col-sm-3">组织单位</dt><dd class="col-sm-9">\(e.organiser)</dd>
              <dt class="col-sm-3">受众 / 资料 / 展板 / 条幅</dt><dd class="col-sm-9">\(e.audience) 人 / \(e.leaflets) 份 / \(e.boards) 块 / \(e.banners) 条</dd>
              \(e.note.map { HTML("<dt class=\"col-sm-3\">备注</dt><dd class=\"col-sm-9\">\($0)</dd>") } ?? .empty)
            </dl>
            <h2 class="h5">活动照片 <span class="small text-muted" data-testid="publicity-photo-count">\(photos.count) 张</span></h2>
            <div data-testid="publicity-photos">\(images)</div>
            \(upload)
            """
    }
}

struct PublicityPhotosDTO: Encodable, Sendable {
    struct Photo: Encodable, Sendable {
        let seq: Int
        let fileName, contentType, uploadedBy: String
        let uploadedAt: Date
    }
    let eventId: String
    let photos: [Photo]
}

struct PublicityEventDTO: Encodable, Sendable {
    let id, kind, theme, divisionCode, place, organiser, recordedBy: String
    let target, note: String?
    let on: Day
    let audience, leaflets, boards, banners: Int
    let recordedAt: Date

    init(_ e: PublicityEvent) {
        id = e.id.key
        kind = e.kind.rawValue
        theme = e.theme
        divisionCode = e.divisionCode
        place = e.place
        organiser = e.organiser
        recordedBy = e.recordedBy
        target = e.target?.rawValue
        note = e.note
        on = e.on
        audience = e.audience
        leaflets = e.leaflets
        boards = e.boards
        banners = e.banners
        recordedAt = e.recordedAt
    }
}

struct PublicityTotalsDTO: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let key, label: String
        let events, audience, leaflets, boards, banners: Int

        init(key: String, label: String, _ t: PublicityRepository.Totals) {
            self.key = key
            self.label = label
            events = t.events
            audience = t.audience
            leaflets = t.leaflets
            boards = t.boards
            banners = t.banners
        }
    }
    let byKind: [Row]
    let total: Row
}

enum PublicityOperations {
    static let tag = "事故灾害"
    static let filters: [APIOperation.Parameter] = [
        DutyOperations.query("kind", "活动类别", ResourceSchemas.enumeration(PublicityKind.self)),
        DutyOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
        DutyOperations.query("from", "日期起", Schemas.day), DutyOperations.query("to", "日期止", Schemas.day),
        DutyOperations.query("q", "主题、地点、组织单位", SupervisionSchemas.string),
    ]

    static let list = APIOperation(
        method: .get, path: "publicity-events", operationID: "listPublicityEvents", summary: "宣传培训活动（最新在前）", tag: tag,
        access: .permission(.readBusinessData), parameters: AccountsAPI.pageParameters + filters,
        responses: [(200, "活动", Schemas.page(of: "PublicityEvent"))])

    static let totals = APIOperation(
        method: .get, path: "publicity-events/totals", operationID: "publicityTotals", summary: "宣传培训合计：按类别的活动次数、受众和资料数", tag: tag,
        access: .permission(.readBusinessData), parameters: filters, responses: [(200, "合计", Schemas.ref("PublicityTotals"))])

    static let get = APIOperation(
        method: .get, path: "publicity-events/{id}", operationID: "getPublicityEvent", summary: "一次宣传培训活动", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "活动 ID")],
        responses: [(200, "活动", Schemas.ref("PublicityEvent")), SupervisionAPI.notFound], errorCodes: ["publicity.not_found"])

    static let photo = APIOperation(
        method: .post, path: "publicity-events/{id}/photos", operationID: "uploadPublicityPhoto", summary: "上传活动照片（JPEG 或 PNG，每次活动最多 12 张）",
        tag: tag, access: .permission(.manageResources),
        parameters: [
            SupervisionAPI.path("id", "活动 ID"),
            .init(
                name: "fileName", location: .query, required: true, description: "原文件名",
                schema: ["type": "string", "minLength": 1, "maxLength": 200]),
        ],
        requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
        responses: [(201, "该活动的照片", Schemas.ref("PublicityPhotos")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "publicity.file_name_required", "publicity.photo_empty", "publicity.photo_type", "publicity.too_many_photos",
            "publicity.not_found",
            "attachment.too_large",
        ]
    )
    .explaining("ST202", "the file must be a JPEG or PNG image, recognised by its content")

    static let record = APIOperation(
        method: .post, path: "publicity-events", operationID: "recordPublicityEvent", summary: "登记宣传培训活动（先办后记）", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("PublicityEventRequest"),
        responses: [(201, "已登记", Schemas.ref("PublicityEvent")), SupervisionAPI.notFound],
        errorCodes: [
            "publicity.field_required", "publicity.kind_invalid", "publicity.target_invalid", "publicity.theme_too_long",
            "publicity.date_invalid",
            "publicity.division_code_invalid", "publicity.place_too_long", "publicity.organiser_too_long", "publicity.count_invalid",
            "publicity.note_too_long", "division.not_found",
        ]
    )
    .explaining("ST202", "the day of the event must not be after today (it is recorded after it was held), a bound relative to the present")
    .explaining(
        "ST201", "an empty text in an optional field (note) is read as not given, as the page's form sends it: one parser serves both faces"
    )
}

enum PublicitySchemas {
    typealias S = SupervisionSchemas
    static let count: JSONValue = ["type": "integer", "minimum": 0, "maximum": 1_000_000]
    static let row = S.object(
        ["key", "label", "events", "audience", "leaflets", "boards", "banners"],
        [
            "key": S.string, "label": S.string, "events": S.integer, "audience": S.integer, "leaflets": S.integer, "boards": S.integer,
            "banners": S.integer,
        ])
    static let all: [(String, JSONValue)] = [
        (
            "PublicityPhotos",
            S.object(
                ["eventId", "photos"],
                [
                    "eventId": S.uuid,
                    "photos": [
                        "type": "array",
                        "items": S.object(
                            ["seq", "fileName", "contentType", "uploadedBy", "uploadedAt"],
                            [
                                "seq": S.integer, "fileName": S.string, "contentType": S.string, "uploadedBy": S.string,
                                "uploadedAt": Schemas.timestamp,
                            ]),
                    ],
                ])
        ),
        (
            "PublicityEvent",
            S.object(
                [
                    "id", "kind", "theme", "on", "divisionCode", "place", "organiser", "audience", "leaflets", "boards", "banners",
                    "recordedBy", "recordedAt",
                ],
                [
                    "id": S.uuid, "kind": ResourceSchemas.enumeration(PublicityKind.self),
                    "target": ResourceSchemas.enumeration(FiveIntoTarget.self),
                    "theme": S.string, "on": Schemas.day, "divisionCode": Schemas.divisionCode, "place": S.string, "organiser": S.string,
                    "audience": S.integer, "leaflets": S.integer, "boards": S.integer, "banners": S.integer, "note": S.string,
                    "recordedBy": S.string, "recordedAt": Schemas.timestamp,
                ])
        ),
        (
            "PublicityEventRequest",
            S.object(
                ["kind", "theme", "on", "divisionCode", "place", "organiser", "audience"],
                [
                    "kind": ResourceSchemas.enumeration(PublicityKind.self), "target": ResourceSchemas.enumeration(FiveIntoTarget.self),
                    "theme": CommandSchemas.bounded(100), "on": Schemas.day, "divisionCode": Schemas.divisionCode,
                    "place": CommandSchemas.bounded(200), "organiser": CommandSchemas.bounded(60), "audience": count, "leaflets": count,
                    "boards": count, "banners": count, "note": CommandSchemas.bounded(500),
                ])
        ),
        ("PublicityTotals", S.object(["byKind", "total"], ["byKind": ["type": "array", "items": row], "total": row])),
    ]
}
