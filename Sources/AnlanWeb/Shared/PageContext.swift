import AnlanCore
import Hummingbird

/// What the page frame and forms need from a request's context: who is signed in and the session's CSRF token.
/// Both `AppContext` (public pages) and `UserContext` (signed-in pages) provide it.
protocol PageContext: RequestContext {
    var signedInUser: User? { get }
    var csrfToken: String? { get }
}

extension AppContext: PageContext {
    var signedInUser: User? { user }
}

extension UserContext: PageContext {
    var signedInUser: User? { user }
}
