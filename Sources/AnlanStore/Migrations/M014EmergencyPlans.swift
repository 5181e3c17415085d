extension Migration {
    /// Readiness, third part: emergency plans with their versions (and documents), response levels, evaluations, and the
    /// enterprises' filings with the bureau. `next_evaluation_due` is kept by every write that moves it, so the overdue
    /// list is one indexed comparison.
    static let m014EmergencyPlans = Migration(
        number: 14, name: "emergency_plans",
        common: [
            """
            CREATE TABLE emergency_plans (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                scope TEXT NOT NULL,
                topic TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                enterprise_id TEXT REFERENCES enterprises (id),
                department TEXT,
                evaluation_years INTEGER NOT NULL,
                current_version INTEGER,
                published_on TEXT,
                last_evaluated_on TEXT,
                next_evaluation_due TEXT,
                withdrawn_on TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX emergency_plans_due ON emergency_plans (next_evaluation_due)",
            "CREATE INDEX emergency_plans_enterprise ON emergency_plans (enterprise_id)",
            "CREATE INDEX emergency_plans_division ON emergency_plans (division_code)",
            """
            CREATE TABLE plan_versions (
                plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
                number INTEGER NOT NULL,
                published_on TEXT NOT NULL,
                approved_by TEXT NOT NULL,
                changes TEXT NOT NULL,
                file_name TEXT,
                file_digest TEXT,
                content_type TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (plan_id, number)
            )
            """,
            """
            CREATE TABLE plan_levels (
                plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
                level INTEGER NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (plan_id, level)
            )
            """,
            """
            CREATE TABLE plan_evaluations (
                id TEXT PRIMARY KEY,
                plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
                evaluated_on TEXT NOT NULL,
                conclusion TEXT NOT NULL,
                note TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX plan_evaluations_plan ON plan_evaluations (plan_id, evaluated_on)",
            """
            CREATE TABLE plan_filings (
                id TEXT PRIMARY KEY,
                plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                version INTEGER NOT NULL,
                submitted_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                state TEXT NOT NULL,
                number TEXT UNIQUE,
                decided_on TEXT,
                decided_by TEXT,
                reason TEXT,
                submitted_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX plan_filings_state ON plan_filings (state, due_on)",
            "CREATE INDEX plan_filings_enterprise ON plan_filings (enterprise_id, state)",
            """
            CREATE TABLE plan_filing_sequences (
                year INTEGER PRIMARY KEY,
                last INTEGER NOT NULL
            )
            """,
        ])
}
