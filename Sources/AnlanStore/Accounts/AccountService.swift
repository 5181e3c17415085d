import AnlanCore
import Crypto
import Foundation
import SQLKit
import Synchronization

/// Accounts, logins, sessions and API tokens. Every change is audited in its own transaction.
public struct AccountService: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let settings: SettingsRepository
    let divisions: DivisionRepository
    let hasher: any PasswordHasher
    let users = ScopedTable(name: "users", divisionColumn: "division_code")
    /// Live bearer tokens by digest, for 10 seconds: every API call presents one. Revoking a token or
    /// changing an account clears it here at once; another node stops honouring it within 10 seconds.
    let tokens = ExpiringCache<String, CachedToken>(lifetime: 10)
    /// Failed logins by source, in this node's memory.
    let throttle = Throttle()

    /// A home for the node's `LoginThrottle`, shared by every copy of the service.
    final class Throttle: Sendable {
        private let state = Mutex(LoginThrottle())
        func withLock<T>(_ body: (inout LoginThrottle) -> T) -> T { state.withLock { body(&$0) } }
    }

    struct CachedToken: Sendable {
        let user: User
        let tokenID: String
        let expiresAt: Date
    }

    /// Every account change runs here; afterwards no cached token may vouch for the old state.
    func write<T: Sendable>(by caller: Caller, _ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        defer { tokens.removeAll() }
        return try await database.write(by: caller, at: environment.now(), audit: audit, body)
    }

    // MARK: - Managing accounts

    /// A new account as the system administrator (or the console) describes it.
    public struct NewUser: Sendable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var divisionCode: DivisionCode
        public var password: String
        public var phone: String?
        public var email: String?
        public var certificateNumber: String?
        /// An enterprise officer's enterprise, by its 统一社会信用代码 (required for that role, refused for others).
        public var enterpriseCreditCode: String?

        public init(
            username: String, displayName: String, role: Role, divisionCode: DivisionCode, password: String,
            phone: String? = nil, certificateNumber: String? = nil, enterpriseCreditCode: String? = nil, email: String? = nil
        ) {
            self.email = email
            self.enterpriseCreditCode = enterpriseCreditCode
            self.username = username
            self.displayName = displayName
            self.role = role
            self.divisionCode = divisionCode
            self.password = password
            self.phone = phone
            self.certificateNumber = certificateNumber
        }
    }

    /// Creates an account. The system administrator may create business accounts in their
    /// jurisdiction; only the console creates administrators.
    public func create(_ new: NewUser, by caller: Caller) async throws -> User {
        try requireAccountManager(caller, assigning: new.role)
        let username = try Username.validate(new.username)
        let displayName = try Self.validDisplayName(new.displayName)
        let policy = try await settings.securityPolicy(now: environment.now())
        try policy.checkPassword(new.password, username: username)
        try users.requireWritable(new.divisionCode, by: caller)
        let hash = try await hasher.hash(new.password)
        let id = environment.newID()
        let phone = Self.trimmedOrNil(new.phone)
        let email = try Self.validEmail(new.email)
        let certificate = Self.trimmedOrNil(new.certificateNumber)
        let creditCode = Self.trimmedOrNil(new.enterpriseCreditCode)
        return try await write(by: caller) { tx in
            guard try await divisions.lookup(new.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(new.divisionCode) 不存在或不在您的辖区内。")
            }
            let enterpriseID = try await Self.enterprise(for: new.role, creditCode: creditCode, by: caller, on: tx.sql)
            if try await tx.sql.select().column("id").from("users").where("username", .equal, SQLBind(username)).first() != nil {
                throw AccountErrors.usernameTaken(username)
            }
            let user = User(
                id: id, username: username, displayName: displayName, role: new.role, divisionCode: new.divisionCode,
                phone: phone, certificateNumber: certificate, createdAt: tx.now, enterpriseID: enterpriseID, email: email)
            try await Self.insert(user, passwordHash: hash, on: tx)
            try await tx.record(
                AuditEvent(
                    action: "user.create", targetType: "user", targetID: user.id.key,
                    after: auditJSON(UserSnapshot(user))))
            return user
        }
    }

    /// Stores a new, active account with its password hash: the one insert behind `create` and an approved application.
    static func insert(_ user: User, passwordHash: String, on tx: Transaction) async throws {
        let now = Timestamp.string(tx.now)
        try await tx.sql.insert(into: "users")
            .columns(
                "id", "username", "display_name", "role", "division_code", "phone", "certificate_number", "password_hash", "is_active",
                "failed_logins", "locked_until", "password_changed_at", "last_login_at", "created_at", "updated_at", "enterprise_id",
                "email"
            )
            .values(
                SQLBind.id(user.id), SQLBind(user.username), SQLBind(user.displayName), SQLBind(user.role.rawValue),
                SQLBind(user.divisionCode.rawValue), SQLBind(user.phone), SQLBind(user.certificateNumber), SQLBind(passwordHash),
                SQLBind(1),
                SQLBind(0), SQLBind(String?.none), SQLBind(now), SQLBind(String?.none), SQLBind(now), SQLBind(now),
                SQLBind.id(user.enterpriseID), SQLBind(user.email)
            )
            .run()
    }

    /// What the system administrator may change about an account. Nil leaves a field as it is.
    public struct Change: Sendable {
        public var displayName: String?
        public var role: Role?
        public var divisionCode: DivisionCode?
        public var isActive: Bool?
        public var phone: String?
        /// "" clears it.
        public var email: String?
        public var certificateNumber: String?
        /// Clears a lockout and the failure count.
        public var unlock: Bool
        /// An enterprise officer's enterprise by its 统一社会信用代码; "" unlinks; nil leaves it.
        public var enterpriseCreditCode: String?

        public init(
            displayName: String? = nil, role: Role? = nil, divisionCode: DivisionCode? = nil, isActive: Bool? = nil,
            phone: String? = nil, certificateNumber: String? = nil, unlock: Bool = false, enterpriseCreditCode: String? = nil,
            email: String? = nil
        ) {
            self.email = email
            self.enterpriseCreditCode = enterpriseCreditCode
            self.displayName = displayName
            self.role = role
            self.divisionCode = divisionCode
            self.isActive = isActive
            self.phone = phone
            self.certificateNumber = certificateNumber
            self.unlock = unlock
        }
    }

    /// Changes an account. A role change is audited as a permission change; deactivating ends the
    /// account's sessions and revokes its tokens in the same transaction.
    public func update(id: UUID, _ change: Change, by caller: Caller) async throws -> User {
        try requireAccountManager(caller, assigning: change.role)
        let displayName = try change.displayName.map(Self.validDisplayName)
        let email = try change.email.map { try Self.validEmail($0) }
        if let code = change.divisionCode { try users.requireWritable(code, by: caller) }
        return try await write(by: caller) { tx in
            let before = try await fetchUser(id: id, within: caller.jurisdiction, on: tx.sql)
            try requireManageable(before.user, by: caller)
            var after = before.user
            if let displayName { after.displayName = displayName }
            if let role = change.role { after.role = role }
            if let code = change.divisionCode {
                guard try await divisions.lookup(code, on: tx.sql) != nil else {
                    throw AnlanError.notFound("division.not_found", "区划 \(code) 不存在或不在您的辖区内。")
                }
                after.divisionCode = code
            }
            if let isActive = change.isActive { after.isActive = isActive }
            if let phone = change.phone { after.phone = Self.trimmedOrNil(phone) }
            if let email { after.email = email }
            if let certificate = change.certificateNumber { after.certificateNumber = Self.trimmedOrNil(certificate) }
            if change.unlock {
                after.lockedUntil = nil
                after.failedLogins = 0
            }
            // The enterprise follows the role: kept, changed or cleared (a role other than enterprise officer has none).
            if let code = change.enterpriseCreditCode {
                after.enterpriseID = try await Self.enterprise(for: after.role, creditCode: Self.trimmedOrNil(code), by: caller, on: tx.sql)
            } else if after.role != .enterpriseOfficer {
                after.enterpriseID = nil
            }
            try await users.update(tx.sql, within: caller.jurisdiction)
                .set("display_name", to: SQLBind(after.displayName)).set("role", to: SQLBind(after.role.rawValue))
                .set("division_code", to: SQLBind(after.divisionCode.rawValue))
                .set("is_active", to: SQLBind(after.isActive ? 1 : 0)).set("phone", to: SQLBind(after.phone))
                .set("email", to: SQLBind(after.email))
                .set("certificate_number", to: SQLBind(after.certificateNumber))
                .set("failed_logins", to: SQLBind(after.failedLogins))
                .set("locked_until", to: SQLBind(after.lockedUntil.map(Timestamp.string)))
                .set("enterprise_id", to: SQLBind.id(after.enterpriseID))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            let action: String
            if before.user.role != after.role || before.user.divisionCode != after.divisionCode
                || before.user.enterpriseID != after.enterpriseID
            {
                action = "user.permission_change"
            } else if change.unlock && before.user.lockedUntil != nil {
                action = "user.unlock"
            } else {
                action = "user.update"
            }
            if before.user.isActive && !after.isActive || before.user.role != after.role || before.user.enterpriseID != after.enterpriseID {
                try await endAllAccess(userID: id, on: tx)
            }
            try await tx.record(
                AuditEvent(
                    action: action, targetType: "user", targetID: id.key,
                    before: auditJSON(UserSnapshot(before.user)), after: auditJSON(UserSnapshot(after))))
            return after
        }
    }

    /// The enterprise an account of `role` keeps, by its credit code: for an enterprise officer, an enterprise within the
    /// administrator's jurisdiction (none yet: the account sees nothing until linked); refused for any other role.
    static func enterprise(for role: Role, creditCode: String?, by caller: Caller, on sql: any SQLDatabase) async throws -> UUID? {
        guard role == .enterpriseOfficer else {
            if creditCode != nil {
                throw AccountErrors.notEnterpriseOfficer(field: "enterpriseCreditCode")
            }
            return nil
        }
        guard let creditCode else { return nil }
        let code = creditCode.uppercased()
        guard
            let row = try await sql.select().columns("id", "division_code").from("enterprises").where("credit_code", .equal, SQLBind(code))
                .where("archived_at", .is, SQLLiteral.null).first(),
            let division = try? DivisionCode(try row.decode(column: "division_code", as: String.self)),
            caller.jurisdiction.contains(division)
        else {
            throw EnterpriseErrors.notFound(creditCode: code)
        }
        return try row.decodeID("id")
    }

    /// The name and credit code of an officer's enterprise, for the account form (the system administrator reads no
    /// business data otherwise).
    public func enterpriseSummary(_ id: UUID) async throws -> (name: String, creditCode: String?)? {
        guard
            let row = try await database.reader.select().columns("name", "credit_code").from("enterprises").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { return nil }
        return (try row.decode(column: "name", as: String.self), try row.decode(column: "credit_code", as: String?.self))
    }

    /// Links an enterprise officer to the enterprise whose file they keep (or unlinks with nil).
    public func linkEnterprise(userID: UUID, enterpriseID: UUID?, by caller: Caller) async throws {
        try requireAccountManager(caller, assigning: nil)
        try await write(by: caller) { tx in
            let target = try await fetchUser(id: userID, within: caller.jurisdiction, on: tx.sql).user
            guard target.role == .enterpriseOfficer else {
                throw AccountErrors.notEnterpriseOfficer(field: "enterpriseId")
            }
            if let enterpriseID {
                guard
                    try await tx.sql.select().column("id").from("enterprises")
                        .where("id", .equal, SQLBind.id(enterpriseID)).first() != nil
                else { throw EnterpriseErrors.notFound }
            }
            try await users.update(tx.sql, within: caller.jurisdiction)
                .set("enterprise_id", to: SQLBind.id(enterpriseID))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(userID)).run()
            try await endAllAccess(userID: userID, on: tx)
            try await tx.record(
                AuditEvent(
                    action: "user.permission_change", targetType: "user", targetID: userID.key,
                    before: auditJSON(["enterpriseId": target.enterpriseID?.key]),
                    after: auditJSON(["enterpriseId": enterpriseID?.key])))
        }
    }

    /// Sets a new password for someone else (the system administrator) and ends their sessions.
    public func resetPassword(id: UUID, to password: String, by caller: Caller) async throws {
        try requireAccountManager(caller, assigning: nil)
        let target = try await fetchUser(id: id, within: caller.jurisdiction, on: database.reader).user
        try requireManageable(target, by: caller)
        try await replacePassword(of: target, with: password, action: "user.password_reset", keeping: nil, by: caller)
    }

    /// A user changes their own password, proving the old one. Their other sessions end and their API tokens are
    /// revoked (whoever knew the old password is out); the session they changed it from (`keeping`) goes on.
    public func changeOwnPassword(user: User, current: String, new: String, keeping sessionID: String? = nil, caller: Caller)
        async throws
    {
        let stored = try await fetchUser(id: user.id, within: .everything, on: database.reader)
        guard try await hasher.verify(current, hash: stored.passwordHash) else {
            throw AnlanError.invalid("password.current_wrong", "当前密码不正确。", field: "currentPassword")
        }
        guard current != new else {
            throw AnlanError.invalid("password.unchanged", "新密码不能与当前密码相同。", field: "newPassword")
        }
        try await replacePassword(of: user, with: new, action: "user.password_change", keeping: sessionID, by: caller)
    }

    /// A user whose password has passed the policy's maximum age sets a new one at login, proving the old one as a login
    /// does (the same throttle, the same answer to a wrong one); then they are logged in.
    public func changeExpiredPassword(username: String, current: String, new: String, caller: Caller) async throws -> LoginStep {
        do {
            return try await authenticate(username: username, password: current, caller: caller)
        } catch let error as AnlanError where error.code == "auth.password_expired" {
            guard current != new else {
                throw AnlanError.invalid("password.unchanged", "新密码不能与当前密码相同。", field: "newPassword")
            }
            guard let user = try await find(username: username.trimmingCharacters(in: .whitespaces)) else { throw error }
            try await replacePassword(
                of: user, with: new, action: "user.password_change", keeping: nil,
                by: Caller(user: user, ip: caller.ip, requestID: caller.requestID))
            return try await authenticate(username: user.username, password: new, caller: caller)
        }
    }

    /// Sets a password after the policy's checks: its strength, and not one of the account's last `passwordHistory`
    /// passwords (the current one included). The replaced hash joins the history; every session but `keeping` ends and
    /// every API token is revoked.
    private func replacePassword(of user: User, with password: String, action: String, keeping sessionID: String?, by caller: Caller)
        async throws
    {
        let policy = try await settings.securityPolicy(now: environment.now())
        try policy.checkPassword(password, username: user.username)
        if policy.passwordHistory > 0 {
            let current = try await fetchUser(id: user.id, within: .everything, on: database.reader).passwordHash
            let earlier = try await database.reader.select().column("password_hash").from("password_history")
                .where("user_id", .equal, SQLBind.id(user.id)).orderBy("seq", .descending).limit(policy.passwordHistory - 1).all()
                .map { try $0.decode(column: "password_hash", as: String.self) }
            for hash in [current] + earlier where try await hasher.verify(password, hash: hash) {
                throw AnlanError.invalid(
                    "password.reused", "新密码不能与最近 \(policy.passwordHistory) 次使用过的密码相同。", field: "newPassword")
            }
        }
        let hash = try await hasher.hash(password)
        try await write(by: caller) { tx in
            if let old = try await tx.sql.select().column("password_hash").from("users").where("id", .equal, SQLBind.id(user.id))
                .first(decodingColumn: "password_hash", as: String.self)
            {
                let seq =
                    (try await tx.sql.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM password_history WHERE user_id = \(bind: user.id.key)")
                        .first(decodingColumn: "n", as: Int.self) ?? 0) + 1
                try await tx.sql.insert(into: "password_history").columns("user_id", "seq", "password_hash", "replaced_at")
                    .values(SQLBind.id(user.id), SQLBind(seq), SQLBind(old), SQLBind(Timestamp.string(tx.now))).run()
            }
            try await storePassword(hash, userID: user.id, on: tx)
            try await endAllAccess(userID: user.id, except: sessionID, on: tx)
            try await tx.record(AuditEvent(action: action, targetType: "user", targetID: user.id.key))
        }
    }

    public func list(role: Role? = nil, query: String? = nil, page: PageRequest, by caller: Caller) async throws -> Page<User> {
        try requireAccountManager(caller, assigning: nil)
        func apply(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var select = select
            if let role { select = select.where("role", .equal, SQLBind(role.rawValue)) }
            if let q = query?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
                let pattern = "%" + DivisionRepository.escapeLike(q) + "%"
                select = select.where { $0.where("username", .like, SQLBind(pattern)).orWhere("display_name", .like, SQLBind(pattern)) }
            }
            return select
        }
        let total = try await users.count(database.reader, within: caller.jurisdiction, apply)
        let rows = try await apply(users.select(database.reader, within: caller.jurisdiction).column("*"))
            .orderBy("username").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map { try Self.decodeUser($0).user }, total: total, request: page)
    }

    public func get(id: UUID, by caller: Caller) async throws -> User {
        try requireAccountManager(caller, assigning: nil)
        return try await fetchUser(id: id, within: caller.jurisdiction, on: database.reader).user
    }

    /// Active inspectors and leaders holding an enforcement certificate (执法证) in a county (the first six
    /// digits of its code): who may be sent to inspect, and drawn. Not limited by the caller's
    /// jurisdiction: a township officer's enterprises are inspected by the county's inspectors.
    public func certifiedInspectors(county: String) async throws -> [User] {
        try await database.reader.select().column("*").from("users")
            .where("role", .in, SQLBind.group([Role.inspector.rawValue, Role.bureauLeader.rawValue]))
            .where("is_active", .equal, SQLBind(1)).where(
                SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(String(county.prefix(6)))
            )
            .orderBy("username").all()
            .map { try Self.decodeUser($0).user }
            .filter { !($0.certificateNumber ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The named officers who hold the county's enforcement certificate, in the order named, and the names that do not:
    /// who may inspect, question or survey together (行政处罚法 Art. 42: 执法人员不得少于两人). Names are trimmed.
    public func certifiedOfficers(_ usernames: [String], county: String) async throws -> (officers: [User], uncertified: [String]) {
        let certified = Dictionary(
            try await certifiedInspectors(county: county).map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })
        let names = usernames.map { $0.trimmingCharacters(in: .whitespaces) }
        return (names.compactMap { certified[$0] }, names.filter { certified[$0] == nil })
    }

    /// The people behind login names, as pages show them: a record keeps the username (stable), a page shows the
    /// person's name. A name not found (an account since removed) is left out; callers fall back to the username.
    public func displayNames(of usernames: some Sequence<String>) async throws -> [String: String] {
        try await people(of: usernames).mapValues(\.name)
    }

    /// A person as a page or a public notice names them: name, and the 执法证号 of a certified inspector.
    public struct Person: Sendable, Hashable {
        public let name: String
        public let certificateNumber: String?

        /// "王强（执法证号 33052900001）", or the name alone.
        public var withCertificate: String {
            guard let number = certificateNumber, !number.isEmpty else { return name }
            return "\(name)（执法证号 \(number)）"
        }
    }

    public func people(of usernames: some Sequence<String>) async throws -> [String: Person] {
        let names = Array(Set(usernames))
        guard !names.isEmpty else { return [:] }
        let rows = try await database.reader.select().columns("username", "display_name", "certificate_number").from("users")
            .where("username", .in, SQLBind.group(names)).all()
        return Dictionary(
            try rows.map {
                (
                    try $0.decode(column: "username", as: String.self),
                    Person(
                        name: try $0.decode(column: "display_name", as: String.self),
                        certificateNumber: try $0.decodeOptional("certificate_number", as: String.self))
                )
            }, uniquingKeysWith: { a, _ in a })
    }

    /// An account by name, for the console.
    public func find(username: String) async throws -> User? {
        try await database.reader.select().column("*").from("users").where("username", .equal, SQLBind(username)).first()
            .map { try Self.decodeUser($0).user }
    }

    // MARK: - Logging in

    /// Checks a username and password. An unknown account, a wrong password, a disabled account and a source locked out
    /// all get the same answer (`auth.invalid_credentials`) after the same work (one bcrypt check), so the answer tells
    /// nothing about which accounts exist (issue 15, item 4). Failures are counted by source (`LoginThrottle`): the
    /// guessing address is locked out, never the account's owner; a throttled attempt is refused with 429 before any
    /// check. The first failure of an account from a source and the lockout are audited; the failures between them are
    /// counted on the account (`failedLogins`, shown to its owner at the next login), not recorded one by one, so an
    /// anonymous client cannot flood the audit log.
    ///
    /// On success the returned user's `failedLogins` is the number of failed attempts since the previous login.
    public func login(username: String, password: String, caller: Caller) async throws -> User {
        switch try await authenticate(username: username, password: password, caller: caller) {
        case .signedIn(let done): return done.user
        case .secondFactor: throw Self.secondFactorRequired
        }
    }

    static let secondFactorRequired = AnlanError(
        .unauthenticated, code: "auth.second_factor_required", message: "该账户须在密码之外输入身份验证器的动态口令。",
        details: ["field": "code"])

    /// A login's first step: the password. An account that needs no second factor is logged in; one that does gets a
    /// challenge to answer with its code (or, with `code` given, as the API sends it, is checked at once). The throttle
    /// forgets the failures of a source and account only when the whole login succeeds.
    public func authenticate(username: String, password: String, code: String? = nil, caller: Caller) async throws -> LoginStep {
        let proved = try await checkPassword(username: username, password: password, caller: caller)
        let user = proved.user
        if let changed = user.passwordChangedAt, proved.policy.passwordExpired(changedAt: changed, now: proved.now) {
            throw AnlanError(
                .forbidden, code: "auth.password_expired",
                message: "密码已超过 \(proved.policy.passwordMaxAgeDays) 天未修改，请先设置新密码。", details: ["field": "newPassword"])
        }
        guard proved.policy.requiresSecondFactor(user.role) || user.secondFactorEnabled else {
            let who = Caller(user: user, ip: caller.ip, requestID: caller.requestID)
            try await write(by: who) { tx in try await Self.recordLogin(of: user, secondFactor: nil, on: tx) }
            throttle.withLock { $0.succeeded(source: proved.source, username: user.username) }
            return .signedIn(SignedIn(user: Self.loggedIn(user, at: proved.now), recoveryCodes: []))
        }
        if let code {
            return .signedIn(
                try await proveSecondFactor(of: user, code: code, source: proved.source, policy: proved.policy, caller: caller))
        }
        return .secondFactor(try await openChallenge(for: user))
    }

    /// The password checked as a login does: throttled per source and account, one bcrypt comparison whether or not the
    /// account exists, and the same refusal for unknown, wrong, disabled and locked.
    func checkPassword(username: String, password: String, caller: Caller) async throws
        -> (user: User, policy: SecurityPolicy, source: String, now: Date)
    {
        let now = environment.now()
        let policy = try await settings.securityPolicy(now: now)
        let name = username.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !password.isEmpty, name.count <= 64, password.utf8.count <= 256 else {
            throw AnlanError.invalid("auth.credentials_missing", "请输入用户名和密码。")
        }
        let source = caller.ip ?? "-"
        try checkThrottle(source: source, username: name, now: now, policy: policy)
        let row = try await database.reader.select().column("*").from("users").where("username", .equal, SQLBind(name)).first()
        let stored = try row.map(Self.decodeUser)
        let matches = try await hasher.verify(password, hash: stored?.passwordHash ?? hasher.unknownUserHash)
        guard let user = stored?.user, matches, user.isActive, !user.isLocked(at: now) else {
            let reason =
                stored == nil ? "unknown_user" : !matches ? "wrong_password" : stored?.user.isActive == false ? "disabled" : "locked"
            try await loginFailed(name: name, user: stored?.user, reason: reason, source: source, policy: policy, caller: caller)
            throw AnlanError(.unauthenticated, code: "auth.invalid_credentials", message: "用户名或密码错误。")
        }
        return (user, policy, source, now)
    }

    func checkThrottle(source: String, username: String, now: Date, policy: SecurityPolicy) throws {
        if let until = throttle.withLock({ $0.waitUntil(source: source, username: username, now: now, policy: policy) }) {
            let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            throw AnlanError(
                .tooManyRequests, code: "auth.throttled",
                message: "登录失败次数过多，请在 \(seconds >= 60 ? "\((seconds + 59) / 60) 分钟" : "\(seconds) 秒")后重试。",
                details: ["retryAfterSeconds": String(seconds)])
        }
    }

    /// The account's record of a completed login (both factors where it has two), in the login's transaction.
    static func recordLogin(of user: User, secondFactor: String?, on tx: Transaction) async throws {
        try await tx.sql.update("users").set("failed_logins", to: SQLBind(0)).set("locked_until", to: SQLBind(String?.none))
            .set("last_login_at", to: SQLBind(Timestamp.string(tx.now)))
            .where("id", .equal, SQLBind.id(user.id)).run()
        try await tx.record(
            AuditEvent(
                action: "auth.login", targetType: "user", targetID: user.id.key,
                after: secondFactor.map { auditJSON(["secondFactor": $0]) }))
    }

    static func loggedIn(_ user: User, at now: Date) -> User {
        var loggedIn = user
        loggedIn.lockedUntil = nil
        loggedIn.lastLoginAt = now
        return loggedIn
    }

    func loginFailed(
        name: String, user: User?, reason: String, source: String, policy: SecurityPolicy, caller: Caller,
        action: String = "auth.login_failed"
    ) async throws {
        let (count, locked) = throttle.withLock { $0.failed(source: source, username: name, now: environment.now(), policy: policy) }
        guard user != nil || count == 1 || locked else { return }
        try await write(by: caller.attempting(name)) { tx in
            if let user {
                try await tx.sql.update("users").set(SQLIdentifier("failed_logins"), to: SQLRaw("failed_logins + 1"))
                    .where("id", .equal, SQLBind.id(user.id)).run()
            }
            guard count == 1 || locked else { return }
            try await tx.record(
                AuditEvent(
                    action: locked ? "auth.source_locked" : action, targetType: "user", targetID: user?.id.key,
                    succeeded: false,
                    after: auditJSON(
                        ["username": name, "reason": reason, "failures": String(count)].merging(
                            locked ? ["lockedMinutes": String(policy.lockoutMinutes)] : [:]
                        ) { a, _ in a })))
        }
    }

    // MARK: - Sessions

    /// A session just started: the cookie value (shown to the browser once, stored only hashed) and its CSRF token.
    public struct SessionTicket: Sendable {
        public let cookieValue: String
        public let csrfToken: String
    }

    /// A session resolved from its cookie.
    public struct ActiveSession: Sendable {
        public let user: User
        public let sessionID: String
        public let csrfToken: String
    }

    public func startSession(for user: User, caller: Caller) async throws -> SessionTicket {
        let policy = try await settings.securityPolicy(now: environment.now())
        let cookie = Secret.random()
        let csrf = Secret.random()
        try await write(by: caller) { tx in
            let now = Timestamp.string(tx.now)
            try await tx.sql.insert(into: "sessions")
                .columns("id", "user_id", "csrf_token", "ip", "created_at", "last_seen_at", "expires_at", "ended_at")
                .values(
                    SQLBind(Secret.digest(cookie)), SQLBind.id(user.id), SQLBind(csrf), SQLBind(caller.ip),
                    SQLBind(now), SQLBind(now),
                    SQLBind(Timestamp.string(tx.now.addingTimeInterval(TimeInterval(policy.sessionAbsoluteHours * 3600)))),
                    SQLBind(String?.none)
                ).run()
        }
        return SessionTicket(cookieValue: cookie, csrfToken: csrf)
    }

    /// The session behind a cookie, if it is live: not ended, within the absolute and idle limits,
    /// and its user active and unlocked. Refreshes the idle clock at most once a minute.
    public func session(cookieValue: String) async throws -> ActiveSession? {
        guard Secret.looksValid(cookieValue) else { return nil }
        let now = environment.now()
        let policy = try await settings.securityPolicy(now: now)
        let id = Secret.digest(cookieValue)
        guard
            let row = try await database.reader.select()
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("u")))
                .column(SQLColumn("csrf_token", table: "s")).column(SQLColumn("last_seen_at", table: "s"))
                .column(SQLColumn("expires_at", table: "s"))
                .from(SQLAlias(SQLIdentifier("sessions"), as: SQLIdentifier("s")))
                .join(
                    SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                    on: SQLColumn("user_id", table: "s"), .equal, SQLColumn("id", table: "u")
                )
                .where(SQLColumn("id", table: "s"), .equal, SQLBind(id))
                .where(SQLColumn("ended_at", table: "s"), .is, SQLLiteral.null)
                .first()
        else { return nil }
        let user = try Self.decodeUser(row).user
        guard let lastSeen = Timestamp.date(try row.decode(column: "last_seen_at", as: String.self)),
            let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)),
            now < expires, now.timeIntervalSince(lastSeen) < TimeInterval(policy.sessionIdleMinutes * 60),
            user.isActive
        else { return nil }
        if now.timeIntervalSince(lastSeen) > 60 {
            try await database.transaction { sql in
                try await sql.update("sessions").set("last_seen_at", to: SQLBind(Timestamp.string(now)))
                    .where("id", .equal, SQLBind(id)).run()
            }
        }
        return ActiveSession(user: user, sessionID: id, csrfToken: try row.decode(column: "csrf_token", as: String.self))
    }

    public func endSession(_ session: ActiveSession, caller: Caller) async throws {
        try await write(by: caller) { tx in
            try await tx.sql.update("sessions").set("ended_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind(session.sessionID)).run()
            try await tx.record(AuditEvent(action: "auth.logout", targetType: "user", targetID: session.user.id.key))
        }
    }

    // MARK: - API tokens

    /// A bearer token: shown once, stored as its SHA-256.
    public struct IssuedToken: Sendable {
        public let token: String
        public let expiresAt: Date
    }

    public func issueToken(for user: User, caller: Caller) async throws -> IssuedToken {
        let policy = try await settings.securityPolicy(now: environment.now())
        let token = "anl_" + Secret.random()
        let id = environment.newID().key
        return try await write(by: caller) { tx in
            let expires = tx.now.addingTimeInterval(TimeInterval(policy.tokenLifetimeHours * 3600))
            try await tx.sql.insert(into: "api_tokens")
                .columns("id", "token_hash", "user_id", "created_at", "expires_at", "revoked_at", "last_used_at")
                .values(
                    SQLBind(id), SQLBind(Secret.digest(token)), SQLBind.id(user.id),
                    SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(expires)), SQLBind(String?.none),
                    SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "auth.token_issue", targetType: "api_token", targetID: id,
                    after: auditJSON(["userID": user.id.key, "expiresAt": Timestamp.string(expires)])))
            return IssuedToken(token: token, expiresAt: expires)
        }
    }

    /// The user behind a live bearer token.
    public func tokenUser(_ token: String) async throws -> (user: User, tokenID: String)? {
        guard token.hasPrefix("anl_"), Secret.looksValid(String(token.dropFirst(4))) else { return nil }
        let now = environment.now()
        let digest = Secret.digest(token)
        if let cached = tokens.value(for: digest, now: now) {
            return now < cached.expiresAt ? (cached.user, cached.tokenID) : nil
        }
        guard
            let row = try await database.reader.select()
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("u")))
                .column(SQLColumn("id", table: "t"), as: "token_id").column(SQLColumn("expires_at", table: "t"))
                .from(SQLAlias(SQLIdentifier("api_tokens"), as: SQLIdentifier("t")))
                .join(
                    SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                    on: SQLColumn("user_id", table: "t"), .equal, SQLColumn("id", table: "u")
                )
                .where(SQLColumn("token_hash", table: "t"), .equal, SQLBind(digest))
                .where(SQLColumn("revoked_at", table: "t"), .is, SQLLiteral.null)
                .first()
        else { return nil }
        let user = try Self.decodeUser(row).user
        guard let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)), now < expires, user.isActive
        else { return nil }
        let tokenID = try row.decode(column: "token_id", as: String.self)
        tokens.store(CachedToken(user: user, tokenID: tokenID, expiresAt: expires), for: digest, now: now)
        return (user, tokenID)
    }

    public func revokeToken(id: String, caller: Caller) async throws {
        try await write(by: caller) { tx in
            try await tx.sql.update("api_tokens").set("revoked_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind(id)).where("revoked_at", .is, SQLLiteral.null).run()
            try await tx.record(AuditEvent(action: "auth.token_revoke", targetType: "api_token", targetID: id))
        }
    }

    // MARK: - Internals

    func requireAccountManager(_ caller: Caller, assigning role: Role?) throws {
        if caller.isConsole { return }
        try caller.require(.manageAccounts)
        if let role, role.isAdministrator {
            throw AccountErrors.adminRoleConsoleOnly
        }
    }

    func requireManageable(_ target: User, by caller: Caller) throws {
        if !caller.isConsole && target.role.isAdministrator {
            throw AccountErrors.adminRoleConsoleOnly
        }
    }

    private func storePassword(_ hash: String, userID: UUID, on tx: Transaction) async throws {
        try await tx.sql.update("users").set("password_hash", to: SQLBind(hash))
            .set("password_changed_at", to: SQLBind(Timestamp.string(tx.now)))
            .set("failed_logins", to: SQLBind(0)).set("locked_until", to: SQLBind(String?.none))
            .where("id", .equal, SQLBind.id(userID)).run()
    }

    func endAllAccess(userID: UUID, except sessionID: String? = nil, on tx: Transaction) async throws {
        let now = SQLBind(Timestamp.string(tx.now))
        try await tx.sql.update("sessions").set("ended_at", to: now)
            .where("user_id", .equal, SQLBind.id(userID)).where("ended_at", .is, SQLLiteral.null)
            .where("id", .notEqual, SQLBind(sessionID ?? "")).run()
        try await tx.sql.update("api_tokens").set("revoked_at", to: now)
            .where("user_id", .equal, SQLBind.id(userID)).where("revoked_at", .is, SQLLiteral.null).run()
    }

    func fetchUser(id: UUID, within jurisdiction: Jurisdiction, on sql: any SQLDatabase) async throws
        -> (user: User, passwordHash: String)
    {
        guard
            let row = try await users.select(sql, within: jurisdiction).column("*")
                .where("id", .equal, SQLBind.id(id)).first()
        else { throw AccountErrors.notFound }
        return try Self.decodeUser(row)
    }

    static func decodeUser(_ row: any SQLRow) throws -> (user: User, passwordHash: String) {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(key: idText),
            let role = Role(rawValue: try row.decode(column: "role", as: String.self))
        else { throw AccountErrors.corrupt }
        let user = User(
            id: id, username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self), role: role,
            divisionCode: try DivisionCode(try row.decode(column: "division_code", as: String.self)),
            phone: try row.decode(column: "phone", as: String?.self),
            certificateNumber: try row.decode(column: "certificate_number", as: String?.self),
            isActive: try row.decode(column: "is_active", as: Int.self) != 0,
            failedLogins: try row.decode(column: "failed_logins", as: Int.self),
            lockedUntil: try row.decode(column: "locked_until", as: String?.self).flatMap(Timestamp.date),
            lastLoginAt: try row.decode(column: "last_login_at", as: String?.self).flatMap(Timestamp.date),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
            enterpriseID: try row.decodeOptionalID("enterprise_id"), email: try row.decodeOptional("email", as: String.self),
            passwordChangedAt: Timestamp.date(try row.decode(column: "password_changed_at", as: String.self)))
        var result = user
        result.secondFactorEnabled = try row.decodeOptional("totp_enabled_at", as: String.self) != nil
        return (result, try row.decode(column: "password_hash", as: String.self))
    }

    static func validDisplayName(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard AccountErrors.displayNameLength.contains(name.count), !name.unicodeScalars.contains(where: { $0.value < 32 }) else {
            throw AccountErrors.displayNameInvalid
        }
        return name
    }

    /// An address to keep ("" or nil keeps none), or the refusal.
    static func validEmail(_ text: String?) throws -> String? {
        // Trimmed only: `trimmedOrNil` also cuts at 64 characters, which would turn a long address into another one.
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard EmailAddress.isValid(text) else { throw EmailAddress.invalid }
        return text
    }

    static func trimmedOrNil(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return String(text.prefix(64))
    }
}

/// An account as the audit log records it: never the password hash.
struct UserSnapshot: Encodable {
    let id: String
    let username: String
    let displayName: String
    let role: String
    let divisionCode: String
    let isActive: Bool
    let phone: String?
    let email: String?
    let certificateNumber: String?
    let lockedUntil: String?

    let enterpriseId: String?

    init(_ user: User) {
        enterpriseId = user.enterpriseID?.key
        id = user.id.key
        username = user.username
        displayName = user.displayName
        role = user.role.rawValue
        divisionCode = user.divisionCode.rawValue
        isActive = user.isActive
        phone = user.phone
        email = user.email
        certificateNumber = user.certificateNumber
        lockedUntil = user.lockedUntil.map(Timestamp.string)
    }
}

/// Random secrets for cookies and tokens, and the digest under which they are stored.
enum Secret {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexString
    }

    /// 43 base64url characters: anything else is not ours, and not worth a query.
    static func looksValid(_ text: String) -> Bool {
        text.utf8.count == 43
            && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
    }
}
