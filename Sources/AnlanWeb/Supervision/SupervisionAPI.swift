import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
struct SupervisionAPI {
    let store: Store

    static func path(_ name: String, _ what: String) -> APIOperation.Parameter {
        .init(name: name, location: .path, required: true, description: what, schema: ["type": "string", "format": "uuid"])
    }
    static func query(_ name: String, _ what: String, _ schema: JSONValue) -> APIOperation.Parameter {
        .init(name: name, location: .query, required: false, description: what, schema: schema)
    }
    static let notFound = (404, "不存在或不在辖区内", Schemas.ref("Error")) as (Int, String, JSONValue?)
    static let conflict = (409, "当前状态不允许此操作", Schemas.ref("Error")) as (Int, String, JSONValue?)

    var today: String { Timestamp.day(store.environment.now()) }

    func register(_ api: APIRoutes) {
        registerCatalogs(api)
        registerInspections(api)
        registerDocuments(api)
        registerCases(api)
        registerDraws(api)
        registerCampaigns(api)
        registerPlans(api)
        registerMyWork(api)
    }

    // MARK: - Hazards

    /// A list's search text: at most 100 characters (`query.q_too_long`).
    static func search(_ q: Query) throws -> String? {
        guard let text = q.string("q")?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard text.count <= 100 else { throw AnlanError.invalid("query.q_too_long", "搜索内容不能超过 100 字。", field: "q") }
        return text
    }

    static let hazardParameters: [APIOperation.Parameter] = [
        query("q", "搜索隐患描述、地点或企业名称（空格分隔的词须同时出现）", ["type": "string", "maxLength": 100]),
        query("enterpriseId", "企业", SupervisionSchemas.uuid), query("siteId", "防汛或森林防火重点部位", SupervisionSchemas.uuid),
        query("onSites", "只看重点部位的隐患（true）或只看企业的（false）", ["type": "boolean"]),
        query("status", "状态", SupervisionSchemas.hazardStatus),
        query("open", "未销号", ["type": "boolean"]), query("overdue", "逾期", ["type": "boolean"]),
        query("major", "重大事故隐患", ["type": "boolean"]),
        query("escalated", "挂牌督办", ["type": "boolean"]), query("owner", "负责执法人员", ["type": "string", "maxLength": 40]),
        query("divisionCode", "区划（含下级）", Schemas.divisionCode), query("sector", "统计行业", ["type": "string", "maxLength": 20]),
        query("campaignId", "专项整治", SupervisionSchemas.uuid), query("foundFrom", "发现日期起", Schemas.day),
        query("foundTo", "发现日期止", Schemas.day),
        query("closedFrom", "销号日期起", Schemas.day), query("closedTo", "销号日期止", Schemas.day),
        query(
            "reinspectionFromBefore", "待复查且复查期限起算日（提交整改之日或整改期限届满之日，以先到者为准）早于该日；取今天减复查期限即为复查逾期", Schemas.day),
    ]

    static let reportSectorParameter = query(
        "sector", "统计行业（年报口径，按企业所属行业归类）", ["type": "string", "enum": .array(ReportSector.selectable.map { .string($0) })])

    /// The report sector a list is limited to, when asked for; one outside the list is refused.
    static func reportSector(_ q: Query, name: String = "sector") throws -> String? {
        guard let sector = q.string(name), !sector.isEmpty else { return nil }
        guard ReportSector.selectable.contains(sector) else {
            throw AnlanError.invalid("query.sector_invalid", "统计行业须为：\(ReportSector.selectable.joined(separator: "、"))。", field: name)
        }
        return sector
    }

    static func documentFilter(_ q: Query) throws -> DocumentRepository.DocumentFilter {
        DocumentRepository.DocumentFilter(
            enterpriseID: try q.uuid("enterpriseId"), inspectionID: try q.uuid("inspectionId"), caseID: try q.uuid("caseId"),
            kind: try q.enum("kind", DocumentKind.self, label: "文书种类"), from: try q.day("from"), to: try q.day("to"),
            divisionCode: try q.divisionCode("divisionCode"), reportSector: try reportSector(q),
            measure: try q.enum("measure", OnSiteMeasure.self, label: "现场处理措施"), seizure: try q.bool("seizure") ?? false,
            query: try search(q))
    }

    static func caseFilter(_ q: Query) throws -> DocumentRepository.CaseFilter {
        DocumentRepository.CaseFilter(
            enterpriseID: try q.uuid("enterpriseId"), status: try q.enum("status", EnforcementCase.Status.self, label: "案件状态"),
            openedFrom: try q.day("from"),
            openedTo: try q.day("to"), suspended: try q.bool("suspended"), divisionCode: try q.divisionCode("divisionCode"),
            reportSector: try reportSector(q), openedBy: q.string("openedBy").flatMap { $0.isEmpty ? nil : $0 },
            byDeadline: try q.bool("byDeadline") ?? false, query: try search(q))
    }

}

/// The inspection a client submits.
struct InspectionBody: Decodable {
    struct Answer: Decodable { let code: String; let result: String; let note: String?; let dueDate: String? }
    struct FindingBody: Decodable {
        let description: String; let location: String?; let basis: String?; let checklistItem: String?; let isMajor: Bool;
        let dueDate: String?
    }
    // Missing fields read as the form's empty ones, so each is refused by its own rule with its code.
    let id: UUID?, enterpriseId: UUID?, source: String?, drawId: UUID?, campaignId: UUID?, jointDepartments: String?, inspectedOn: String?
    let inspectors: [String]?, checklistKey: String?, answers: [Answer]?, findings: [FindingBody]?, summary: String?
    /// Another inspection of the same enterprise on the same day, confirmed as intended.
    let confirmSameDay: Bool?

    var draft: InspectionDraft {
        get throws {
            guard let id else { throw InputField("id", label: "检查记录 ID（客户端生成的 UUID）", context: "inspection").missing }
            guard let enterpriseId else { throw InputField("enterpriseId", label: "被检查企业", context: "inspection").missing }
            guard let source = source.flatMap(InspectionSource.init(rawValue:)) else {
                throw AnlanError.invalid("inspection.source_invalid", "检查来源须为 plan、draw、complaint、campaign 或 adHoc。", field: "source")
            }
            let answers = try (answers ?? []).map { a -> ChecklistAnswer in
                guard let result = ChecklistAnswer.Result(rawValue: a.result) else {
                    throw AnlanError.invalid("inspection.answer_invalid", "检查项结果须为 pass、fail 或 notApplicable。", field: "answers")
                }
                return ChecklistAnswer(
                    code: a.code, result: result, note: a.note.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) },
                    dueDate: a.dueDate.flatMap { $0.isEmpty ? nil : $0 })
            }
            return InspectionDraft(
                id: id, enterpriseID: enterpriseId, source: source, drawID: drawId, campaignID: campaignId,
                jointDepartments: jointDepartments,
                inspectedOn: inspectedOn ?? "", inspectors: inspectors ?? [], checklistKey: checklistKey, answers: answers,
                findings: (findings ?? []).map {
                    Finding(
                        description: $0.description, location: $0.location, basis: $0.basis, checklistItem: $0.checklistItem,
                        isMajor: $0.isMajor, dueDate: $0.dueDate)
                },
                summary: summary ?? "")
        }
    }
}
