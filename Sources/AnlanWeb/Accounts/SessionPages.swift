import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Login, logout, the landing redirect and the user's own password.
struct SessionPages {
    let store: Store
    let settings: WebSettings

    func registerPublic(_ router: RouterGroup<AppContext>) {
        router.get("/") { request, context in
            guard let user = context.user else { return Response.redirect(to: "/login", type: .found) }
            return Response.redirect(to: Self.landing(for: user.role), type: .found)
        }

        router.get("/login") { request, context in
            if let user = context.user { return Response.redirect(to: Self.landing(for: user.role), type: .found) }
            let next = request.uri.queryParameters["next"].map(String.init) ?? ""
            return loginPage(context: context, request: request, error: nil, username: "", next: next)
        }

        router.post("/login") { request, context in
            let form: FormData
            switch try await loginForm(request, context: context) {
            case .success(let read): form = read
            case .failure(let refusal): return refusal.response
            }
            let username = form["username"]
            do {
                let step = try await store.accounts.authenticate(username: username, password: form["password"], caller: context.caller)
                return try await proceed(step, next: form["next"], request: request, context: context)
            } catch let error as AnlanError where error.code == "auth.password_expired" {
                return expiredPasswordPage(
                    request: request, context: context, username: username, next: form["next"], notice: Layout.alert(error.message))
            } catch let error as AnlanError {
                return loginPage(
                    context: context, request: request, error: error.message, username: username, next: form["next"],
                    status: Failure(error).status)
            }
        }

        // A password past the policy's maximum age is replaced here, proving the old one, before the session starts.
        router.post("/login/password-expired") { request, context in
            let form: FormData
            switch try await loginForm(request, context: context) {
            case .success(let read): form = read
            case .failure(let refusal): return refusal.response
            }
            let username = form["username"]
            do {
                guard form["newPassword"] == form["confirmPassword"] else {
                    throw AnlanError.invalid("password.confirmation_differs", UIText.passwordsDiffer, field: "confirmPassword")
                }
                let step = try await store.accounts.changeExpiredPassword(
                    username: username, current: form["currentPassword"], new: form["newPassword"], caller: context.caller)
                return try await proceed(step, next: form["next"], request: request, context: context)
            } catch let error as AnlanError where error.kind == .unauthenticated || error.kind == .tooManyRequests {
                return loginPage(
                    context: context, request: request, error: error.message, username: username, next: form["next"],
                    status: Failure(error).status)
            } catch let error as AnlanError {
                return expiredPasswordPage(
                    request: request, context: context, username: username, next: form["next"], notice: Components.refusal(error),
                    status: Failure(error).status)
            }
        }

        registerSecondFactorStep(router)
    }

    struct Refusal: Error { let response: Response }

    /// The login form with its CSRF token checked against the login cookie; a refusal is the login page again.
    /// A body over the limit is thrown on (413), not shown as a form refusal.
    func loginForm(_ request: Request, context: AppContext) async throws -> Result<FormData, Refusal> {
        let expected = request.cookies[SessionCookie.loginCSRFName]?.value
        do {
            return .success(try await FormData.read(request, context: context, expectedCSRF: expected ?? ""))
        } catch let error as AnlanError {
            let page = loginPage(context: context, request: request, error: error.message, username: "", next: "", status: .forbidden)
            return .failure(Refusal(response: page))
        }
    }

    /// Starts the session of a user who has just proved their password and sends them on: to the page they asked for,
    /// or first to their sign-in record when someone failed to log in to the account since its last login.
    func signedIn(_ user: User, next: String, context: AppContext) async throws -> Response {
        let (cookies, destination) = try await startSession(user, next: next, context: context)
        var response = Response.redirect(to: destination, type: .found)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// The session's cookie (and the login's cookies cleared) for a user who has proved everything their account needs,
    /// and where to go next.
    func startSession(_ user: User, next: String, context: AppContext) async throws -> (cookies: [Cookie], destination: String) {
        let ticket = try await store.accounts.startSession(
            for: user, caller: Caller(user: user, ip: context.remoteAddress, requestID: context.requestID))
        let destination = Self.safeNext(next) ?? Self.landing(for: user.role)
        return (
            [
                SessionCookie.make(ticket.cookieValue, secure: isSecure(context)),
                Cookie(name: SessionCookie.loginCSRFName, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict),
                Cookie(name: Self.challengeCookie, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict),
            ],
            user.failedLogins > 0
                ? "/account/sign-ins?next=\(destination.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                : destination
        )
    }

    /// After the password: the session, or the second-factor page with the challenge's cookie.
    func proceed(_ step: LoginStep, next: String, request: Request, context: AppContext) async throws -> Response {
        switch step {
        case .signedIn(let done): return try await signedIn(done.user, next: next, context: context)
        case .secondFactor(let challenge):
            var response = challengePage(challenge, request: request, context: context, next: next, notice: .empty)
            response.setCookie(
                Cookie(
                    name: Self.challengeCookie, value: challenge.token, maxAge: Int(300), path: "/login", secure: isSecure(context),
                    httpOnly: true, sameSite: .strict))
            return response
        }
    }

    private func expiredPasswordPage(
        request: Request, context: AppContext, username: String, next: String, notice: HTML, status: HTTPResponse.Status = .forbidden
    ) -> Response {
        let csrf = request.cookies[SessionCookie.loginCSRFName]?.value ?? Self.randomToken()
        let body: HTML = """
            <div class="card shadow-sm login-card">
              <div class="card-body p-4">
                <h1 class="h4 mb-3">设置新密码</h1>
                \(notice)
                <form method="post" action="/login/password-expired" data-testid="expired-password-form">
                  <input type="hidden" name="_csrf" value="\(csrf)">
                  <input type="hidden" name="next" value="\(next)">
                  <input type="hidden" name="username" value="\(username)">
                  <div class="mb-3"><label class="form-label" for="currentPassword">\(UIText.currentPassword)</label>
                    <input class="form-control" type="password" id="currentPassword" name="currentPassword" autocomplete="current-password" required></div>
                  <div class="mb-3"><label class="form-label" for="newPassword">\(UIText.newPassword)</label>
                    <input class="form-control" type="password" id="newPassword" name="newPassword" autocomplete="new-password" required></div>
                  <div class="mb-3"><label class="form-label" for="confirmPassword">\(UIText.confirmPassword)</label>
                    <input class="form-control" type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password" required></div>
                  <button class="btn btn-primary w-100" type="submit">\(UIText.save)</button>
                </form>
              </div>
            </div>
            """
        var response = Layout.document(title: "设置新密码", body: body).response(status: status)
        response.setCookie(
            Cookie(
                name: SessionCookie.loginCSRFName, value: csrf, path: "/login", secure: isSecure(context), httpOnly: true, sameSite: .strict
            ))
        return response
    }

    func registerProtected(_ router: PageRoutes) {
        registerSecondFactorPages(router)
        router.post("/logout", .authenticated) { request, context in
            _ = try await FormData.read(request, context: context)
            if case .session(let session) = context.credential {
                try await store.accounts.endSession(session, caller: context.caller)
            }
            var response = Response.redirect(to: "/login", type: .found)
            response.setCookie(SessionCookie.expired(secure: isSecure(context)))
            return response
        }

        router.get("/account/sign-ins", .authenticated) { request, context in
            let records = try await store.audit.signIns(by: context.caller)
            let next = Self.safeNext(request.uri.queryParameters.get("next") ?? "") ?? Self.landing(for: context.user.role)
            let failedSinceLast = records.dropFirst().prefix { $0.action != "auth.login" }.contains { $0.outcome != "success" }
            let rows: [HTML] = records.map { record in
                """
                <tr><td>\(record.occurredAt.replacingOccurrences(of: "T", with: " ").prefix(19))</td><td>\(UIText.auditActionName(record.action))</td>\
                <td>\(record.ip ?? "—")</td><td>\(record.outcome == "success" ? "成功" : "失败")</td></tr>
                """
            }
            let body: HTML = """
                <h1 class="h4">我的登录记录</h1>
                \(failedSinceLast
                    ? Layout.alert("自上次登录以来，有人用错误的密码尝试登录您的账户。请核对下列记录；如非本人操作，请立即修改密码并告知安全管理员。")
                    : .empty)
                \(Components.table(testID: "sign-ins", header: ["时间", "事件", "来源地址", "结果"], rows: rows))
                <p><a class="btn btn-primary" href="\(next)" data-testid="continue">继续</a>
                <a class="btn btn-outline-secondary ms-2" href="/account/password">修改密码</a></p>
                """
            return Layout.page(title: "我的登录记录", context: context, active: "/account/sign-ins", body: body).response()
        }

        router.get("/account/password", .authenticated) { _, context in
            try await passwordPage(context: context, notice: .empty).response()
        }

        router.post("/account/password", .authenticated) { request, context in
            let form = try await FormData.read(request, context: context)
            let user = context.user
            if form["newPassword"] != form["confirmPassword"] {
                return try await passwordPage(context: context, notice: Layout.alert(UIText.passwordsDiffer)).response(
                    status: .unprocessableContent)
            }
            do {
                var current: String? = nil
                if case .session(let session) = context.credential { current = session.sessionID }
                try await store.accounts.changeOwnPassword(
                    user: user, current: form["currentPassword"], new: form["newPassword"], keeping: current, caller: context.caller)
            } catch let error as AnlanError {
                return try await passwordPage(context: context, notice: Components.refusal(error)).response(status: Failure(error).status)
            }
            return try await passwordPage(context: context, notice: Layout.alert(UIText.passwordChanged, kind: "success")).response()
        }
    }

    func isSecure(_ context: some PageContext) -> Bool {
        settings.secureCookies || context.requestIsSecure
    }

    func loginPage(
        context: AppContext, request: Request, error: String?, username: String, next: String, status: HTTPResponse.Status = .ok
    ) -> Response {
        let csrf = request.cookies[SessionCookie.loginCSRFName]?.value ?? Self.randomToken()
        let notice: HTML = error.map { Layout.alert($0) } ?? .empty
        let body: HTML = """
            <div class="card shadow-sm login-card">
              <div class="card-body p-4">
                <h1 class="h4 mb-3">\(UIText.loginTitle)</h1>
                \(notice)
                <form method="post" action="/login" data-testid="login-form">
                  <input type="hidden" name="_csrf" value="\(csrf)">
                  <input type="hidden" name="next" value="\(next)">
                  <div class="mb-3">
                    <label class="form-label" for="username">\(UIText.username)</label>
                    <input class="form-control" id="username" name="username" value="\(username)" autocomplete="username" required autofocus>
                  </div>
                  <div class="mb-3">
                    <label class="form-label" for="password">\(UIText.password)</label>
                    <input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required>
                  </div>
                  <button class="btn btn-primary w-100" type="submit">\(UIText.login)</button>
                </form>
                <p class="text-muted small mt-3 mb-0">\(UIText.loginHint)</p>
                <p class="small mt-2 mb-0"><a href="/apply" data-testid="apply-link">企业申请账户</a></p>
              </div>
            </div>
            """
        var response = Layout.document(title: UIText.login, body: body).response(status: status)
        response.setCookie(
            Cookie(
                name: SessionCookie.loginCSRFName, value: csrf, path: "/login", secure: isSecure(context), httpOnly: true, sameSite: .strict
            ))
        return response
    }

    private func passwordPage(context: UserContext, notice: HTML) async throws -> HTML {
        let policy = try await store.settings.securityPolicy(now: store.environment.now())
        let body: HTML = """
            <h1 class="h4">\(UIText.changePassword)</h1>
            <form method="post" action="/account/password" style="max-width: 28rem">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
              <div class="mb-3"><label class="form-label" for="currentPassword">\(UIText.currentPassword)</label>
                <input class="form-control" type="password" id="currentPassword" name="currentPassword" autocomplete="current-password" required></div>
              <div class="mb-3"><label class="form-label" for="newPassword">\(UIText.newPassword)</label>
                <input class="form-control" type="password" id="newPassword" name="newPassword" autocomplete="new-password" required>
                <div class="form-text">\(String(format: UIText.passwordPolicyHint, policy.passwordMinLength, policy.passwordMinClasses))</div></div>
              <div class="mb-3"><label class="form-label" for="confirmPassword">\(UIText.confirmPassword)</label>
                <input class="form-control" type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password" required></div>
              <button class="btn btn-primary" type="submit">\(UIText.save)</button>
            </form>
            """
        return Layout.page(title: UIText.changePassword, context: context, active: "/account/password", notice: notice, body: body)
    }

    /// Where a role starts: administrators on their own page, everyone else on the home page.
    static func landing(for role: Role) -> String {
        Layout.adminLinks(for: role).first?.0 ?? "/home"
    }

    /// Only a local path may follow a login, never another site.
    static func safeNext(_ next: String) -> String? {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login") else { return nil }
        return next
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
