import AnlanCore
import AnlanStore

/// The account fields both faces send — the administrator's form and `POST /api/v1/users` — read once, so the same input
/// gives the same account or the same refusal (`AccountErrors`) on either.
enum AccountInput {
    enum Field {
        static let username = InputField(
            "username", label: "用户名", context: "user", invalidMessage: AccountErrors.usernameInvalid.message)
        static let displayName = InputField(
            "displayName", label: "姓名", context: "user", invalidMessage: AccountErrors.displayNameInvalid.message)
        static let role = InputField("role", label: "角色", context: "user", invalidMessage: AccountErrors.roleInvalid.message)
        static let divisionCode = InputField("divisionCode", label: "所属区划", context: "division", codeStem: "code")
        static let password = InputField("password", label: "密码", context: "user")
        static let phone = InputField("phone", label: "联系电话", context: "user")
        static let certificateNumber = InputField("certificateNumber", label: "执法证号", context: "user")
        static let enterpriseCreditCode = InputField("enterpriseCreditCode", label: "企业统一社会信用代码", context: "user")
        static let email = InputField("email", label: "电子邮箱", context: "user", invalidMessage: AccountErrors.emailInvalid.message)
    }

    /// A role by its code; a missing or unknown one is `user.role_invalid`.
    static func role(_ input: some CommandInput) throws -> Role {
        guard let role = try input.text(Field.role).flatMap(Role.init(rawValue:)) else { throw AccountErrors.roleInvalid }
        return role
    }

    /// A division by its code; a missing or malformed one is `division.code_invalid`.
    static func division(_ input: some CommandInput) throws -> DivisionCode {
        try DivisionCode(try input.text(Field.divisionCode) ?? "")
    }

    /// A password exactly as typed (spaces are part of it); one that is not text is `user.password_invalid`.
    static func password(_ input: some CommandInput) throws -> String {
        switch input.value(Field.password.name) {
        case nil: return ""
        case .text(let text): return text
        case .flag, .number, .unreadable: throw Field.password.invalid
        }
    }

    static func newUser(_ input: some CommandInput) throws -> AccountService.NewUser {
        let role = try role(input)
        let division = try division(input)
        return AccountService.NewUser(
            username: try input.text(Field.username) ?? "", displayName: try input.text(Field.displayName) ?? "", role: role,
            divisionCode: division, password: try password(input), phone: try input.text(Field.phone),
            certificateNumber: try input.text(Field.certificateNumber), enterpriseCreditCode: try input.text(Field.enterpriseCreditCode),
            email: try input.text(Field.email))
    }

    static let createCodes = AccountErrors.createCodes + ["user.password_invalid"]
}
