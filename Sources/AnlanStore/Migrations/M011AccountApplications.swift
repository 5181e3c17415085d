extension Migration {
    /// Enterprises apply for their safety officer's account by credit code; the system administrator approves (the
    /// account is created, linked to the enterprise) or refuses with a reason.
    static let m011AccountApplications = Migration(
        number: 11, name: "account_applications",
        common: [
            """
            CREATE TABLE account_applications (
                id TEXT PRIMARY KEY,
                credit_code TEXT NOT NULL,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                contact_name TEXT NOT NULL,
                phone TEXT NOT NULL,
                username TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT,
                decided_by TEXT,
                decided_at TEXT,
                user_id TEXT REFERENCES users (id),
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX account_applications_status ON account_applications (status, created_at)",
        ])
}
