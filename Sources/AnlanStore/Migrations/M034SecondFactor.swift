extension Migration {
    /// Hardening: a second factor (TOTP, RFC 6238) per account, its single-use recovery codes, and the short-lived
    /// challenges that carry a login from the proved password to the proved code (never a session before both).
    static let m034SecondFactor = Migration(
        number: 34, name: "second_factor",
        common: [
            // The confirmed secret (Base32), when it was confirmed, the last step a code was accepted for (a code is
            // good once: RFC 6238 §5.2), and a secret shown for enrolment but not yet confirmed by a code.
            "ALTER TABLE users ADD COLUMN totp_secret TEXT",
            "ALTER TABLE users ADD COLUMN totp_enabled_at TEXT",
            "ALTER TABLE users ADD COLUMN totp_last_step BIGINT",
            "ALTER TABLE users ADD COLUMN totp_pending_secret TEXT",
            """
            CREATE TABLE recovery_codes (
                user_id TEXT NOT NULL REFERENCES users (id),
                code_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                used_at TEXT,
                PRIMARY KEY (user_id, code_hash)
            )
            """,
            """
            CREATE TABLE login_challenges (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0
            )
            """,
        ])
}
