extension Migration {
    /// Readiness, fourth part: drills, each of a plan, kept with the plan's division and enterprise so the frequency rules
    /// can be checked per enterprise and per government.
    static let m015Drills = Migration(
        number: 15, name: "drills",
        common: [
            """
            CREATE TABLE drills (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                held_on TEXT NOT NULL,
                type TEXT NOT NULL,
                plan_kind TEXT NOT NULL,
                plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
                division_code TEXT NOT NULL,
                enterprise_id TEXT REFERENCES enterprises (id),
                organiser TEXT NOT NULL,
                participants INTEGER NOT NULL,
                units TEXT,
                scenario TEXT NOT NULL,
                evaluation TEXT,
                findings TEXT,
                follow_ups TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX drills_enterprise ON drills (enterprise_id, plan_kind, held_on)",
            "CREATE INDEX drills_division ON drills (division_code, held_on)",
            "CREATE INDEX drills_plan ON drills (plan_id, held_on)",
        ])
}
