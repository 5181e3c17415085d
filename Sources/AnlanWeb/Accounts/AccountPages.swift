import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Account management for the system administrator.
struct AccountPages {
    let store: Store

    func register(_ router: PageRoutes) {
        router.get("/admin/users", .permission(.manageAccounts)) { request, context in
            let query = try Query(request)
            let role = try query.enum("role", Role.self, label: "角色")
            let q = query.string("q") ?? ""
            let page = try await store.accounts.list(role: role, query: q, page: try query.page(), by: context.caller)
            let now = store.environment.now()
            let rows: [HTML] = page.items.map { user in
                let status: String = !user.isActive ? UIText.inactive : (user.isLocked(at: now) ? UIText.locked : UIText.active)
                return """
                    <tr><td data-label="\(UIText.username)">\(user.username)</td><td data-label="\(UIText.displayName)">\(user.displayName)</td><td data-label="\(UIText.role)">\(UIText.roleName(user.role))</td>
                    <td data-label="\(UIText.division)"><code>\(user.divisionCode.rawValue)</code></td><td data-label="\(UIText.status)">\(status)</td>
                    <td data-label="\(UIText.lastLogin)">\(user.lastLoginAt.map(Timestamp.display) ?? "—")</td>
                    <td data-label="\(UIText.actions)">\(user.role.isAdministrator ? HTML.empty : "<a href=\"/admin/users/\(user.id.key)\">\(UIText.edit)</a>")</td></tr>
                    """
            }
            let roleOptions: [HTML] =
                [HTML("<option value=\"\">\(UIText.all)</option>")]
                + Role.allCases.map {
                    "<option value=\"\($0.rawValue)\"\(HTML(unsafe: $0 == role ? " selected" : ""))>\(UIText.roleName($0))</option>"
                }
            let body: HTML = """
                <div class="d-flex align-items-center mb-3"><h1 class="h4 mb-0">\(UIText.accounts)</h1>
                  <a class="ms-auto btn btn-primary btn-sm" href="/admin/users/new">\(UIText.newAccount)</a></div>
                <form class="row g-2 mb-2" method="get" action="/admin/users">
                  <div class="col-auto"><input class="form-control form-control-sm" name="q" value="\(q)" placeholder="\(UIText.username) / \(UIText.displayName)"></div>
                  <div class="col-auto"><select class="form-select form-select-sm" name="role">\(roleOptions)</select></div>
                  <div class="col-auto"><button class="btn btn-sm btn-outline-primary">\(UIText.search)</button></div>
                </form>
                <div class="table-responsive"><table class="table table-sm table-striped bg-white table-cards" data-testid="users">
                  <thead><tr><th>\(UIText.username)</th><th>\(UIText.displayName)</th><th>\(UIText.role)</th><th>\(UIText.division)</th><th>\(UIText.status)</th><th>\(UIText.lastLogin)</th><th>\(UIText.actions)</th></tr></thead>
                  <tbody>\(rows)</tbody></table></div>
                \(Layout.pager(page, base: "/admin/users", query: [("q", q), ("role", role?.rawValue ?? "")]))
                """
            return Layout.page(title: UIText.accounts, context: context, active: "/admin/users", body: body).response()
        }

        router.get("/admin/users/new", .permission(.manageAccounts)) { _, context in
            return try await form(context: context, user: nil, notice: .empty).response()
        }

        router.post("/admin/users", .permission(.manageAccounts)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let user = try await store.accounts.create(try AccountInput.newUser(form), by: context.caller)
                return Response.redirect(to: "/admin/users/\(user.id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                return try await self.form(context: context, user: nil, notice: Components.refusal(error), values: form)
                    .response(status: Failure(error).status)
            }
        }

        router.get("/admin/users/{id}", .permission(.manageAccounts)) { request, context in
            let user = try await store.accounts.get(id: try AccountsAPI.userID(context), by: context.caller)
            let saved = request.uri.queryParameters["saved"] != nil
            return try await form(context: context, user: user, notice: saved ? Layout.alert(UIText.saved, kind: "success") : .empty)
                .response()
        }

        router.post("/admin/users/{id}", .permission(.manageAccounts)) { request, context in
            let id = try AccountsAPI.userID(context)
            let form = try await FormData.read(request, context: context)
            do {
                _ = try await store.accounts.update(
                    id: id,
                    .init(
                        displayName: form["displayName"], role: try AccountInput.role(form), divisionCode: try AccountInput.division(form),
                        isActive: form["isActive"] == "on", phone: form["phone"], certificateNumber: form["certificateNumber"],
                        unlock: form["unlock"] == "on", enterpriseCreditCode: form["enterpriseCreditCode"], email: form["email"]),
                    by: context.caller)
                return Response.redirect(to: "/admin/users/\(id.key)?saved=1", type: .found)
            } catch let error as AnlanError {
                let user = try await store.accounts.get(id: id, by: context.caller)
                return try await self.form(context: context, user: user, notice: Components.refusal(error), values: form)
                    .response(status: Failure(error).status)
            }
        }

        router.post("/admin/users/{id}/password", .permission(.manageAccounts)) { request, context in
            let id = try AccountsAPI.userID(context)
            let form = try await FormData.read(request, context: context)
            let user = try await store.accounts.get(id: id, by: context.caller)
            do {
                try await store.accounts.resetPassword(id: id, to: form["password"], by: context.caller)
                return try await self.form(context: context, user: user, notice: Layout.alert(UIText.passwordChanged, kind: "success"))
                    .response()
            } catch let error as AnlanError {
                return try await self.form(context: context, user: user, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }
    }

    private func form(context: UserContext, user: User?, notice: HTML, values: FormData? = nil) async throws -> HTML {
        var linked: (name: String, creditCode: String?)?
        if let id = user?.enterpriseID { linked = try await store.accounts.enterpriseSummary(id) }
        let divisions = try await store.divisions.names(within: context.caller.jurisdiction)
        let selectedDivision = values?["divisionCode"] ?? user?.divisionCode.rawValue ?? ""
        let selectedRole = values?["role"] ?? user?.role.rawValue ?? ""
        let divisionOptions: [HTML] = divisions.map {
            "<option value=\"\($0.code.rawValue)\"\(HTML(unsafe: $0.code.rawValue == selectedDivision ? " selected" : ""))>\($0.name)（\($0.code.rawValue)）</option>"
        }
        // A new account starts with no role chosen (the first in the list is 局领导: never a silent default).
        let noRole: [HTML] = selectedRole.isEmpty ? ["<option value=\"\" selected>请选择角色</option>"] : []
        let roleOptions: [HTML] =
            noRole
            + Role.business.map {
                "<option value=\"\($0.rawValue)\"\(HTML(unsafe: $0.rawValue == selectedRole ? " selected" : ""))>\(UIText.roleName($0))</option>"
            }
        func value(_ name: String, _ current: String?) -> String { values?[name] ?? current ?? "" }
        let action = user.map { "/admin/users/\($0.id.key)" } ?? "/admin/users"
        let csrf = context.csrfToken ?? ""
        let identity: HTML =
            if let user {
                """
                <div class="mb-3"><label class="form-label">\(UIText.username)</label><input class="form-control" value="\(user.username)" disabled></div>
                <div class="form-check mb-2"><input class="form-check-input" type="checkbox" id="isActive" name="isActive"\(HTML(unsafe: user.isActive ? " checked" : ""))><label class="form-check-label" for="isActive">\(UIText.accountActive)</label></div>
                \(user.isLocked(at: store.environment.now()) ? HTML("<div class=\"form-check mb-3\"><input class=\"form-check-input\" type=\"checkbox\" id=\"unlock\" name=\"unlock\"><label class=\"form-check-label\" for=\"unlock\">\(UIText.unlock)</label></div>") : .empty)
                """
            } else {
                """
                <div class="mb-3"><label class="form-label" for="username">\(UIText.username)</label><input class="form-control" id="username" name="username" value="\(value("username", nil))" required></div>
                <div class="mb-3"><label class="form-label" for="password">\(UIText.password)</label><input class="form-control" type="password" id="password" name="password" autocomplete="new-password" required></div>
                """
            }
        let reset: HTML =
            if let user {
                """
                <hr><h2 class="h6">\(UIText.resetPassword)</h2>
                <form method="post" action="/admin/users/\(user.id.key)/password" class="row g-2" style="max-width: 32rem">
                  <input type="hidden" name="_csrf" value="\(csrf)">
                  <div class="col"><input class="form-control" type="password" name="password" placeholder="\(UIText.newPassword)" autocomplete="new-password" required></div>
                  <div class="col-auto"><button class="btn btn-outline-danger">\(UIText.resetPassword)</button></div>
                </form>
                """
            } else { .empty }
        let title = user == nil ? UIText.newAccount : UIText.editAccount
        let body: HTML = """
            <h1 class="h4">\(title)</h1>
            <form method="post" action="\(action)" style="max-width: 32rem" data-testid="user-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(identity)
              <div class="mb-3"><label class="form-label" for="displayName">\(UIText.displayName)</label><input class="form-control" id="displayName" name="displayName" value="\(value("displayName", user?.displayName))" required></div>
              <div class="mb-3"><label class="form-label" for="role">\(UIText.role)</label><select class="form-select" id="role" name="role" required>\(roleOptions)</select></div>
              <div class="mb-3"><label class="form-label" for="divisionCode">\(UIText.division)</label><select class="form-select" id="divisionCode" name="divisionCode">\(divisionOptions)</select></div>
              <div class="mb-3"><label class="form-label" for="phone">\(UIText.phone)</label><input class="form-control" id="phone" name="phone" value="\(value("phone", user?.phone))"></div>
              <div class="mb-3"><label class="form-label" for="email">\(UIText.email)</label><input class="form-control" id="email" name="email" type="email" maxlength="254" value="\(value("email", user?.email))"><div class="form-text">接收电子邮件通知</div></div>
              <div class="mb-3"><label class="form-label" for="certificateNumber">\(UIText.certificateNumber)</label><input class="form-control" id="certificateNumber" name="certificateNumber" value="\(value("certificateNumber", user?.certificateNumber))"></div>
              <div class="mb-3"><label class="form-label" for="enterpriseCreditCode">所属企业的统一社会信用代码（仅企业安全管理员）</label><input class="form-control" id="enterpriseCreditCode" name="enterpriseCreditCode" maxlength="18" value="\(value("enterpriseCreditCode", linked?.creditCode))" data-testid="enterprise-credit-code">
                <div class="form-text" data-testid="linked-enterprise">\(linked.map { "已关联：\($0.name)" } ?? (user?.role == .enterpriseOfficer ? "尚未关联企业：该账户关联前看不到任何企业数据。" : "企业安全管理员须关联其企业；清空即解除关联。"))</div></div>
              <button class="btn btn-primary" type="submit">\(user == nil ? UIText.create : UIText.save)</button>
              <a class="btn btn-link" href="/admin/users">\(UIText.accounts)</a>
            </form>
            \(reset)
            """
        return Layout.page(title: title, context: context, active: "/admin/users", notice: notice, body: body)
    }
}
