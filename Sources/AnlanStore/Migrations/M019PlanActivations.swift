extension Migration {
    /// Command, second part: plans started on incidents at a response level, and the tasks each start makes.
    static let m019PlanActivations = Migration(
        number: 19, name: "plan_activations",
        common: [
            """
            CREATE TABLE incident_activations (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
                plan_title TEXT NOT NULL,
                level INTEGER NOT NULL,
                activated_by TEXT NOT NULL,
                activated_at TEXT NOT NULL,
                ended_at TEXT,
                end_reason TEXT
            )
            """,
            "CREATE INDEX incident_activations_incident ON incident_activations (incident_id, activated_at)",
            """
            CREATE TABLE incident_tasks (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                activation_id TEXT NOT NULL REFERENCES incident_activations (id),
                seq INTEGER NOT NULL,
                who TEXT NOT NULL,
                what TEXT NOT NULL,
                due_at TEXT NOT NULL,
                state TEXT NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at TEXT,
                done_by TEXT,
                done_at TEXT,
                note TEXT
            )
            """,
            "CREATE INDEX incident_tasks_incident ON incident_tasks (incident_id, seq)",
            "CREATE INDEX incident_tasks_open ON incident_tasks (state, due_at)",
        ])
}
