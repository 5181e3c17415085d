import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
/// Inspections: submitted from the phone form or the API (idempotent by the client's ID), listed and read.
extension SupervisionAPI {
    func registerInspections(_ api: APIRoutes) {
        let inspections = store.inspections
        api.add(
            APIOperation(
                method: .post, path: "inspections", operationID: "submitInspection",
                summary: "提交检查记录：至少两名持证执法人员；逐项作答清单，不合格项与所列问题各生成一条隐患；按客户端 ID 幂等", tag: "监管执法", access: .permission(.inspect),
                requestSchema: Schemas.ref("InspectionRequest"),
                responses: [
                    (201, "已保存", Schemas.ref("Inspection")), (200, "同一 ID 已提交过，返回原记录", Schemas.ref("Inspection")),
                    (404, "所查企业或所用检查清单不存在，或不在本人辖区", Schemas.ref("Error")),
                    (409, "ID 已用于不同内容；或同一企业当天已有检查记录（确认后带 confirmSameDay 重新提交）", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "inspection.field_required", "inspection.source_invalid", "inspection.answer_invalid", "inspection.date_invalid",
                    "inspection.summary_too_long", "inspection.summary_required", "inspection.joint_too_long",
                    "inspection.too_few_inspectors",
                    "inspection.too_many_lines", "inspection.answer_unknown", "inspection.checklist_required", "inspection.finding_invalid",
                    "inspection.due_date_invalid", "inspection.submitter_not_inspector", "inspection.same_day", "inspection.draw_unknown",
                    "inspection.campaign_unknown", "inspection.frequency_cap", "inspection.id_reused", "enterprise.not_found",
                    "enterprise.archived", "checklist.not_found",
                ])
        ) { request, context in
            let body = try await request.decodeJSON(InspectionBody.self, context: context)
            let result = try await inspections.submit(body.draft, confirmingSameDay: body.confirmSameDay ?? false, by: context.caller)
            return try JSONResponse.make(
                InspectionDTO(result.inspection, hazards: result.hazards, replayed: result.replayed, today: Day(store.environment.now())),
                status: result.replayed ? .ok : .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "inspections", operationID: "listInspections", summary: "检查记录（辖区内；企业安全员只见本企业）", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters + [
                    Self.query("enterpriseId", "企业", SupervisionSchemas.uuid),
                    Self.query("inspector", "执法人员（登录名或姓名）", ["type": "string", "maxLength": 40]),
                    Self.query("from", "检查日期起", Schemas.day), Self.query("to", "检查日期止", Schemas.day),
                    Self.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
                    Self.query("sector", "统计行业", ["type": "string", "maxLength": 20]),
                    Self.query("campaignId", "专项整治", SupervisionSchemas.uuid), Self.query("drawId", "抽查", SupervisionSchemas.uuid),
                    Self.query("q", "搜索检查情况、联合检查部门或企业名称（空格分隔的词须同时出现）", ["type": "string", "maxLength": 100]),
                    Self.query(
                        "source", "检查来源", ["type": "string", "enum": .array(InspectionSource.allCases.map { .string($0.rawValue) })]),
                ],
                responses: [(200, "一页检查", Schemas.page(of: "Inspection"))])
        ) { request, context in
            let q = try Query(request)
            let page = try await inspections.list(try Self.inspectionFilter(q), page: try q.page(), by: context.caller)
            return try JSONResponse.make(PageDTO(page) { InspectionDTO($0) })
        }
        api.add(
            APIOperation(
                method: .get, path: "inspections/{id}", operationID: "getInspection", summary: "一次检查及其隐患", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.path("id", "检查 ID")], responses: [(200, "检查", Schemas.ref("Inspection")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.inspectionNotFound)
            let inspection = try await inspections.get(id, by: context.caller)
            return try JSONResponse.make(
                InspectionDTO(
                    inspection, hazards: try await inspections.hazards(of: id, by: context.caller), today: Day(store.environment.now())))
        }
    }

    static func inspectionFilter(_ q: Query) throws -> InspectionRepository.InspectionFilter {
        InspectionRepository.InspectionFilter(
            enterpriseID: try q.uuid("enterpriseId"), inspector: q.string("inspector"), from: try q.day("from"), to: try q.day("to"),
            divisionCode: try q.divisionCode("divisionCode"), sector: q.string("sector"), campaignID: try q.uuid("campaignId"),
            drawID: try q.uuid("drawId"), query: try SupervisionAPI.search(q),
            source: try q.enum("source", InspectionSource.self, label: "检查来源"))
    }
}
