import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The security administrator's policy page and the audit administrator's log pages.
/// The security policy page (安全管理员): password, lockout and session rules.
struct SecurityPolicyPages {
    let store: Store

    func register(_ router: PageRoutes) {
        router.get("/security/policy", .permission(.managePolicies)) { _, context in
            let policy = try await store.settings.securityPolicy(now: store.environment.now())
            return policyPage(context: context, policy: policy, notice: .empty).response()
        }

        router.post("/security/policy", .permission(.managePolicies)) { request, context in
            let form = try await FormData.read(request, context: context)
            var policy = SecurityPolicy()
            var bad: [String] = []
            func read(_ name: String, _ keyPath: WritableKeyPath<SecurityPolicy, Int>) {
                if let n = Int(form[name].trimmingCharacters(in: .whitespaces)) { policy[keyPath: keyPath] = n } else { bad.append(name) }
            }
            for (name, keyPath) in Self.fields { read(name, keyPath) }
            policy.secondFactorRoles = Role.business.filter { form.all("secondFactorRoles").contains($0.rawValue) }
            do {
                guard bad.isEmpty else { throw AnlanError.invalid("policy.not_integer", "各项必须填写整数。", field: bad[0]) }
                let toStore = policy
                try await store.write(by: context.caller) { tx in try await store.settings.setSecurityPolicy(toStore, in: tx) }
                return policyPage(context: context, policy: policy, notice: Layout.alert(UIText.saved, kind: "success")).response()
            } catch let error as AnlanError {
                return policyPage(context: context, policy: policy, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }
    }

    static var fields: [(String, WritableKeyPath<SecurityPolicy, Int>)] {
        [
            ("passwordMinLength", \.passwordMinLength), ("passwordMinClasses", \.passwordMinClasses),
            ("maxFailedLogins", \.maxFailedLogins), ("lockoutMinutes", \.lockoutMinutes),
            ("sessionIdleMinutes", \.sessionIdleMinutes), ("sessionAbsoluteHours", \.sessionAbsoluteHours),
            ("tokenLifetimeHours", \.tokenLifetimeHours), ("passwordHistory", \.passwordHistory),
            ("passwordMaxAgeDays", \.passwordMaxAgeDays),
        ]
    }

    private func policyPage(context: UserContext, policy: SecurityPolicy, notice: HTML) -> HTML {
        let labels = [
            UIText.policyPasswordMinLength, UIText.policyPasswordMinClasses, UIText.policyMaxFailedLogins, UIText.policyLockoutMinutes,
            UIText.policySessionIdleMinutes, UIText.policySessionAbsoluteHours, UIText.policyTokenLifetimeHours,
            "不得重复使用的最近密码个数（含当前密码；0 为不检查）", "密码最长使用天数（0 为不过期；到期后登录时须先改密码）",
        ]
        let inputs: [HTML] = zip(Self.fields, labels).map { field, label in
            """
            <div class="mb-3"><label class="form-label" for="\(field.0)">\(label)</label>
              <input class="form-control" id="\(field.0)" name="\(field.0)" type="number" value="\(policy[keyPath: field.1])" required></div>
            """
        }
        let roles: [HTML] = Role.business.map { role in
            """
            <div class="form-check"><input class="form-check-input" type="checkbox" name="secondFactorRoles" value="\(role.rawValue)" \
            id="sf-\(role.rawValue)"\(policy.secondFactorRoles.contains(role) ? " checked" : "")>
              <label class="form-check-label" for="sf-\(role.rawValue)">\(role.title)</label></div>
            """
        }
        let secondFactor: HTML = """
            <fieldset class="mb-3" data-testid="second-factor-roles"><legend class="form-label fs-6">\(UIText.secondFactor)（TOTP 动态口令）</legend>
              <p class="form-text mt-0">系统管理员、安全管理员、审计管理员始终必须使用（GB/T 22239-2019 8.1.4.1 d）。另外要求下列角色使用：</p>
              \(roles)
            </fieldset>
            """
        let body: HTML = """
            <h1 class="h4">\(UIText.securityPolicy)</h1>
            <form method="post" action="/security/policy" style="max-width: 28rem" data-testid="policy-form">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
              \(inputs)
              \(secondFactor)
              <button class="btn btn-primary" type="submit">\(UIText.save)</button>
            </form>
            """
        return Layout.page(title: UIText.securityPolicy, context: context, active: "/security/policy", notice: notice, body: body)
    }
}
