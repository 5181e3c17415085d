import AnlanCore
import AnlanStore
import Hummingbird
import NIOCore
import Synchronization

/// How the current request proved who it is.
public enum Credential: Sendable {
    case session(AccountService.ActiveSession)
    case token(id: String)
}

/// The request context of every route: the request ID (in every log line and error), the client
/// address, and, once the authentication middleware has run, the user.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address: the socket's peer, or, when the peer is a trusted proxy, the address it forwarded
    /// (`ClientAddressMiddleware`). This is what the audit log records.
    public internal(set) var remoteAddress: String?
    /// The socket's peer itself.
    public let peerAddress: String?
    /// Whether the request came over TLS: to this server, or to a trusted proxy that says so (`X-Forwarded-Proto`).
    public internal(set) var isSecure = false
    public var user: User?
    public var credential: Credential?
    /// Who the request turned out to be, for the request's log line: the outermost middleware holds a copy of the
    /// context made before authentication, so the name is passed back through this shared box.
    let signedIn = SignedIn()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.peerAddress = self.remoteAddress
        self.user = nil
        self.credential = nil
    }

    public var requestID: String { id }

    final class SignedIn: Sendable {
        private let found = Mutex<User?>(nil)
        var user: User? {
            get { found.withLock { $0 } }
            set { found.withLock { $0 = newValue } }
        }
        var username: String? { user?.username }
    }

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
