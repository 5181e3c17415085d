import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// 企业账户申请 through the API: filed without a token, listed and decided by the system administrator.
struct ApplicationsAPI: Sendable {
    let store: Store

    struct ApplicationDTO: Encodable {
        let id: String, creditCode: String, enterpriseId: String, enterpriseName: String, contactName: String, phone: String
        let username: String, status: String, reason: String?, decidedBy: String?, decidedAt: Date?, userId: String?, createdAt: Date
        init(_ a: AccountApplication) {
            id = a.id.key
            creditCode = a.creditCode
            enterpriseId = a.enterpriseID.key
            enterpriseName = a.enterpriseName
            contactName = a.contactName
            phone = a.phone
            username = a.username
            status = a.status.rawValue
            reason = a.reason
            decidedBy = a.decidedBy
            decidedAt = a.decidedAt
            userId = a.userID?.key
            createdAt = a.createdAt
        }
    }

    func register(_ api: APIRoutes) {
        let accounts = store.accounts
        api.addOpen(
            APIOperation(
                method: .post, path: "account-applications", operationID: "applyForAccount",
                summary: "企业为其安全管理人员申请账户（无需登录；按统一社会信用代码匹配已建档企业）", tag: "账户", access: .open,
                requestSchema: [
                    "type": "object", "required": ["creditCode", "contactName", "phone", "username", "password"],
                    "properties": [
                        "creditCode": ["type": "string", "maxLength": 18], "contactName": Schemas.text(min: 2, max: 20),
                        "phone": ["type": "string", "maxLength": 20], "username": ["type": "string", "maxLength": 64],
                        "password": ["type": "string", "maxLength": 128],
                    ],
                ],
                responses: [(201, "已提交，待审批", Schemas.ref("AccountApplication")), (409, "用户名已被使用或待审批过多", Schemas.ref("Error"))],
                errorCodes: [
                    "application.credit_code_invalid", "application.contact_required", "application.phone_invalid",
                    "application.enterprise_not_found", "application.too_many_pending", "user.username_taken", "user.username_invalid",
                ] + AccountErrors.passwordCodes
            )
            .explaining(
                "ST202",
                "creditCode must be a unified social credit code whose 18th character is the GB 32100-2015 check character, which a pattern cannot compute"
            )
        ) { request, context in
            // Missing fields read as the form's empty ones: each is refused by its own rule with its code.
            struct Body: Decodable { let creditCode: String?, contactName: String?, phone: String?, username: String?, password: String? }
            let b = try await request.decodeJSON(Body.self, context: context)
            let a = try await accounts.apply(
                .init(
                    creditCode: b.creditCode ?? "", contactName: b.contactName ?? "", phone: b.phone ?? "", username: b.username ?? "",
                    password: b.password ?? ""),
                by: context.caller)
            return try JSONResponse.make(ApplicationDTO(a), status: .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "account-applications", operationID: "listAccountApplications", summary: "企业账户申请（系统管理员；待审批在前）",
                tag: "账户", access: .permission(.manageAccounts), parameters: AccountsAPI.pageParameters,
                responses: [(200, "一页申请", Schemas.page(of: "AccountApplication"))])
        ) { request, context in
            let q = try Query(request)
            return try JSONResponse.make(
                PageDTO(try await accounts.applications(status: nil, page: try q.page(), by: context.caller)) { ApplicationDTO($0) })
        }
        api.add(
            APIOperation(
                method: .post, path: "account-applications/{id}/decision", operationID: "decideAccountApplication",
                summary: "审批企业账户申请：批准即开通并关联企业；不予批准须说明理由", tag: "账户", access: .permission(.manageAccounts),
                parameters: [
                    .init(name: "id", location: .path, required: true, description: "申请 ID", schema: ["type": "string", "format": "uuid"])
                ],
                requestSchema: [
                    "type": "object", "required": ["approved"],
                    "properties": ["approved": ["type": "boolean"], "reason": ["type": "string", "maxLength": 200]],
                ],
                responses: [
                    (200, "已审批", Schemas.ref("AccountApplication")), (404, "申请不存在", Schemas.ref("Error")),
                    (409, "已审批", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "application.field_required", "application.not_found", "application.decided", "application.reason_required",
                    "user.username_taken",
                ])
        ) { request, context in
            struct Body: Decodable { let approved: Bool?, reason: String? }
            guard let id = UUID(key: context.parameters.get("id") ?? "") else {
                throw AnlanError.notFound("application.not_found", "申请不存在。")
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            guard let approved = b.approved else { throw InputField("approved", label: "审批结果", context: "application").missing }
            return try JSONResponse.make(
                ApplicationDTO(try await accounts.decide(application: id, approved: approved, reason: b.reason, by: context.caller)))
        }
    }

    static let schema: JSONValue = [
        "type": "object",
        "required": ["id", "creditCode", "enterpriseId", "enterpriseName", "contactName", "phone", "username", "status", "createdAt"],
        "properties": [
            "id": ["type": "string", "format": "uuid"], "creditCode": ["type": "string"],
            "enterpriseId": ["type": "string", "format": "uuid"],
            "enterpriseName": ["type": "string"], "contactName": ["type": "string"], "phone": ["type": "string"],
            "username": ["type": "string"],
            "status": ["type": "string", "enum": ["pending", "approved", "refused"]], "reason": ["type": "string"],
            "decidedBy": ["type": "string"],
            "decidedAt": ["type": "string", "format": "date-time"], "userId": ["type": "string", "format": "uuid"],
            "createdAt": ["type": "string", "format": "date-time"],
        ],
    ]
}
