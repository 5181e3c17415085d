import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The audit log through the API (审计管理员 only).
struct AuditAPI {
    let store: Store

    func register(_ api: APIRoutes) {
        let audit = store.audit

        api.add(
            APIOperation(
                method: .get, path: "audit", operationID: "searchAudit", summary: "检索审计日志（审计管理员），新记录在前", tag: "审计",
                access: .permission(.readAudit),
                parameters: AccountsAPI.pageParameters + [
                    .init(
                        name: "username", location: .query, required: false, description: "用户名",
                        schema: ["type": "string", "maxLength": 64]),
                    .init(
                        name: "action", location: .query, required: false, description: "操作，如 auth.login",
                        schema: ["type": "string", "maxLength": 64]),
                    .init(
                        name: "targetType", location: .query, required: false, description: "对象类型，如 user",
                        schema: ["type": "string", "maxLength": 64]),
                    .init(
                        name: "targetId", location: .query, required: false, description: "对象 ID",
                        schema: ["type": "string", "maxLength": 64]),
                    .init(
                        name: "from", location: .query, required: false, description: "起始时间（含）",
                        schema: ["type": "string", "format": "date-time"]),
                    .init(
                        name: "to", location: .query, required: false, description: "截止时间（不含）",
                        schema: ["type": "string", "format": "date-time"]),
                ],
                responses: [(200, "一页审计记录", Schemas.ref("AuditPage"))])
        ) { request, context in
            let query = try Query(request)
            let filter = try AuditPages.filter(query)
            let page = try await audit.search(filter, page: try query.page(), by: context.caller)
            return try JSONResponse.make(PageDTO(page) { $0 })
        }

        api.add(
            APIOperation(
                method: .get, path: "audit/verification", operationID: "verifyAudit", summary: "校验审计日志哈希链（审计管理员）",
                tag: "审计", access: .permission(.readAudit), responses: [(200, "校验结果", Schemas.ref("AuditVerification"))])
        ) { _, context in
            struct Result: Encodable { let intact: Bool; let records: Int?; let brokenSeq: Int64?; let reason: String? }
            switch try await audit.verify() {
            case .intact(let records):
                return try JSONResponse.make(Result(intact: true, records: records, brokenSeq: nil, reason: nil))
            case .broken(let seq, let reason):
                return try JSONResponse.make(Result(intact: false, records: nil, brokenSeq: seq, reason: reason))
            }
        }
    }
}
