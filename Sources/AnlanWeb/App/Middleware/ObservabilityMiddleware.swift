import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// Outermost middleware: puts the request ID on the response, logs one line per request and records
/// metrics by the matched route (never the raw path, whose IDs would make unbounded series).
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: Metrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code), "ms": .stringConvertible(Int(seconds * 1000)),
                "user": .string(context.signedIn.username ?? "-"),
            ])
        return response
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
    static let csrfToken = Self("X-CSRF-Token")!
}
