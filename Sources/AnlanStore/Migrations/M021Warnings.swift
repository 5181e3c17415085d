extension Migration {
    /// Command, fourth part: warnings (预警) and the CAP messages that carry them, sent and received. Every message is kept
    /// verbatim, an invalid upstream one with its validation errors, for inspection.
    static let m021Warnings = Migration(
        number: 21, name: "warnings",
        common: [
            """
            CREATE TABLE cap_messages (
                id TEXT PRIMARY KEY,
                direction TEXT NOT NULL,
                warning_id TEXT,
                identifier TEXT,
                sender TEXT,
                sent TEXT,
                sent_at TEXT,
                status TEXT,
                msg_type TEXT,
                event TEXT,
                severity TEXT,
                headline TEXT,
                area_desc TEXT,
                expires_at TEXT,
                references_text TEXT,
                valid INTEGER NOT NULL,
                errors TEXT,
                xml TEXT NOT NULL,
                source TEXT NOT NULL,
                received_by TEXT NOT NULL,
                received_at TEXT NOT NULL,
                superseded_by TEXT
            )
            """,
            "CREATE UNIQUE INDEX cap_messages_key ON cap_messages (direction, sender, identifier)",
            "CREATE INDEX cap_messages_warning ON cap_messages (warning_id, sent_at)",
            "CREATE INDEX cap_messages_received ON cap_messages (direction, received_at)",
            "CREATE TABLE cap_sequences (stamp TEXT PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE warnings (
                id TEXT PRIMARY KEY,
                identifier TEXT NOT NULL UNIQUE,
                event TEXT NOT NULL,
                level TEXT NOT NULL,
                status TEXT NOT NULL,
                headline TEXT NOT NULL,
                description TEXT NOT NULL,
                instruction TEXT,
                area_desc TEXT NOT NULL,
                division_codes TEXT NOT NULL,
                polygon TEXT,
                effective_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                state TEXT NOT NULL,
                version INTEGER NOT NULL,
                incident_id TEXT REFERENCES incidents (id),
                upstream_id TEXT REFERENCES cap_messages (id),
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                cancel_reason TEXT
            )
            """,
            "CREATE INDEX warnings_state ON warnings (state, expires_at)",
            "CREATE INDEX warnings_incident ON warnings (incident_id)",
        ])
}
