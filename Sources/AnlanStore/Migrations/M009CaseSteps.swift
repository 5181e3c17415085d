extension Migration {
    /// The case procedure as recorded steps (append-only, numbered per case), and what the case list shows of them:
    /// the surcharge paid and the 办案期限 (the day the limit from 立案 ends, extensions included).
    static let m009CaseSteps = Migration(
        number: 9, name: "case_steps",
        common: [
            """
            CREATE TABLE case_steps (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL REFERENCES cases (id),
                seq INTEGER NOT NULL,
                step TEXT NOT NULL,
                day TEXT NOT NULL,
                input TEXT NOT NULL,
                document_id TEXT REFERENCES enforcement_documents (id),
                recorded_by TEXT,
                recorded_at TEXT NOT NULL,
                UNIQUE (case_id, seq)
            )
            """,
            "ALTER TABLE cases ADD COLUMN surcharge_paid_fen INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE cases ADD COLUMN deadline_on TEXT",
            "CREATE INDEX cases_deadline ON cases (status, deadline_on)",
        ])
}
