extension Migration {
    /// Disasters, fourth part: disaster processes (一次灾害过程) with their affected townships; the figures villages and
    /// townships enter (each entry cumulative, reviewed by the township); the county's reports up (初报, 续报, 核报) with
    /// the figures by township they gave; and the two 台账 (the dead and missing, damaged houses). The indicators are one
    /// column each, named as `DisasterIndicator.column`.
    static let m028Disasters = Migration(
        number: 28, name: "disasters",
        common: [
            """
            CREATE TABLE disaster_events (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                county_code TEXT NOT NULL,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                started_at TEXT NOT NULL,
                learned_at TEXT NOT NULL,
                description TEXT NOT NULL,
                state TEXT NOT NULL,
                stabilised_at TEXT,
                closed_at TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX disaster_events_started ON disaster_events (started_at)",
            """
            CREATE TABLE disaster_event_townships (
                event_id TEXT NOT NULL REFERENCES disaster_events (id),
                division_code TEXT NOT NULL REFERENCES divisions (code),
                PRIMARY KEY (event_id, division_code)
            )
            """,
            "CREATE INDEX disaster_event_townships_division ON disaster_event_townships (division_code)",
            """
            CREATE TABLE disaster_entries (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL REFERENCES disaster_events (id),
                division_code TEXT NOT NULL REFERENCES divisions (code),
                stage TEXT NOT NULL,
                affected DOUBLE PRECISION NOT NULL,
                deaths DOUBLE PRECISION NOT NULL,
                missing DOUBLE PRECISION NOT NULL,
                relocated DOUBLE PRECISION NOT NULL,
                need_aid DOUBLE PRECISION NOT NULL,
                collapsed_rooms DOUBLE PRECISION NOT NULL,
                collapsed_households DOUBLE PRECISION NOT NULL,
                severe_rooms DOUBLE PRECISION NOT NULL,
                severe_households DOUBLE PRECISION NOT NULL,
                general_rooms DOUBLE PRECISION NOT NULL,
                general_households DOUBLE PRECISION NOT NULL,
                crop_affected DOUBLE PRECISION NOT NULL,
                crop_failed DOUBLE PRECISION NOT NULL,
                loss_housing DOUBLE PRECISION NOT NULL,
                loss_agriculture DOUBLE PRECISION NOT NULL,
                loss_industry DOUBLE PRECISION NOT NULL,
                loss_infrastructure DOUBLE PRECISION NOT NULL,
                loss_public DOUBLE PRECISION NOT NULL,
                loss_other DOUBLE PRECISION NOT NULL,
                correction_reason TEXT,
                note TEXT,
                content_hash TEXT NOT NULL,
                status TEXT NOT NULL,
                entered_by TEXT NOT NULL,
                entered_at TEXT NOT NULL,
                reviewed_by TEXT,
                reviewed_at TEXT,
                review_note TEXT
            )
            """,
            "CREATE INDEX disaster_entries_event ON disaster_entries (event_id, division_code, entered_at)",
            "CREATE INDEX disaster_entries_status ON disaster_entries (event_id, status)",
            """
            CREATE TABLE disaster_reports (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL REFERENCES disaster_events (id),
                stage TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                for_day TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                due_at TEXT,
                zero_report INTEGER NOT NULL,
                correction_reason TEXT,
                note TEXT,
                submitted_by TEXT NOT NULL,
                UNIQUE (event_id, sequence)
            )
            """,
            """
            CREATE TABLE disaster_report_lines (
                report_id TEXT NOT NULL REFERENCES disaster_reports (id),
                division_code TEXT NOT NULL,
                affected DOUBLE PRECISION NOT NULL,
                deaths DOUBLE PRECISION NOT NULL,
                missing DOUBLE PRECISION NOT NULL,
                relocated DOUBLE PRECISION NOT NULL,
                need_aid DOUBLE PRECISION NOT NULL,
                collapsed_rooms DOUBLE PRECISION NOT NULL,
                collapsed_households DOUBLE PRECISION NOT NULL,
                severe_rooms DOUBLE PRECISION NOT NULL,
                severe_households DOUBLE PRECISION NOT NULL,
                general_rooms DOUBLE PRECISION NOT NULL,
                general_households DOUBLE PRECISION NOT NULL,
                crop_affected DOUBLE PRECISION NOT NULL,
                crop_failed DOUBLE PRECISION NOT NULL,
                loss_housing DOUBLE PRECISION NOT NULL,
                loss_agriculture DOUBLE PRECISION NOT NULL,
                loss_industry DOUBLE PRECISION NOT NULL,
                loss_infrastructure DOUBLE PRECISION NOT NULL,
                loss_public DOUBLE PRECISION NOT NULL,
                loss_other DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (report_id, division_code)
            )
            """,
            """
            CREATE TABLE disaster_casualties (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL REFERENCES disaster_events (id),
                division_code TEXT NOT NULL REFERENCES divisions (code),
                name TEXT NOT NULL,
                id_number TEXT NOT NULL,
                sex TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                status TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                cause TEXT NOT NULL,
                place TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                UNIQUE (event_id, id_number)
            )
            """,
            "CREATE INDEX disaster_casualties_division ON disaster_casualties (event_id, division_code)",
            """
            CREATE TABLE disaster_houses (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL REFERENCES disaster_events (id),
                division_code TEXT NOT NULL REFERENCES divisions (code),
                householder TEXT NOT NULL,
                id_number TEXT NOT NULL,
                damage TEXT NOT NULL,
                rooms INTEGER NOT NULL,
                address TEXT NOT NULL,
                phone TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                UNIQUE (event_id, id_number)
            )
            """,
            "CREATE INDEX disaster_houses_division ON disaster_houses (event_id, division_code)",
            "CREATE INDEX disaster_houses_id_number ON disaster_houses (id_number)",
            "CREATE TABLE disaster_sequences (year TEXT PRIMARY KEY, last INTEGER NOT NULL)",
        ])
}
