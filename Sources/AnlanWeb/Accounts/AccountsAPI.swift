import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Tokens, the current user, and account management for the system administrator.
struct AccountsAPI {
    let store: Store

    func register(_ api: APIRoutes) {
        let accounts = store.accounts
        let now = store.environment.now

        api.addOpen(
            APIOperation(
                method: .post, path: "auth/token", operationID: "issueToken", summary: "用用户名和密码换取 API 令牌",
                tag: "认证", access: .open, requestSchema: Schemas.ref("TokenRequest"),
                responses: [
                    (201, "已签发令牌", Schemas.ref("Token")),
                    (
                        401,
                        "用户名或密码错误（未知账户、已停用账户与密码错误的回答相同）；或该账户须提供动态口令 code"
                            + "（auth.second_factor_required）、所给动态口令或恢复码不正确（auth.code_invalid）",
                        Schemas.ref("Error")
                    ),
                    (
                        403,
                        "密码已过期（auth.password_expired），或安全策略要求该账户使用双因素认证而尚未绑定"
                            + "（auth.second_factor_enrolment_required：先调用 createSecondFactorEnrolment）",
                        Schemas.ref("Error")
                    ),
                    (429, "该来源登录失败次数过多，须等待 Retry-After 秒", Schemas.ref("Error")),
                ])
        ) { request, context in
            struct Body: Decodable { let username: String; let password: String; let code: String? }
            struct Issued: Encodable {
                let token: String
                let expiresAt: Date
                let failedLoginsSinceLastLogin: Int
                let recoveryCodes: [String]?
            }
            let body = try await request.decodeJSON(Body.self, context: context)
            let done: SignedIn
            switch try await accounts.authenticate(
                username: body.username, password: body.password, code: body.code, caller: context.caller)
            {
            case .signedIn(let signedIn): done = signedIn
            case .secondFactor(let challenge) where challenge.enrolment != nil:
                throw AnlanError(
                    .forbidden, code: "auth.second_factor_enrolment_required",
                    message: "安全策略要求该账户使用双因素认证，请先绑定身份验证器（登录页面，或 POST /api/v1/auth/second-factor/enrolment）。")
            case .secondFactor: throw AnlanError(.unauthenticated, code: "auth.second_factor_required", message: "该账户须提供动态口令（code）。")
            }
            let user = done.user
            let issued = try await accounts.issueToken(
                for: user, caller: Caller(user: user, ip: context.remoteAddress, requestID: context.requestID))
            return try JSONResponse.make(
                Issued(
                    token: issued.token, expiresAt: issued.expiresAt, failedLoginsSinceLastLogin: user.failedLogins,
                    recoveryCodes: done.recoveryCodes.isEmpty ? nil : done.recoveryCodes),
                status: .created)
        }

        api.addOpen(
            APIOperation(
                method: .post, path: "auth/second-factor/enrolment", operationID: "createSecondFactorEnrolment",
                summary: "为须使用双因素认证而尚未绑定的账户取得身份验证器密钥（随后用其动态口令申请令牌即完成绑定）", tag: "认证",
                access: .open, requestSchema: Schemas.ref("SecondFactorEnrolmentRequest"),
                responses: [
                    (201, "待确认的密钥", Schemas.ref("SecondFactorEnrolment")),
                    (401, "用户名或密码错误", Schemas.ref("Error")),
                    (409, "该账户已启用双因素认证（auth.second_factor_enabled），或安全策略未要求（auth.second_factor_not_required）", Schemas.ref("Error")),
                    (429, "该来源登录失败次数过多，须等待 Retry-After 秒", Schemas.ref("Error")),
                ])
        ) { request, context in
            struct Body: Decodable { let username: String; let password: String }
            struct Enrolment: Encodable { let secret: String; let otpauthURI: String; let digits: Int; let period: Int }
            let body = try await request.decodeJSON(Body.self, context: context)
            let secret = try await accounts.enrolmentForLogin(username: body.username, password: body.password, caller: context.caller)
            return try JSONResponse.make(
                Enrolment(
                    secret: secret.base32,
                    otpauthURI: secret.uri(account: body.username.trimmingCharacters(in: .whitespaces), issuer: AccountService.issuer),
                    digits: TOTP.digits, period: Int(TOTP.period)),
                status: .created)
        }

        api.add(
            APIOperation(
                method: .delete, path: "auth/token", operationID: "revokeToken", summary: "吊销当前请求所用的 API 令牌",
                tag: "认证", access: .authenticated, responses: [(204, "已吊销", nil)])
        ) { _, context in
            guard case .token(let id) = context.credential else {
                throw AnlanError(.badRequest, code: "auth.not_token", message: "当前请求不是用 API 令牌认证的。")
            }
            try await accounts.revokeToken(id: id, caller: context.caller)
            return Response(status: .noContent)
        }

        api.add(
            APIOperation(
                method: .get, path: "me", operationID: "getMe", summary: "当前用户及其权限", tag: "认证", access: .authenticated,
                responses: [(200, "当前用户", Schemas.ref("Me"))])
        ) { _, context in
            struct Me: Encodable { let user: UserDTO; let permissions: [String] }
            let user = context.user
            return try JSONResponse.make(
                Me(user: UserDTO(user, now: now()), permissions: user.role.permissions.map(\.rawValue).sorted()))
        }

        let pageParameters = Self.pageParameters
        api.add(
            APIOperation(
                method: .get, path: "users", operationID: "listUsers", summary: "账户列表（系统管理员）", tag: "账户",
                access: .permission(.manageAccounts),
                parameters: pageParameters + [
                    .init(name: "role", location: .query, required: false, description: "按角色筛选", schema: Schemas.roleEnum),
                    .init(
                        name: "q", location: .query, required: false, description: "用户名或姓名片段", schema: ["type": "string", "maxLength": 64]),
                ],
                responses: [(200, "一页账户", Schemas.ref("UserPage"))])
        ) { request, context in
            let query = try Query(request)
            let role = try query.enum("role", Role.self, label: "角色")
            let page = try await accounts.list(role: role, query: query.string("q"), page: try query.page(), by: context.caller)
            let at = now()
            return try JSONResponse.make(PageDTO(page) { UserDTO($0, now: at) })
        }

        api.add(
            APIOperation(
                method: .post, path: "users", operationID: "createUser", summary: "创建业务账户（系统管理员）", tag: "账户",
                access: .permission(.manageAccounts),
                requestSchema: Schemas.ref("NewUser"),
                responses: [
                    (201, "已创建", Schemas.ref("User")), (404, "区划不存在或不在辖区内", Schemas.ref("Error")), (409, "用户名已被使用", Schemas.ref("Error")),
                ],
                errorCodes: AccountInput.createCodes)
        ) { request, context in
            let input = try await JSONInput.read(request, context: context)
            let user = try await accounts.create(try AccountInput.newUser(input), by: context.caller)
            return try JSONResponse.make(UserDTO(user, now: now()), status: .created)
        }

        let idParameter = APIOperation.Parameter(
            name: "id", location: .path, required: true, description: "账户 ID", schema: ["type": "string", "format": "uuid"])
        api.add(
            APIOperation(
                method: .get, path: "users/{id}", operationID: "getUser", summary: "查看账户（系统管理员）", tag: "账户",
                access: .permission(.manageAccounts),
                parameters: [idParameter], responses: [(200, "账户", Schemas.ref("User")), (404, "账户不存在", Schemas.ref("Error"))])
        ) { _, context in
            let user = try await accounts.get(id: try Self.userID(context), by: context.caller)
            return try JSONResponse.make(UserDTO(user, now: now()))
        }

        api.add(
            APIOperation(
                method: .patch, path: "users/{id}", operationID: "updateUser", summary: "修改账户：姓名、角色、区划、启停、解锁（系统管理员）",
                tag: "账户", access: .permission(.manageAccounts), parameters: [idParameter], requestSchema: Schemas.ref("UserChange"),
                responses: [(200, "修改后的账户", Schemas.ref("User")), (404, "账户或区划不存在", Schemas.ref("Error"))],
                errorCodes: AccountErrors.updateCodes)
        ) { request, context in
            struct Body: Decodable {
                let displayName: String?; let role: String?; let divisionCode: String?; let isActive: Bool?
                let phone: String?; let certificateNumber: String?; let unlock: Bool?; let enterpriseCreditCode: String?
                let email: String?
            }
            let id = try Self.userID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            let role = try body.role.map { text in
                guard let role = Role(rawValue: text) else { throw AccountErrors.roleInvalid }
                return role
            }
            let user = try await accounts.update(
                id: id,
                .init(
                    displayName: body.displayName, role: role, divisionCode: try body.divisionCode.map { try DivisionCode($0) },
                    isActive: body.isActive, phone: body.phone, certificateNumber: body.certificateNumber,
                    unlock: body.unlock ?? false, enterpriseCreditCode: body.enterpriseCreditCode, email: body.email),
                by: context.caller)
            return try JSONResponse.make(UserDTO(user, now: now()))
        }

        api.add(
            APIOperation(
                method: .put, path: "users/{id}/password", operationID: "resetUserPassword", summary: "重置账户密码（系统管理员）",
                tag: "账户", access: .permission(.manageAccounts), parameters: [idParameter], requestSchema: Schemas.ref("PasswordReset"),
                responses: [(204, "已重置", nil), (404, "账户不存在", Schemas.ref("Error"))],
                errorCodes: ["user.not_found", "user.admin_role_console_only", "user.password_invalid", "password.reused"]
                    + AccountErrors.passwordCodes)
        ) { request, context in
            let id = try Self.userID(context)
            let input = try await JSONInput.read(request, context: context)
            try await accounts.resetPassword(id: id, to: try AccountInput.password(input), by: context.caller)
            return Response(status: .noContent)
        }
    }

    static let pageParameters: [APIOperation.Parameter] = [
        .init(
            name: "page", location: .query, required: false, description: "页码，从 1 开始",
            schema: ["type": "integer", "minimum": 1, "maximum": 1_000_000]),
        .init(
            name: "pageSize", location: .query, required: false, description: "每页条数，默认 50，最多 200",
            schema: ["type": "integer", "minimum": 1, "maximum": 200]),
    ]

    static func userID(_ context: some RequestContext) throws -> UUID {
        try context.uuidParameter("id", notFound: AccountErrors.notFound)
    }
}
