import AnlanCore
import Foundation
import AnlanStore
import Hummingbird

/// The context of every route that needs a signed-in user: built from `AppContext` by the router group,
/// so a handler never unwraps a user and never forgets to ask for one.
///
/// Not for routes anyone may call (login, the public draw page, the OpenAPI document): those take `AppContext`.
public struct UserContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let user: User
    public let credential: Credential
    public let remoteAddress: String?
    public let isSecure: Bool

    /// Refuses with `auth.required` when the request carried no valid session or token.
    public init(context: AppContext) throws {
        guard let user = context.user, let credential = context.credential else { throw AnlanError.unauthenticated }
        self.coreContext = context.coreContext
        self.user = user
        self.credential = credential
        self.remoteAddress = context.remoteAddress
        self.isSecure = context.isSecure
    }

    public var requestID: String { id }

    /// The caller for store operations: this user with this request's address and ID.
    public var caller: Caller { Caller(user: user, ip: remoteAddress, requestID: requestID) }

    /// The session's CSRF token (pages post it back); nil for a bearer token.
    public var csrfToken: String? {
        if case .session(let session) = credential { return session.csrfToken }
        return nil
    }
}

/// Who may call an operation, declared next to its OpenAPI description and enforced by the router
/// before the handler runs. The store's own checks stay as the last line behind it.
public enum Access: Sendable, Equatable {
    /// Anyone, signed in or not.
    case open
    /// Any signed-in user, administrators included.
    case authenticated
    /// A signed-in user whose role holds the permission.
    case permission(Permission)

    /// Refuses with `auth.forbidden` when the user's role lacks the declared permission.
    func check(_ user: User) throws {
        if case .permission(let permission) = self, !user.role.can(permission) { throw AnlanError.forbidden }
    }
}

extension RequestContext {
    /// A path parameter, or 404.
    /// A path parameter as the client meant it: percent-decoded (the router hands it over as it came in the path), so
    /// a length or a format is checked on the characters the document's schema counts.
    func pathParameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw HTTPError(.notFound) }
        return value.removingPercentEncoding ?? value
    }

    /// A path parameter that must be a UUID; anything else is the resource's own not-found error,
    /// exactly as for an ID that does not exist.
    func uuidParameter(_ name: String, notFound: AnlanError) throws -> UUID {
        guard let id = UUID(key: try pathParameter(name)) else { throw notFound }
        return id
    }
}
