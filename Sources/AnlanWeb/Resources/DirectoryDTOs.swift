import AnlanCore
import Foundation

/// A team, expert, piece of equipment or shelter as the API returns it, with its labels and whether it can be called now.
struct ResourceDTO: Encodable, Sendable {
    let id, kind, name, category, categoryLabel, divisionCode, contact, phone, state, stateLabel: String
    let address, organisation, title, note, teamId, boundary: String?
    let latitude, longitude, areaSquareMetres: Double?
    let capacity, occupancy: Int?
    let tags: [String]
    let callable: Bool
    let members: [TeamMember]?
    let trainings: [TeamTraining]?
    /// A team's assigned equipment (配属装备).
    let equipment: [ResourceDTO]?

    init(
        _ r: EmergencyResource, members: [TeamMember]? = nil, trainings: [TeamTraining]? = nil, equipment: [EmergencyResource]? = nil
    ) {
        id = r.id.key
        kind = r.kind.rawValue
        name = r.name
        category = r.category
        categoryLabel = r.kind.categoryLabel(r.category)
        divisionCode = r.divisionCode
        contact = r.contact
        phone = r.phone
        state = r.state
        stateLabel = r.kind.stateLabel(r.state)
        address = r.address
        organisation = r.organisation
        title = r.title
        note = r.note
        teamId = r.teamID?.key
        boundary = r.boundary.map(CapPolygon.text)
        latitude = r.latitude
        longitude = r.longitude
        areaSquareMetres = r.areaSquareMetres
        capacity = r.capacity
        occupancy = r.occupancy
        tags = r.tags
        callable = r.isCallable
        self.members = members
        self.trainings = trainings
        self.equipment = equipment?.map { ResourceDTO($0) }
    }
}

struct ResourceImportDTO: Encodable, Sendable {
    struct RowErrorDTO: Encodable, Sendable {
        let row: Int
        let code, message: String
    }
    let kind: String
    let rows, valid, created: Int
    let errors: [RowErrorDTO]
    let unknownColumns: [String]

    init(_ r: ResourceImport.Report, created: Int) {
        kind = r.kind.rawValue
        rows = r.drafts.count + r.errors.count
        valid = r.drafts.count
        self.created = created
        errors = r.errors.map { RowErrorDTO(row: $0.row, code: $0.code, message: $0.message) }
        unknownColumns = r.unknownColumns
    }
}

enum DirectorySchemas {
    typealias S = SupervisionSchemas
    static let text: JSONValue = ["type": "string"]
    static let kind = ResourceSchemas.enumeration(ResourceKind.self)
    static let categories: JSONValue = [
        "type": "string",
        "enum": .array(Array(Set(ResourceKind.allCases.flatMap { $0.categories.map(\.code) })).sorted().map { .string($0) }),
        "description": .string(
            "按资源类别取值："
                + ResourceKind.allCases.map { k in "\(k.rawValue)：" + k.categories.map { "\($0.code) \($0.label)" }.joined(separator: "、") }
                .joined(separator: "；")),
    ]
    static let states: JSONValue = [
        "type": "string", "enum": .array(Array(Set(ResourceKind.allCases.flatMap { $0.states.map(\.code) })).sorted().map { .string($0) }),
        "description": .string(
            "按资源类别取值："
                + ResourceKind.allCases.map { k in "\(k.rawValue)：" + k.states.map { "\($0.code) \($0.label)" }.joined(separator: "、") }
                .joined(separator: "；")),
    ]
    static let member = S.object(["name", "phone"], ["name": text, "phone": text, "certificate": text])
    static let training = S.object(
        ["on", "subject", "hours", "participants"],
        ["on": Schemas.day, "subject": text, "hours": ["type": "number"], "participants": S.integer])

    static let all: [(String, JSONValue)] = [
        (
            "EmergencyResource",
            S.object(
                [
                    "id", "kind", "name", "category", "categoryLabel", "divisionCode", "contact", "phone", "state", "stateLabel", "tags",
                    "callable",
                ],
                [
                    "id": S.uuid, "kind": kind, "name": text, "category": text, "categoryLabel": text, "divisionCode": Schemas.divisionCode,
                    "contact": text, "phone": text, "state": text, "stateLabel": text, "address": text, "organisation": text, "title": text,
                    "note": text, "latitude": ["type": "number"], "longitude": ["type": "number"], "areaSquareMetres": ["type": "number"],
                    "capacity": S.integer, "occupancy": S.integer, "tags": S.stringArray, "callable": S.boolean,
                    "members": ["type": "array", "items": member], "trainings": ["type": "array", "items": training],
                    "teamId": ["type": "string", "format": "uuid", "description": "装备的配属队伍"],
                    "boundary": ["type": "string", "description": "避难场所范围：“纬度,经度”点列，首尾相同"],
                    "equipment": ["type": "array", "items": Schemas.ref("EmergencyResource"), "description": "救援队伍的配属装备"],
                ])
        ),
        ("EmergencyResourceRequest", request),
        (
            "ResourceStateRequest",
            S.object(
                ["state"],
                [
                    "state": states,
                    "occupancy": ["type": "integer", "minimum": 0, "maximum": 1_000_000, "description": "避难场所现有人数"],
                ])
        ),
        ("TeamTraining", training),
        (
            "ResourceImportReport",
            S.object(
                ["kind", "rows", "valid", "created", "errors", "unknownColumns"],
                [
                    "kind": kind, "rows": S.integer, "valid": S.integer, "created": S.integer, "unknownColumns": S.stringArray,
                    "errors": [
                        "type": "array", "items": S.object(["row", "code", "message"], ["row": S.integer, "code": text, "message": text]),
                    ],
                ])
        ),
        (
            "TeamTrainingRequest",
            S.object(
                ["on", "subject", "hours", "participants"],
                [
                    "on": Schemas.day,
                    "subject": ["type": "string", "minLength": 1, "maxLength": .number(Double(TeamTraining.subjectLimit))],
                    "hours": ["type": "number", "minimum": .number(0.5), "maximum": 200],
                    "participants": ["type": "integer", "minimum": 1, "maximum": 10000],
                ])
        ),
    ]

    static let request: JSONValue = {
        typealias F = EmergencyResourceDraft.Field
        func limited(_ n: Int) -> JSONValue { ["type": "string", "maxLength": .number(Double(n))] }
        return S.object(
            [F.kind.name, F.name.name, F.category.name, F.divisionCode.name, F.contact.name, F.phone.name],
            [
                F.kind.name: kind,
                F.name.name: ["type": "string", "minLength": 1, "maxLength": .number(Double(EmergencyResourceDraft.nameLimit))],
                F.category.name: categories, F.divisionCode.name: Schemas.divisionCode,
                F.address.name: limited(EmergencyResourceDraft.textLimit),
                F.latitude.name: ["type": "number", "minimum": -90, "maximum": 90],
                F.longitude.name: ["type": "number", "minimum": -180, "maximum": 180],
                F.contact.name: ["type": "string", "minLength": 1, "maxLength": .number(Double(EmergencyResourceDraft.personLimit))],
                F.phone.name: ["type": "string", "minLength": 1, "maxLength": 40],
                F.organisation.name: limited(EmergencyResourceDraft.nameLimit),
                F.title.name: limited(EmergencyResourceDraft.personLimit), F.state.name: states,
                F.capacity.name: ["type": "integer", "minimum": 0, "maximum": 1_000_000],
                F.occupancy.name: ["type": "integer", "minimum": 0, "maximum": 1_000_000],
                F.area.name: ["type": "number", "minimum": 0, "maximum": 100_000_000],
                F.tags.name: [
                    "type": "array", "maxItems": .number(Double(EmergencyResourceDraft.tagsMaximum)),
                    "items": ["type": "string", "maxLength": .number(Double(EmergencyResourceDraft.tagLimit))],
                ],
                F.note.name: limited(1000),
                F.members.name: ["type": "string", "description": "救援队伍的队员名单：每行“姓名|电话|证书”，不填则不改；空字符串为清空"],
                F.team.name: ["type": "string", "format": "uuid", "description": "救援装备的配属队伍（本辖区在册队伍的 ID）；其他类别忽略"],
                F.boundary.name: [
                    "type": "string", "maxLength": .number(Double(EmergencyResourceDraft.boundaryTextLimit)),
                    "description": .string(
                        "避难场所的范围：“纬度,经度”点列，以空格或换行分隔，至少 4 点、首尾相同，最多 \(EmergencyResourceDraft.boundaryPointsMaximum) 点；填了位置时位置须在范围内。其他类别忽略"),
                ],
            ])
    }()
}

enum DirectoryOperations {
    static let tag = ResourceOperations.tag
    static let notFound = SupervisionAPI.notFound
    static let codes = [
        "resource.field_required", "resource.kind_invalid", "resource.name_too_long", "resource.category_invalid",
        "resource.division_code_invalid", "resource.address_too_long", "resource.location_invalid", "resource.contact_too_long",
        "resource.phone_invalid", "resource.phone_too_long", "resource.organisation_too_long", "resource.title_too_long",
        "resource.state_invalid", "resource.capacity_invalid", "resource.occupancy_invalid", "resource.area_invalid",
        "resource.tags_invalid",
        "resource.note_too_long", "resource.members_invalid", "resource.team_invalid", "resource.boundary_invalid",
        "resource.boundary_too_long", "resource.location_outside_boundary", "division.not_found",
    ]
    static let id = SupervisionAPI.path("id", "资源 ID")

    static let list = APIOperation(
        method: .get, path: "resources", operationID: "listEmergencyResources", summary: "救援队伍、专家、装备、避难场所", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            ResourceOperations.query("kind", "资源类别", kind), ResourceOperations.query("category", "类型", DirectorySchemas.categories),
            ResourceOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
            ResourceOperations.query("callable", "只看现在可调用的（待命、可联系、完好、开放且未满）", SupervisionSchemas.boolean),
            ResourceOperations.searchParameter,
        ],
        responses: [(200, "一页资源", Schemas.page(of: "EmergencyResource"))]
    )
    .explaining("ST202", "category must be one of the categories of the given kind, a rule across two parameters")
    static let kind = DirectorySchemas.kind

    static let get = APIOperation(
        method: .get, path: "resources/{id}", operationID: "getEmergencyResource", summary: "一项资源（队伍含名单和训练记录）", tag: tag,
        access: .permission(.readBusinessData), parameters: [id], responses: [(200, "资源", Schemas.ref("EmergencyResource")), notFound],
        errorCodes: ["resource.not_found"])

    static let create = APIOperation(
        method: .post, path: "resources", operationID: "createEmergencyResource", summary: "登记队伍、专家、装备或避难场所（辖区内）", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("EmergencyResourceRequest"),
        responses: [(201, "已登记", Schemas.ref("EmergencyResource")), notFound], errorCodes: codes
    )
    .explaining(
        "ST202",
        "category must be one of the categories of the given kind (a team's, an expert's, equipment's or a shelter's), a rule across two fields"
    )

    static let update = APIOperation(
        method: .put, path: "resources/{id}", operationID: "updateEmergencyResource", summary: "修改资源信息", tag: tag,
        access: .permission(.manageResources), parameters: [id], requestSchema: Schemas.ref("EmergencyResourceRequest"),
        responses: [(200, "已修改", Schemas.ref("EmergencyResource")), notFound], errorCodes: codes + ["resource.not_found"]
    )
    .explaining("ST202", "category must be one of the categories of the given kind, a rule across two fields")

    static let setState = APIOperation(
        method: .post, path: "resources/{id}/state", operationID: "setEmergencyResourceState", summary: "变更状态：队伍出动/归队、避难场所开放与现有人数",
        tag: tag, access: .permission(.manageResources), parameters: [id], requestSchema: Schemas.ref("ResourceStateRequest"),
        responses: [(200, "已变更", Schemas.ref("EmergencyResource")), notFound],
        errorCodes: [
            "resource.not_found", "resource.state_invalid", "resource.occupancy_invalid", "resource.field_required", "resource.on_order",
        ]
    )
    .explaining(
        "ST202",
        "the state must be one of the states of the resource's own kind (a team's, an expert's, equipment's or a shelter's), which the record in the path decides"
    )

    static let archive = APIOperation(
        method: .post, path: "resources/{id}/archive", operationID: "archiveEmergencyResource", summary: "停用（撤销登记，记录保留）", tag: tag,
        access: .permission(.manageResources), parameters: [id], responses: [(200, "已停用", Schemas.ref("EmergencyResource")), notFound],
        errorCodes: ["resource.not_found"])

    static let importFile = APIOperation(
        method: .post, path: "resources/import", operationID: "importEmergencyResources",
        summary: "从 XLSX 或 CSV 导入队伍、专家、装备或避难场所：dryRun=true 只检查并逐行报告；正式导入时任一行有误则一行也不导入", tag: tag,
        access: .permission(.manageResources),
        parameters: [
            .init(name: "kind", location: .query, required: true, description: "资源类别", schema: kind),
            ResourceOperations.query("dryRun", "只检查，不导入", SupervisionSchemas.boolean),
        ],
        requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
        responses: [
            (200, "检查结果（dryRun）", Schemas.ref("ResourceImportReport")), (201, "已导入", Schemas.ref("ResourceImportReport")), notFound,
        ],
        errorCodes: [
            "import.kind_required", "import.column_missing", "import.too_many_rows", "import.rows_invalid", "import.duplicate",
            "import.team_unknown", "attachment.too_large",
        ]
    )
    .explaining(
        "ST202", "the file must be a CSV (UTF-8 or GB18030) or XLSX workbook with a header row; its content is not described by a schema")

    static let addTraining = APIOperation(
        method: .post, path: "resources/{id}/trainings", operationID: "addTeamTraining", summary: "登记救援队伍训练", tag: tag,
        access: .permission(.manageResources), parameters: [id], requestSchema: Schemas.ref("TeamTrainingRequest"),
        responses: [(201, "已登记", Schemas.ref("TeamTraining")), notFound],
        errorCodes: [
            "resource.not_found", "resource.not_a_team", "resource.field_required", "resource.training_date_invalid",
            "resource.subject_too_long",
            "resource.training_hours_invalid", "resource.training_participants_invalid",
        ]
    )
    .explaining("ST202", "the training day must not be after today, a bound relative to the present")
}
