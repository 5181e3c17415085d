extension Migration {
    /// Accounts gain an e-mail address: where the 电子邮件 channel of a notification reaches the person.
    static let m024UserEmail = Migration(
        number: 24, name: "user_email",
        common: ["ALTER TABLE users ADD COLUMN email TEXT"])
}
