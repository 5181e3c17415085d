extension Migration {
    /// Disasters and accidents, first part: 生产安全事故 with their casualty history (append-only, as the report clock
    /// and the statistics depend on what was known when), the reports sent, and the enforcement cases that followed.
    static let m025Accidents = Migration(
        number: 25, name: "accidents",
        common: [
            """
            CREATE TABLE accidents (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                occurred_at TEXT NOT NULL,
                learned_at TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                place TEXT NOT NULL,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                enterprise_id TEXT REFERENCES enterprises (id),
                party TEXT NOT NULL,
                sector TEXT NOT NULL,
                type TEXT NOT NULL,
                deaths INTEGER NOT NULL,
                serious_injuries INTEGER NOT NULL,
                missing INTEGER NOT NULL,
                loss_wan_yuan DOUBLE PRECISION NOT NULL,
                grade TEXT NOT NULL,
                description TEXT NOT NULL,
                state TEXT NOT NULL,
                team TEXT,
                extended_to TEXT,
                extension_reason TEXT,
                investigation_report TEXT,
                findings TEXT,
                closed_on TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX accidents_occurred ON accidents (occurred_at)",
            "CREATE INDEX accidents_division ON accidents (division_code, occurred_at)",
            "CREATE INDEX accidents_enterprise ON accidents (enterprise_id)",
            "CREATE INDEX accidents_state ON accidents (state)",
            """
            CREATE TABLE accident_figures (
                accident_id TEXT NOT NULL REFERENCES accidents (id),
                seq INTEGER NOT NULL,
                at TEXT NOT NULL,
                deaths INTEGER NOT NULL,
                serious_injuries INTEGER NOT NULL,
                missing INTEGER NOT NULL,
                loss_wan_yuan DOUBLE PRECISION NOT NULL,
                reason TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                PRIMARY KEY (accident_id, seq)
            )
            """,
            """
            CREATE TABLE accident_reports (
                id TEXT PRIMARY KEY,
                accident_id TEXT NOT NULL REFERENCES accidents (id),
                kind TEXT NOT NULL,
                recipient TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                note TEXT,
                deaths INTEGER NOT NULL,
                serious_injuries INTEGER NOT NULL,
                missing INTEGER NOT NULL,
                loss_wan_yuan DOUBLE PRECISION NOT NULL,
                sent_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX accident_reports_accident ON accident_reports (accident_id, sent_at)",
            """
            CREATE TABLE accident_cases (
                accident_id TEXT NOT NULL REFERENCES accidents (id),
                case_id TEXT NOT NULL REFERENCES cases (id),
                PRIMARY KEY (accident_id, case_id)
            )
            """,
            "CREATE TABLE accident_sequences (year TEXT PRIMARY KEY, last INTEGER NOT NULL)",
        ],
        sqlite: [
            """
            CREATE TRIGGER accident_figures_no_update BEFORE UPDATE ON accident_figures
            BEGIN SELECT RAISE(ABORT, 'accident_figures is append-only'); END
            """,
            """
            CREATE TRIGGER accident_figures_no_delete BEFORE DELETE ON accident_figures
            BEGIN SELECT RAISE(ABORT, 'accident_figures is append-only'); END
            """,
        ],
        postgres: [
            """
            CREATE FUNCTION accident_figures_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'accident_figures is append-only'; END $$
            """,
            """
            CREATE TRIGGER accident_figures_no_change BEFORE UPDATE OR DELETE ON accident_figures
            FOR EACH ROW EXECUTE FUNCTION accident_figures_append_only()
            """,
        ])
}
