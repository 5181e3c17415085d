import Foundation

/// The numbers the security administrator sets. Defaults follow common 等保 level-3 测评 practice
/// (RULES §12 marks the concrete values **U**), so each is a setting, never a constant.
public struct SecurityPolicy: Sendable, Codable, Equatable {
    public var passwordMinLength: Int = 10
    /// How many of the four classes (lower case, upper case, digits, symbols) a password must mix.
    public var passwordMinClasses: Int = 3
    public var maxFailedLogins: Int = 5
    public var lockoutMinutes: Int = 15
    public var sessionIdleMinutes: Int = 30
    public var sessionAbsoluteHours: Int = 12
    public var tokenLifetimeHours: Int = 12
    /// A new password may not repeat the current one or the last this-many-minus-one before it (0: no history kept in
    /// the check). GB/T 22239-2019 8.1.4.1 a) asks for 定期更换; RULES §12 marks the concrete numbers **U**.
    public var passwordHistory: Int = 5
    /// A password older than this many days must be changed at the next login (0: never expires).
    public var passwordMaxAgeDays: Int = 0
    /// Business roles that must prove a second factor (TOTP) at login, besides the three administrators, who always
    /// must (GB/T 22239-2019 8.1.4.1 d): 两种或两种以上组合的鉴别技术). Anyone else may turn one on for themselves.
    public var secondFactorRoles: [Role] = []

    public init() {}

    /// Whether an account of this role must have a second factor.
    public func requiresSecondFactor(_ role: Role) -> Bool { role.isAdministrator || secondFactorRoles.contains(role) }

    private enum CodingKeys: String, CodingKey {
        case passwordMinLength, passwordMinClasses, maxFailedLogins, lockoutMinutes, sessionIdleMinutes, sessionAbsoluteHours
        case tokenLifetimeHours, passwordHistory, passwordMaxAgeDays, secondFactorRoles
    }

    /// Reads a stored or sent policy; a number it lacks (a policy stored before that number existed) keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SecurityPolicy()
        passwordMinLength = try c.decodeIfPresent(Int.self, forKey: .passwordMinLength) ?? d.passwordMinLength
        passwordMinClasses = try c.decodeIfPresent(Int.self, forKey: .passwordMinClasses) ?? d.passwordMinClasses
        maxFailedLogins = try c.decodeIfPresent(Int.self, forKey: .maxFailedLogins) ?? d.maxFailedLogins
        lockoutMinutes = try c.decodeIfPresent(Int.self, forKey: .lockoutMinutes) ?? d.lockoutMinutes
        sessionIdleMinutes = try c.decodeIfPresent(Int.self, forKey: .sessionIdleMinutes) ?? d.sessionIdleMinutes
        sessionAbsoluteHours = try c.decodeIfPresent(Int.self, forKey: .sessionAbsoluteHours) ?? d.sessionAbsoluteHours
        tokenLifetimeHours = try c.decodeIfPresent(Int.self, forKey: .tokenLifetimeHours) ?? d.tokenLifetimeHours
        passwordHistory = try c.decodeIfPresent(Int.self, forKey: .passwordHistory) ?? d.passwordHistory
        passwordMaxAgeDays = try c.decodeIfPresent(Int.self, forKey: .passwordMaxAgeDays) ?? d.passwordMaxAgeDays
        secondFactorRoles = try c.decodeIfPresent([Role].self, forKey: .secondFactorRoles) ?? d.secondFactorRoles
    }

    /// Whether a password last changed at `changedAt` must be changed before a login at `now`.
    public func passwordExpired(changedAt: Date, now: Date) -> Bool {
        passwordMaxAgeDays > 0 && now.timeIntervalSince(changedAt) > TimeInterval(passwordMaxAgeDays) * 86_400
    }

    /// Refuses numbers that would switch a protection off or make the product unusable.
    public func validated() throws -> SecurityPolicy {
        func check(_ value: Int, _ range: ClosedRange<Int>, _ field: String, _ label: String) throws {
            guard range.contains(value) else {
                throw AnlanError.invalid(
                    "policy.out_of_range", "\(label)必须在 \(range.lowerBound) 到 \(range.upperBound) 之间。", field: field)
            }
        }
        try check(passwordMinLength, 8...64, "passwordMinLength", "密码最小长度")
        try check(passwordMinClasses, 2...4, "passwordMinClasses", "密码字符类别数")
        try check(maxFailedLogins, 3...20, "maxFailedLogins", "登录失败锁定次数")
        try check(lockoutMinutes, 1...1440, "lockoutMinutes", "锁定时长（分钟）")
        try check(sessionIdleMinutes, 5...240, "sessionIdleMinutes", "会话空闲超时（分钟）")
        try check(sessionAbsoluteHours, 1...72, "sessionAbsoluteHours", "会话绝对超时（小时）")
        try check(tokenLifetimeHours, 1...720, "tokenLifetimeHours", "API 令牌有效期（小时）")
        try check(passwordHistory, 0...24, "passwordHistory", "不得重复使用的最近密码个数")
        try check(passwordMaxAgeDays, 0...365, "passwordMaxAgeDays", "密码最长使用天数")
        var policy = self
        // The administrators need no listing (they always must); each role once, in a stable order.
        policy.secondFactorRoles = Role.allCases.filter { !$0.isAdministrator && secondFactorRoles.contains($0) }
        return policy
    }

    /// Checks a new password against this policy.
    public func checkPassword(_ password: String, username: String) throws {
        guard password.count >= passwordMinLength else {
            throw AnlanError.invalid(
                "password.too_short", "密码至少需要 \(passwordMinLength) 个字符。", field: "password")
        }
        // bcrypt reads at most 72 bytes; a longer password would be silently truncated.
        guard password.utf8.count <= 72 else {
            throw AnlanError.invalid("password.too_long", "密码不能超过 72 个字节。", field: "password")
        }
        var classes = Set<Int>()
        for scalar in password.unicodeScalars {
            switch scalar.value {
            case 97...122: classes.insert(0)
            case 65...90: classes.insert(1)
            case 48...57: classes.insert(2)
            case 0...31, 127: throw AnlanError.invalid("password.control_character", "密码不能包含控制字符。", field: "password")
            default: classes.insert(3)
            }
        }
        guard classes.count >= passwordMinClasses else {
            throw AnlanError.invalid(
                "password.too_simple",
                "密码需要包含小写字母、大写字母、数字、符号中的至少 \(passwordMinClasses) 类。", field: "password")
        }
        guard password.lowercased() != username.lowercased() else {
            throw AnlanError.invalid("password.equals_username", "密码不能与用户名相同。", field: "password")
        }
    }

}
