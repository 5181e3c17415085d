import AnlanCore
import AnlanStore
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Turns every error into the answer people and programs expect: JSON {"code","message","requestId"}
/// under /api, a Chinese page elsewhere. Internals are logged, never shown.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// Where refused requests are recorded (403, and 401 to presented credentials); nil records none.
    var audit: AuditLog? = nil
    var now: @Sendable () -> Date = { Date() }
    /// The routed methods of each path: a path that exists answers an unrouted method with 405 and `Allow`.
    var methods: AllowedMethods? = nil

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var failure = Failure(error)
            var allow: [String] = []
            if failure.code == "route.not_found", let methods {
                // A path routed for other methods only; a routed method's own 404 (a record, /metrics) stays 404.
                allow = methods.allowed(request.uri.path)
                if allow.contains(request.method.rawValue) { allow = [] }
                if !allow.isEmpty {
                    failure = Failure(status: .methodNotAllowed, code: "route.method_not_allowed", message: "该地址不支持此请求方法。")
                }
            }
            if failure.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": .string(String(reflecting: error))])
            } else {
                context.logger.notice("request refused", metadata: ["code": .string(failure.code)])
            }
            let presented = request.headers[.authorization] != nil || request.cookies[SessionCookie.name] != nil
            if let audit, failure.status == .forbidden || (failure.status == .unauthorized && presented) {
                let anonymous = Caller.anonymous(ip: context.remoteAddress, requestID: context.requestID)
                let caller = context.signedIn.username.map { anonymous.attempting($0) } ?? anonymous
                try? await audit.recordRefusal(
                    status: Int(failure.status.code), code: failure.code, method: request.method.rawValue, path: request.uri.path,
                    by: caller, at: now())
            }
            if let audit, failure.status == .notFound, failure.code != "route.not_found", let user = context.signedIn.user {
                await recordOutOfScope(failure, request: request, user: user, audit: audit, context: context)
            }
            var response =
                request.uri.path.hasPrefix("/api/")
                ? failure.jsonResponse(requestID: context.requestID) : ErrorPages.response(for: failure, request: request, context: context)
            if !allow.isEmpty { response.headers[.allow] = allow.joined(separator: ", ") }
            return response
        }
    }
}

extension ErrorMiddleware {
    /// A 404 that hid a record outside the caller's jurisdiction is audited; the answer stays the plain 404.
    func recordOutOfScope(_ failure: Failure, request: Request, user: User, audit: AuditLog, context: AppContext) async {
        let ids = request.uri.path.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
        guard !ids.isEmpty else { return }
        let caller = Caller(user: user, ip: context.remoteAddress, requestID: context.requestID)
        do {
            guard let record = try await audit.outOfScope(ids, for: caller) else { return }
            try await audit.recordOutOfScope(
                record, code: failure.code, method: request.method.rawValue, path: request.uri.path, by: caller, at: now())
        } catch {
            context.logger.warning("could not audit an out-of-jurisdiction request", metadata: ["error": .string("\(error)")])
        }
    }
}

/// An error reduced to what may be shown: status, stable code, Chinese message.
struct Failure: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let details: [String: String]?

    init(status: HTTPResponse.Status, code: String, message: String, details: [String: String]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    init(_ error: any Error) {
        switch error {
        case let error as Failure:
            self = error
        case let error as AnlanError:
            self.init(status: Self.status(error.kind), code: error.code, message: error.message, details: error.details)
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                self.init(status: .notFound, code: "route.not_found", message: "请求的地址不存在。")
            case .methodNotAllowed:
                self.init(status: .methodNotAllowed, code: "route.method_not_allowed", message: "该地址不支持此请求方法。")
            case .contentTooLarge:
                self.init(status: .contentTooLarge, code: "request.too_large", message: "请求内容过大。")
            case .unauthorized:
                self.init(status: .unauthorized, code: "auth.required", message: "请先登录。")
            case let status where status.code < 500:
                self.init(status: status, code: "request.invalid", message: "请求格式不正确。")
            default:
                self.init(status: .internalServerError, code: "internal.error", message: "服务器内部错误。")
            }
        case is NIOTooManyBytesError:
            // A body over the route's limit (`collect(upTo:)`): the client's fault, answered like Hummingbird's own limit.
            self.init(status: .contentTooLarge, code: "request.too_large", message: "请求内容过大。")
        case let error as HTTPParserError where error == .invalidEOFState:
            // The connection closed while its request was still being read (a client gone, or closed when it stalled).
            self.init(status: .badRequest, code: "request.incomplete", message: "请求内容不完整：连接在请求传完之前已断开。")
        case is DecodingError:
            self.init(status: .badRequest, code: "request.invalid_body", message: "请求内容不是有效的 JSON，或缺少必填字段。")
        default:
            self.init(status: .internalServerError, code: "internal.error", message: "服务器内部错误，请稍后重试。")
        }
    }

    static func status(_ kind: AnlanError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .badRequest: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .unprocessable: .unprocessableContent
        case .tooManyRequests: .tooManyRequests
        case .tooLarge: .contentTooLarge
        }
    }

    struct Body: Encodable {
        let code: String
        let message: String
        let requestId: String
        let details: [String: String]?
    }

    /// Seconds to wait, from a refusal that says until when (`details.retryAfterSeconds`).
    var retryAfter: Int? { details?["retryAfterSeconds"].flatMap(Int.init) }

    func jsonResponse(requestID: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(code: code, message: message, requestId: requestID, details: details))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .requestID: requestID]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let seconds = retryAfter { headers[.retryAfter] = String(seconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
