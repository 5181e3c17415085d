import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The security policy (security administrator) and the audit log (audit administrator).
struct AdministrationAPI {
    let store: Store

    func register(_ api: APIRoutes) {
        let settings = store.settings
        let audit = store.audit
        let environment = store.environment

        api.add(
            APIOperation(
                method: .get, path: "security-policy", operationID: "getSecurityPolicy", summary: "当前安全策略（任何已登录用户可读）",
                tag: "安全策略", access: .authenticated, responses: [(200, "安全策略", Schemas.ref("SecurityPolicy"))])
        ) { _, context in
            return try JSONResponse.make(try await settings.securityPolicy(now: environment.now()))
        }

        api.add(
            APIOperation(
                method: .put, path: "security-policy", operationID: "setSecurityPolicy", summary: "设置安全策略（安全管理员）",
                tag: "安全策略", access: .permission(.managePolicies), requestSchema: Schemas.ref("SecurityPolicy"),
                responses: [(200, "新的安全策略", Schemas.ref("SecurityPolicy"))])
        ) { request, context in
            let policy = try await request.decodeJSON(SecurityPolicy.self, context: context)
            try await store.write(by: context.caller) { tx in try await settings.setSecurityPolicy(policy, in: tx) }
            return try JSONResponse.make(try policy.validated())
        }

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
            let filter = try PolicyAndAuditPages.filter(query)
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
