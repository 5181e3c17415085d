import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The second factor (TOTP, RFC 6238) on pages: the login's second step (with enrolment by QR code for an account that
/// must have one and has none yet), and each user's own page to enrol, renew recovery codes, or turn it off.
extension SessionPages {
    static let challengeCookie = "anlan_login_challenge"

    func registerSecondFactorStep(_ router: RouterGroup<AppContext>) {
        router.post("/login/second-factor") { request, context in
            let form: FormData
            switch try await loginForm(request, context: context) {
            case .success(let read): form = read
            case .failure(let refusal): return refusal.response
            }
            let token = request.cookies[Self.challengeCookie]?.value ?? ""
            do {
                let done = try await store.accounts.continueLogin(challenge: token, code: form["code"], caller: context.caller)
                guard !done.recoveryCodes.isEmpty else { return try await signedIn(done.user, next: form["next"], context: context) }
                let (cookies, destination) = try await startSession(done.user, next: form["next"], context: context)
                var response = Layout.document(
                    title: "恢复码", body: Self.loginCard(Self.recoveryCodesPanel(done.recoveryCodes, continueTo: destination)),
                    scripts: Self.printScript
                ).response()
                for cookie in cookies { response.setCookie(cookie) }
                return response
            } catch let error as AnlanError where error.code == "auth.code_invalid" {
                guard let challenge = try await store.accounts.challenge(token) else {
                    return loginPage(
                        context: context, request: request, error: error.message, username: "", next: form["next"], status: .unauthorized)
                }
                return challengePage(
                    challenge, request: request, context: context, next: form["next"], notice: Components.refusal(error),
                    status: .unauthorized)
            } catch let error as AnlanError {
                return loginPage(
                    context: context, request: request, error: error.message, username: "", next: form["next"],
                    status: Failure(error).status)
            }
        }
    }

    /// The page between the password and the session: the code, and for an account enrolling its QR code first.
    func challengePage(
        _ challenge: LoginChallenge, request: Request, context: AppContext, next: String, notice: HTML,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let csrf = request.cookies[SessionCookie.loginCSRFName]?.value ?? Self.randomToken()
        let enrolment: HTML =
            challenge.enrolment.map { secret in
                """
                <div class="alert alert-info small" data-testid="enrolment-required">安全策略要求您的账户（\(challenge.user.role.title)）\
                在密码之外使用动态口令。请用手机上的身份验证器应用（如 FreeOTP、Google Authenticator、Microsoft Authenticator、\
                阿里云 App 等）扫描下方二维码，然后输入应用显示的 6 位数字完成绑定。</div>
                \(Self.enrolmentPanel(secret, account: challenge.user.username))
                """
            } ?? "<p class=\"text-muted small\">请打开手机上的身份验证器应用，输入“\(AccountService.issuer)”账户当前显示的 6 位动态口令。手机丢失时可输入一个恢复码。</p>"
        let body = Self.loginCard(
            """
            <h1 class="h4 mb-3">\(challenge.enrolment == nil ? "输入动态口令" : "绑定身份验证器")</h1>
            \(notice)
            \(enrolment)
            <form method="post" action="/login/second-factor" data-testid="second-factor-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <input type="hidden" name="next" value="\(next)">
              <div class="mb-3"><label class="form-label" for="code">\(challenge.enrolment == nil ? "动态口令或恢复码" : "动态口令")</label>
                <input class="form-control form-control-lg text-center" id="code" name="code" inputmode="\(challenge.enrolment == nil ? "text" : "numeric")"
                  autocomplete="one-time-code" maxlength="16" required autofocus></div>
              <button class="btn btn-primary w-100" type="submit">\(challenge.enrolment == nil ? UIText.login : "完成绑定并登录")</button>
            </form>
            <p class="small mt-3 mb-0"><a href="/login">重新登录</a></p>
            """)
        var response = Layout.document(title: UIText.secondFactor, body: body).response(status: status)
        response.setCookie(
            Cookie(
                name: SessionCookie.loginCSRFName, value: csrf, path: "/login", secure: isSecure(context), httpOnly: true, sameSite: .strict
            ))
        return response
    }

    static func loginCard(_ content: HTML) -> HTML {
        """
        <div class="card shadow-sm login-card">
          <div class="card-body p-4">
            \(content)
          </div>
        </div>
        """
    }

    /// The QR code of the secret's `otpauth://` URI, and the secret in groups of four for typing it in by hand.
    static func enrolmentPanel(_ secret: TOTP, account: String) -> HTML {
        let uri = secret.uri(account: account, issuer: AccountService.issuer)
        let qr = (try? QRCode(text: uri).svg(pixelsPerModule: 5, title: "身份验证器二维码")) ?? ""
        let grouped = stride(from: 0, to: secret.base32.count, by: 4).map { start in
            String(secret.base32.dropFirst(start).prefix(4))
        }.joined(separator: " ")
        return """
            <div class="text-center mb-2" data-testid="enrolment-qr" data-otpauth="\(uri)">\(HTML(unsafe: qr))</div>
            <p class="small text-muted text-center">无法扫码时，在应用中选择“手动输入密钥”：<br>
              <code class="fs-6" data-testid="enrolment-secret">\(grouped)</code><br>（基于时间，6 位，30 秒）</p>
            """
    }

    static let printScript: HTML = "<script src=\"/static/js/print.js\"></script>"

    static func recoveryCodesPanel(_ codes: [String], continueTo destination: String?) -> HTML {
        let items: [HTML] = codes.map { "<li><code class=\"fs-6\">\($0)</code></li>" }
        let next: HTML =
            destination.map { path -> HTML in
                "<a class=\"btn btn-primary w-100\" href=\"\(path)\" data-testid=\"continue\">我已妥善保存，继续</a>"
            } ?? .empty
        return """
            <h1 class="h4 mb-3">请保存恢复码</h1>
            <div class="alert alert-warning small">以下 \(codes.count) 个恢复码各可代替动态口令使用一次，用于手机丢失或更换时登录。\
            它们只显示这一次：请抄写或打印后妥善保管，不要存放在同一部手机上。</div>
            <ol class="row row-cols-2 g-1 ps-4" data-testid="recovery-codes">\(items)</ol>
            <p class="d-print-none"><button class="btn btn-outline-secondary btn-sm" type="button" data-print>打印</button></p>
            \(next)
            """
    }

    // MARK: - The user's own page

    func registerSecondFactorPages(_ router: PageRoutes) {
        router.get("/account/second-factor", .authenticated) { _, context in
            try await secondFactorPage(context: context, notice: .empty).response()
        }

        router.post("/account/second-factor/begin", .authenticated) { request, context in
            _ = try await FormData.read(request, context: context)
            do {
                _ = try await store.accounts.beginEnrolment(of: context.user, caller: context.caller)
                return try await secondFactorPage(context: context, notice: .empty).response()
            } catch let error as AnlanError {
                return try await secondFactorPage(context: context, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/account/second-factor/confirm", .authenticated) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let codes = try await store.accounts.confirmEnrolment(of: context.user, code: form["code"], caller: context.caller)
                return codesPage(codes, context: context, notice: "已启用双因素认证。以后登录时，除密码外还需输入动态口令。")
            } catch let error as AnlanError {
                return try await secondFactorPage(context: context, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/account/second-factor/recovery-codes", .authenticated) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let codes = try await store.accounts.regenerateRecoveryCodes(of: context.user, code: form["code"], caller: context.caller)
                return codesPage(codes, context: context, notice: "已生成新的恢复码，原有恢复码全部作废。")
            } catch let error as AnlanError {
                return try await secondFactorPage(context: context, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/account/second-factor/disable", .authenticated) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                try await store.accounts.disableSecondFactor(
                    of: context.user, password: form["currentPassword"], code: form["code"], caller: context.caller)
                return try await secondFactorPage(context: context, notice: Layout.alert("已停用双因素认证。", kind: "success")).response()
            } catch let error as AnlanError {
                return try await secondFactorPage(context: context, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }
    }

    private func codesPage(_ codes: [String], context: UserContext, notice: String) -> Response {
        let body: HTML = """
            <div style="max-width: 32rem">\(Self.recoveryCodesPanel(codes, continueTo: nil))
            <a class="btn btn-primary" href="/account/second-factor">返回</a></div>
            """
        return Layout.page(
            title: "恢复码", context: context, active: "/account/second-factor", notice: Layout.alert(notice, kind: "success"), body: body,
            scripts: Self.printScript
        ).response()
    }

    private func secondFactorPage(context: UserContext, notice: HTML) async throws -> HTML {
        let status = try await store.accounts.secondFactorStatus(of: context.user)
        let csrf: HTML = "<input type=\"hidden\" name=\"_csrf\" value=\"\(context.csrfToken ?? "")\">"
        let codeField: HTML = """
            <div class="mb-2"><label class="form-label" for="code">当前动态口令</label>
              <input class="form-control" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required></div>
            """
        let content: HTML
        if let enabled = status.enabledAt {
            let disable: HTML =
                status.requiredByPolicy
                ? "<p class=\"text-muted small\">安全策略要求您的角色使用双因素认证，不能停用。手机丢失时请用恢复码登录，或请系统管理员重置。</p>"
                : """
                <form method="post" action="/account/second-factor/disable" class="card card-body mb-3" data-testid="disable-form">
                  <h2 class="h6">停用双因素认证</h2>\(csrf)
                  <div class="mb-2"><label class="form-label" for="currentPassword">\(UIText.currentPassword)</label>
                    <input class="form-control" type="password" id="currentPassword" name="currentPassword" autocomplete="current-password" required></div>
                  \(codeField)
                  <button class="btn btn-outline-danger" type="submit">停用</button>
                </form>
                """
            content = """
                <p data-testid="second-factor-status">状态：<span class="badge text-bg-success">已启用</span>
                  （\(Timestamp.display(enabled))起）；剩余可用恢复码 <strong data-testid="recovery-codes-left">\(status.recoveryCodesLeft)</strong> 个。</p>
                \(status.recoveryCodesLeft <= 3 ? Layout.alert("可用恢复码已不多，请生成新的恢复码。") : .empty)
                <form method="post" action="/account/second-factor/recovery-codes" class="card card-body mb-3" data-testid="regenerate-form">
                  <h2 class="h6">重新生成恢复码</h2>\(csrf)\(codeField)
                  <button class="btn btn-outline-primary" type="submit">生成新的恢复码</button>
                </form>
                \(disable)
                """
        } else if let pending = status.pending {
            content = """
                <p>请用身份验证器应用扫描二维码，然后输入应用显示的 6 位数字确认。</p>
                \(Self.enrolmentPanel(pending, account: context.user.username))
                <form method="post" action="/account/second-factor/confirm" data-testid="confirm-form">\(csrf)\(codeField)
                  <button class="btn btn-primary" type="submit">确认绑定</button>
                </form>
                """
        } else {
            content = """
                <p data-testid="second-factor-status">状态：<span class="badge text-bg-secondary">未启用</span>\
                \(status.requiredByPolicy ? "（安全策略要求您的角色启用，下次登录时须先绑定）" : "")</p>
                <p class="text-muted small">启用后，登录时除密码外还需输入手机身份验证器应用显示的动态口令（TOTP，RFC 6238），\
                密码泄露时账户仍然安全。</p>
                <form method="post" action="/account/second-factor/begin" data-testid="begin-form">\(csrf)
                  <button class="btn btn-primary" type="submit">开始绑定身份验证器</button>
                </form>
                """
        }
        let body: HTML = """
            <h1 class="h4">\(UIText.secondFactor)</h1>
            <div style="max-width: 32rem">\(content)</div>
            """
        return Layout.page(title: UIText.secondFactor, context: context, active: "/account/second-factor", notice: notice, body: body)
    }
}
