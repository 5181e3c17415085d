import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Resolves the session cookie or the bearer token into the user, without requiring either.
/// Routes that need a user sit behind `RequireUserMiddleware`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer",
                let found = try await accounts.tokenUser(String(parts[1]).trimmingCharacters(in: .whitespaces))
            {
                context.user = found.user
                context.signedIn.user = found.user
                context.credential = .token(id: found.tokenID)
            }
        } else if let cookie = request.cookies[SessionCookie.name],
            let session = try await accounts.session(cookieValue: cookie.value)
        {
            context.user = session.user
            context.signedIn.user = session.user
            context.credential = .session(session)
        }
        // A browser's session must prove itself on every unsafe API call, or any page could post for it.
        if case .session(let session) = context.credential, request.uri.path.hasPrefix("/api/"),
            ![.get, .head, .options].contains(request.method),
            request.headers[.csrfToken] != session.csrfToken
        {
            throw AnlanError(.forbidden, code: "auth.csrf_invalid", message: "请求缺少有效的 CSRF 令牌。")
        }
        return try await next(request, context)
    }
}

/// Refuses requests without a user: 401 JSON under /api, a redirect to the login page elsewhere.
struct RequireUserMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws
        -> Response
    {
        guard context.user != nil else {
            if request.uri.path.hasPrefix("/api/") { throw AnlanError.unauthenticated }
            let target =
                request.uri.path == "/"
                ? "/login" : "/login?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            var response = Response.redirect(to: target, type: .found)
            if request.cookies[SessionCookie.name] != nil {
                response.setCookie(SessionCookie.expired(secure: false))
            }
            return response
        }
        return try await next(request, context)
    }
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over TLS.
enum SessionCookie {
    static let name = "anlan_session"
    static let loginCSRFName = "anlan_login_csrf"

    static func make(_ value: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func expired(secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
