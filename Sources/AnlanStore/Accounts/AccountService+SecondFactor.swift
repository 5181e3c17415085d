import AnlanCore
import Foundation
import SQLKit

/// What a correct password leads to.
public enum LoginStep: Sendable {
    case signedIn(SignedIn)
    /// The password was right and the account needs its second factor: the challenge its code must answer.
    case secondFactor(LoginChallenge)
}

/// A completed login.
public struct SignedIn: Sendable {
    public let user: User
    /// Recovery codes made by this login (the first one after enrolling), to be shown once; otherwise empty.
    public let recoveryCodes: [String]
}

/// A login waiting for its second factor: a short-lived, single-account ticket, never a session.
public struct LoginChallenge: Sendable {
    /// Shown once to the browser (a cookie on /login); stored only as its digest.
    public let token: String
    public let user: User
    /// For an account that must enrol first: the secret to show, confirmed by the first correct code.
    public let enrolment: TOTP?
}

/// Where an account's second factor stands, for its owner's page.
public struct SecondFactorStatus: Sendable {
    public let enabledAt: Date?
    public let recoveryCodesLeft: Int
    public let requiredByPolicy: Bool
    public let pending: TOTP?
}

extension AccountService {
    /// How long a login may wait between its password and its code, and how many codes it may try.
    static let challengeLifetime: TimeInterval = 300
    static let challengeAttempts = 5
    static let recoveryCodeCount = 10
    /// The product's name as authenticator apps list the account.
    public static let issuer = "Anlan"

    static let codeInvalid = AnlanError(
        .unauthenticated, code: "auth.code_invalid", message: "动态口令或恢复码不正确，或已经使用过。", details: ["field": "code"])
    static let challengeExpired = AnlanError(
        .unauthenticated, code: "auth.challenge_expired", message: "登录已超时或动态口令错误次数过多，请重新输入用户名和密码。")

    // MARK: - Logging in

    func openChallenge(for user: User) async throws -> LoginChallenge {
        let token = Secret.random()
        let enrolment = try await write(by: Caller(user: user, ip: nil, requestID: nil)) { tx -> TOTP? in
            try await tx.sql.delete(from: "login_challenges").where("expires_at", .lessThan, SQLBind(Timestamp.string(tx.now))).run()
            try await tx.sql.insert(into: "login_challenges").columns("id", "user_id", "created_at", "expires_at", "attempts")
                .values(
                    SQLBind(Secret.digest(token)), SQLBind.id(user.id), SQLBind(Timestamp.string(tx.now)),
                    SQLBind(Timestamp.string(tx.now.addingTimeInterval(Self.challengeLifetime))), SQLBind(0)
                ).run()
            guard !user.secondFactorEnabled else { return nil }
            return try await Self.pendingSecret(of: user.id, on: tx)
        }
        return LoginChallenge(token: token, user: user, enrolment: enrolment)
    }

    /// The enrolment secret an account is shown until a code confirms it (the same one on every showing, so a
    /// reloaded page does not invalidate what the phone has already scanned).
    static func pendingSecret(of userID: UUID, on tx: Transaction) async throws -> TOTP {
        if let text = try await tx.sql.select().column("totp_pending_secret").from("users").where("id", .equal, SQLBind.id(userID))
            .first()?.decodeOptional("totp_pending_secret", as: String.self), let pending = TOTP(base32: text)
        {
            return pending
        }
        let fresh = TOTP.generate()
        try await tx.sql.update("users").set("totp_pending_secret", to: SQLBind(fresh.base32))
            .where("id", .equal, SQLBind.id(userID)).run()
        return fresh
    }

    /// For a client without a browser (the API): the enrolment secret of an account that must have a second factor and
    /// has none yet, proving its password as a login does. The first token request with a code of it confirms it.
    public func enrolmentForLogin(username: String, password: String, caller: Caller) async throws -> TOTP {
        let proved = try await checkPassword(username: username, password: password, caller: caller)
        guard !proved.user.secondFactorEnabled else { throw Self.alreadyEnabled }
        guard proved.policy.requiresSecondFactor(proved.user.role) else {
            throw AnlanError(
                .conflict, code: "auth.second_factor_not_required",
                message: "安全策略未要求该账户使用双因素认证；如需自愿启用，请登录后在“双因素认证”页面绑定。")
        }
        return try await write(by: Caller(user: proved.user, ip: caller.ip, requestID: caller.requestID)) { tx in
            try await Self.pendingSecret(of: proved.user.id, on: tx)
        }
    }

    /// The login waiting behind a challenge cookie, if it is still open.
    public func challenge(_ token: String) async throws -> LoginChallenge? {
        guard Secret.looksValid(token),
            let row = try await database.reader.select().column("*").from("login_challenges")
                .where("id", .equal, SQLBind(Secret.digest(token))).first(),
            let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)), environment.now() < expires,
            try row.decode(column: "attempts", as: Int.self) < Self.challengeAttempts
        else { return nil }
        let user = try await fetchUser(id: try row.decodeID("user_id"), within: .everything, on: database.reader).user
        guard user.isActive else { return nil }
        let pending =
            user.secondFactorEnabled
            ? nil
            : try await database.reader.select().column("totp_pending_secret").from("users")
                .where("id", .equal, SQLBind.id(user.id)).first()?.decodeOptional("totp_pending_secret", as: String.self)
                .flatMap(TOTP.init(base32:))
        return LoginChallenge(token: token, user: user, enrolment: pending)
    }

    /// A login's second step: the code (or a recovery code) for the challenge its password opened. A wrong code counts
    /// against the source and account like a wrong password; after five the challenge closes.
    public func continueLogin(challenge token: String, code: String, caller: Caller) async throws -> SignedIn {
        guard let open = try await challenge(token) else { throw Self.challengeExpired }
        let now = environment.now()
        let policy = try await settings.securityPolicy(now: now)
        let source = caller.ip ?? "-"
        do {
            let done = try await proveSecondFactor(of: open.user, code: code, source: source, policy: policy, caller: caller)
            try await database.transaction { sql in
                try await sql.delete(from: "login_challenges").where("id", .equal, SQLBind(Secret.digest(token))).run()
            }
            return done
        } catch let error as AnlanError where error.code == Self.codeInvalid.code {
            try await database.transaction { sql in
                try await sql.update("login_challenges").set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
                    .where("id", .equal, SQLBind(Secret.digest(token))).run()
            }
            throw error
        }
    }

    /// Checks a code against the account's second factor and, when it is right, completes the login in the same
    /// transaction: a TOTP code for a step later than the last one accepted, an unused recovery code, or, for an
    /// account enrolling, a code of the secret it was shown (which then becomes its factor, with fresh recovery codes).
    func proveSecondFactor(of user: User, code: String, source: String, policy: SecurityPolicy, caller: Caller) async throws
        -> SignedIn
    {
        try checkThrottle(source: source, username: user.username, now: environment.now(), policy: policy)
        let who = Caller(user: user, ip: caller.ip, requestID: caller.requestID)
        let outcome = try await write(by: who) { tx -> (kind: String, codes: [String])? in
            try await tx.serialize(on: "totp:\(user.id.key)")
            guard let proved = try await Self.prove(code, of: user.id, on: tx) else { return nil }
            try await Self.recordLogin(of: user, secondFactor: proved.kind, on: tx)
            return proved
        }
        guard let outcome else {
            try await loginFailed(
                name: user.username, user: user, reason: "wrong_code", source: source, policy: policy, caller: caller,
                action: "auth.second_factor_failed")
            throw Self.codeInvalid
        }
        throttle.withLock { $0.succeeded(source: source, username: user.username) }
        var done = Self.loggedIn(user, at: environment.now())
        done.secondFactorEnabled = true
        return SignedIn(user: done, recoveryCodes: outcome.codes)
    }

    /// Which proof `code` is for the account, with the recovery codes an enrolment made; nil when it proves nothing.
    static func prove(_ code: String, of userID: UUID, on tx: Transaction) async throws -> (kind: String, codes: [String])? {
        guard
            let row = try await tx.sql.select().column("totp_secret").column("totp_pending_secret").column("totp_last_step")
                .from("users").where("id", .equal, SQLBind.id(userID)).first()
        else { return nil }
        let lastStep = try row.decodeOptional("totp_last_step", as: Int64.self) ?? Int64.min
        if let secret = try row.decodeOptional("totp_secret", as: String.self).flatMap(TOTP.init(base32:)) {
            if let step = secret.matchingStep(of: code, at: tx.now), step > lastStep {
                try await tx.sql.update("users").set("totp_last_step", to: SQLBind(step)).where("id", .equal, SQLBind.id(userID)).run()
                return ("totp", [])
            }
            guard let normalized = RecoveryCode.normalized(code),
                try await tx.sql.update("recovery_codes").set("used_at", to: SQLBind(Timestamp.string(tx.now)))
                    .where("user_id", .equal, SQLBind.id(userID)).where("code_hash", .equal, SQLBind(Secret.digest(normalized)))
                    .where("used_at", .is, SQLLiteral.null).returning("code_hash").first() != nil
            else { return nil }
            let left = try await recoveryCodesLeft(of: userID, on: tx.sql)
            try await tx.record(
                AuditEvent(
                    action: "auth.recovery_code_used", targetType: "user", targetID: userID.key,
                    after: auditJSON(["recoveryCodesLeft": String(left)])))
            return ("recovery_code", [])
        }
        guard let pending = try row.decodeOptional("totp_pending_secret", as: String.self).flatMap(TOTP.init(base32:)),
            let step = pending.matchingStep(of: code, at: tx.now)
        else { return nil }
        return ("totp", try await enable(pending, step: step, for: userID, on: tx))
    }

    /// Makes a confirmed secret the account's factor and gives it new recovery codes (returned in the clear, once).
    static func enable(_ secret: TOTP, step: Int64, for userID: UUID, on tx: Transaction) async throws -> [String] {
        try await tx.sql.update("users").set("totp_secret", to: SQLBind(secret.base32))
            .set("totp_pending_secret", to: SQLBind(String?.none)).set("totp_enabled_at", to: SQLBind(Timestamp.string(tx.now)))
            .set("totp_last_step", to: SQLBind(step)).where("id", .equal, SQLBind.id(userID)).run()
        let codes = try await replaceRecoveryCodes(of: userID, on: tx)
        try await tx.record(AuditEvent(action: "auth.second_factor_enrol", targetType: "user", targetID: userID.key))
        return codes
    }

    static func replaceRecoveryCodes(of userID: UUID, on tx: Transaction) async throws -> [String] {
        try await tx.sql.delete(from: "recovery_codes").where("user_id", .equal, SQLBind.id(userID)).run()
        let codes = (0..<recoveryCodeCount).map { _ in RecoveryCode.generate() }
        for code in codes {
            try await tx.sql.insert(into: "recovery_codes").columns("user_id", "code_hash", "created_at", "used_at")
                .values(
                    SQLBind.id(userID), SQLBind(Secret.digest(RecoveryCode.normalized(code) ?? code)), SQLBind(Timestamp.string(tx.now)),
                    SQLBind(String?.none)
                ).run()
        }
        return codes
    }

    static func recoveryCodesLeft(of userID: UUID, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = \(bind: userID.key) AND used_at IS NULL")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    // MARK: - The account's own second factor

    public func secondFactorStatus(of user: User) async throws -> SecondFactorStatus {
        let policy = try await settings.securityPolicy(now: environment.now())
        guard
            let row = try await database.reader.select().column("totp_enabled_at").column("totp_pending_secret").from("users")
                .where("id", .equal, SQLBind.id(user.id)).first()
        else { throw AccountErrors.notFound }
        let enabled = try row.decodeOptional("totp_enabled_at", as: String.self).flatMap(Timestamp.date)
        return SecondFactorStatus(
            enabledAt: enabled, recoveryCodesLeft: try await Self.recoveryCodesLeft(of: user.id, on: database.reader),
            requiredByPolicy: policy.requiresSecondFactor(user.role),
            pending: enabled == nil ? try row.decodeOptional("totp_pending_secret", as: String.self).flatMap(TOTP.init(base32:)) : nil)
    }

    /// The secret a signed-in user is shown to add the account to their authenticator (kept pending until confirmed).
    public func beginEnrolment(of user: User, caller: Caller) async throws -> TOTP {
        try await write(by: caller) { tx in
            guard
                try await tx.sql.select().column("totp_enabled_at").from("users").where("id", .equal, SQLBind.id(user.id)).first()?
                    .decodeOptional("totp_enabled_at", as: String.self) == nil
            else { throw Self.alreadyEnabled }
            return try await Self.pendingSecret(of: user.id, on: tx)
        }
    }

    static let alreadyEnabled = AnlanError(
        .conflict, code: "auth.second_factor_enabled", message: "该账户已启用双因素认证；如需更换手机，请先停用或由管理员重置。")

    /// Confirms the pending secret with a code from the app; returns the recovery codes, shown once.
    public func confirmEnrolment(of user: User, code: String, caller: Caller) async throws -> [String] {
        let codes = try await write(by: caller) { tx -> [String]? in
            try await tx.serialize(on: "totp:\(user.id.key)")
            guard
                let row = try await tx.sql.select().column("totp_enabled_at").column("totp_pending_secret").from("users")
                    .where("id", .equal, SQLBind.id(user.id)).first()
            else { throw AccountErrors.notFound }
            guard try row.decodeOptional("totp_enabled_at", as: String.self) == nil else { throw Self.alreadyEnabled }
            guard let pending = try row.decodeOptional("totp_pending_secret", as: String.self).flatMap(TOTP.init(base32:)) else {
                throw AnlanError(.conflict, code: "auth.enrolment_not_started", message: "请先开始绑定身份验证器。")
            }
            guard let step = pending.matchingStep(of: code, at: tx.now) else { return nil }
            return try await Self.enable(pending, step: step, for: user.id, on: tx)
        }
        guard let codes else { throw Self.codeInvalid }
        return codes
    }

    /// New recovery codes in place of the old ones, proving a current code.
    public func regenerateRecoveryCodes(of user: User, code: String, caller: Caller) async throws -> [String] {
        let codes = try await write(by: caller) { tx -> [String]? in
            try await tx.serialize(on: "totp:\(user.id.key)")
            guard try await Self.proveCurrentCode(code, of: user.id, on: tx) else { return nil }
            let codes = try await Self.replaceRecoveryCodes(of: user.id, on: tx)
            try await tx.record(AuditEvent(action: "auth.recovery_codes_regenerate", targetType: "user", targetID: user.id.key))
            return codes
        }
        guard let codes else { throw Self.codeInvalid }
        return codes
    }

    /// Turns the user's own second factor off, proving password and code; refused where the policy requires one.
    public func disableSecondFactor(of user: User, password: String, code: String, caller: Caller) async throws {
        let policy = try await settings.securityPolicy(now: environment.now())
        guard !policy.requiresSecondFactor(user.role) else {
            throw AnlanError(
                .forbidden, code: "auth.second_factor_required_by_policy", message: "安全策略要求您的角色使用双因素认证，不能停用。")
        }
        let stored = try await fetchUser(id: user.id, within: .everything, on: database.reader)
        guard try await hasher.verify(password, hash: stored.passwordHash) else {
            throw AnlanError.invalid("password.current_wrong", "当前密码不正确。", field: "currentPassword")
        }
        let done = try await write(by: caller) { tx -> Bool in
            try await tx.serialize(on: "totp:\(user.id.key)")
            guard try await Self.proveCurrentCode(code, of: user.id, on: tx) else { return false }
            try await Self.clearSecondFactor(of: user.id, on: tx)
            try await tx.record(AuditEvent(action: "auth.second_factor_disable", targetType: "user", targetID: user.id.key))
            return true
        }
        guard done else { throw Self.codeInvalid }
    }

    /// Removes an account's second factor so its owner enrols again at the next login (a lost phone): from the console for
    /// anyone (`anlan users reset-2fa`), or by the system administrator for business accounts in their jurisdiction.
    /// The account's sessions end and its tokens are revoked.
    public func resetSecondFactor(id: UUID, by caller: Caller) async throws {
        try requireAccountManager(caller, assigning: nil)
        let target = try await fetchUser(id: id, within: caller.isConsole ? .everything : caller.jurisdiction, on: database.reader).user
        try requireManageable(target, by: caller)
        try await write(by: caller) { tx in
            try await Self.clearSecondFactor(of: target.id, on: tx)
            try await endAllAccess(userID: target.id, on: tx)
            try await tx.record(AuditEvent(action: "auth.second_factor_reset", targetType: "user", targetID: target.id.key))
        }
    }

    static func clearSecondFactor(of userID: UUID, on tx: Transaction) async throws {
        try await tx.sql.update("users").set("totp_secret", to: SQLBind(String?.none))
            .set("totp_enabled_at", to: SQLBind(String?.none)).set("totp_pending_secret", to: SQLBind(String?.none))
            .where("id", .equal, SQLBind.id(userID)).run()
        try await tx.sql.delete(from: "recovery_codes").where("user_id", .equal, SQLBind.id(userID)).run()
        try await tx.sql.delete(from: "login_challenges").where("user_id", .equal, SQLBind.id(userID)).run()
    }

    /// A TOTP code (not a recovery code) of the enabled secret, newer than the last accepted.
    static func proveCurrentCode(_ code: String, of userID: UUID, on tx: Transaction) async throws -> Bool {
        guard
            let row = try await tx.sql.select().column("totp_secret").column("totp_last_step").from("users")
                .where("id", .equal, SQLBind.id(userID)).first(),
            let secret = try row.decodeOptional("totp_secret", as: String.self).flatMap(TOTP.init(base32:)),
            let step = secret.matchingStep(of: code, at: tx.now),
            step > (try row.decodeOptional("totp_last_step", as: Int64.self) ?? Int64.min)
        else { return false }
        try await tx.sql.update("users").set("totp_last_step", to: SQLBind(step)).where("id", .equal, SQLBind.id(userID)).run()
        return true
    }

    /// The secret behind an account's factor, for the tests' authenticator.
    package func secondFactorSecret(username: String) async throws -> TOTP? {
        try await database.reader.select().column("totp_secret").column("totp_pending_secret").from("users")
            .where("username", .equal, SQLBind(username)).first()
            .flatMap { row in
                try (row.decodeOptional("totp_secret", as: String.self) ?? row.decodeOptional("totp_pending_secret", as: String.self))
                    .flatMap(TOTP.init(base32:))
            }
    }
}

/// Single-use recovery codes: ten characters of Base32 (50 bits), shown as two groups of five.
enum RecoveryCode {
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<10).map { _ in Base32.alphabet[Int.random(in: 0..<32, using: &generator)] }
        let text = String(decoding: letters, as: UTF8.self).lowercased()
        return text.prefix(5) + "-" + text.suffix(5)
    }

    /// The code as stored (lower case, no separators), or nil if it cannot be one (six digits are a TOTP code).
    static func normalized(_ typed: String) -> String? {
        let text = typed.lowercased().filter { $0 != "-" && !$0.isWhitespace }
        guard text.count == 10, text.utf8.allSatisfy({ Base32.alphabet.contains($0 & 0xDF) || ($0 >= 50 && $0 <= 55) }) else {
            return nil
        }
        return text
    }
}
