extension Migration {
    /// Disasters, second part: the roster of 灾害信息员. A village or township has one active officer per post (A, B): the
    /// partial unique index stands behind the check made in the writing transaction.
    static let m026InfoOfficers = Migration(
        number: 26, name: "info_officers",
        common: [
            """
            CREATE TABLE info_officers (
                id TEXT PRIMARY KEY,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                post TEXT NOT NULL,
                name TEXT NOT NULL,
                phone TEXT NOT NULL,
                trained_on TEXT,
                certificate_number TEXT,
                username TEXT,
                archived_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX info_officers_post ON info_officers (division_code, post) WHERE archived_at IS NULL",
            "CREATE INDEX info_officers_division ON info_officers (division_code)",
        ])
}
