/// Every refusal about accounts, declared once: stable code, kind and Chinese message. The account service, the
/// administrator's pages and the API take them from here; `createCodes` and `updateCodes` are what the user operations
/// list in the API document.
public enum AccountErrors {
    public static let notFound = AnlanError.notFound("user.not_found", "用户不存在或不在您的辖区内。")
    public static let corrupt = AnlanError(.conflict, code: "user.corrupt", message: "用户记录已损坏。")
    /// The page offers the roles by name; the API takes their codes (`inspector`, `staff` …, listed in the document).
    public static let roleInvalid = AnlanError.invalid("user.role_invalid", "请选择有效的角色。", field: "role")
    public static let usernameInvalid = AnlanError.invalid(
        "user.username_invalid", "用户名须为 3–32 位字母、数字、点、横线或下划线，并以字母开头。", field: "username")
    public static func usernameTaken(_ username: String) -> AnlanError {
        AnlanError(.conflict, code: "user.username_taken", message: "用户名 \(username) 已被使用，请换一个。", details: ["field": "username"])
    }
    /// An application names a login that was free when it was made and is taken by the time it is approved.
    public static func usernameTakenOnApproval(_ username: String) -> AnlanError {
        AnlanError(.conflict, code: "user.username_taken", message: "用户名 \(username) 已被使用，请不予批准并请企业换一个用户名重新申请。")
    }
    /// The display name's length, in code points.
    public static let displayNameLength = 1...40
    public static let displayNameInvalid = AnlanError.invalid(
        "user.display_name_invalid", "姓名须为 \(displayNameLength.lowerBound)–\(displayNameLength.upperBound) 个字符，且不能含控制字符。",
        field: "displayName")
    public static let emailInvalid = AnlanError.invalid("user.email_invalid", "电子邮箱格式不正确（如 zhangsan@yjj.example）。", field: "email")
    public static func notEnterpriseOfficer(field: String) -> AnlanError {
        AnlanError.invalid("user.not_enterprise_officer", "只有企业安全管理员账户可以关联企业。", field: field)
    }
    public static let adminRoleConsoleOnly = AnlanError(
        .forbidden, code: "user.admin_role_console_only", message: "管理员账户只能由服务器控制台（anlan users create）创建或修改。")

    /// The security policy's refusals of a new password (`SecurityPolicy.checkPassword`).
    public static let passwordCodes = [
        "password.too_short", "password.too_long", "password.too_simple", "password.control_character", "password.equals_username",
    ]
    /// What creating an account can answer.
    public static let createCodes =
        [
            "user.role_invalid", "user.username_invalid", "user.username_taken", "user.display_name_invalid", "user.email_invalid",
            "user.not_enterprise_officer", "user.admin_role_console_only", "division.code_invalid", "division.not_found",
            "enterprise.not_found",
        ] + passwordCodes
    /// What changing an account can answer.
    public static let updateCodes = [
        "user.not_found", "user.role_invalid", "user.display_name_invalid", "user.email_invalid", "user.not_enterprise_officer",
        "user.admin_role_console_only", "division.code_invalid", "division.not_found", "enterprise.not_found",
    ]
}
