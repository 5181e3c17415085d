extension Migration {
    /// Hardening: the hashes of each account's earlier passwords, so that a new password can be refused when it repeats
    /// one of the last few (the security policy's `passwordHistory`). Hashes only, as the account's own.
    static let m033PasswordHistory = Migration(
        number: 33, name: "password_history",
        common: [
            """
            CREATE TABLE password_history (
                user_id TEXT NOT NULL REFERENCES users (id),
                seq INTEGER NOT NULL,
                password_hash TEXT NOT NULL,
                replaced_at TEXT NOT NULL,
                PRIMARY KEY (user_id, seq)
            )
            """
        ])
}
