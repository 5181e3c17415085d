import Foundation

/// A person's account.
public struct User: Sendable, Hashable {
    public let id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var divisionCode: DivisionCode
    public var phone: String?
    /// Where e-mail notifications go.
    public var email: String?
    /// 执法证号, for inspectors.
    public var certificateNumber: String?
    /// The enterprise an enterprise officer belongs to; nil for everyone else.
    public var enterpriseID: UUID?
    public var isActive: Bool
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var lastLoginAt: Date?
    public var createdAt: Date
    /// When the password was last set (for the policy's maximum age).
    public var passwordChangedAt: Date?
    /// Whether the account proves a second factor (TOTP) at login.
    public var secondFactorEnabled = false

    public init(
        id: UUID, username: String, displayName: String, role: Role, divisionCode: DivisionCode,
        phone: String? = nil, certificateNumber: String? = nil, isActive: Bool = true, failedLogins: Int = 0,
        lockedUntil: Date? = nil, lastLoginAt: Date? = nil, createdAt: Date, enterpriseID: UUID? = nil, email: String? = nil,
        passwordChangedAt: Date? = nil
    ) {
        self.passwordChangedAt = passwordChangedAt
        self.email = email
        self.enterpriseID = enterpriseID
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.divisionCode = divisionCode
        self.phone = phone
        self.certificateNumber = certificateNumber
        self.isActive = isActive
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.lastLoginAt = lastLoginAt
        self.createdAt = createdAt
    }

    public var jurisdiction: Jurisdiction { Jurisdiction(divisionCode) }

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }
}

/// An e-mail address as accounts keep it and SMTP carries it: local@domain, at most 254 characters, printable ASCII
/// without spaces, quotes or angle brackets, and a domain of dotted labels (RFC 5321's ordinary addresses).
public enum EmailAddress {
    public static let maximumLength = 254

    public static func isValid(_ text: String) -> Bool {
        guard text.utf8.count <= maximumLength, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at], domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        guard local.allSatisfy({ allowedLocal.contains($0) }), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return false
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        let allowedLabel = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy { allowedLabel.contains($0) } && !label.hasPrefix("-")
                && !label.hasSuffix("-")
        }
    }

    public static let invalid = AccountErrors.emailInvalid
}

/// Usernames: 3–32 characters of ASCII letters, digits, dot, dash and underscore, starting with a letter.
public enum Username {
    public static func validate(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.value >= 97 && $0.value <= 122) || ($0.value >= 65 && $0.value <= 90)
                || ($0.value >= 48 && $0.value <= 57) || $0 == "." || $0 == "-" || $0 == "_"
        }
        guard (3...32).contains(name.codePoints), allowed, let first = name.unicodeScalars.first,
            (first.value >= 97 && first.value <= 122) || (first.value >= 65 && first.value <= 90)
        else {
            throw AccountErrors.usernameInvalid
        }
        return name
    }
}

/// Turns passwords into stored hashes and checks them. Implemented with bcrypt in `AnlanWeb`.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async throws -> Bool
    /// A hash of the same work factor as real ones, checked when the username is unknown so that
    /// the answer takes as long as for a known account and does not reveal which names exist.
    var unknownUserHash: String { get }
}

/// Who is asking, for jurisdiction checks and for the audit record.
public struct Caller: Sendable {
    public let userID: UUID?
    public let username: String?
    public let role: Role?
    public let jurisdiction: Jurisdiction
    /// For an enterprise officer: the one enterprise whose rows they may see.
    public let enterpriseID: UUID?
    public let ip: String?
    public let requestID: String?

    public init(
        userID: UUID?, username: String?, role: Role?, jurisdiction: Jurisdiction, ip: String?, requestID: String?,
        enterpriseID: UUID? = nil
    ) {
        self.enterpriseID = enterpriseID
        self.userID = userID
        self.username = username
        self.role = role
        self.jurisdiction = jurisdiction
        self.ip = ip
        self.requestID = requestID
    }

    public init(user: User, ip: String?, requestID: String?) {
        self.init(
            userID: user.id, username: user.username, role: user.role, jurisdiction: user.jurisdiction, ip: ip,
            requestID: requestID, enterpriseID: user.role == .enterpriseOfficer ? user.enterpriseID : nil)
    }

    /// The operator at the server's console (`anlan users create`, `anlan demo`).
    public static func console(_ what: String) -> Caller {
        Caller(userID: nil, username: "console:\(what)", role: nil, jurisdiction: .everything, ip: nil, requestID: nil)
    }

    /// A login attempt under `username`, not (yet) proven: the audit record names the account tried, so searching the
    /// log for an account finds its failed logins and lockouts. Sees nothing.
    public func attempting(_ username: String) -> Caller {
        Caller(userID: nil, username: username, role: nil, jurisdiction: .nothing, ip: ip, requestID: requestID)
    }

    /// Someone not yet logged in (a login attempt).
    public static func anonymous(ip: String?, requestID: String?) -> Caller {
        Caller(userID: nil, username: nil, role: nil, jurisdiction: Jurisdiction.nothing, ip: ip, requestID: requestID)
    }

    /// Refuses the caller unless their role grants the permission. The console (the operator at the
    /// server, who could edit the database file anyway) passes every check.
    public func require(_ permission: Permission) throws {
        if isConsole { return }
        guard let role, role.can(permission) else { throw AnlanError.forbidden }
    }
}

extension Caller {
    /// The operator at the server's console: no user, no limit of jurisdiction.
    public var isConsole: Bool { userID == nil && role == nil && jurisdiction == .everything }
}
