import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The security policy through the API: anyone signed in reads it, the security administrator sets it.
struct SecurityPolicyAPI {
    let store: Store

    func register(_ api: APIRoutes) {
        let settings = store.settings
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
    }
}
