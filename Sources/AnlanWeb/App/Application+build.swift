import AnlanCore
import AnlanStore
import Foundation
import Hummingbird
import Logging
import Synchronization

/// The one composition root: the server and the tests build the application here.
public struct AnlanApplication {
    public let router: Router<AppContext>
    public let metrics: Metrics
    /// The documented API operations, to check against the routes.
    public let openAPIDocument: JSONValue
    /// Every signed-in page with its declared access, to check against the router.
    let pageRoutes: [PageRoutes.Entry]

    /// Assembles middleware, pages and API over a store.
    /// Scripts and styles are revalidated on every use (a 304 when unchanged), so an upgrade reaches every
    /// browser at once and never meets a stale script; images and fonts are cached for an hour.
    static let staticCaching = CacheControl([
        (MediaType(type: .application, subType: "javascript"), [.noCache]), (MediaType(type: .text, subType: "javascript"), [.noCache]),
        (MediaType(type: .text, subType: "css"), [.noCache]), (MediaType(type: .any), [.maxAge(3600)]),
    ])

    public init(store: Store, settings: WebSettings, logger: Logger) {
        let metrics = Metrics()
        let router = Router(context: AppContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: settings.trustedProxies, tls: settings.tls))
        router.add(middleware: ObservabilityMiddleware(metrics: metrics))
        router.add(middleware: SecurityHeadersMiddleware(tileURL: settings.tileURL))
        let allowedMethods = AllowedMethods()
        router.add(middleware: ErrorMiddleware(audit: store.audit, now: store.environment.now, methods: allowedMethods))
        router.add(middleware: FileMiddleware(Self.publicFolder, urlBasePath: "/static", cacheControl: Self.staticCaching, logger: logger))
        router.add(middleware: AuthenticationMiddleware(accounts: store.accounts))

        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, _ in
            let current = (try? await Migrator(database: store.database, environment: store.environment).isCurrent()) ?? false
            return Response(
                status: current ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: current ? "ready\n" : "database unreachable or migrations pending\n")))
        }
        // Request counts by route are for the operators' monitoring, not for the network at large (issue 15, item 8).
        let metricsToken = settings.metricsToken
        router.get("/metrics") { request, context in
            if let metricsToken {
                let sent = request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) } ?? ""
                guard constantTimeEqual(sent, metricsToken) else { throw HTTPError(.notFound) }
            } else {
                guard let address = context.remoteAddress, ["127.0.0.1", "::1"].contains(address) else { throw HTTPError(.notFound) }
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }

        SessionPages(store: store, settings: settings).registerPublic(router.group())
        ApplicationPages(store: store, settings: settings).registerPublic(router.group())
        PublicDrawPages(store: store).register(router.group())
        let pages = PageRoutes(group: router.group().add(middleware: RequireUserMiddleware()).group(context: UserContext.self))
        let api = APIRoutes(group: router.group("/api/v1"))
        for context in WebContexts.all.map({ $0.init(store: store, settings: settings) }) {
            context.registerPages(pages)
            context.registerAPI(api)
        }
        // The document describes itself too, so every /api/v1 route is in it.
        let documentBox = DocumentBox()
        api.addOpen(
            APIOperation(
                method: .get, path: "openapi.json", operationID: "getOpenAPIDocument", summary: "本 API 的 OpenAPI 文档", tag: "文档",
                access: .open,
                responses: [(200, "OpenAPI 3.0 文档", ["type": "object"])])
        ) { _, _ in
            try JSONResponse.make(
                await documentBox.served(codes: { try await store.divisions.names(within: .everything).map(\.code.rawValue) }))
        }
        let document = OpenAPIDocument.make(api.operations, version: settings.version)
        documentBox.document = document

        allowedMethods.fill(router.routes.map { (path: "\($0.path)", method: $0.method.rawValue) })
        self.router = router
        self.metrics = metrics
        self.openAPIDocument = document
        self.pageRoutes = pages.entries
    }

    /// Where the CSS, scripts and vendored libraries are: the resources bundled with this target.
    static var publicFolder: String {
        (Bundle.module.resourcePath ?? ".") + "/Public"
    }
}

/// Holds the OpenAPI document, which is complete only after every route, its own included, is added.
private final class DocumentBox: @unchecked Sendable {
    // Written once while building the application, before the server accepts requests.
    var document: JSONValue = .null
    private let cache = Mutex<(at: Date, codes: [String], document: JSONValue)?>(nil)

    /// The document as served: every division-code field refers to a schema listing the county's codes of its level as
    /// they are now (`OpenAPIDocument.listingDivisionCodes`), and the request text rules are declared (`OpenAPIText`),
    /// issue 15, item 13. The codes are re-read at most once a minute; the document is rebuilt only when they changed.
    func served(codes: () async throws -> [String]) async throws -> JSONValue {
        if let hit = cache.withLock({ $0 }), Date().timeIntervalSince(hit.at) < 60 { return hit.document }
        let current = try await codes()
        if let hit = cache.withLock({ $0 }), hit.codes == current {
            cache.withLock { $0 = (Date(), current, hit.document) }
            return hit.document
        }
        let served = OpenAPIText.declared(OpenAPIDocument.listingDivisionCodes(document, codes: current))
        cache.withLock { $0 = (Date(), current, served) }
        return served
    }
}

/// Headers every response carries: no framing, no sniffing, scripts only from this site.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let contentSecurityPolicy: String

    init(tileURL: String?) {
        var images = "'self' data:"
        if let source = tileURL.flatMap(Self.imageSource) { images += " " + source }
        contentSecurityPolicy =
            "default-src 'self'; img-src \(images); style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    }

    /// The CSP source of a tile URL template: "https://t{s}.tianditu.gov.cn/…" gives "https://*.tianditu.gov.cn".
    static func imageSource(_ template: String) -> String? {
        guard let schemeEnd = template.range(of: "://") else { return nil }
        let scheme = template[..<schemeEnd.lowerBound]
        let rest = template[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        guard ["http", "https"].contains(scheme), !host.isEmpty else { return nil }
        let labels = host.split(separator: ".").map { $0.contains("{") ? "*" : String($0) }
        return "\(scheme)://" + labels.joined(separator: ".")
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        // Once a browser has reached Anlan over TLS it keeps to TLS for a year (only said over TLS, as RFC 6797 §7.2
        // requires).
        if context.isSecure { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

/// Works out who the client is (issue 15, item 8): behind a trusted reverse proxy, the address the proxy forwarded (the
/// right-most address in `X-Forwarded-For` that is not itself a trusted proxy) and whether the proxy was reached over
/// TLS; from any other peer those headers are ignored, as a client could write them.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let trustedProxies: Set<String>
    let tls: Bool

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws
        -> Response
    {
        var context = context
        (context.remoteAddress, context.isSecure) = client(
            peer: context.peerAddress, forwardedFor: request.headers[values: .init("X-Forwarded-For")!],
            forwardedProto: request.headers[.init("X-Forwarded-Proto")!])
        return try await next(request, context)
    }

    /// The client's address and whether it came over TLS, from the socket's peer and the proxy headers.
    func client(peer: String?, forwardedFor: [String], forwardedProto: String?) -> (address: String?, secure: Bool) {
        guard let peer, trustedProxies.contains(peer) else { return (peer, tls) }
        let chain = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return (chain.last { !trustedProxies.contains($0) } ?? chain.first ?? peer, tls || forwardedProto?.lowercased() == "https")
    }
}
