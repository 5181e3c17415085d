import AnlanCore
import AnlanStore
import Hummingbird
import NIOCore

/// How the current request proved who it is.
public enum Credential: Sendable {
    case session(AccountService.ActiveSession)
    case token(id: String)
}

/// The request context of every route: the request ID (in every log line and error), the client
/// address, and, once the authentication middleware has run, the user.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String?
    public var user: User?
    public var credential: Credential?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.user = nil
        self.credential = nil
    }

    public var requestID: String { id }

    /// The caller for store operations: the user (or nobody) with this request's address and ID.
    public var caller: Caller {
        if let user { return Caller(user: user, ip: remoteAddress, requestID: requestID) }
        return .anonymous(ip: remoteAddress, requestID: requestID)
    }

    public var csrfToken: String? {
        if case .session(let session) = credential { return session.csrfToken }
        return nil
    }
}
