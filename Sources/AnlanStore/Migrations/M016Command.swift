extension Migration {
    /// Command, first part: the duty roster with its swaps and handovers, the reports the duty desk receives, and the
    /// incidents with their numbering and their timeline. The timeline is append-only (a trigger refuses changes), as the
    /// audit log is: it is the incident's 大事记.
    static let m016Command = Migration(
        number: 16, name: "command",
        common: [
            """
            CREATE TABLE duty_shifts (
                id TEXT PRIMARY KEY,
                day TEXT NOT NULL,
                period TEXT NOT NULL,
                starts_at TEXT NOT NULL,
                ends_at TEXT NOT NULL,
                division_code TEXT NOT NULL,
                note TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (division_code, day, period)
            )
            """,
            "CREATE INDEX duty_shifts_time ON duty_shifts (starts_at, ends_at)",
            """
            CREATE TABLE duty_shift_members (
                shift_id TEXT NOT NULL REFERENCES duty_shifts (id),
                username TEXT NOT NULL,
                post TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (shift_id, username)
            )
            """,
            "CREATE INDEX duty_shift_members_user ON duty_shift_members (username)",
            """
            CREATE TABLE duty_swaps (
                id TEXT PRIMARY KEY,
                shift_id TEXT NOT NULL REFERENCES duty_shifts (id),
                from_user TEXT NOT NULL,
                to_user TEXT NOT NULL,
                reason TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX duty_swaps_shift ON duty_swaps (shift_id)",
            """
            CREATE TABLE duty_handovers (
                id TEXT PRIMARY KEY,
                from_shift_id TEXT NOT NULL UNIQUE REFERENCES duty_shifts (id),
                to_shift_id TEXT NOT NULL REFERENCES duty_shifts (id),
                text TEXT NOT NULL,
                written_by TEXT NOT NULL,
                written_at TEXT NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at TEXT
            )
            """,
            """
            CREATE TABLE incidents (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                category TEXT NOT NULL,
                type TEXT NOT NULL,
                state TEXT NOT NULL,
                level TEXT,
                level_confirmed_by TEXT,
                occurred_at TEXT NOT NULL,
                reported_at TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                place TEXT NOT NULL,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                enterprise_id TEXT REFERENCES enterprises (id),
                deaths INTEGER NOT NULL CHECK (deaths >= 0),
                serious_injuries INTEGER NOT NULL CHECK (serious_injuries >= 0),
                missing INTEGER NOT NULL CHECK (missing >= 0),
                loss_wan_yuan DOUBLE PRECISION NOT NULL CHECK (loss_wan_yuan >= 0),
                summary TEXT NOT NULL,
                closed_at TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX incidents_open ON incidents (state, reported_at)",
            "CREATE INDEX incidents_division ON incidents (division_code, reported_at)",
            "CREATE INDEX incidents_enterprise ON incidents (enterprise_id)",
            "CREATE TABLE incident_sequences (year INTEGER PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE incoming_reports (
                id TEXT PRIMARY KEY,
                received_at TEXT NOT NULL,
                channel TEXT NOT NULL,
                caller TEXT NOT NULL,
                number TEXT,
                unit TEXT,
                text TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                place TEXT,
                incident_id TEXT REFERENCES incidents (id),
                logged_by TEXT NOT NULL,
                logged_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX incoming_reports_time ON incoming_reports (received_at)",
            "CREATE INDEX incoming_reports_incident ON incoming_reports (incident_id)",
            """
            CREATE TABLE incident_events (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                seq INTEGER NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                actor TEXT NOT NULL,
                UNIQUE (incident_id, seq)
            )
            """,
        ],
        sqlite: [
            """
            CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
            BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END
            """,
            """
            CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
            BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END
            """,
        ],
        postgres: [
            """
            CREATE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'incident_events is append-only'; END $$
            """,
            """
            CREATE TRIGGER incident_events_no_change BEFORE UPDATE OR DELETE ON incident_events
            FOR EACH ROW EXECUTE FUNCTION incident_events_append_only()
            """,
        ])
}
