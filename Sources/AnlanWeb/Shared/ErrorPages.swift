import Foundation
import Hummingbird

/// Error pages: what went wrong in Chinese, with the request ID, never internals.
enum ErrorPages {
    static func response(for failure: Failure, request: Request, context: AppContext) -> Response {
        if failure.status == .unauthorized {
            return Response.redirect(to: "/login", type: .found)
        }
        let title: String
        let message: String
        switch failure.status {
        case .notFound:
            title = UIText.notFoundTitle
            message = UIText.notFoundBody
        case .forbidden:
            title = UIText.forbiddenTitle
            message = failure.message
        case let s where s.code >= 500:
            title = UIText.errorTitle
            message = UIText.errorBody
        default:
            // A 4xx is the request's fault (a bad page number, an unknown kind): say so, with what was wrong.
            title = "请求有误"
            message = failure.message
        }
        let body: HTML = """
            <div class="container py-5" style="max-width: 40rem">
              <h1 class="h3" data-testid="error-title">\(title)</h1>
              <p>\(message)</p>
              <p class="text-muted small">\(UIText.requestID)：<code data-testid="request-id">\(context.requestID)</code></p>
              <a class="btn btn-primary" href="/">\(UIText.backHome)</a>
            </div>
            """
        var response = Layout.document(title: title, body: body).response(status: failure.status)
        response.headers[.requestID] = context.requestID
        return response
    }
}
