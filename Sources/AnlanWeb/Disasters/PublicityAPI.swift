import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

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
