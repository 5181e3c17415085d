import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// 企业账户申请: the public form an enterprise fills in (no login, its own CSRF cookie like the login form), the status
/// page its unguessable number opens, and the system administrator's list with approve and refuse.
struct ApplicationPages: Sendable {
    let store: Store
    let settings: WebSettings
    static let csrfName = "anlan_apply_csrf"

    func registerPublic(_ router: RouterGroup<AppContext>) {
        router.get("/apply") { request, context in
            await page(request: request, notice: .empty, values: [:])
        }
        router.post("/apply") { request, context in
            let form: FormData
            do {
                form = try await FormData.read(request, context: context, expectedCSRF: request.cookies[Self.csrfName]?.value ?? "")
            } catch let error as AnlanError {
                return await page(request: request, notice: Components.refusal(error), values: [:], status: .forbidden)
            }
            let values = ["creditCode", "contactName", "phone", "username"].reduce(into: [String: String]()) { $0[$1] = form[$1] }
            do {
                let application = try await store.accounts.apply(
                    .init(
                        creditCode: form["creditCode"], contactName: form["contactName"], phone: form["phone"], username: form["username"],
                        password: form["password"]), by: context.caller)
                return Response.redirect(to: "/apply/\(application.id.key)", type: .found)
            } catch let error as AnlanError {
                return await page(request: request, notice: Components.refusal(error), values: values, status: Failure(error).status)
            }
        }
        router.get("/apply/{id}") { _, context in
            guard let id = UUID(key: context.parameters.get("id") ?? ""), let a = try? await store.accounts.application(id) else {
                throw AnlanError.notFound("application.not_found", "申请不存在。")
            }
            let status: String =
                switch a.status {
                case .pending: "待县应急管理局审批。审批通过后即可用所设用户名和密码登录。"
                case .approved: "已批准：请用所设用户名 \(a.username) 登录。"
                case .refused: "不予批准：\(a.reason ?? "")"
                }
            let body: HTML = """
                <div class="card shadow-sm login-card"><div class="card-body p-4">
                  <h1 class="h5 mb-3">企业账户申请</h1>
                  <p data-testid="application-status">\(status)</p>
                  <p class="small text-muted">企业：\(a.enterpriseName)（\(a.creditCode)）<br>联系人：\(a.contactName)<br>申请编号：\(a.id.key)（请保存本页地址以查询结果）</p>
                  <a href="/login">返回登录</a>
                </div></div>
                """
            return Layout.document(title: "企业账户申请", body: body).response()
        }
    }

    private func page(request: Request, notice: HTML, values: [String: String], status: HTTPResponse.Status = .ok) async -> Response {
        let policy = (try? await store.settings.securityPolicy(now: Date())) ?? SecurityPolicy()
        let csrf = request.cookies[Self.csrfName]?.value ?? SessionPages.randomToken()
        func input(_ name: String, _ label: String, type: String = "text", max: Int = 40, hint: String = "") -> HTML {
            """
            <div class="mb-2"><label class="form-label" for="\(name)">\(label)</label><input class="form-control" id="\(name)" name="\(name)" type="\(type)" maxlength="\(String(max))" value="\(type == "password" ? "" : values[name] ?? "")" required>\(hint.isEmpty ? HTML.empty : HTML("<div class=\"form-text\">\(hint)</div>"))</div>
            """
        }
        let body: HTML = """
            <div class="card shadow-sm login-card"><div class="card-body p-4">
              <h1 class="h5 mb-2">企业账户申请</h1>
              <p class="small text-muted">已在县应急管理局建档的企业，可为本企业的安全管理人员申请账户，用于查看整改指令、上传整改材料。县应急管理局核实后开通。</p>
              \(notice)
              <form method="post" action="/apply" data-testid="application-form"><input type="hidden" name="_csrf" value="\(csrf)">
                \(input("creditCode", "统一社会信用代码", max: 18))\(input("contactName", "联系人（安全管理人员）姓名", max: 20))\(input("phone", "联系电话", max: 20))
                \(input("username", "用户名（登录用）", hint: "字母、数字或下划线"))\(input("password", "密码", type: "password", max: 128, hint: "至少 \(policy.passwordMinLength) 位，含大写字母、小写字母、数字、符号中的至少 \(policy.passwordMinClasses) 类，不能与用户名相同"))
                <button class="btn btn-primary w-100" type="submit">提交申请</button>
              </form>
              <a class="small d-block mt-2" href="/login">返回登录</a>
            </div></div>
            """
        var response = Layout.document(title: "企业账户申请", body: body).response(status: status)
        response.setCookie(
            Cookie(name: Self.csrfName, value: csrf, path: "/apply", secure: settings.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func registerAdmin(_ router: PageRoutes) {
        router.get("/admin/applications", .permission(.manageAccounts)) { request, context in
            let decided = try Query(request).string("decided")
            let notice: HTML =
                switch decided {
                case "approved": Layout.alert("已批准，账户已开通并关联企业。", kind: "success")
                case "refused": Layout.alert("已不予批准，申请人可在申请状态页看到理由。", kind: "success")
                default: .empty
                }
            return try await adminPage(request: request, context: context, notice: notice).response()
        }
        router.post("/admin/applications/{id}", .permission(.manageAccounts)) { request, context in
            let form = try await FormData.read(request, context: context)
            guard let id = UUID(key: context.parameters.get("id") ?? "") else {
                throw AnlanError.notFound("application.not_found", "申请不存在。")
            }
            do {
                _ = try await store.accounts.decide(
                    application: id, approved: form["approved"] == "true", reason: form.optional("reason"), by: context.caller)
                return Response.redirect(
                    to: "/admin/applications?decided=\(form["approved"] == "true" ? "approved" : "refused")", type: .found)
            } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable {
                return try await adminPage(request: request, context: context, notice: Components.refusal(error))
                    .response(status: Failure(error).status)
            }
        }
    }

    func adminPage(request: Request, context: UserContext, notice: HTML) async throws -> HTML {
        let q = try Query(request)
        let page = try await store.accounts.applications(status: nil, page: try q.page(), by: context.caller)
        let csrf = context.csrfToken ?? ""
        let rows: [HTML] = page.items.map { a in
            let decision: HTML =
                a.status == .pending
                ? """
                <form method="post" action="/admin/applications/\(a.id.key)" class="d-flex flex-wrap gap-1" data-testid="decide-\(a.username)"><input type="hidden" name="_csrf" value="\(csrf)">
                  <button class="btn btn-sm btn-success" name="approved" value="true" data-confirm="批准后即以申请人所设的用户名 \(a.username) 开通\(a.enterpriseName)的企业安全管理员账户。确定批准？">批准开通</button>
                  <input class="form-control form-control-sm" style="max-width: 12rem" name="reason" maxlength="200" placeholder="不予批准的理由">
                  <button class="btn btn-sm btn-outline-danger" name="approved" value="false">不予批准</button></form>
                """
                : "\(a.status == .approved ? "已批准" : "不予批准：\(a.reason ?? "")")（\(a.decidedBy ?? "")）"
            return
                "<tr><td data-label=\"企业\">\(a.enterpriseName)<div class=\"small text-muted\">\(a.creditCode)</div></td><td data-label=\"联系人\">\(a.contactName)<div class=\"small text-muted\">\(a.phone)</div></td><td data-label=\"用户名\">\(a.username)</td><td data-label=\"申请时间\" class=\"text-nowrap\">\(Timestamp.display(a.createdAt))</td><td data-label=\"审批\">\(decision)</td></tr>"
        }
        let body: HTML = """
            <h1 class="h4">企业账户申请</h1>
            <p class="small text-muted">企业在登录页“企业申请账户”提交；批准即以申请人所设的用户名和密码开通企业安全管理员账户，并关联到该统一社会信用代码的企业。</p>
            <div class="table-responsive"><table class="table table-sm bg-white table-cards" data-testid="applications"><thead><tr><th>企业</th><th>联系人</th><th>用户名</th><th>申请时间</th><th>审批</th></tr></thead><tbody>\(rows)</tbody></table></div>
            \(Layout.pager(page, base: "/admin/applications", query: []))
            """
        return Layout.page(title: "企业账户申请", context: context, active: "/admin/users", notice: notice, body: body)
    }
}
