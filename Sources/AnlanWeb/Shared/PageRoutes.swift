import AnlanCore
import Hummingbird

/// Registers the signed-in pages, each with the access it needs, enforced before its handler as `APIRoutes` does
/// for the API: a page never checks who is asking itself. Anonymous visitors were sent to the login page before
/// these routes (`RequireUserMiddleware`); a role lacking the declared permission gets the 403 page.
final class PageRoutes: @unchecked Sendable {
    /// A registered page: what the access test walks.
    struct Entry: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let access: Access
    }

    // Filled only while the application is built, on one task, then only read.
    private(set) var entries: [Entry] = []
    private let group: any RouterMethods<UserContext>

    init(group: any RouterMethods<UserContext>) {
        self.group = group
    }

    typealias Handler = @Sendable (Request, UserContext) async throws -> Response

    func get(_ path: String, _ access: Access, use handler: @escaping Handler) { on(path, .get, access, handler) }
    func post(_ path: String, _ access: Access, use handler: @escaping Handler) { on(path, .post, access, handler) }

    private func on(_ path: String, _ method: HTTPRequest.Method, _ access: Access, _ handler: @escaping Handler) {
        precondition(access != .open, "\(path): open pages are registered on the public group")
        entries.append(Entry(method: method, path: path, access: access))
        group.on(RouterPath(path), method: method) { request, context in
            try access.check(context.user)
            return try await handler(request, context)
        }
    }
}
