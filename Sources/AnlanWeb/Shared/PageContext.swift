import AnlanCore
import Hummingbird

/// What the page frame and forms need from a request's context: who is signed in and the session's CSRF token.
/// Both `AppContext` (public pages) and `UserContext` (signed-in pages) provide it.
protocol PageContext: RequestContext {
    var signedInUser: User? { get }
    var csrfToken: String? { get }
    /// Whether the request came over TLS (here, or to a trusted proxy).
    var requestIsSecure: Bool { get }
}

extension AppContext: PageContext {
    var signedInUser: User? { user }
    var requestIsSecure: Bool { isSecure }
}

extension UserContext: PageContext {
    var signedInUser: User? { user }
    var requestIsSecure: Bool { isSecure }
}
