import AnlanCore
import Foundation

/// The hazard slice's API operations: each declares who may call it, its parameters, its body (built from
/// `HazardMove.Field`, so the limits are the parser's) and the error codes it may answer with.
enum HazardOperations {
    static let list = APIOperation(
        method: .get, path: "hazards", operationID: "listHazards", summary: "隐患台账：逾期与重大隐患在前", tag: "监管执法",
        access: .permission(.readBusinessData), parameters: AccountsAPI.pageParameters + SupervisionAPI.hazardParameters,
        responses: [(200, "一页隐患", Schemas.page(of: "Hazard"))])

    static let get = APIOperation(
        method: .get, path: "hazards/{id}", operationID: "getHazard", summary: "一条隐患及其全部经过", tag: "监管执法",
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "隐患 ID")],
        responses: [(200, "隐患", Schemas.ref("Hazard")), SupervisionAPI.notFound], errorCodes: ["hazard.not_found"])

    static let move = APIOperation(
        method: .post, path: "hazards/{id}/events", operationID: "moveHazard",
        summary:
            "隐患流转：order 责令整改（dueDate）、submit 提交整改、reinspect 复查（passed, newDueDate）、request_extension 申请延期（to, note）、decide_extension 审批延期（granted）、escalate 挂牌督办（由操作的局领导督办）。可执行的操作由隐患状态和角色决定，与页面按钮一致",
        tag: "监管执法", access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "隐患 ID")],
        requestSchema: Schemas.ref("HazardEventRequest"),
        responses: [(200, "流转后的隐患", Schemas.ref("Hazard")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: HazardErrors.moveCodes
    )
    .explaining("ST202", "which fields are required depends on the event and on the hazard's state")

    static let addEvidence = APIOperation(
        method: .post, path: "hazards/{id}/evidence", operationID: "addHazardEvidence",
        summary: "上传隐患照片或整改证明（执法人员，或本企业的企业安全员；已销号的隐患不能再上传）", tag: "监管执法",
        access: .permission(.readBusinessData),
        parameters: [
            SupervisionAPI.path("id", "隐患 ID"),
            .init(
                name: "fileName", location: .query, required: true, description: "原文件名",
                schema: ["type": "string", "minLength": 1, "maxLength": 200]),
        ],
        requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
        responses: [
            (201, "已上传", Schemas.ref("Attachment")), (403, "不是执法人员或本企业安全员", Schemas.ref("Error")), SupervisionAPI.notFound,
            (409, "隐患已销号", Schemas.ref("Error")), (413, "文件过大", Schemas.ref("Error")),
        ],
        errorCodes: [
            "hazard.not_found", "hazard.closed", "auth.forbidden", "attachment.file_name_required", "attachment.type_not_allowed",
            "attachment.too_large",
        ]
    )
    .explaining("ST202", "the file must be a JPEG or PNG photo, a PDF scan or a DOCX/XLSX document, recognised by its content")

    /// The body of a move: every field of `HazardMove.Field`, with its limits.
    static let moveRequestSchema: JSONValue = {
        typealias F = HazardMove.Field
        let day = Schemas.day
        let boolean: JSONValue = ["type": "boolean"]
        return [
            "type": "object", "required": [.string(F.event.name)],
            "properties": .object([
                (F.event.name, .object([("type", "string"), ("enum", .array(HazardEventKind.allCases.map { .string($0.rawValue) }))])),
                (F.dueDate.name, day), (F.passed.name, boolean), (F.newDueDate.name, day), (F.to.name, day), (F.granted.name, boolean),
                (F.approved.name, boolean), (F.onBehalf.name, boolean),
                (F.note.name, .object([("type", "string"), ("maxLength", .number(Double(HazardMove.noteLimit)))])),
                (F.reason.name, .object([("type", "string"), ("maxLength", .number(Double(HazardMove.noteLimit)))])),
            ]),
        ]
    }()
}
